// Quote-level semantics: regions and mixes, bundle allowances, shared ladders, the waterfall,
// minimums and commits, guidance and approval. Expected figures are worked by hand beside
// each check from the rules in pricebooks/README.md ("Pricing semantics").
#include "support.hpp"

using test::json;

namespace {

// Delivery per GB, graduated: first 10 TB at 0.08, next 40 TB at 0.06, beyond at 0.04;
// Europe at 0.09 / 0.07 / 0.05.
json delivery_book(const char* scope = "per_region") {
    json book = test::book_with({{"model", "flat"}, {"amount", "1000"}});
    book["products"].push_back(
        {{"sku", "cdn"}, {"name", "Delivery"}, {"category", "delivery"}, {"unit", "GB"}, {"regional", true},
         {"tier_scope", scope}, {"commit_discount", true},
         {"price", {{"model", "graduated"},
                    {"tiers", json::array({{{"up_to", "10000"}, {"unit_price", "0.08"}},
                                           {{"up_to", "50000"}, {"unit_price", "0.06"}},
                                           {{"up_to", nullptr}, {"unit_price", "0.04"}}})}}},
         {"region_prices", {{"eu", {{"model", "graduated"},
                                    {"tiers", json::array({{{"up_to", "10000"}, {"unit_price", "0.09"}},
                                                           {{"up_to", "50000"}, {"unit_price", "0.07"}},
                                                           {{"up_to", nullptr}, {"unit_price", "0.05"}}})}}}}}});
    return book;
}

json line(const char* sku, const char* quantity, json extra = json::object()) {
    json l = {{"sku", sku}, {"quantity", quantity}};
    for (auto it = extra.begin(); it != extra.end(); ++it) l[it.key()] = *it;
    return l;
}

std::string money(const edgequote::Decimal& d) { return d.to_fixed(2); }

}  // namespace

TEST_CASE("a region mix splits the total; per-region tiers restart in each region") {
    // 100 TB = 100,000 GB: NA 70,000, EU 20,000, APAC 10,000 (APAC has no override: default price).
    // NA: 10,000×0.08 + 40,000×0.06 + 20,000×0.04 = 800 + 2,400 + 800 = 4,000
    // EU: 10,000×0.09 + 10,000×0.07 = 900 + 700 = 1,600;  APAC: 10,000×0.08 = 800.  Total 6,400.
    auto priced = test::price(delivery_book(), test::quote_for(json::array(
        {line("cdn", "100", {{"unit", "TB"}, {"region_mix", {{"na", "70"}, {"eu", "20"}, {"apac", "10"}}}})})));
    REQUIRE(priced.lines.size() == 1);
    CHECK(money(priced.lines[0].list) == "6400.00");
    CHECK(priced.lines[0].tiers.size() == 6);
    CHECK(priced.lines[0].priced_quantity.to_string() == "100000");
}

TEST_CASE("tiers counted across regions fill one ladder in book region order") {
    // all_regions: NA 70,000 GB takes tiers 1–3 (800 + 2,400 + 20,000×0.04 = 4,000), then EU
    // 20,000 and APAC 10,000 are all past 50,000: 20,000×0.05 + 10,000×0.04 = 1,000 + 400. Total 5,400.
    auto priced = test::price(delivery_book("all_regions"), test::quote_for(json::array(
        {line("cdn", "100", {{"unit", "TB"}, {"region_mix", {{"na", "70"}, {"eu", "20"}, {"apac", "10"}}}})})));
    CHECK(money(priced.lines.at(0).list) == "5400.00");
}

TEST_CASE("lines of one SKU share the ladder, so splitting a line does not restart the tiers") {
    const json book = delivery_book();
    auto whole = test::price(book, test::quote_for(json::array({line("cdn", "60000", {{"region", "na"}})})));
    auto split = test::price(book, test::quote_for(json::array(
        {line("cdn", "25000", {{"region", "na"}}), line("cdn", "35000", {{"region", "na"}})})));
    // 60,000 GB in NA: 800 + 2,400 + 10,000×0.04 = 3,600. Split: the first 25,000 → 800 + 900 = 1,700;
    // the next 35,000 → 25,000×0.06 + 10,000×0.04 = 1,500 + 400 = 1,900.
    CHECK(money(whole.lines.at(0).list) == "3600.00");
    CHECK(money(split.lines.at(0).list) == "1700.00");
    CHECK(money(split.lines.at(1).list) == "1900.00");
    CHECK(money(split.totals.list_monthly) == money(whole.totals.list_monthly));
}

