// Ramped deals (pricebooks/README.md, "Ramps"): periods of months, each priced as a month of
// its own; the contract value sums the periods; approval reads the contract; guidance the
// average month. Expected values worked by hand beside each check.
#include "support.hpp"

using test::json;

namespace {

// item: 2.00 per unit; setup: 500 once; a 12-month term takes 10% off item (not setup).
// Approval: manager past a TCV of 3,000.
json ramp_book() {
    json book = test::book_with({{"model", "per_unit"}, {"unit_price", "2.00"}});
    book["products"].push_back({{"sku", "setup"}, {"name", "Setup"}, {"category", "services"}, {"unit", "unit"},
                                {"billing", "one_time"}, {"term_discount", false},
                                {"price", {{"model", "flat"}, {"amount", "500"}}}});
    book["internal"] = {{"approval", {{"levels", json::array({"rep", "manager"})},
                                      {"rules", json::array({{{"id", "tcv-3k"}, {"metric", "tcv"}, {"op", ">"},
                                                              {"threshold", "3000"}, {"level", "manager"}}})}}}};
    return book;
}

json item(const char* quantity) { return {{"sku", "item"}, {"quantity", quantity}}; }

json ramped(json lines, json periods) {
    json quote = test::quote_for(std::move(lines), 12);
    quote["periods"] = std::move(periods);
    return quote;
}

edgequote::PricedQuote price(const json& quote) {
    const auto book = test::load(ramp_book());
    return edgequote::price_json(book, quote.dump());
}

}  // namespace

TEST_CASE("ramp: each period is priced as its own month and TCV sums the periods") {
    // Months 1–6: 100 × 2.00 = 200.00 list, less 10% term = 180.00 net.
    // Months 7–12: 200 × 2.00 = 400.00 list, 360.00 net.
    // TCV = 180 × 6 + 360 × 6 = 1,080 + 2,160 = 3,240.00; average month 3,240 / 12 = 270.00.
    auto priced = price(ramped(json::array({item("100")}),
                               json::array({{{"from_month", 1}, {"to_month", 6}},
                                            {{"from_month", 7}, {"to_month", 12}, {"lines", json::array({item("200")})}}})));
    REQUIRE(priced.errors.empty());
    REQUIRE(priced.periods.size() == 2);
    CHECK(priced.periods[0].net_monthly.to_fixed(2) == "180.00");
    CHECK(priced.periods[0].value.to_fixed(2) == "1080.00");
    CHECK(priced.periods[1].list_monthly.to_fixed(2) == "400.00");
    CHECK(priced.periods[1].net_monthly.to_fixed(2) == "360.00");
    CHECK(priced.periods[1].value.to_fixed(2) == "2160.00");
    CHECK(priced.totals.tcv.to_fixed(2) == "3240.00");
    // The shown lines and monthly totals are the first period's.
    CHECK(priced.totals.net_monthly.to_fixed(2) == "180.00");
    CHECK(priced.average_net_monthly->to_fixed(2) == "270.00");
    CHECK(priced.guidance_basis == "average");
    // Approval reads the contract: 3,240 > 3,000 (the first month × 12 = 2,160 would not fire).
    CHECK(priced.approval.level == "manager");
    REQUIRE(priced.approval.fired.size() == 1);
    CHECK(priced.approval.fired[0].value->to_fixed(2) == "3240.00");

    const auto out = json::parse(edgequote::write_priced_quote(priced));
    CHECK(out["ramp"]["guidance_basis"] == "average");
    CHECK(out["ramp"]["average_net_monthly"] == "270.00");
    CHECK(out["ramp"]["periods"][1]["from_month"] == 7);
    CHECK(out["ramp"]["periods"][1]["months"] == 6);
    CHECK(out["ramp"]["periods"][1]["value"] == "2160.00");
    CHECK(out["ramp"]["periods"][1]["lines"][0]["net"] == "360.00");
    CHECK(out["totals"]["tcv"] == "3240.00");
}

