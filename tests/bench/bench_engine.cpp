// Native benchmark of the engine: how long parse + price + write takes for a
// 50-, 500- and 2,000-line quote against a price book, and a JSON Lines file of quotes for
// timing batch repricing through the CLI (tests/bench/run.sh does both and prints the table).
//
//   bench_engine [--book PATH] [--sizes 50,500,2000] [--seconds S] [--json OUT]
//   bench_engine --book PATH --jsonl OUT [--lines N] [--seed N]   (write quotes, no timing)
//   bench_engine --book PATH --quote N [--seed N]                 (print one N-line quote)
//
// Quotes are generated from the book (seeded, reproducible): every product, regional ones by
// a region or a 2–3 region mix, quantities in any unit of the product's dimension, rep and
// quote discounts, terms, commits; each is checked to price without errors before timing.
// Timings are wall-clock on one thread: median and p95 over repeated runs of the same input.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgequote/engine.hpp"

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

struct Options {
    std::string book = EDGEQUOTE_SOURCE_DIR "/pricebooks/edge-cdn.json";
    std::vector<int> sizes = {50, 500, 2000};
    double seconds = 1.5;  // per measurement, at least
    std::string json_out;
    std::string jsonl_out;
    long jsonl_lines = 200000;
    int print_quote = 0;
    std::uint64_t seed = 7;
};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "bench: cannot read %s\n", path.c_str());
        std::exit(1);
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

class QuoteMaker {
public:
    QuoteMaker(const edgequote::PriceBook& book, std::uint64_t seed) : book_(book), rng_(seed) {}

    json make(int lines) {
        json q = {{"schema_version", "1.0"},
                  {"pricebook", {{"id", book_.id}, {"version", book_.version}}},
                  {"customer", {{"name", "Bench customer " + std::to_string(below(100000))},
                                {"segment", book_.segments[below(book_.segments.size())].id}}},
                  {"term_months", book_.terms[below(book_.terms.size())].months},
                  {"lines", json::array()}};
        if (chance(30)) q["customer"]["incumbent_monthly"] = std::to_string(1000 + below(200000)) + ".00";
        if (chance(30)) q["discount_pct"] = std::to_string(below(8)) + ".5";
        if (!book_.commits.empty() && chance(20)) q["commit"] = {{"monthly_spend", std::to_string(5000 + below(50000))}};
        std::vector<bool> once(book_.products.size(), false);
        while (int(q["lines"].size()) < lines) {
            const std::size_t p = pick_product();
            const edgequote::Product& product = book_.products[p];
            const auto* tiers = edgequote::tiers_of(product.price);
            const bool bounded = tiers && tiers->back().up_to;
            const bool flat = std::holds_alternative<edgequote::FlatModel>(product.price.model);
            if (product.is_percentage() || bounded || (flat && !product.regional)) {
                if (once[p]) continue;  // one of each: a percentage, a capped ladder, a subscription
                once[p] = true;
            }
            json line = {{"sku", product.sku}};
            if (bounded) {
                line["quantity"] = (*tiers->front().up_to).to_string();
            } else if (!flat && !product.is_percentage()) {
                line["quantity"] = quantity();
                std::vector<std::size_t> units;
                for (std::size_t u = 0; u < book_.units.size(); ++u)
                    if (book_.units[u].dimension == book_.units[product.unit].dimension) units.push_back(u);
                const std::size_t unit = units[below(units.size())];
                if (unit != product.unit) {
                    line["unit"] = book_.units[unit].id;
                    // Entered in a larger unit: fewer of them.
                    if (book_.units[product.unit].factor < book_.units[unit].factor)
                        line["quantity"] = std::to_string(1 + below(99)) + "." + std::to_string(below(10));
                }
            }
            if (product.regional) {
                if (chance(40) && book_.regions.size() > 1) {
                    const std::size_t a = below(book_.regions.size());
                    std::size_t b = below(book_.regions.size());
                    if (b == a) b = (a + 1) % book_.regions.size();
                    const int share = 10 + int(below(81));
                    line["region_mix"] = {{book_.regions[a].id, std::to_string(share)},
                                          {book_.regions[b].id, std::to_string(100 - share)}};
                } else {
                    line["region"] = book_.regions[below(book_.regions.size())].id;
                }
            }
            if (product.discountable && !product.is_percentage() && chance(25))
                line["discount_pct"] = std::to_string(below(15)) + "." + std::to_string(below(100));
            q["lines"].push_back(line);
        }
        return q;
    }

