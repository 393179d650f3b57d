// Bad input of every kind gets an error value with a stable code and a JSON Pointer to the
// offending field; nothing throws or crashes. Each row changes one thing in a valid document.
#include <functional>

#include "support.hpp"

using test::json;

namespace {

json valid_book() {
    json book = test::book_with({{"model", "graduated"}, {"tiers", test::stripe_tiers()}});
    book["products"].push_back({{"sku", "cdn"}, {"name", "Delivery"}, {"category", "delivery"}, {"unit", "GB"},
                                {"regional", true}, {"price", {{"model", "per_unit"}, {"unit_price", "0.05"}}}});
    book["products"].push_back({{"sku", "waf"}, {"name", "WAF"}, {"category", "security"}, {"unit", "unit"},
                                {"price", {{"model", "flat"}, {"amount", "1000"}}}});
    book["products"].push_back({{"sku", "bots"}, {"name", "Bot management"}, {"category", "security"}, {"unit", "unit"},
                                {"price", {{"model", "flat"}, {"amount", "800"}}}});
    book["products"].push_back({{"sku", "support"}, {"name", "Support"}, {"category", "support"}, {"unit", "unit"},
                                {"discountable", false},
                                {"price", {{"model", "percentage"}, {"rate", "10"}, {"of", "all"}}}});
    book["bundles"] = json::array({{{"id", "pro"}, {"name", "Pro"}, {"price", "100"},
                                    {"includes", json::array({{{"sku", "cdn"}, {"quantity", "1"}, {"unit", "TB"}}})},
                                    {"options", json::array({"waf", "bots", "support"})},
                                    {"constraints", json::array({{{"sku", "bots"}, {"requires", json::array({"waf"})},
                                                                  {"message", "Bot management runs on the WAF."}},
                                                                 {{"sku", "cdn"}, {"max_quantity", "5000"},
                                                                  {"message", "Pro carries at most 5 TB."}}})}}});
    book["internal"] = {{"approval", {{"levels", json::array({"rep", "manager"})},
                                      {"rules", json::array({{{"id", "d10"}, {"metric", "overall_discount_pct"},
                                                              {"op", ">"}, {"threshold", "10"}, {"level", "manager"}}})}}}};
    return book;
}

json valid_quote() {
    json quote = test::quote_for(json::array({{{"sku", "item"}, {"quantity", "12"}},
                                              {{"sku", "cdn"}, {"quantity", "100"}, {"unit", "GB"}, {"region", "na"}}}));
    return quote;
}

using Mutation = std::function<void(json&)>;

struct Case {
    const char* name;
    Mutation change;
    const char* code;
    const char* path;
};

void expect_book_error(const Case& c) {
    json book = valid_book();
    c.change(book);
    auto result = edgequote::parse_pricebook(book.dump());
    INFO(c.name);
    REQUIRE_FALSE(result.book.has_value());
    REQUIRE_FALSE(result.errors.empty());
    bool found = false;
    for (const auto& e : result.errors) {
        INFO(e.code << " at " << e.path << ": " << e.message);
        if (e.code == c.code && e.path == c.path) found = true;
        CHECK_FALSE(e.message.empty());
    }
    CHECK(found);
}

void expect_quote_error(const Case& c, json book = valid_book()) {
    json quote = valid_quote();
    c.change(quote);
    const auto loaded = test::load(book);
    auto priced = edgequote::price_json(loaded, quote.dump());
    INFO(c.name);
    REQUIRE_FALSE(priced.errors.empty());
    CHECK(priced.lines.empty());
    bool found = false;
    for (const auto& e : priced.errors) {
        INFO(e.code << " at " << e.path << ": " << e.message);
        if (e.code == c.code && e.path == c.path) found = true;
    }
    CHECK(found);
}

}  // namespace

TEST_CASE("the valid fixtures are valid") {
    auto priced = test::price(valid_book(), valid_quote());
    CHECK(priced.errors.empty());
}

