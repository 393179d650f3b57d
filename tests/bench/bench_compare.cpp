// Native benchmark of the competitor comparison (compare_json): a quote of ours priced on every
// competitor book, as the "At list elsewhere" panel and `edgequote compare` do. Not a test.
//
//   bench_compare --book OURS --competitor BOOK... --quote FILE... [--detail full|summary]
//                 [--seconds S] [--out DIR]
//
// Prints one JSON line per quote: {"quote","lines","detail","runs","median_ms","p95_ms","bytes"}.
// The books are parsed once (as the panel keeps them loaded); each run parses the quote, prices
// it on our book and on each competitor book, and writes the answer. --out writes each answer
// to DIR/<quote file name> (tests/bench/compare.mjs checks the wasm module's bytes against it).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "edgequote/compare.hpp"

namespace {

using Clock = std::chrono::steady_clock;

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "bench_compare: cannot read %s\n", path.c_str());
        std::exit(1);
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::string base_name(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

int main(int argc, char** argv) {
    std::string book_path, detail = "full", out_dir;
    std::vector<std::string> competitor_paths, quote_paths;
    double seconds = 1.0;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
        if (!value) {
            std::fprintf(stderr, "bench_compare: %s needs a value\n", flag.c_str());
            return 1;
        }
        ++i;
        if (flag == "--book") book_path = value;
        else if (flag == "--competitor") competitor_paths.push_back(value);
        else if (flag == "--quote") quote_paths.push_back(value);
        else if (flag == "--detail") detail = value;
        else if (flag == "--seconds") seconds = std::atof(value);
        else if (flag == "--out") out_dir = value;
        else {
            std::fprintf(stderr, "bench_compare: unknown flag %s\n", flag.c_str());
            return 1;
        }
    }
    auto ours = edgequote::parse_pricebook(read_file(book_path));
    if (!ours.book) {
        std::fprintf(stderr, "bench_compare: %s does not parse\n", book_path.c_str());
        return 1;
    }
    std::vector<edgequote::CompetitorBook> competitors;
    for (const auto& path : competitor_paths) {
        auto parsed = edgequote::parse_competitor_book(read_file(path));
        if (!parsed.competitor) {
            std::fprintf(stderr, "bench_compare: %s is not a competitor book\n", path.c_str());
            return 1;
        }
        competitors.push_back(std::move(*parsed.competitor));
    }
    std::vector<const edgequote::CompetitorBook*> pointers;
    for (const auto& c : competitors) pointers.push_back(&c);
    const auto output = detail == "summary" ? edgequote::OutputDetail::summary : edgequote::OutputDetail::full;

    for (const auto& path : quote_paths) {
        const std::string quote = read_file(path);
        std::string answer = edgequote::compare_json(*ours.book, quote, pointers, output);
        if (answer.rfind("{\"errors\":", 0) == 0) {
            std::fprintf(stderr, "bench_compare: %s does not price: %s\n", path.c_str(), answer.c_str());
            return 1;
        }
        if (!out_dir.empty()) std::ofstream(out_dir + "/" + base_name(path), std::ios::binary) << answer;
        std::vector<double> times;
        const auto until = Clock::now() + std::chrono::duration<double>(seconds);
        while (times.size() < 5 || Clock::now() < until) {
            const auto start = Clock::now();
            answer = edgequote::compare_json(*ours.book, quote, pointers, output);
            times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        }
        std::sort(times.begin(), times.end());
        const double median = times[times.size() / 2];
        const double p95 = times[std::min(times.size() - 1, std::size_t(double(times.size()) * 0.95))];
        std::size_t skus = 0;  // the quote's lines: one "sku" each
        for (std::size_t at = quote.find("\"sku\""); at != std::string::npos; at = quote.find("\"sku\"", at + 1)) ++skus;
        std::printf("{\"quote\":\"%s\",\"lines\":%zu,\"detail\":\"%s\",\"runs\":%zu,\"median_ms\":%.4f,\"p95_ms\":%.4f,\"bytes\":%zu}\n",
                    base_name(path).c_str(), skus, detail.c_str(), times.size(), median, p95, answer.size());
    }
    return 0;
}