    // A quote that prices without errors (a few seeds may hit a minimum or a bound).
    json make_valid(int lines) {
        for (int attempt = 0; attempt < 200; ++attempt) {
            json q = make(lines);
            auto priced = edgequote::price_json(book_, q.dump());
            if (priced.errors.empty()) return q;
            last_error_ = priced.errors[0].code + " at " + priced.errors[0].path + ": " + priced.errors[0].message;
        }
        std::fprintf(stderr, "bench: cannot generate a valid %d-line quote: %s\n", lines, last_error_.c_str());
        std::exit(1);
    }

private:
    const edgequote::PriceBook& book_;
    std::mt19937_64 rng_;
    std::string last_error_;

    std::size_t below(std::size_t n) { return n ? std::size_t(rng_() % n) : 0; }
    bool chance(int pct) { return int(below(100)) < pct; }
    std::string quantity() {
        static const std::uint64_t scale[] = {10, 100, 1000, 10000, 100000};
        std::string q = std::to_string(1 + rng_() % scale[below(5)]);
        if (chance(40)) q += "." + std::to_string(below(1000));
        return q;
    }
    // Delivery-like products (regional, tiered) are most of a large quote, as on a real call.
    std::size_t pick_product() {
        for (int tries = 0; tries < 4; ++tries) {
            const std::size_t p = below(book_.products.size());
            if (book_.products[p].regional || tries == 3) return p;
        }
        return 0;
    }
};

struct Stats {
    double median_us = 0, p95_us = 0, mean_us = 0, min_us = 0;
    int runs = 0;
};

template <class F>
Stats measure(double seconds, F&& body) {
    for (int i = 0; i < 3; ++i) body();  // warm caches and the allocator
    std::vector<double> samples;
    const auto start = Clock::now();
    while (samples.size() < 20 ||
           (std::chrono::duration<double>(Clock::now() - start).count() < seconds && samples.size() < 100000)) {
        const auto t0 = Clock::now();
        body();
        samples.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    }
    std::sort(samples.begin(), samples.end());
    Stats s;
    s.runs = int(samples.size());
    s.median_us = samples[samples.size() / 2];
    s.p95_us = samples[std::min(samples.size() - 1, std::size_t(double(samples.size()) * 0.95))];
    s.min_us = samples.front();
    double sum = 0;
    for (double v : samples) sum += v;
    s.mean_us = sum / double(samples.size());
    return s;
}

// Keeps results observable so the optimiser cannot drop the work.
volatile std::size_t sink = 0;

