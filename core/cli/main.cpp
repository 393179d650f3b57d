// edgequote: the engine on the command line. All I/O lives here; the core stays pure.
//
//   edgequote validate BOOK                 check a price book
//   edgequote price BOOK QUOTE [--summary]  price one quote (canonical JSON on stdout)
//   edgequote public BOOK                   the book without its internal part
//   edgequote view BOOK                     what a user interface needs of the book (JSON)
//   edgequote reprice BOOK [--summary]      quotes as JSON Lines on stdin -> priced JSON Lines
//   edgequote codes [--comparison]          every error code with its meaning
//   edgequote insights [filters] LOG...     quote-log aggregates (cli/insights_command.cpp)
//   edgequote compare QUOTE BOOK COMPETITOR_BOOK... [--text]
//                                           the quote at competitors' list prices (cli/compare_command.cpp)
//   edgequote verify BOOK QUOTE TOKEN...    signed approvals: which rules they cover (cli/verify_command.cpp;
//                                           exit 3 when not approved)
//   edgequote impact CURRENT PROPOSED LOG...  price-change impact on logged quotes (cli/impact_command.cpp)
//   edgequote versions BOOK...              a site's index of book versions; with --index INDEX --on DATE ID,
//                                           the version in effect on DATE (cli/versions_command.cpp)
//
// Exit status: 0 success, 2 invalid input (errors as JSON on stdout, a summary on stderr),
// 1 usage or file errors.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "edgequote/engine.hpp"
#include "read_file.hpp"
#include "edgequote/error_codes.hpp"
#include "compare_command.hpp"
#include "edgequote/compare.hpp"
#include "impact_command.hpp"
#include "edgequote/json_writer.hpp"
#include "insights_command.hpp"
#include "verify_command.hpp"
#include "versions_command.hpp"
// The engine's flat quote reader (batch repricing only; not part of the public interface).
#include "../src/flat_json.hpp"
#include "../src/pricing_internal.hpp"

#include <nlohmann/json.hpp>

namespace {

using namespace edgequote;
using cli::read_file;

constexpr int kOk = 0, kUsage = 1, kInvalid = 2;

int usage() {
    std::fputs(
        "usage: edgequote validate BOOK\n"
        "       edgequote price BOOK QUOTE [--summary]\n"
        "       edgequote public BOOK\n"
        "       edgequote view BOOK\n"
        "       edgequote reprice BOOK [--summary] < quotes.jsonl > priced.jsonl\n"
        "       edgequote codes [--comparison]\n"
        "       edgequote insights [--segment S]... [--rep R]... [--from DATE] [--to DATE] [--sku SKU] [--book BOOK] LOG...\n"
        "       edgequote compare QUOTE BOOK COMPETITOR_BOOK... [--text] [--summary]\n"
        "       edgequote verify BOOK QUOTE TOKEN...   (TOKEN: the token's text, or @FILE; exit 3: not approved)\n"
        "       edgequote impact CURRENT_BOOK PROPOSED_BOOK LOG...\n"
        "       edgequote versions BOOK...  |  edgequote versions --index INDEX --on DATE ID\n",
        stderr);
    return kUsage;
}


int report(const char* what, const Errors& errors) {
    std::cout << write_errors(errors) << '\n';
    std::fprintf(stderr, "edgequote: %s: %zu error%s\n", what, errors.size(), errors.size() == 1 ? "" : "s");
    for (const auto& e : errors)
        std::fprintf(stderr, "  %s at %s: %s\n", e.code.c_str(), e.path.empty() ? "/" : e.path.c_str(), e.message.c_str());
    return kInvalid;
}

std::optional<PriceBook> load_book(const char* path, int& status) {
    std::string text;
    if (!read_file(path, text)) {
        status = kUsage;
        return std::nullopt;
    }
    PriceBookResult result = parse_pricebook(text);
    if (!result.book) {
        status = report(path, result.errors);
        return std::nullopt;
    }
    return std::move(result.book);
}

bool has_flag(int argc, char** argv, const char* flag) {
    for (int i = 0; i < argc; ++i)
        if (std::strcmp(argv[i], flag) == 0) return true;
    return false;
}

int validate(const char* path) {
    int status = kOk;
    std::string text;
    if (!read_file(path, text)) return kUsage;
    if (cli::has_comparison_section(text)) {  // a competitor book: its mapping too
        CompetitorBookResult competitor = parse_competitor_book(text);
        if (!competitor.competitor) return report(path, competitor.errors);
    }
    auto book = load_book(path, status);
    if (!book) return status;
    // Through the JSON writer: an id or version is the book author's text (quotes, backslashes).
    std::string out;
    detail::JsonWriter json(out);
    json.begin_object();
    json.key("valid");
    json.boolean(true);
    json.key("id");
    json.string(book->id);
    json.key("version");
    json.string(book->version);
    json.key("products");
    json.integer(std::int64_t(book->products.size()));
    json.key("bundles");
    json.integer(std::int64_t(book->bundles.size()));
    json.end_object();
    std::cout << out << '\n';
    return kOk;
}

int price_one(const char* book_path, const char* quote_path, OutputDetail detail) {
    int status = kOk;
    auto book = load_book(book_path, status);
    if (!book) return status;
    std::string text;
    if (!read_file(quote_path, text)) return kUsage;
    PricedQuote priced = price_json(*book, text);
    if (!priced.errors.empty()) return report(quote_path, priced.errors);
    std::cout << write_priced_quote(priced, detail) << '\n';
    return kOk;
}

// The book as a user interface sees it (core/src/book_view.cpp), one line of canonical JSON.
int view(const char* path) {
    std::string text;
    if (!read_file(path, text)) return kUsage;
    BookViewResult result = book_view(text);
    if (!result.errors.empty()) return report(path, result.errors);
    std::cout << result.json << '\n';
    return kOk;
}

int make_public(const char* path) {
    std::string text;
    if (!read_file(path, text)) return kUsage;
    PublicBookResult result = public_pricebook(text);
    if (!result.errors.empty()) return report(path, result.errors);
    std::cout << result.json;
    return kOk;
}

// One quote per input line, one priced quote per output line, in order; a bad line gives a
// priced quote whose `errors` say why, so the output stays aligned with the input.
// Input is read in large blocks and split at '\n' (as getline does: a '\r' stays in the line,
// a last line without '\n' counts); output is gathered in one buffer, reused, and written in
// large blocks: per quote, no line copy, no output string, no stream call.
class Repricer {
public:
    Repricer(const PriceBook& book, OutputDetail detail) : book_(book), detail_(detail) {}