TEST_CASE("bad price books are refused with a code and a path") {
    const Case cases[] = {
        {"binary float money", [](json& b) { b["products"][0]["price"]["tiers"][0]["unit_price"] = 0.085; },
         "float_not_allowed", "/products/0/price/tiers/0/unit_price"},
        {"integer money", [](json& b) { b["products"][1]["price"]["unit_price"] = 5; },
         "expected_decimal_string", "/products/1/price/unit_price"},
        {"malformed decimal", [](json& b) { b["products"][1]["price"]["unit_price"] = "0,05"; },
         "invalid_decimal", "/products/1/price/unit_price"},
        {"wrong type", [](json& b) { b["products"][0]["price"]["tiers"] = "many"; }, "wrong_type", "/products/0/price/tiers"},
        {"missing sku", [](json& b) { b["products"][0].erase("sku"); }, "missing_field", "/products/0/sku"},
        {"unknown field", [](json& b) { b["products"][0]["prise"] = "1"; }, "unknown_field", "/products/0/prise"},
        {"unknown model", [](json& b) { b["products"][0]["price"]["model"] = "tiered"; }, "unknown_model", "/products/0/price/model"},
        {"tier overlap", [](json& b) { b["products"][0]["price"]["tiers"][1]["up_to"] = "5"; },
         "tiers_not_increasing", "/products/0/price/tiers/1/up_to"},
        {"tier gap (unbounded in the middle)", [](json& b) { b["products"][0]["price"]["tiers"][1]["up_to"] = nullptr; },
         "unbounded_tier_not_last", "/products/0/price/tiers/1/up_to"},
        {"no tiers", [](json& b) { b["products"][0]["price"]["tiers"] = json::array(); }, "empty_tiers", "/products/0/price/tiers"},
        {"negative price", [](json& b) { b["products"][1]["price"]["unit_price"] = "-1"; }, "negative_value", "/products/1/price/unit_price"},
        {"package size zero", [](json& b) { b["products"][0]["price"] = {{"model", "package"}, {"size", "0"}, {"price", "1"}}; },
         "invalid_package_size", "/products/0/price/size"},
        {"unknown unit", [](json& b) { b["products"][0]["unit"] = "furlong"; }, "unknown_unit", "/products/0/unit"},
        {"duplicate sku", [](json& b) { b["products"][1]["sku"] = "item"; }, "duplicate_id", "/products/1/sku"},
        {"unknown currency", [](json& b) { b["currency"] = "XYZ"; }, "unknown_currency", "/currency"},
        {"unknown rounding", [](json& b) { b["rounding"] = "bankers"; }, "unknown_rounding", "/rounding"},
        {"bad date", [](json& b) { b["effective_from"] = "1/1/2026"; }, "invalid_date", "/effective_from"},
        {"unsupported schema", [](json& b) { b["schema_version"] = "9.0"; }, "unsupported_schema_version", "/schema_version"},
        {"zero unit factor", [](json& b) { b["units"][2]["factor"] = "0"; }, "invalid_factor", "/units/2/factor"},
        {"requires cycle",
         [](json& b) {
             b["bundles"][0]["constraints"].push_back({{"sku", "waf"}, {"requires", json::array({"bots"})}});
         },
         "requires_cycle", "/bundles/0/constraints"},
        {"unknown option", [](json& b) { b["bundles"][0]["options"][0] = "cdn-ultra"; }, "unknown_sku", "/bundles/0/options/0"},
        {"percentage of a percentage", [](json& b) { b["products"][4]["price"]["of"] = json::array({"support"}); },
         "percentage_of_percentage", "/products/4/price/of/0"},
        {"percentage of nothing known", [](json& b) { b["products"][4]["price"]["of"] = json::array({"nope"}); },
         "unknown_sku", "/products/4/price/of/0"},
        {"unknown approval level",
         [](json& b) { b["internal"]["approval"]["rules"][0]["level"] = "ceo"; }, "unknown_level", "/internal/approval/rules/0/level"},
        {"unknown metric",
         [](json& b) { b["internal"]["approval"]["rules"][0]["metric"] = "vibes"; }, "unknown_metric", "/internal/approval/rules/0/metric"},
        {"unknown operator",
         [](json& b) { b["internal"]["approval"]["rules"][0]["op"] = ">="; }, "unknown_operator", "/internal/approval/rules/0/op"},
        {"band out of order",
         [](json& b) { b["internal"]["guidance"] = {{"deal_bands", {{"smb", {{"low", "500"}, {"high", "100"}}}}}}; },
         "band_out_of_order", "/internal/guidance/deal_bands/smb"},
        {"region price for an unknown region",
         [](json& b) { b["products"][1]["region_prices"] = {{"mars", {{"model", "per_unit"}, {"unit_price", "1"}}}}; },
         "unknown_region", "/products/1/region_prices/mars"},
        {"min above max", [](json& b) { b["bundles"][0]["constraints"][1]["min_quantity"] = "9000"; },
         "min_above_max", "/bundles/0/constraints/1/min_quantity"},
    };
    for (const auto& c : cases) expect_book_error(c);
}