Options parse_args(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        auto next = [&](const char* flag) -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "bench: %s needs a value\n", flag);
                std::exit(1);
            }
            return argv[++i];
        };
        if (!std::strcmp(argv[i], "--book")) o.book = next("--book");
        else if (!std::strcmp(argv[i], "--seconds")) o.seconds = std::atof(next("--seconds").c_str());
        else if (!std::strcmp(argv[i], "--json")) o.json_out = next("--json");
        else if (!std::strcmp(argv[i], "--jsonl")) o.jsonl_out = next("--jsonl");
        else if (!std::strcmp(argv[i], "--lines")) o.jsonl_lines = std::atol(next("--lines").c_str());
        else if (!std::strcmp(argv[i], "--quote")) o.print_quote = std::atoi(next("--quote").c_str());
        else if (!std::strcmp(argv[i], "--seed")) o.seed = std::strtoull(next("--seed").c_str(), nullptr, 10);
        else if (!std::strcmp(argv[i], "--sizes")) {
            o.sizes.clear();
            std::stringstream list(next("--sizes"));
            for (std::string item; std::getline(list, item, ',');) o.sizes.push_back(std::atoi(item.c_str()));
        } else {
            std::fprintf(stderr, "bench: unknown argument %s (see the comment at the top of bench_engine.cpp)\n", argv[i]);
            std::exit(1);
        }
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse_args(argc, argv);
    const std::string book_text = read_file(o.book);
    auto loaded = edgequote::parse_pricebook(book_text);
    if (!loaded.book) {
        std::fprintf(stderr, "bench: %s is not a valid book: %s\n", o.book.c_str(), loaded.errors[0].code.c_str());
        return 1;
    }
    const edgequote::PriceBook& book = *loaded.book;
    // Each size has its own generator, so `--quote N` prints exactly the quote timed for N
    // (the wasm and browser benchmarks time the same files: run.sh writes build/bench/quote-N.json).
    auto quote_of_size = [&](int lines) { return QuoteMaker(book, o.seed * 1000003u + std::uint64_t(lines)).make_valid(lines); };

    if (o.print_quote > 0) {
        std::printf("%s\n", quote_of_size(o.print_quote).dump().c_str());
        return 0;
    }
    if (!o.jsonl_out.empty()) {
        // Batch input: quotes of 1–39 lines (20 on average) until the total reaches --lines.
        std::ofstream out(o.jsonl_out, std::ios::binary);
        QuoteMaker maker(book, o.seed);
        std::mt19937_64 sizes(o.seed * 31 + 1);
        long lines = 0, quotes = 0;
        while (lines < o.jsonl_lines) {
            const int n = 1 + int(sizes() % 39);
            out << maker.make_valid(n).dump() << '\n';
            lines += n;
            ++quotes;
        }
        std::printf("{\"quotes\":%ld,\"lines\":%ld}\n", quotes, lines);
        return 0;
    }

    json report = {{"book", book.id + " " + book.version},
                   {"book_bytes", book_text.size()},
                   {"sizes", json::array()}};
    const Stats book_load = measure(o.seconds, [&] { sink += edgequote::parse_pricebook(book_text).book->products.size(); });
    report["parse_pricebook_us"] = {{"median", book_load.median_us}, {"p95", book_load.p95_us}};
    std::printf("price book %s (%zu bytes): parse + validate median %.0f us, p95 %.0f us\n\n", report["book"].get<std::string>().c_str(),
                book_text.size(), book_load.median_us, book_load.p95_us);
    std::printf("| lines | quote bytes | output bytes | parse quote | price | write (full) | parse+price+write full: median | p95 | per line | ... summary: median | p95 | live edit: median | p95 |\n");
    std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int size : o.sizes) {
        const std::string text = quote_of_size(size).dump();
        auto parsed = edgequote::parse_quote(text, book);
        const edgequote::Quote& quote = *parsed.quote;
        const edgequote::PricedQuote priced = edgequote::price(book, quote);
        const std::string full = edgequote::write_priced_quote(priced);
        const Stats parse = measure(o.seconds, [&] { sink += edgequote::parse_quote(text, book).quote->lines.size(); });
        const Stats pricing = measure(o.seconds, [&] { sink += edgequote::price(book, quote).lines.size(); });
        const Stats write = measure(o.seconds, [&] { sink += edgequote::write_priced_quote(priced).size(); });
        const Stats all = measure(o.seconds, [&] {
            sink += edgequote::write_priced_quote(edgequote::price_json(book, text)).size();
        });
        const Stats summary = measure(o.seconds, [&] {
            sink += edgequote::write_priced_quote(edgequote::price_json(book, text), edgequote::OutputDetail::summary).size();
        });
        // A live edit: the same quote with one line's quantity changed, back and forth, through a
        // LiveQuote (what the configurator does on every keystroke).
        json edited = json::parse(text);
        auto& middle = edited["lines"][std::size_t(size / 2)];
        middle["quantity"] = middle.contains("quantity") && middle["quantity"] == "3" ? "4" : "3";
        const std::string versions[2] = {text, edited.dump()};
        edgequote::LiveQuote live(book, edgequote::OutputDetail::summary);
        sink += live.price(versions[0]).size();
        std::size_t turn = 0;
        const Stats live_edit = measure(o.seconds, [&] { sink += live.price(versions[++turn % 2]).size(); });
        std::printf("| %d | %zu | %zu | %.0f us | %.0f us | %.0f us | %.0f us | %.0f us | %.2f us | %.0f us | %.0f us | %.0f us | %.0f us |\n",
                    size, text.size(), full.size(), parse.median_us, pricing.median_us, write.median_us, all.median_us,
                    all.p95_us, all.median_us / size, summary.median_us, summary.p95_us, live_edit.median_us,
                    live_edit.p95_us);
        report["sizes"].push_back({{"lines", size},
                                   {"quote_bytes", text.size()},
                                   {"output_bytes", full.size()},
                                   {"runs", all.runs},
                                   {"parse_quote_us", parse.median_us},
                                   {"price_us", pricing.median_us},
                                   {"write_full_us", write.median_us},
                                   {"total_full_us", {{"median", all.median_us}, {"p95", all.p95_us}}},
                                   {"total_summary_us", {{"median", summary.median_us}, {"p95", summary.p95_us}}},
                                   {"live_edit_us", {{"median", live_edit.median_us}, {"p95", live_edit.p95_us}}}});
    }
    if (!o.json_out.empty()) std::ofstream(o.json_out) << report.dump(2) << '\n';
    return 0;
}
