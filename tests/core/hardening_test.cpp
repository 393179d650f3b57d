// Hostile and extreme input: overflow is never silent, limits are enforced with their codes,
// duplicate keys are refused, long `requires` chains do not exhaust the stack, numbers are read
// as the schemas say, and quantities entered in units that do not convert in decimal stay exact.
// Each test failed before the change it guards (see the comments).
#include <string>

#include "support.hpp"

using test::json;

namespace {

edgequote::Errors book_errors(const std::string& text) { return edgequote::parse_pricebook(text).errors; }

edgequote::PricedQuote price_text(const json& book, const std::string& quote) {
    const auto loaded = test::load(book);
    return edgequote::price_json(loaded, quote);
}

bool has(const edgequote::Errors& errors, const std::string& code, const std::string& path) {
    for (const auto& e : errors)
        if (e.code == code && e.path == path) return true;
    return false;
}

std::string describe(const edgequote::Errors& errors) {
    std::string out;
    for (const auto& e : errors) out += e.code + " at " + e.path + "; ";
    return out;
}

json per_unit(const char* price) { return {{"model", "per_unit"}, {"unit_price", price}}; }

json with_commit_product(json book) {
    book["products"][0]["commit_discount"] = true;
    book["commits"] = json::array({{{"id", "c1"}, {"min_monthly", "100"}, {"discount_pct", "5"}}});
    return book;
}

}  // namespace

// ---- #13.2: overflow --------------------------------------------------------------------------

TEST_CASE("a commitment too large to compute is the overflow error, not a quote without its true-up") {
    // Before: 10^35 minus the usage overflowed, the overflowed shortfall had sign 0, and the
    // quote priced with the commit discount and no true-up line.
    const json book = with_commit_product(test::book_with(per_unit("1")));
    // Usage 10.01 less the 5% commit discount = 9.5095, 9.51 rounded: 10^35 less 9.51 needs 37 digits.
    json quote = test::quote_for(json::array({{{"sku", "item"}, {"quantity", "10.01"}}}));
    quote["commit"] = {{"monthly_spend", "1" + std::string(35, '0')}};
    auto priced = price_text(book, quote.dump());
    INFO(describe(priced.errors));
    CHECK(has(priced.errors, "overflow", "/commit/monthly_spend"));
    CHECK(priced.lines.empty());

    // The same commitment at 10^33 computes: the shortfall is billed as a true-up line.
    quote["commit"] = {{"monthly_spend", "1" + std::string(33, '0')}};
    priced = price_text(book, quote.dump());
    INFO(describe(priced.errors));
    REQUIRE(priced.errors.empty());
    CHECK(priced.lines.back().kind == edgequote::LineKind::true_up);
    CHECK(priced.lines.back().net == test::dec("999999999999999999999999999999990.49"));  // 10^33 - 9.51
}

TEST_CASE("an overflow in the guidance is the overflow error, not a finding decided on an overflowed value") {
    // The incumbent ratio (net × 100 / incumbent) overflows for a tiny incumbent and a huge net.
    json book = test::book_with(per_unit("1000000000000000"));
    book["internal"] = {{"guidance", {{"incumbent", {{"low_pct", "50"}, {"high_pct", "90"}}}}}};
    json quote = test::quote_for(json::array({{{"sku", "item"}, {"quantity", "1000000000000000000"}}}));
    quote["customer"]["incumbent_monthly"] = "0.000000000000000000000001";
    const auto priced = price_text(book, quote.dump());
    INFO(describe(priced.errors));
    CHECK(has(priced.errors, "overflow", ""));
    CHECK(priced.lines.empty());
    CHECK(priced.guidance.empty());
}

TEST_CASE("a bundle allowance too large to convert is refused when the book is read") {
    json book = test::book_with(per_unit("1"));
    book["units"].push_back({{"id", "huge"}, {"dimension", "count"}, {"factor", "1" + std::string(30, '0')}});
    book["bundles"] = json::array({{{"id", "b"}, {"price", "1"},
                                    {"includes", json::array({{{"sku", "item"}, {"quantity", "1000000000"}, {"unit", "huge"}}})}}});
    const auto errors = book_errors(book.dump());
    INFO(describe(errors));
    CHECK(has(errors, "overflow", "/bundles/0/includes/0/quantity"));
}

// ---- #13.3: requires chains -------------------------------------------------------------------

