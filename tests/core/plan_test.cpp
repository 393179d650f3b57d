// Plans by several limits (pricebooks/README.md, "Plans by several limits"): a stairstep whose
// tiers are bounded by data AND requests AND p95 bandwidth at once. The first tier within which
// every quantity fits prices the plan; the limits that did not fit the tier before chose it.
#include "support.hpp"

using test::json;

namespace {

// Starter up to 10 TB / 100 M requests / 0.5 Gbps at 1,000; Business up to 50 / 500 / 2 at
// 3,000; Enterprise up to 200 / 2,000 / 10 at 9,000.
json plan_book() {
    json book = test::book_with({{"model", "flat"}, {"amount", "1"}});
    book["units"].push_back({{"id", "M_requests"}, {"dimension", "requests"}, {"factor", "1000000"}});
    book["units"].push_back({{"id", "requests"}, {"dimension", "requests"}, {"factor", "1"}});
    book["units"].push_back({{"id", "Gbps95"}, {"dimension", "bandwidth"}, {"factor", "1000"}});
    book["units"].push_back({{"id", "Mbps95"}, {"dimension", "bandwidth"}, {"factor", "1"}});
    auto tier = [](const char* name, const char* data, const char* requests, const char* bandwidth, const char* amount) {
        return json{{"name", name}, {"up_to", {{"data", data}, {"requests", requests}, {"bandwidth", bandwidth}}}, {"amount", amount}};
    };
    book["products"].push_back(
        {{"sku", "plan"}, {"name", "CDN plan"}, {"category", "plan"}, {"unit", "unit"},
         {"price", {{"model", "plan"},
                    {"limits", json::array({{{"id", "data"}, {"name", "data transfer"}, {"unit", "TB"}},
                                            {{"id", "requests"}, {"name", "requests"}, {"unit", "M_requests"}},
                                            {{"id", "bandwidth"}, {"name", "p95 bandwidth"}, {"unit", "Gbps95"}}})},
                    {"tiers", json::array({tier("Starter", "10", "100", "0.5", "1000"),
                                           tier("Business", "50", "500", "2", "3000"),
                                           tier("Enterprise", "200", "2000", "10", "9000")})}}}});
    return book;
}

json plan_line(json usage) { return {{"sku", "plan"}, {"usage", std::move(usage)}}; }

json usage(const char* data, const char* requests, const char* bandwidth) {
    return {{"data", data}, {"requests", requests}, {"bandwidth", bandwidth}};
}

edgequote::PricedQuote price_plan(const json& usage_json) {
    const auto book = test::load(plan_book());
    return edgequote::price_json(book, test::quote_for(json::array({plan_line(usage_json)})).dump());
}

}  // namespace

TEST_CASE("plan: the first tier every quantity fits prices the line, and the limits past the tier before chose it") {
    auto [data, requests, bandwidth, tier, amount, chosen_by] =
        GENERATE(table<std::string, std::string, std::string, int, std::string, std::string>({
            {"0", "0", "0", 1, "1000.00", ""},                       // nothing used: the first tier
            {"10", "100", "0.5", 1, "1000.00", ""},                  // exactly on every Starter bound
            {"10.001", "1", "0.1", 2, "3000.00", "data"},            // data just past Starter
            {"1", "501", "0.1", 3, "9000.00", "requests"},           // requests past Business alone
            {"60", "10", "3", 3, "9000.00", "data,bandwidth"},       // two limits past Business
            // On every Business bound: each is past Starter's, so all three chose it.
            {"50", "500", "2", 2, "3000.00", "data,requests,bandwidth"},
            {"200", "2000", "10", 3, "9000.00", "data,requests,bandwidth"},  // on every Enterprise bound
        }));
    CAPTURE(data, requests, bandwidth);
    auto priced = price_plan(usage(data.c_str(), requests.c_str(), bandwidth.c_str()));
    REQUIRE(priced.errors.empty());
    REQUIRE(priced.lines.size() == 1);
    const auto& line = priced.lines[0];
    CHECK(line.list.to_fixed(2) == amount);
    REQUIRE(line.plan.has_value());
    CHECK(line.plan->tier == tier);
    std::string chosen;
    for (const auto& limit : line.plan->chosen_by) chosen += (chosen.empty() ? "" : ",") + limit;
    CHECK(chosen == chosen_by);
}

TEST_CASE("plan: the canonical output says which limit chose the tier") {
    auto priced = price_plan(usage("12", "40", "0.2"));
    const auto out = json::parse(edgequote::write_priced_quote(priced));
    const json& plan = out["lines"][0]["plan"];
    CHECK(plan["tier"] == 2);
    CHECK(plan["tier_name"] == "Business");
    CHECK(plan["chosen_by"] == json::array({"data"}));
    CHECK(plan["usage"][0] == json({{"limit", "data"}, {"unit", "TB"}, {"quantity", "12"}, {"up_to", "50"}}));
    CHECK(out["lines"][0]["tiers"][0]["note"] == "Business, chosen by data transfer 12 TB > 10 (past Starter)");
    CHECK(out["lines"][0]["list"] == "3000.00");
}

