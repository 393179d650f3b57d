// edgequote: the engine on the command line. All I/O lives here; the core stays pure.
//
//   edgequote validate BOOK                 check a price book
//   edgequote price BOOK QUOTE [--summary]  price one quote (canonical JSON on stdout)
//   edgequote public BOOK                   the book without its internal part
//   edgequote reprice BOOK [--summary]      quotes as JSON Lines on stdin -> priced JSON Lines
//   edgequote codes                         every error code with its meaning
//   edgequote insights [filters] LOG...     quote-log aggregates (cli/insights_command.cpp)
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
#include "edgequote/error_codes.hpp"
#include "edgequote/json_writer.hpp"
#include "insights_command.hpp"

#include <nlohmann/json.hpp>

namespace {

using namespace edgequote;

constexpr int kOk = 0, kUsage = 1, kInvalid = 2;

int usage() {
    std::fputs(
        "usage: edgequote validate BOOK\n"
        "       edgequote price BOOK QUOTE [--summary]\n"
        "       edgequote public BOOK\n"
        "       edgequote reprice BOOK [--summary] < quotes.jsonl > priced.jsonl\n"
        "       edgequote codes\n"
        "       edgequote insights [--segment S]... [--rep R]... [--from DATE] [--to DATE] [--sku SKU] LOG...\n",
        stderr);
    return kUsage;
}

bool read_file(const char* path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "edgequote: cannot read %s\n", path);
        return false;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    out = buffer.str();
    return true;
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
int reprice(const char* book_path, OutputDetail detail) {
    int status = kOk;
    auto book = load_book(book_path, status);
    if (!book) return status;
    std::ios::sync_with_stdio(false);
    std::string line, out;
    std::size_t count = 0, failed = 0;
    while (std::getline(std::cin, line)) {
        if (line.empty()) continue;
        ++count;
        PricedQuote priced = price_json(*book, line);
        if (!priced.errors.empty()) {
            ++failed;
            if (failed <= 5)
                std::fprintf(stderr, "edgequote: quote %zu: %s at %s: %s\n", count, priced.errors[0].code.c_str(),
                             priced.errors[0].path.c_str(), priced.errors[0].message.c_str());
        }
        out = write_priced_quote(priced, detail);
        out.push_back('\n');
        std::cout.write(out.data(), std::streamsize(out.size()));
    }
    std::cout.flush();
    if (failed) {
        std::fprintf(stderr, "edgequote: %zu of %zu quotes had errors\n", failed, count);
        return kInvalid;
    }
    return kOk;
}

int list_codes() {
    std::cout << "{\"codes\":[";
    bool first = true;
    for (const auto& info : codes::kAll) {
        std::cout << (first ? "" : ",") << "{\"code\":\"" << info.code << "\",\"description\":"
                  << nlohmann::json(info.description).dump() << "}";
        first = false;
    }
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
    if (command == "reprice" && argc >= 3) return reprice(argv[2], detail);
    if (command == "codes") return list_codes();
    if (command == "insights" && argc >= 3) return edgequote::cli::insights_command(argc - 1, argv + 1);
    return usage();
}