TEST_CASE("bundle allowances come off before tier math, in book region order") {
    json book = delivery_book();
    book["bundles"] = json::array({{{"id", "biz"}, {"name", "Business"}, {"price", "500"},
                                    {"includes", json::array({{{"sku", "cdn"}, {"quantity", "15"}, {"unit", "TB"}}})},
                                    {"options", json::array({"item"})}}});
    json quote = test::quote_for(json::array(
        {line("cdn", "30", {{"unit", "TB"}, {"region_mix", {{"na", "50"}, {"eu", "50"}}}})}));
    quote["bundle"] = "biz";
    auto priced = test::price(book, quote);
    // Lines: the bundle fee, then delivery. 15,000 GB of allowance all comes off NA (first in the
    // book): NA bills 0, EU bills 15,000: 10,000×0.09 + 5,000×0.07 = 1,250.
    REQUIRE(priced.lines.size() == 2);
    CHECK(priced.lines[0].kind == edgequote::LineKind::bundle);
    CHECK(money(priced.lines[0].list) == "500.00");
    CHECK(priced.lines[1].allowance.to_string() == "15000");
    CHECK(money(priced.lines[1].list) == "1250.00");
    CHECK(money(priced.totals.list_monthly) == "1750.00");
}

TEST_CASE("the waterfall: list, term, rep, quote discount, each step rounded, adding up to net") {
    // item: flat 1,000. 12 months: term 10% → -100.00 → 900.00; rep 5% → -45.00 → 855.00;
    // quote 3% → -25.65 → 829.35.
    json quote = test::quote_for(json::array({line("item", "1", {{"discount_pct", "5"}})}), 12);
    quote["discount_pct"] = "3";
    auto priced = test::price(delivery_book(), quote);
    const auto& l = priced.lines.at(0);
    REQUIRE(l.waterfall.size() == 5);
    CHECK(l.waterfall[0].step == "list");
    CHECK(l.waterfall[1].step == "term");
    CHECK(money(l.waterfall[1].amount) == "-100.00");
    CHECK(l.waterfall[2].step == "rep");
    CHECK(money(l.waterfall[2].amount) == "-45.00");
    CHECK(l.waterfall[3].step == "quote");
    CHECK(money(l.waterfall[3].amount) == "-25.65");
    CHECK(l.waterfall[4].step == "net");
    CHECK(money(l.net) == "829.35");
    CHECK(l.discount_pct.to_fixed(2) == "17.07");  // 170.65 / 1,000 = 17.065% → 17.07
    CHECK(money(priced.totals.tcv) == "9952.20");  // 829.35 × 12
}

TEST_CASE("a target net sets the rep step and is not discounted again by the quote discount") {
    json quote = test::quote_for(json::array({line("item", "1", {{"target_net", "750"}})}));
    quote["discount_pct"] = "10";
    auto priced = test::price(delivery_book(), quote);
    const auto& l = priced.lines.at(0);
    CHECK(money(l.net) == "750.00");
    CHECK(l.waterfall.at(1).step == "rep");
    CHECK(l.waterfall.at(1).pct->to_fixed(2) == "25.00");
}

TEST_CASE("a commit discounts eligible lines and trues up a shortfall") {
    json book = delivery_book();
    book["commits"] = json::array({{{"id", "c5k"}, {"min_monthly", "5000"}, {"discount_pct", "10"}}});
    json quote = test::quote_for(json::array({line("cdn", "50", {{"unit", "TB"}, {"region", "na"}})}));
    quote["commit"] = {{"monthly_spend", "5000"}};
    auto priced = test::price(book, quote);
    // 50,000 GB NA: 800 + 2,400 = 3,200 list; commit 10% → 2,880 net; commitment 5,000 → true-up 2,120.
    REQUIRE(priced.lines.size() == 2);
    CHECK(money(priced.lines[0].net) == "2880.00");
    CHECK(priced.lines[1].kind == edgequote::LineKind::true_up);
    CHECK(money(priced.lines[1].net) == "2120.00");
    CHECK(money(priced.totals.net_monthly) == "5000.00");
}