TEST_CASE("ramp: one-time lines bill once per list of lines") {
    // The quote's lines (item 100 + setup) in both periods: setup bills once.
    // TCV = 180 × 12 + 500 = 2,660.00.
    auto shared = price(ramped(json::array({item("100"), {{"sku", "setup"}}}),
                               json::array({{{"from_month", 1}, {"to_month", 6}}, {{"from_month", 7}, {"to_month", 12}}})));
    REQUIRE(shared.errors.empty());
    CHECK(shared.periods[0].one_time.to_fixed(2) == "500.00");
    CHECK(shared.periods[1].one_time.to_fixed(2) == "0.00");
    CHECK(shared.totals.tcv.to_fixed(2) == "2660.00");
    CHECK(shared.approval.level == "rep");  // 2,660 ≤ 3,000
    // A period's own lines bill their own one-time lines: 180 × 6 + 500 + (360 × 6 + 500) = 4,240.00.
    auto own = price(ramped(json::array({item("100"), {{"sku", "setup"}}}),
                            json::array({{{"from_month", 1}, {"to_month", 6}},
                                         {{"from_month", 7}, {"to_month", 12},
                                          {"lines", json::array({item("200"), {{"sku", "setup"}}})}}})));
    REQUIRE(own.errors.empty());
    CHECK(own.totals.tcv.to_fixed(2) == "4240.00");
}

TEST_CASE("ramp: one period over the whole term prices as the quote without periods") {
    const json lines = json::array({item("100"), {{"sku", "setup"}}});
    auto plain = price(test::quote_for(lines, 12));
    auto one = price(ramped(lines, json::array({{{"from_month", 1}, {"to_month", 12}}})));
    REQUIRE(one.errors.empty());
    CHECK(one.totals.tcv == plain.totals.tcv);  // 180 × 12 + 500 = 2,660.00
    CHECK(one.totals.tcv.to_fixed(2) == "2660.00");
    CHECK(one.totals.net_monthly == plain.totals.net_monthly);
}

TEST_CASE("ramp: periods must cover the term in order, and errors in a period's lines carry its path") {
    auto [periods, code, path] = GENERATE(table<json, std::string, std::string>({
        {json::array({{{"from_month", 1}, {"to_month", 6}}, {{"from_month", 8}, {"to_month", 12}}}),
         "periods_not_contiguous", "/periods/1/from_month"},   // a gap: month 7
        {json::array({{{"from_month", 1}, {"to_month", 6}}, {{"from_month", 6}, {"to_month", 12}}}),
         "periods_not_contiguous", "/periods/1/from_month"},   // month 6 twice
        {json::array({{{"from_month", 2}, {"to_month", 12}}}), "periods_not_contiguous", "/periods/0/from_month"},
        {json::array({{{"from_month", 1}, {"to_month", 6}}}), "periods_not_contiguous", "/periods/0/to_month"},  // short
        {json::array({{{"from_month", 1}, {"to_month", 13}}}), "periods_not_contiguous", "/periods/0/to_month"},  // past the term
        {json::array({{{"from_month", 1}, {"to_month", 6}},
                      {{"from_month", 7}, {"to_month", 12}, {"lines", json::array({{{"sku", "nope"}, {"quantity", "1"}}})}}}),
         "unknown_sku", "/periods/1/lines/0/sku"},
        {json::array({{{"from_month", 1}, {"to_month", 12}, {"commit", {{"monthly_spend", "-1"}}}}}),
         "negative_value", "/periods/0/commit/monthly_spend"},
    }));
    CAPTURE(periods.dump());
    auto priced = price(ramped(json::array({item("100")}), periods));
    REQUIRE(priced.errors.size() == 1);
    CHECK(priced.errors[0].code == code);
    CHECK(priced.errors[0].path == path);
}

