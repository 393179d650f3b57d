// Fuzz target: price-book parsing and validation. When a fuzzed book is valid, a few quotes
// built from it (each product alone at several quantities, then the first bundle with every
// product it allows) are priced and written, and the output is checked to be canonical.
#include <nlohmann/json.hpp>

#include "../check_priced.hpp"
#include "fuzz_common.hpp"

namespace {

constexpr const char* kTarget = "fuzz_pricebook";

void price_and_check(const edgequote::PriceBook& book, const nlohmann::json& quote) {
    const std::string text = quote.dump();
    edgequote::PricedQuote priced = edgequote::price_json(book, text);
    fuzz::check_errors(kTarget, priced.errors);
    fuzz::check_errors(kTarget, priced.warnings);
    if (!priced.errors.empty() && !priced.lines.empty()) fuzz::die(kTarget, "errors and lines: " + text);
    for (auto detail : {edgequote::OutputDetail::full, edgequote::OutputDetail::summary}) {
        const std::string out = edgequote::write_priced_quote(priced, detail);
        const std::string problem = check::priced_json(out, book.minor_digits, book.rounding, detail);
        if (!problem.empty()) fuzz::die(kTarget, problem + "\nquote: " + text + "\noutput: " + out);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    edgequote::PriceBookResult result = edgequote::parse_pricebook(text);
    fuzz::check_errors(kTarget, result.errors);
    if (result.book.has_value() == !result.errors.empty()) fuzz::die(kTarget, "a book must come without errors");
    if (!result.book) return 0;
    const edgequote::PriceBook& book = *result.book;
    if (book.segments.empty() || book.terms.empty()) return 0;

    using nlohmann::json;
    json base = {{"schema_version", "1.0"},
                 {"pricebook", {{"id", book.id}, {"version", book.version}}},
                 {"customer", {{"name", "Fuzz"}, {"segment", book.segments.front().id}}},
                 {"term_months", book.terms.back().months}};
    auto line_for = [&](const edgequote::Product& p, const char* quantity) {
        json line = {{"sku", p.sku}, {"quantity", quantity}};
        if (p.regional && !book.regions.empty()) {
            if (book.regions.size() == 1) {
                line["region"] = book.regions[0].id;
            } else {
                line["region_mix"] = {{book.regions[0].id, "62.5"}, {book.regions.back().id, "37.5"}};
            }
        }
        return line;
    };
    const std::size_t products = std::min<std::size_t>(book.products.size(), 12);
    for (std::size_t i = 0; i < products; ++i) {
        for (const char* quantity : {"0", "1", "12.5", "99999.999"}) {
            json quote = base;
            quote["lines"] = json::array({line_for(book.products[i], quantity)});
            price_and_check(book, quote);
        }
    }
    // Everything at once, with a discount, so percentages, true-ups and the waterfall interact.
    json all = base;
    all["lines"] = json::array();
    for (std::size_t i = 0; i < products; ++i) all["lines"].push_back(line_for(book.products[i], "1000"));
    all["discount_pct"] = "7.5";
    price_and_check(book, all);
    if (!book.bundles.empty()) {
        json bundled = base;
        bundled["bundle"] = book.bundles.front().id;
        bundled["lines"] = json::array();
        for (std::size_t i = 0; i < products; ++i)
            if (book.bundles.front().allows(i)) bundled["lines"].push_back(line_for(book.products[i], "250"));
        price_and_check(book, bundled);
    }
    return 0;
}