TEST_CASE("plan: usage in another unit of the limit's dimension is converted first") {
    // 10,000 GB = 10 TB, on the Starter bound; 100,000,000 requests = 100 M; 500 Mbps = 0.5 Gbps.
    auto on_edge = price_plan({{"data", {{"quantity", "10000"}, {"unit", "GB"}}},
                               {"requests", {{"quantity", "100000000"}, {"unit", "requests"}}},
                               {"bandwidth", {{"quantity", "500"}, {"unit", "Mbps95"}}}});
    REQUIRE(on_edge.errors.empty());
    CHECK(on_edge.lines[0].plan->tier == 1);
    // 501 Mbps = 0.501 Gbps: past Starter.
    auto past = price_plan({{"data", "1"}, {"requests", "1"}, {"bandwidth", {{"quantity", "501"}, {"unit", "Mbps95"}}}});
    REQUIRE(past.errors.empty());
    CHECK(past.lines[0].plan->tier == 2);
    CHECK(past.lines[0].plan->chosen_by == std::vector<std::string>{"bandwidth"});
}

TEST_CASE("plan: a quantity past every tier is an error naming its limit") {
    auto [data, requests, path] = GENERATE(table<std::string, std::string, std::string>({
        {"200.001", "1", "/lines/0/usage/data"},                   // just past Enterprise's 200 TB
        {"1", "1000000000000000000", "/lines/0/usage/requests"},   // huge: 10^18 M requests
    }));
    auto priced = price_plan(usage(data.c_str(), requests.c_str(), "1"));
    REQUIRE(priced.errors.size() == 1);
    CHECK(priced.errors[0].code == std::string("quantity_beyond_last_tier"));
    CHECK(priced.errors[0].path == path);
    CHECK(priced.lines.empty());
}

TEST_CASE("plan: bad usage and bad plans are refused with a code and a path") {
    auto missing = price_plan({{"data", "1"}, {"requests", "1"}});
    REQUIRE(missing.errors.size() == 1);
    CHECK(missing.errors[0].code == std::string("missing_field"));
    CHECK(missing.errors[0].path == "/lines/0/usage/bandwidth");

    auto unknown = price_plan({{"data", "1"}, {"requests", "1"}, {"bandwidth", "1"}, {"storage", "1"}});
    REQUIRE(unknown.errors.size() == 1);
    CHECK(unknown.errors[0].code == std::string("unknown_field"));
    CHECK(unknown.errors[0].path == "/lines/0/usage/storage");

    auto wrong_unit = price_plan({{"data", {{"quantity", "1"}, {"unit", "Gbps95"}}}, {"requests", "1"}, {"bandwidth", "1"}});
    REQUIRE(wrong_unit.errors.size() == 1);
    CHECK(wrong_unit.errors[0].code == std::string("unit_dimension_mismatch"));
    CHECK(wrong_unit.errors[0].path == "/lines/0/usage/data/unit");

    const auto book = test::load(plan_book());
    auto no_usage = edgequote::price_json(book, test::quote_for(json::array({{{"sku", "plan"}}})).dump());
    REQUIRE(no_usage.errors.size() == 1);
    CHECK(no_usage.errors[0].path == "/lines/0/usage");

    auto usage_on_other = edgequote::price_json(
        book, test::quote_for(json::array({{{"sku", "item"}, {"quantity", "1"}, {"usage", {{"data", "1"}}}}})).dump());
    REQUIRE(usage_on_other.errors.size() == 1);
    CHECK(usage_on_other.errors[0].code == std::string("unknown_field"));
    CHECK(usage_on_other.errors[0].path == "/lines/0/usage");

    // A tier that allows less of a limit than the one before, or no more of any, could never be chosen.
    json shrinking = plan_book();
    shrinking["products"][1]["price"]["tiers"][1]["up_to"]["requests"] = "50";
    auto result = edgequote::parse_pricebook(shrinking.dump());
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].code == std::string("tiers_not_increasing"));
    CHECK(result.errors[0].path == "/products/1/price/tiers/1/up_to/requests");

    json same = plan_book();
    same["products"][1]["price"]["tiers"][1]["up_to"] = same["products"][1]["price"]["tiers"][0]["up_to"];
    auto same_result = edgequote::parse_pricebook(same.dump());
    REQUIRE(same_result.errors.size() == 1);
    CHECK(same_result.errors[0].path == "/products/1/price/tiers/1/up_to");

    json regional = plan_book();
    regional["products"][1]["regional"] = true;
    auto regional_result = edgequote::parse_pricebook(regional.dump());
    REQUIRE(regional_result.errors.size() == 1);
    CHECK(regional_result.errors[0].code == std::string("region_not_applicable"));
}

TEST_CASE("plan: a last tier without bounds takes any usage") {
    json book = plan_book();
    book["products"][1]["price"]["tiers"].push_back({{"name", "Custom"}, {"up_to", nullptr}, {"amount", "20000"}});
    const auto loaded = test::load(book);
    auto priced = edgequote::price_json(
        loaded, test::quote_for(json::array({plan_line(usage("1000000000000000000", "1", "1"))})).dump());
    REQUIRE(priced.errors.empty());
    CHECK(priced.lines[0].plan->tier == 4);
    CHECK(priced.lines[0].plan->chosen_by == std::vector<std::string>{"data"});
    CHECK(priced.lines[0].list.to_fixed(2) == "20000.00");
}