namespace {

// ramp_book's item as a premium feature (floor 70% of list, target 90%), with two line-level
// approval rules: a manager past 25% off any line, a director for any line under its floor.
json line_rules_book() {
    json book = ramp_book();
    book["products"][0]["premium"] = true;
    book["internal"] = {
        {"guidance", {{"features", {{"item", {{"default", {{"target_pct", "90"}, {"floor_pct", "70"}}}}}}}}},
        {"approval", {{"levels", json::array({"rep", "manager", "director"})},
                      {"rules", json::array({{{"id", "line-25"}, {"metric", "max_line_discount_pct"}, {"op", ">"},
                                              {"threshold", "25"}, {"level", "manager"}},
                                             {{"id", "under-floor"}, {"metric", "lines_under_floor"}, {"op", ">"},
                                              {"threshold", "0"}, {"level", "director"}}})}}}};
    return book;
}

const edgequote::RuleCheck& check_of(const edgequote::PricedQuote& priced, const std::string& rule) {
    for (const auto& check : priced.approval.checks)
        if (check.rule == rule) return check;
    FAIL("no check for rule " << rule);
    return priced.approval.checks.front();
}

}  // namespace

TEST_CASE("ramp: line-level approval reads every period's lines, not only the first period's") {
    // Months 1–6: item 100 at list 200.00, the 12-month term's 10% off: 180.00, 10% off list,
    // over its floor (70% of 200.00 = 140.00). Months 7–12: the same line with 25% off by the rep:
    // 180.00 × 0.75 = 135.00, i.e. (200 − 135) / 200 = 32.50% off list, under the 140.00 floor.
    // The deepest line discount over the periods (32.50 > 25) and the most lines under floor in
    // one period (1 > 0) drive the approval: director. (The first period alone: 10% and 0, rep.)
    const auto book = test::load(line_rules_book());
    json discounted = item("100");
    discounted["discount_pct"] = "25";
    const json quote = ramped(json::array({item("100")}),
                              json::array({{{"from_month", 1}, {"to_month", 6}},
                                           {{"from_month", 7}, {"to_month", 12}, {"lines", json::array({discounted})}}}));
    auto priced = edgequote::price_json(book, quote.dump());
    REQUIRE(priced.errors.empty());
    REQUIRE(priced.periods.size() == 2);
    CHECK(priced.lines[0].discount_pct.to_fixed(2) == "10.00");         // the shown lines are the first period's
    CHECK(priced.periods[1].lines[0].net.to_fixed(2) == "135.00");
    CHECK(priced.periods[1].lines[0].discount_pct.to_fixed(2) == "32.50");
    CHECK(priced.periods[1].lines[0].under_floor);
    CHECK(check_of(priced, "line-25").fired);
    CHECK(check_of(priced, "line-25").value->to_fixed(2) == "32.50");
    CHECK(check_of(priced, "under-floor").fired);
    CHECK(check_of(priced, "under-floor").value->to_fixed(0) == "1");
    CHECK(priced.approval.level == "director");

    // The same discount in the first period instead: the same verdict (the rule does not care
    // which year the discount is in).
    const json first = ramped(json::array({item("100")}),
                              json::array({{{"from_month", 1}, {"to_month", 6}, {"lines", json::array({discounted})}},
                                           {{"from_month", 7}, {"to_month", 12}}}));
    auto early = edgequote::price_json(book, first.dump());
    REQUIRE(early.errors.empty());
    CHECK(check_of(early, "line-25").value->to_fixed(2) == "32.50");
    CHECK(early.approval.level == "director");

    // No discount anywhere: 10% off list in both periods, nothing under floor: the rep's call.
    auto calm = edgequote::price_json(book, ramped(json::array({item("100")}),
                                                   json::array({{{"from_month", 1}, {"to_month", 6}},
                                                                {{"from_month", 7}, {"to_month", 12}}})).dump());
    REQUIRE(calm.errors.empty());
    CHECK(check_of(calm, "line-25").value->to_fixed(2) == "10.00");
    CHECK_FALSE(check_of(calm, "under-floor").fired);
    CHECK(calm.approval.level == "rep");
}