TEST_CASE("a requires chain of the most products a book may have is checked without recursion") {
    // Before: the cycle check recursed once per link; 100,000 links crashed the CLI.
    json book = test::book_with(per_unit("1"));
    for (std::size_t i = 1; i < edgequote::kMaxProducts; ++i)
        book["products"].push_back({{"sku", "p" + std::to_string(i)}, {"category", "c"}, {"unit", "unit"},
                                    {"price", per_unit("1")},
                                    {"requires", json::array({i == 1 ? std::string("item") : "p" + std::to_string(i - 1)})}});
    CHECK(book_errors(book.dump()).empty());
    // Closing the chain into a cycle is found at the end of it.
    book["products"][0]["requires"] = json::array({"p" + std::to_string(edgequote::kMaxProducts - 1)});
    const auto errors = book_errors(book.dump());
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "requires_cycle");
    CHECK(errors[0].path == "/products");
}

// ---- #13.4: limits ----------------------------------------------------------------------------

TEST_CASE("books past the limits are refused with their codes") {
    json book = test::book_with(per_unit("1"));
    for (std::size_t i = 1; i <= edgequote::kMaxProducts; ++i)
        book["products"].push_back({{"sku", "p" + std::to_string(i)}, {"category", "c"}, {"unit", "unit"}, {"price", per_unit("1")}});
    auto errors = book_errors(book.dump());
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == "too_many_products");
    CHECK(errors[0].path == "/products");
    book["products"].erase(book["products"].size() - 1);
    CHECK(book_errors(book.dump()).empty());  // exactly at the limit

    auto tiers = [](std::size_t count) {
        json list = json::array();
        for (std::size_t t = 0; t + 1 < count; ++t) list.push_back({{"up_to", std::to_string(t + 1)}, {"unit_price", "1"}});
        list.push_back({{"up_to", nullptr}, {"unit_price", "1"}});
        return list;
    };
    json tiered = test::book_with({{"model", "graduated"}, {"tiers", tiers(edgequote::kMaxTiersPerModel)}});
    CHECK(book_errors(tiered.dump()).empty());
    tiered["products"][0]["price"]["tiers"] = tiers(edgequote::kMaxTiersPerModel + 1);
    errors = book_errors(tiered.dump());
    CHECK(has(errors, "too_many_tiers", "/products/0/price/tiers"));

    // Per book: 20 prices of 1,000 tiers fit; the 21st does not.
    json many = test::book_with({{"model", "volume"}, {"tiers", tiers(edgequote::kMaxTiersPerModel)}});
    for (std::size_t i = 1; i < edgequote::kMaxTiersPerBook / edgequote::kMaxTiersPerModel; ++i)
        many["products"].push_back({{"sku", "p" + std::to_string(i)}, {"category", "c"}, {"unit", "unit"},
                                    {"price", {{"model", "graduated"}, {"tiers", tiers(edgequote::kMaxTiersPerModel)}}}});
    CHECK(book_errors(many.dump()).empty());
    many["products"].push_back({{"sku", "last"}, {"category", "c"}, {"unit", "unit"},
                                {"price", {{"model", "stairstep"}, {"tiers", json::array({{{"up_to", nullptr}, {"amount", "1"}}})}}}});
    errors = book_errors(many.dump());
    CHECK(has(errors, "too_many_tiers", "/products/20/price/tiers"));
}

TEST_CASE("tier search finds the same tier at every edge of a long ladder") {
    // Binary search over 1,000 bounds (1, 2, ..., 999, unbounded), graduated at 1 per unit plus
    // a flat 1 per tier entered: q units enter ceil(q) tiers (up to 1,000) → q + tiers entered.
    json list = json::array();
    for (int t = 0; t < 999; ++t) list.push_back({{"up_to", std::to_string(t + 1)}, {"unit_price", "1"}, {"flat", "1"}});
    list.push_back({{"up_to", nullptr}, {"unit_price", "1"}, {"flat", "1"}});
    const json graduated = {{"model", "graduated"}, {"tiers", list}};
    CHECK(test::list_of(graduated, "0") == "0.00");
    CHECK(test::list_of(graduated, "1") == "2.00");        // 1 + 1 tier
    CHECK(test::list_of(graduated, "1.5") == "3.50");      // 1.5 + 2 tiers
    CHECK(test::list_of(graduated, "500") == "1000.00");   // 500 + 500 tiers
    CHECK(test::list_of(graduated, "999") == "1998.00");   // 999 + 999 tiers
    CHECK(test::list_of(graduated, "1000") == "2000.00");  // 1000 + all 1,000 tiers
    json stair = json::array();
    for (int t = 0; t < 999; ++t) stair.push_back({{"up_to", std::to_string(t + 1)}, {"amount", std::to_string(t + 1)}});
    stair.push_back({{"up_to", nullptr}, {"amount", "5000"}});
    const json stairstep = {{"model", "stairstep"}, {"tiers", stair}};
    CHECK(test::list_of(stairstep, "1") == "1.00");
    CHECK(test::list_of(stairstep, "1.01") == "2.00");  // just past the first edge
    CHECK(test::list_of(stairstep, "998") == "998.00");
    CHECK(test::list_of(stairstep, "999") == "999.00");
    CHECK(test::list_of(stairstep, "999.5") == "5000.00");
}