TEST_CASE("a product's monthly minimum adds a true-up line (Fastly-style $50 minimum)") {
    json book = delivery_book();
    book["products"][1]["minimum_monthly"] = "50";
    auto priced = test::price(book, test::quote_for(json::array({line("cdn", "100", {{"region", "na"}})})));
    // 100 GB × 0.08 = 8.00; shortfall 42.00.
    REQUIRE(priced.lines.size() == 2);
    CHECK(money(priced.lines[1].list) == "42.00");
    CHECK(money(priced.totals.net_monthly) == "50.00");
}

TEST_CASE("a quantity past a bounded last tier asks for sales, with the line's path") {
    json book = test::book_with({{"model", "graduated"},
                                 {"tiers", json::array({{{"up_to", "100"}, {"unit_price", "1"}}})}});
    const auto loaded = test::load(book);
    auto priced = edgequote::price_json(loaded, test::quote_for(json::array({line("item", "100.5")})).dump());
    REQUIRE(priced.errors.size() == 1);
    CHECK(priced.errors[0].code == "quantity_beyond_last_tier");
    CHECK(priced.errors[0].path == "/lines/0/quantity");
    auto edge = edgequote::price_json(loaded, test::quote_for(json::array({line("item", "100")})).dump());
    CHECK(edge.errors.empty());
}

namespace {
json governed_book() {
    json book = test::book_with({{"model", "flat"}, {"amount", "10000"}});
    book["products"][0]["premium"] = true;
    book["internal"] = {
        {"costs", {{"item", {{"model", "flat"}, {"amount", "2000"}}}}},
        {"guidance", {{"deal_bands", {{"f500", {{"low", "12000"}, {"target", "25000"}, {"high", "40000"}}},
                                      {"smb", {{"low", "100"}, {"target", "1000"}, {"high", "5000"}}}}},
                      {"features", {{"item", {{"default", {{"target_pct", "90"}, {"floor_pct", "70"}}}}}}},
                      {"incumbent", {{"low_pct", "60"}, {"high_pct", "100"}}}}},
        {"approval", {{"levels", json::array({"rep", "manager", "director", "vp"})},
                      {"rules", json::array({
                          {{"id", "disc-10"}, {"metric", "overall_discount_pct"}, {"op", ">"}, {"threshold", "10"},
                           {"level", "manager"}, {"message", "Over 10% needs a manager."}},
                          {{"id", "disc-20"}, {"metric", "overall_discount_pct"}, {"op", ">"}, {"threshold", "20"},
                           {"level", "director"}, {"message", "Over 20% needs a director."}},
                          {{"id", "margin"}, {"metric", "margin_pct"}, {"op", "<"}, {"threshold", "50"},
                           {"level", "vp"}, {"message", "Margin under 50% needs a VP."}},
                          {{"id", "under-band"}, {"metric", "finding"}, {"finding", "under_segment_band"},
                           {"level", "director"}, {"message", "Under the segment band."}},
                          {{"id", "incumbent"}, {"metric", "finding"}, {"finding", "far_under_incumbent"},
                           {"level", "vp"}, {"message", "Far under the incumbent."}}})}}}};
    return book;
}

edgequote::PricedQuote governed(const char* discount, const char* segment = "smb",
                                std::optional<const char*> incumbent = std::nullopt) {
    json quote = test::quote_for(json::array({line("item", "1", {{"discount_pct", discount}})}));
    quote["customer"]["segment"] = segment;
    if (incumbent) quote["customer"]["incumbent_monthly"] = *incumbent;
    return test::price(governed_book(), quote);
}
}  // namespace

TEST_CASE("approval: a rule fires only strictly past its threshold") {
    // item list 10,000, cost 2,000. With smb bands (high 5,000) the over_segment finding is info only.
    auto [discount, level, next_rule, distance] = GENERATE(table<std::string, std::string, std::string, std::string>({
        {"0", "rep", "disc-10", "10"},         // 10 points of headroom before a manager
        {"10", "rep", "disc-10", "0"},         // exactly on the threshold: the rep's own call
        {"10.01", "manager", "disc-20", "9.99"},
        {"20", "manager", "disc-20", "0"},
        {"25", "director", "margin", "23.33"}, // net 7,500, margin (7,500−2,000)/7,500 = 73.33%: 23.33 above 50
    }));
    auto priced = governed(discount.c_str());
    CAPTURE(discount);
    CHECK(priced.approval.level == level);
    REQUIRE(priced.approval.next.has_value());
    CHECK(priced.approval.next->rule == next_rule);
    CHECK(priced.approval.next->distance->to_string() == distance);
}

