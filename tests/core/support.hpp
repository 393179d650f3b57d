#pragma once
// Small books and quotes built in code, so each test states exactly what it prices.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "edgequote/engine.hpp"

namespace test {

using nlohmann::json;
using edgequote::Decimal;

inline Decimal dec(const char* text) {
    auto value = Decimal::parse(text);
    REQUIRE(value.has_value());
    return *value;
}

inline std::string read_text(const std::string& relative) {
    std::ifstream in(std::string(EDGEQUOTE_SOURCE_DIR) + "/" + relative, std::ios::binary);
    REQUIRE(in.good());
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// The texts of the example quotes in pricebooks/examples/ (a bundle, a ramp, an incumbent,
// findings, approvals), as written: the inputs several tests price and vary.
inline std::vector<std::string> example_quote_texts() {
    std::vector<std::string> out;
    for (const char* name : {"business-starter", "displacement-underquote", "enterprise-in-band", "f500-underquote",
                             "ramped-enterprise"})
        out.push_back(read_text(std::string("pricebooks/examples/") + name + ".json"));
    return out;
}

// Stripe's documented example tiers: 1–5 at $5 + $10 flat, 6–10 at $4 + $20 flat, 11+ at $3 + $30 flat.
inline json stripe_tiers() {
    return json::array({{{"up_to", "5"}, {"unit_price", "5"}, {"flat", "10"}},
                        {{"up_to", "10"}, {"unit_price", "4"}, {"flat", "20"}},
                        {{"up_to", nullptr}, {"unit_price", "3"}, {"flat", "30"}}});
}

// A minimal valid book: units, three regions, two segments, one product "item" with `price`.
inline json book_with(const json& price, const char* currency = "USD", const char* rounding = "half_up") {
    return {
        {"schema_version", "1.0"},
        {"id", "test-book"},
        {"version", "1"},
        {"effective_from", "2026-01-01"},
        {"currency", currency},
        {"rounding", rounding},
        {"units", json::array({{{"id", "unit"}, {"dimension", "count"}, {"factor", "1"}},
                               {{"id", "GB"}, {"dimension", "data"}, {"factor", "1"}},
                               {{"id", "TB"}, {"dimension", "data"}, {"factor", "1000"}},
                               {{"id", "TiB"}, {"dimension", "data"}, {"factor", "1024"}}})},
        {"regions", json::array({{{"id", "na"}, {"name", "North America"}},
                                 {{"id", "eu"}, {"name", "Europe"}},
                                 {{"id", "apac"}, {"name", "Asia-Pacific"}}})},
        {"segments", json::array({{{"id", "smb"}, {"name", "SMB"}}, {{"id", "f500"}, {"name", "Fortune 500"}}})},
        {"products", json::array({{{"sku", "item"}, {"name", "Item"}, {"category", "test"}, {"unit", "unit"},
                                   {"price", price}}})},
        {"terms", json::array({{{"months", 1}, {"discount_pct", "0"}},
                               {{"months", 12}, {"discount_pct", "10"}}})},
    };
}

inline json quote_for(const json& lines, int term = 1) {
    return {{"schema_version", "1.0"},
            {"pricebook", {{"id", "test-book"}, {"version", "1"}}},
            {"customer", {{"name", "Test Co"}, {"segment", "smb"}}},
            {"term_months", term},
            {"lines", lines}};
}

inline edgequote::PriceBook load(const json& book) {
    auto result = edgequote::parse_pricebook(book.dump());
    if (!result.errors.empty()) FAIL_CHECK(result.errors[0].code << " at " << result.errors[0].path << ": " << result.errors[0].message);
    REQUIRE(result.book.has_value());
    return std::move(*result.book);
}

inline edgequote::PricedQuote price(const json& book, const json& quote) {
    const auto loaded = load(book);
    auto priced = edgequote::price_json(loaded, quote.dump());
    if (!priced.errors.empty()) FAIL_CHECK(priced.errors[0].code << " at " << priced.errors[0].path << ": " << priced.errors[0].message);
    return priced;
}

// The list amount of one line of `quantity` units of a product priced with `model`.
inline std::string list_of(const json& model, const std::string& quantity, const char* currency = "USD",
                           const char* rounding = "half_up") {
    auto priced = price(book_with(model, currency, rounding), quote_for(json::array({{{"sku", "item"}, {"quantity", quantity}}})));
    REQUIRE(priced.lines.size() == 1);
    return priced.lines[0].list.to_fixed(priced.minor_digits);
}

}  // namespace test