TEST_CASE("bad quotes are refused with a code and a path") {
    const Case cases[] = {
        {"unknown sku", [](json& q) { q["lines"][0]["sku"] = "teleport"; }, "unknown_sku", "/lines/0/sku"},
        {"negative quantity", [](json& q) { q["lines"][0]["quantity"] = "-1"; }, "negative_value", "/lines/0/quantity"},
        {"absurd quantity", [](json& q) { q["lines"][0]["quantity"] = "1000000000000000000000"; },
         "quantity_too_large", "/lines/0/quantity"},
        {"float quantity", [](json& q) { q["lines"][0]["quantity"] = 1.5; }, "float_not_allowed", "/lines/0/quantity"},
        {"quantity as a word", [](json& q) { q["lines"][0]["quantity"] = "lots"; }, "invalid_decimal", "/lines/0/quantity"},
        {"unit of another dimension", [](json& q) { q["lines"][1]["unit"] = "unit"; },
         "unit_dimension_mismatch", "/lines/1/unit"},
        {"unknown unit", [](json& q) { q["lines"][1]["unit"] = "EB"; }, "unknown_unit", "/lines/1/unit"},
        {"missing region", [](json& q) { q["lines"][1].erase("region"); }, "region_required", "/lines/1/region"},
        {"unknown region", [](json& q) { q["lines"][1]["region"] = "mars"; }, "unknown_region", "/lines/1/region"},
        {"region mix not 100", [](json& q) {
             q["lines"][1].erase("region");
             q["lines"][1]["region_mix"] = {{"na", "70"}, {"eu", "20"}};
         }, "region_mix_sum", "/lines/1/region_mix"},
        {"region and mix", [](json& q) { q["lines"][1]["region_mix"] = {{"na", "100"}}; }, "region_and_mix", "/lines/1"},
        {"region on a global product", [](json& q) { q["lines"][0]["region"] = "na"; },
         "region_not_applicable", "/lines/0/region"},
        {"discount over 100", [](json& q) { q["lines"][0]["discount_pct"] = "120"; }, "discount_out_of_range", "/lines/0/discount_pct"},
        {"discount and target", [](json& q) {
             q["lines"][0]["discount_pct"] = "5";
             q["lines"][0]["target_net"] = "50";
         }, "discount_and_target", "/lines/0"},
        {"target above price", [](json& q) { q["lines"][0]["target_net"] = "500"; }, "target_net_above_price", "/lines/0/target_net"},
        {"discount on a non-discountable product", [](json& q) {
             q["lines"].push_back({{"sku", "support"}, {"discount_pct", "5"}});
         }, "discount_not_allowed", "/lines/2/discount_pct"},
        {"term not offered", [](json& q) { q["term_months"] = 7; }, "term_not_offered", "/term_months"},
        {"unknown segment", [](json& q) { q["customer"]["segment"] = "whale"; }, "unknown_segment", "/customer/segment"},
        {"other price book", [](json& q) { q["pricebook"]["id"] = "acme-2019"; }, "pricebook_mismatch", "/pricebook/id"},
        {"other version", [](json& q) { q["pricebook"]["version"] = "0"; }, "pricebook_mismatch", "/pricebook/version"},
        {"unknown bundle", [](json& q) { q["bundle"] = "mega"; }, "unknown_bundle", "/bundle"},
        {"option outside the bundle", [](json& q) { q["bundle"] = "pro"; }, "option_not_allowed", "/lines/0/sku"},
        {"requires missing", [](json& q) {
             q["bundle"] = "pro";
             q["lines"] = json::array({{{"sku", "bots"}}});
         }, "requires_missing", "/lines/0/sku"},
        {"above max quantity", [](json& q) {
             q["bundle"] = "pro";
             q["lines"] = json::array({{{"sku", "cdn"}, {"quantity", "6"}, {"unit", "TB"}, {"region", "na"}}});
         }, "above_max_quantity", "/lines/0/quantity"},
        {"lines not an array", [](json& q) { q["lines"] = {{"sku", "item"}}; }, "wrong_type", "/lines"},
        {"missing customer", [](json& q) { q.erase("customer"); }, "missing_field", "/customer"},
        {"typo in a field", [](json& q) { q["lines"][0]["discount"] = "5"; }, "unknown_field", "/lines/0/discount"},
        {"line not an object", [](json& q) { q["lines"][0] = 42; }, "wrong_type", "/lines/0"},
    };
    for (const auto& c : cases) expect_quote_error(c);
}

TEST_CASE("many errors are reported at once, not just the first") {
    json quote = valid_quote();
    quote["lines"][0]["sku"] = "teleport";
    quote["lines"][1]["region"] = "mars";
    quote["term_months"] = 7;
    const auto book = test::load(valid_book());
    auto priced = edgequote::price_json(book, quote.dump());
    CHECK(priced.errors.size() == 3);
}

