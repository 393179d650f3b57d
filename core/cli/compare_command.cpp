#include "compare_command.hpp"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgequote/compare.hpp"
#include "read_file.hpp"

namespace edgequote::cli {
namespace {

constexpr int kOk = 0, kUsage = 1, kInvalid = 2;


int report(const std::string& what, const Errors& errors) {
    std::cout << write_errors(errors) << '\n';
    std::fprintf(stderr, "edgequote: %s: %zu error%s\n", what.c_str(), errors.size(), errors.size() == 1 ? "" : "s");
    for (const auto& e : errors)
        std::fprintf(stderr, "  %s at %s: %s\n", e.code.c_str(), e.path.empty() ? "/" : e.path.c_str(), e.message.c_str());
    return kInvalid;
}

std::string pad(const std::string& text, std::size_t width, bool right) {
    // Display width: count UTF-8 lead bytes, not bytes ("–" is three bytes, one column).
    std::size_t columns = 0;
    for (unsigned char c : text) columns += (c & 0xC0) != 0x80;
    if (columns >= width) return text;
    const std::string fill(width - columns, ' ');
    return right ? fill + text : text + fill;
}

// The readable form of compare_json's output: one row per competitor, then what each left out.
void print_text(const nlohmann::json& out) {
    const auto& quote = out["quote"];
    const std::string currency = quote["pricebook"]["currency"].get<std::string>();
    std::cout << "Quote for " << quote["customer"].get<std::string>() << " on " << quote["pricebook"]["id"].get<std::string>()
              << ": list " << quote["list_monthly"].get<std::string>() << " " << currency << "/month, net "
              << quote["net_monthly"].get<std::string>() << " " << currency << "/month\n";
    std::cout << out["basis"].get<std::string>() << "\n\n";
    std::cout << pad("vendor", 26, false) << pad("monthly at list", 18, true) << "  " << pad("status", 15, false)
              << "source\n";
    for (const auto& c : out["competitors"]) {
        const std::string monthly = c["monthly"].is_null() ? "—" : c["monthly"].get<std::string>() + " " +
                                                                        c["pricebook"]["currency"].get<std::string>();
        std::cout << pad(c["vendor"]["name"].get<std::string>(), 26, false) << pad(monthly, 18, true) << "  "
                  << pad(c["status"].get<std::string>(), 15, false) << c["source"]["url"].get<std::string>() << " ("
                  << c["source"]["snapshot"].get<std::string>() << ")\n";
    }
    for (const auto& c : out["competitors"]) {
        if (c["left_out"].empty() && c["errors"].empty()) continue;
        std::cout << "\n" << c["vendor"]["name"].get<std::string>() << ", not compared:\n";
        for (const auto& l : c["left_out"])
            std::cout << "  " << l["path"].get<std::string>() << "  " << l["message"].get<std::string>() << "\n";
        for (const auto& e : c["errors"])
            std::cout << "  error " << e["code"].get<std::string>() << " at " << e["path"].get<std::string>() << ": "
                      << e["message"].get<std::string>() << "\n";
    }
    if (!out["incumbent"].is_null()) {
        const auto& inc = out["incumbent"];
        std::cout << "\nIncumbent " << inc["name"].get<std::string>() << ": estimated "
                  << (inc["monthly"].is_null() ? std::string("—") : inc["monthly"].get<std::string>() + " " + currency)
                  << "/month from public list prices (" << inc["status"].get<std::string>() << ")\n";
        std::cout << "  against our net for the same lines: " << inc["ours"]["net_monthly"].get<std::string>() << " "
                  << currency << "/month\n";
        for (const auto& n : inc["ours"]["not_compared"])
            std::cout << "  not compared: " << n["name"].get<std::string>() << ", " << n["net_monthly"].get<std::string>()
                      << " " << currency << "/month\n";
    }
    for (const auto& w : out["warnings"])
        std::cout << "\nwarning " << w["code"].get<std::string>() << " at " << w["path"].get<std::string>() << ": "
                  << w["message"].get<std::string>() << "\n";
}

}  // namespace

bool has_comparison_section(const std::string& text) {
    nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
    return doc.is_object() && doc.contains("comparison");
}

int compare_command(int argc, char** argv) {
    bool text = false;
    OutputDetail detail = OutputDetail::full;
    std::vector<const char*> paths;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--text") == 0) text = true;
        else if (std::strcmp(argv[i], "--summary") == 0) detail = OutputDetail::summary;
        else paths.push_back(argv[i]);
    }
    if (paths.size() < 3) {
        std::fputs("usage: edgequote compare QUOTE BOOK COMPETITOR_BOOK... [--text] [--summary]\n", stderr);
        return kUsage;
    }
    std::string quote_text, book_text;
    if (!read_file(paths[0], quote_text) || !read_file(paths[1], book_text)) return kUsage;
    PriceBookResult ours = parse_pricebook(book_text);
    if (!ours.book) return report(paths[1], ours.errors);
    std::vector<CompetitorBook> books;
    books.reserve(paths.size() - 2);
    for (std::size_t i = 2; i < paths.size(); ++i) {
        std::string competitor_text;
        if (!read_file(paths[i], competitor_text)) return kUsage;
        CompetitorBookResult parsed = parse_competitor_book(competitor_text);
        if (!parsed.competitor) return report(paths[i], parsed.errors);
        books.push_back(std::move(*parsed.competitor));
    }
    std::vector<const CompetitorBook*> competitors;
    for (const auto& b : books) competitors.push_back(&b);
    const std::string out = compare_json(*ours.book, quote_text, competitors, detail);
    const nlohmann::json doc = nlohmann::json::parse(out);
    bool invalid = doc.contains("errors") && !doc["errors"].empty();
    if (doc.contains("competitors"))
        for (const auto& c : doc["competitors"]) invalid = invalid || c["status"] == "invalid";
    if (doc.contains("errors") && !doc["errors"].empty() && !doc.contains("competitors")) {
        Errors errors;
        for (const auto& e : doc["errors"]) errors.push_back({e["code"], e["path"], e["message"]});
        return report(paths[0], errors);
    }
    if (text) print_text(doc);
    else std::cout << out << '\n';
    if (invalid) std::fprintf(stderr, "edgequote: a competitor book's mapping does not fit %s (status \"invalid\")\n", paths[1]);
    return invalid ? kInvalid : kOk;
}

}  // namespace edgequote::cli
