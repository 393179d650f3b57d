// edgequote insights [--segment S]... [--rep R]... [--from YYYY-MM-DD] [--to YYYY-MM-DD]
//                    [--sku SKU] [--book BOOK] LOG...
// --book: the price book whose outcome catalogues (internal.outcomes) group the logged reasons,
// competitors and feature requests by id.
// Reads each quote log (JSON Lines; "-" is standard input), aggregates and prints the same
// JSON the insights page shows. Bad lines are listed in "errors" and summarised on stderr.
#include "insights_command.hpp"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "edgequote/engine.hpp"
#include "read_file.hpp"
#include "edgequote/insights.hpp"

#include <nlohmann/json.hpp>

namespace edgequote::cli {
namespace {

constexpr int kOk = 0, kUsage = 1, kInvalid = 2;

int usage() {
    std::fputs(
        "usage: edgequote insights [--segment S]... [--rep R]... [--from YYYY-MM-DD] [--to YYYY-MM-DD]\n"
        "                          [--sku SKU] [--book BOOK] LOG...\n",
        stderr);
    return kUsage;
}


}  // namespace

int insights_command(int argc, char** argv) {
    // The options become the same filter document the page sends, checked by the same parser.
    nlohmann::json filter = nlohmann::json::object();
    std::vector<const char*> paths;
    const char* book_path = nullptr;  // its outcome catalogues group reasons, competitors, features
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--segment" && has_value) filter["segments"].push_back(argv[++i]);
        else if (arg == "--rep" && has_value) filter["reps"].push_back(argv[++i]);
        else if ((arg == "--from" || arg == "--to" || arg == "--sku") && has_value) filter[arg.substr(2)] = argv[++i];
        else if (arg == "--book" && has_value) book_path = argv[++i];
        else if (arg.size() > 1 && arg[0] == '-') return usage();
        else paths.push_back(argv[i]);
    }
    if (paths.empty()) return usage();
    InsightsFilterResult checked = parse_insights_filter(filter.dump());
    if (!checked.filter) {
        std::cout << write_errors(checked.errors) << '\n';
        for (const auto& e : checked.errors) std::fprintf(stderr, "edgequote: %s: %s\n", e.code.c_str(), e.message.c_str());
        return kInvalid;
    }

    std::optional<OutcomeCatalogs> catalogs;
    if (book_path) {
        std::string text;
        if (!read_file(book_path, text)) return kUsage;
        PriceBookResult book = parse_pricebook(text);
        if (!book.book) {
            std::cout << write_errors(book.errors) << '\n';
            for (const auto& e : book.errors)
                std::fprintf(stderr, "edgequote: %s: %s at %s: %s\n", book_path, e.code.c_str(), e.path.c_str(), e.message.c_str());
            return kInvalid;
        }
        catalogs = book.book->internal ? book.book->internal->outcomes : OutcomeCatalogs{};
    }

    std::vector<QuoteLog> logs;
    std::size_t bad = 0;
    for (std::size_t i = 0; i < paths.size(); ++i) {
        std::string text;
        if (!read_file(paths[i], text)) return kUsage;
        logs.push_back(read_quote_log(text));
        bad += logs.back().bad_lines;
        std::size_t shown = 0;
        for (const auto& e : logs.back().errors)
            if (++shown <= 5)
                std::fprintf(stderr, "edgequote: %s:%zu: %s at %s: %s\n", paths[i], e.line, e.error.code.c_str(),
                             e.error.path.empty() ? "/" : e.error.path.c_str(), e.error.message.c_str());
    }
    std::cout << write_insights(aggregate(logs, *checked.filter, catalogs ? &*catalogs : nullptr)) << '\n';
    if (bad) {
        std::fprintf(stderr, "edgequote: %zu bad line%s skipped\n", bad, bad == 1 ? "" : "s");
        return kInvalid;
    }
    return kOk;
}

}  // namespace edgequote::cli