TEST_CASE("a graduated cost is the same by cumulative amounts as tier by tier") {
    // Costs use the cumulative amounts of the tiers below (O(log tiers) a line); the price uses
    // tier slices. Same model as both price and cost: cost == list for every quantity.
    json book = test::book_with({{"model", "graduated"}, {"tiers", test::stripe_tiers()}});
    book["internal"] = {{"costs", {{"item", {{"model", "graduated"}, {"tiers", test::stripe_tiers()}}}}}};
    for (const char* q : {"0", "1", "5", "5.5", "10", "11", "12", "1000000"}) {
        const auto priced = test::price(book, test::quote_for(json::array({{{"sku", "item"}, {"quantity", q}}})));
        REQUIRE(priced.lines.size() == 1);
        INFO(q);
        CHECK(priced.lines[0].cost == priced.lines[0].list);
    }
}

// ---- #13.8: duplicate keys --------------------------------------------------------------------

TEST_CASE("a key given twice in one object is refused with its path, in books and quotes") {
    // Before: the last value won silently (a second unit_price changed a list price).
    const json book = test::book_with(per_unit("1"));
    std::string text = book.dump();
    const std::string price = "\"unit_price\":\"1\"";
    text.replace(text.find(price), price.size(), "\"unit_price\":\"1\",\"unit_price\":\"0.01\"");
    auto errors = book_errors(text);
    INFO(describe(errors));
    CHECK(has(errors, "duplicate_key", "/products/0/price/unit_price"));

    const std::string quote =
        R"({"schema_version":"1.0","pricebook":{"id":"test-book","version":"1"},"customer":{"segment":"smb"},)"
        R"("term_months":1,"lines":[{"sku":"item","quantity":"1"},{"sku":"item","quantity":"2","quantity":"3"}]})";
    auto priced = price_text(book, quote);
    INFO(describe(priced.errors));
    CHECK(has(priced.errors, "duplicate_key", "/lines/1/quantity"));
    // Escaped spellings of one key are the same key.
    priced = price_text(book, R"({"term_months":1,"term_\u006donths":1})");
    CHECK(has(priced.errors, "duplicate_key", "/term_months"));
    // The live parser (which reads changed lines on their own) refuses the same.
    const auto loaded = test::load(book);
    edgequote::LiveQuoteParser live(loaded);
    CHECK(has(live.parse(quote).errors, "duplicate_key", "/lines/1/quantity"));
}

// ---- #15.5: numbers as the schemas say --------------------------------------------------------

TEST_CASE("integers past 64 bits are too large, like 10^19, not fractions") {
    const json book = test::book_with(per_unit("1"));
    for (const char* number : {"10000000000000000000", "100000000000000000000", "123456789012345678901234567890"}) {
        const std::string quote = std::string(R"({"schema_version":"1.0","pricebook":{"id":"test-book","version":"1"},)") +
                                  R"("customer":{"segment":"smb"},"term_months":1,"lines":[{"sku":"item","quantity":)" +
                                  number + "}]}";
        const auto priced = price_text(book, quote);
        INFO(number << ": " << describe(priced.errors));
        CHECK(has(priced.errors, "quantity_too_large", "/lines/0/quantity"));
    }
    // A fraction or exponent is still a float.
    const auto priced = price_text(book, R"({"lines":[{"sku":"item","quantity":1e30}]})");
    CHECK(has(priced.errors, "float_not_allowed", "/lines/0/quantity"));
}

TEST_CASE("the 10^18 quantity limit holds in the product's unit too") {
    json book = test::book_with(per_unit("1"));
    book["products"][0]["unit"] = "GB";
    json quote = test::quote_for(json::array({{{"sku", "item"}, {"quantity", "1000000000000000"}, {"unit", "TB"}}}));
    CHECK(test::price(book, quote).errors.empty());  // 10^15 TB = 10^18 GB: at the limit
    quote["lines"][0]["quantity"] = "1000000000000000.001";
    auto priced = price_text(book, quote.dump());
    INFO(describe(priced.errors));
    CHECK(has(priced.errors, "quantity_too_large", "/lines/0/quantity"));
}