TEST_CASE("approval: a fired rule says how far back under its threshold is") {
    auto priced = governed("22.5");
    REQUIRE(priced.approval.fired.size() == 2);
    CHECK(priced.approval.fired[1].rule == "disc-20");
    CHECK(priced.approval.fired[1].distance->to_string() == "2.5");  // "2.5 points less discount and no director"
    CHECK(priced.approval.level == "director");
}

TEST_CASE("guidance: a Fortune 500 quote far under its band is critical and needs a director") {
    // 10,000 list at 97.5% off = 250/month: (12,000 − 250) / 12,000 = 97.9% under the band's low.
    auto priced = governed("97.5", "f500");
    CHECK(money(priced.totals.net_monthly) == "250.00");
    REQUIRE_FALSE(priced.guidance.empty());
    CHECK(priced.guidance[0].code == "under_segment_band");
    CHECK(priced.guidance[0].severity == "critical");
    CHECK(priced.guidance[0].message.find("98%") != std::string::npos);
    CHECK(priced.guidance[0].message.find("Fortune 500") != std::string::npos);
    // The line is also under its floor (70% of 10,000 = 7,000), and margin is negative: VP.
    CHECK(priced.lines[0].under_floor);
    CHECK(priced.approval.level == "vp");
}

TEST_CASE("guidance: far under the incumbent's price is flagged, inside the band is not") {
    auto far = governed("50", "f500", "75000");  // 5,000 vs 75,000 = 6.67% of the incumbent
    bool flagged = false;
    for (const auto& f : far.guidance) flagged |= f.code == "far_under_incumbent";
    CHECK(flagged);
    auto fair = governed("0", "f500", "15000");  // 10,000 vs 15,000 = 66.67%: in the 60–100% band
    for (const auto& f : fair.guidance) CHECK(f.code != "far_under_incumbent");
}

TEST_CASE("the same inputs give the same bytes") {
    const json quote = test::quote_for(json::array(
        {line("cdn", "100", {{"unit", "TB"}, {"region_mix", {{"na", "70"}, {"eu", "20"}, {"apac", "10"}}}}),
         line("item", "1", {{"discount_pct", "12.5"}})}), 12);
    const auto book = test::load(delivery_book());
    const std::string first = edgequote::write_priced_quote(edgequote::price_json(book, quote.dump()));
    const std::string second = edgequote::write_priced_quote(edgequote::price_json(book, quote.dump()));
    CHECK(first == second);
    CHECK(first.find("\"list\":\"6400.00\"") != std::string::npos);
}

TEST_CASE("volume pricing: when a little more would cost less in total, a warning says so") {
    // Stripe tiers, volume: 10 units = 10×4 + 20 = 60; just past 10, all at 3 + 30 flat = 60 → no cliff.
    // 9 units = 9×4 + 20 = 56 vs the tier-3 price at the edge 10×3 + 30 = 60: no cliff.
    // With a 50 flat on tier 2 instead: 10 units = 90 vs 60 past the edge: a 30.00 cliff.
    json tiers = test::stripe_tiers();
    tiers[1]["flat"] = "50";
    const json book = test::book_with({{"model", "volume"}, {"tiers", tiers}});
    auto cliff = test::price(book, test::quote_for(json::array({line("item", "10")})));
    REQUIRE(cliff.warnings.size() == 1);
    CHECK(cliff.warnings[0].code == "volume_cliff");
    CHECK(cliff.warnings[0].path == "/lines/0/quantity");
    CHECK(cliff.warnings[0].message.find("$30.00") != std::string::npos);
    auto none = test::price(test::book_with({{"model", "volume"}, {"tiers", test::stripe_tiers()}}),
                            test::quote_for(json::array({line("item", "9")})));
    CHECK(none.warnings.empty());
}