    void quote(std::string_view line) {
        if (line.empty()) return;
        ++count_;
        // Read straight from the text when the flat reader vouches for it; else as price_json does.
        std::optional<QuoteResult> flat = detail::parse_quote_flat(line, book_, flat_reader_);
        // A summary writes no tier slices or waterfall steps: they are not kept (natively).
        const auto kept = detail_ == OutputDetail::summary ? detail::ResultDetail::summary : detail::ResultDetail::all;
        PricedQuote priced = detail::price_parsed(book_, flat ? std::move(*flat) : parse_quote(line, book_), kept);
        if (!priced.errors.empty()) {
            ++failed_;
            if (failed_ <= 5)
                std::fprintf(stderr, "edgequote: quote %zu: %s at %s: %s\n", count_, priced.errors[0].code.c_str(),
                             priced.errors[0].path.c_str(), priced.errors[0].message.c_str());
        }
        append_priced_quote(out_, priced, detail_);
        out_.push_back('\n');
        if (out_.size() >= kFlushBytes) flush();
    }
    void flush() {
        if (out_.size() > 0) std::fwrite(out_.data(), 1, out_.size(), stdout);
        out_.clear();
    }
    std::size_t count() const { return count_; }
    std::size_t failed() const { return failed_; }

private:
    static constexpr std::size_t kFlushBytes = 1 << 16;
    const PriceBook& book_;
    OutputDetail detail_;
    detail::FlatJsonReader flat_reader_;
    detail::OutputBuffer out_;
    std::size_t count_ = 0, failed_ = 0;
};

int reprice(const char* book_path, OutputDetail detail) {
    int status = kOk;
    auto book = load_book(book_path, status);
    if (!book) return status;
    Repricer repricer(*book, detail);
    std::vector<char> buffer(1 << 20);
    std::size_t held = 0;  // bytes of an unfinished line at the buffer's start
    for (;;) {
        if (held == buffer.size()) buffer.resize(buffer.size() * 2);  // a line longer than the buffer
        const std::size_t got = std::fread(buffer.data() + held, 1, buffer.size() - held, stdin);
        if (got == 0) break;
        const char* start = buffer.data();
        const char* end = buffer.data() + held + got;
        for (const char* nl; (nl = static_cast<const char*>(std::memchr(start, '\n', std::size_t(end - start))));
             start = nl + 1)
            repricer.quote(std::string_view(start, std::size_t(nl - start)));
        held = std::size_t(end - start);
        std::memmove(buffer.data(), start, held);
    }
    repricer.quote(std::string_view(buffer.data(), held));
    repricer.flush();
    std::fflush(stdout);
    if (repricer.failed()) {
        std::fprintf(stderr, "edgequote: %zu of %zu quotes had errors\n", repricer.failed(), repricer.count());
        return kInvalid;
    }
    return kOk;
}

// Every code the pricing engine emits (what its wasm module exports); with --comparison, the
// codes only the comparison with competitors emits (what the edgequote-compare module exports).
int list_codes(bool comparison) {
    std::cout << "{\"codes\":[";
    bool first = true;
    auto print = [&first](const auto& table) {
        for (const auto& info : table) {
            std::cout << (first ? "" : ",") << "{\"code\":\"" << info.code << "\",\"description\":"
                      << nlohmann::json(info.description).dump() << "}";
            first = false;
        }
    };
    if (comparison) print(codes::kComparison);
    else print(codes::kAll);
    std::cout << "]}\n";
    return kOk;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    const std::string command = argv[1];
    const OutputDetail detail = has_flag(argc, argv, "--summary") ? OutputDetail::summary : OutputDetail::full;
    if (command == "validate" && argc == 3) return validate(argv[2]);
    if (command == "price" && argc >= 4) return price_one(argv[2], argv[3], detail);
    if (command == "public" && argc == 3) return make_public(argv[2]);
    if (command == "view" && argc == 3) return view(argv[2]);
    if (command == "reprice" && argc >= 3) return reprice(argv[2], detail);
    if (command == "codes") return list_codes(has_flag(argc, argv, "--comparison"));
    if (command == "insights" && argc >= 3) return edgequote::cli::insights_command(argc - 1, argv + 1);
    if (command == "compare") return edgequote::cli::compare_command(argc - 1, argv + 1);
    if (command == "verify" && argc >= 4) return edgequote::cli::verify_command(argc - 1, argv + 1);
    if (command == "impact") return edgequote::cli::impact_command(argc - 1, argv + 1);
    if (command == "versions") return edgequote::cli::versions_command(argc - 1, argv + 1);
    return usage();
}