TEST_CASE("documents that are not JSON, too deep or too large are refused before parsing") {
    const auto book = test::load(valid_book());
    auto [text, code] = GENERATE(table<std::string, std::string>({
        {"", "invalid_json"},
        {"{", "invalid_json"},
        {"[1,2]", "wrong_type"},
        {"{\"a\": \"\xff\xfe\"}", "invalid_json"},  // invalid UTF-8
        {std::string(100000, '[') + std::string(100000, ']'), "too_deep"},
        {"{\"lines\": " + std::string(65, '[') + std::string(65, ']') + "}", "too_deep"},
        {std::string(edgequote::kMaxInputBytes + 1, ' '), "input_too_large"},
    }));
    auto priced = edgequote::price_json(book, text);
    REQUIRE(priced.errors.size() == 1);
    CHECK(priced.errors[0].code == code);
    auto parsed_book = edgequote::parse_pricebook(text);
    REQUIRE(parsed_book.errors.size() == 1);
    CHECK(parsed_book.errors[0].code == code);
}

TEST_CASE("amounts too large to compute exactly are reported as overflow, never wrapped") {
    // 10^23 × 10^18 needs 41 digits: more than the 36 an amount may have.
    json book = test::book_with({{"model", "per_unit"}, {"unit_price", "99999999999999999999999"}});
    const auto loaded = test::load(book);
    auto priced = edgequote::price_json(loaded, test::quote_for(json::array({{{"sku", "item"}, {"quantity", "999999999999999999"}}})).dump());
    REQUIRE(priced.errors.size() == 1);
    CHECK(priced.errors[0].code == "overflow");
    CHECK(priced.errors[0].path == "/lines/0");
}

TEST_CASE("a huge quantity in a large unit prices exactly or reports overflow, never a silent zero") {
    json book = test::book_with({{"model", "per_unit"}, {"unit_price", "0.25"}});
    book["units"].push_back({{"id", "M_units"}, {"dimension", "count"}, {"factor", "1000000"}});
    book["products"][0]["unit"] = "M_units";
    const auto loaded = test::load(book);
    // 10^18 M_units at 0.25 = 2.5 × 10^17: representable, so priced.
    auto priced = edgequote::price_json(loaded, test::quote_for(json::array(
        {{{"sku", "item"}, {"quantity", "1000000000000000000"}, {"unit", "M_units"}}})).dump());
    REQUIRE(priced.errors.empty());
    CHECK(priced.lines.at(0).list.to_fixed(2) == "250000000000000000.00");
    // The same in the base unit would need 10^24 × 10^6 / 1: past 10^18 quantity limit → refused.
    auto refused = edgequote::price_json(loaded, test::quote_for(json::array(
        {{{"sku", "item"}, {"quantity", "10000000000000000000"}, {"unit", "M_units"}}})).dump());
    REQUIRE_FALSE(refused.errors.empty());
    CHECK(refused.errors[0].code == "quantity_too_large");
}

TEST_CASE("a requirement the bundle itself includes is met") {
    json book = valid_book();
    book["bundles"][0]["includes"].push_back({{"sku", "waf"}, {"quantity", "1"}});
    json quote = valid_quote();
    quote["bundle"] = "pro";
    quote["lines"] = json::array({{{"sku", "bots"}}});
    auto priced = test::price(book, quote);
    CHECK(priced.errors.empty());
}

TEST_CASE("a product that requires another is refused without it, with or without a bundle") {
    json book = valid_book();
    book["products"][3]["requires"] = json::array({"waf"});  // bots run on the WAF
    json alone = valid_quote();
    alone["lines"] = json::array({{{"sku", "bots"}}});
    const auto loaded = test::load(book);
    auto refused = edgequote::price_json(loaded, alone.dump());
    REQUIRE(refused.errors.size() == 1);
    CHECK(refused.errors[0].code == "requires_missing");
    CHECK(refused.errors[0].path == "/lines/0/sku");
    alone["lines"].push_back({{"sku", "waf"}});
    CHECK(edgequote::price_json(loaded, alone.dump()).errors.empty());
}

TEST_CASE("products requiring each other in a cycle are refused") {
    json book = valid_book();
    book["products"][2]["requires"] = json::array({"bots"});
    book["products"][3]["requires"] = json::array({"waf"});
    auto result = edgequote::parse_pricebook(book.dump());
    REQUIRE_FALSE(result.errors.empty());
    CHECK(result.errors[0].code == "requires_cycle");
    CHECK(result.errors[0].path == "/products");
}