TEST_CASE("a percentage rate above 100 and a minus sign on zero are refused as the schemas refuse them") {
    json book = test::book_with(per_unit("1"));
    book["products"].push_back({{"sku", "fee"}, {"category", "fee"}, {"unit", "unit"},
                                {"price", {{"model", "percentage"}, {"rate", "100.01"}, {"of", "all"}}}});
    CHECK(has(book_errors(book.dump()), "rate_out_of_range", "/products/1/price/rate"));
    book["products"][1]["price"]["rate"] = "100";
    CHECK(book_errors(book.dump()).empty());

    json signed_zero = test::book_with(per_unit("-0"));
    CHECK(has(book_errors(signed_zero.dump()), "negative_value", "/products/0/price/unit_price"));
    signed_zero = test::book_with(per_unit("-0.000"));
    CHECK(has(book_errors(signed_zero.dump()), "negative_value", "/products/0/price/unit_price"));
    const auto priced = price_text(test::book_with(per_unit("1")),
                                   test::quote_for(json::array({{{"sku", "item"}, {"quantity", "-0"}}})).dump());
    CHECK(has(priced.errors, "negative_value", "/lines/0/quantity"));
}

// ---- #15.5: exact across lines ----------------------------------------------------------------

TEST_CASE("three lines of 40 minutes price as one line of 120 on a stairstep priced per hour") {
    // Before: each 40 minutes became 0.666666666666666667 h (rounded per line); three of them
    // made 2.000000000000000001 h, just past the 2-hour edge: 500 instead of 20.
    json book = test::book_with({{"model", "stairstep"},
                                 {"tiers", json::array({{{"up_to", "2"}, {"amount", "20"}}, {{"up_to", nullptr}, {"amount", "500"}}})}});
    book["units"].push_back({{"id", "second"}, {"dimension", "time"}, {"factor", "1"}});
    book["units"].push_back({{"id", "minute"}, {"dimension", "time"}, {"factor", "60"}});
    book["units"].push_back({{"id", "hour"}, {"dimension", "time"}, {"factor", "3600"}});
    book["products"][0]["unit"] = "hour";
    const json line = {{"sku", "item"}, {"quantity", "40"}, {"unit", "minute"}};
    const auto split = test::price(book, test::quote_for(json::array({line, line, line})));
    json whole_line = line;
    whole_line["quantity"] = "120";
    const auto whole = test::price(book, test::quote_for(json::array({whole_line})));
    REQUIRE(split.errors.empty());
    REQUIRE(whole.errors.empty());
    CHECK(whole.totals.list_monthly == test::dec("20"));
    CHECK(split.totals.list_monthly == test::dec("20"));
}

TEST_CASE("a fixed amount is charged once, with a warning for a quantity or a second line") {
    // Before: quantity 2 was charged once silently, two lines of 1 twice.
    const json book = test::book_with({{"model", "flat"}, {"amount", "100"}});
    auto two = test::price(book, test::quote_for(json::array({{{"sku", "item"}, {"quantity", "2"}}})));
    CHECK(two.totals.list_monthly == test::dec("100"));
    CHECK(has(two.warnings, "quantity_ignored", "/lines/0/quantity"));
    auto pair = test::price(book, test::quote_for(json::array({{{"sku", "item"}, {"quantity", "1"}}, {{"sku", "item"}}})));
    CHECK(pair.totals.list_monthly == test::dec("100"));
    CHECK(has(pair.warnings, "quantity_ignored", "/lines/1/quantity"));
    auto one = test::price(book, test::quote_for(json::array({{{"sku", "item"}, {"quantity", "1"}}})));
    CHECK(one.warnings.empty());
}

TEST_CASE("a quote past the limit of line-region shares is refused with too_many_lines") {
    // Each region of a line's mix fills its own ladder portion: 16,667 lines × 6 regions is
    // 100,002 shares, past the 100,000 the engine prices (fewer lines than the 20,000 limit).
    json book = test::book_with(per_unit("1"));
    book["products"][0]["regional"] = true;
    json mix = json::object();
    for (const char* region : {"r4", "r5", "r6"}) book["regions"].push_back({{"id", region}});
    for (const char* region : {"na", "eu", "apac", "r4", "r5", "r6"}) mix[region] = "16";
    mix["na"] = mix["eu"] = "18";  // 2 × 18 + 4 × 16 = 100
    json lines = json::array();
    for (int i = 0; i < 16667; ++i) lines.push_back({{"sku", "item"}, {"quantity", "1"}, {"region_mix", mix}});
    const auto loaded = test::load(book);
    auto result = edgequote::parse_quote(test::quote_for(lines).dump(), loaded);
    INFO(describe(result.errors));
    CHECK(has(result.errors, "too_many_lines", "/lines"));
    lines.erase(lines.size() - 1);  // 16,666 × 6 = 99,996 shares: priced
    result = edgequote::parse_quote(test::quote_for(lines).dump(), loaded);
    CHECK(result.errors.empty());
}
