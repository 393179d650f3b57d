// Guidance findings that say how far: the dollar distance from the net to the edge of the band,
// of the incumbent's range or of the cost. Every expected figure is worked by hand beside its row
// from the book below (one product "item" at $10,000 a unit, costing $2,000 a unit to serve).
#include <algorithm>

#include "support.hpp"

using test::json;

namespace {

json advised_book() {
    json book = test::book_with({{"model", "per_unit"}, {"unit_price", "10000"}});
    book["products"].push_back({{"sku", "setup"}, {"name", "Setup"}, {"category", "services"}, {"unit", "unit"},
                                {"billing", "one_time"}, {"price", {{"model", "flat"}, {"amount", "1000"}}}});
    book["internal"] = {
        {"costs", {{"item", {{"model", "per_unit"}, {"unit_price", "2000"}}},
                   {"setup", {{"model", "flat"}, {"amount", "3000"}}}}},
        {"guidance", {{"deal_bands", {{"f500", {{"low", "12000"}, {"target", "25000"}, {"high", "40000"}}},
                                      {"smb", {{"low", "100"}, {"target", "1000"}, {"high", "5000"}}}}},
                      {"incumbent", {{"low_pct", "60"}, {"high_pct", "100"}}}}},
        {"approval", {{"levels", json::array({"rep", "deal_desk"})},
                      {"rules", json::array({{{"id", "below-cost"}, {"metric", "finding"}, {"finding", "below_cost"},
                                              {"level", "deal_desk"}, {"message", "Under cost."}}})}}}};
    return book;
}

struct Deal {
    const char* segment;
    const char* quantity;
    const char* discount;
    const char* incumbent;  // "" for none
    bool setup;             // with the one-time setup line ($1,000 list, $3,000 cost)
};

edgequote::PricedQuote advise(const Deal& deal) {
    json lines = json::array({{{"sku", "item"}, {"quantity", deal.quantity}, {"discount_pct", deal.discount}}});
    if (deal.setup) lines.push_back({{"sku", "setup"}});
    json quote = test::quote_for(lines);
    quote["customer"]["segment"] = deal.segment;
    if (*deal.incumbent) quote["customer"]["incumbent_monthly"] = deal.incumbent;
    return test::price(advised_book(), quote);
}

const edgequote::Finding* finding(const edgequote::PricedQuote& priced, const std::string& code) {
    auto it = std::find_if(priced.guidance.begin(), priced.guidance.end(),
                           [&](const edgequote::Finding& f) { return f.code == code; });
    return it == priced.guidance.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("band and incumbent findings say in dollars how far the net is from the edge they crossed") {
    auto [deal, code, words] = GENERATE(table<Deal, std::string, std::string>({
        // 10,000 at 97.5% off = 250.00; the band's low is 12,000: 12,000 − 250 = 11,750.00.
        {{"f500", "1", "97.5", "", false}, "under_segment_band", "Raise the net by $11,750.00 to reach the band's low"},
        // 1.19 units = 11,900.00, just under the low: 100.00 short.
        {{"f500", "1.19", "0", "", false}, "under_segment_band", "Raise the net by $100.00 to reach the band's low"},
        // 10,000 against an SMB high of 5,000: 5,000.00 above it.
        {{"smb", "1", "0", "", false}, "over_segment_band", "$10,000.00/month is $5,000.00 above the usual SMB band"},
        // 6 units = 60,000, over 10× the high (50,000): 55,000.00 over the high.
        {{"smb", "6", "0", "", false}, "far_over_segment_band", "$55,000.00 over its high"},
        // 5,000 against an incumbent at 75,000: 60% of it is 45,000, 40,000.00 to go.
        {{"f500", "1", "50", "75000", false}, "far_under_incumbent", "Raise the net by $40,000.00 to reach 60% of it."},
        // 10,000 against an incumbent at 8,000: 100% of it is 8,000, 2,000.00 over.
        {{"f500", "1", "0", "8000", false}, "over_incumbent", "Lower the net by $2,000.00 to come down to 100% of it."},
    }));
    auto priced = advise(deal);
    CAPTURE(code, words);
    const auto* found = finding(priced, code);
    REQUIRE(found != nullptr);
    CHECK(found->message.find(words) != std::string::npos);
}

TEST_CASE("no band finding exactly on the band's edges") {
    // 1.2 units = 12,000.00: the f500 band's low itself. 4 units = 40,000.00: its high itself.
    for (const char* quantity : {"1.2", "4"}) {
        auto priced = advise({"f500", quantity, "0", "", false});
        CAPTURE(quantity);
        CHECK(finding(priced, "under_segment_band") == nullptr);
        CHECK(finding(priced, "over_segment_band") == nullptr);
    }
}

TEST_CASE("a quote under what it costs to serve is a critical below_cost finding, with the loss in dollars") {
    auto [deal, loss_words, margin_words] = GENERATE(table<Deal, std::string, std::string>({
        // 10,000 at 85% off = 1,500 against a cost of 2,000: loses 500.00; margin (1,500 − 2,000) / 1,500 = −33.33%.
        {{"smb", "1", "85", "", false}, "the deal loses $500.00 a month", "(margin -33.33%)"},
        // 80.01% off = 1,999.00: one dollar under the cost.
        {{"smb", "1", "80.01", "", false}, "the deal loses $1.00 a month", "(margin -0.05%)"},
        // 100% off: nothing earned, 2,000.00 lost; no margin of a zero net.
        {{"smb", "1", "100", "", false}, "the deal loses $2,000.00 a month.", ""},
        // Monthly 2,500 (75% off) covers its 2,000, but the one-time setup (1,000 list, 3,000 cost)
        // does not: 3,500 earned against 5,000 of cost loses 1,500.00; margin −1,500 / 3,500 = −42.86%.
        {{"smb", "1", "75", "", true}, "$3,500.00 (monthly and one-time charges) is under the $5,000.00 it costs to deliver: the deal loses $1,500.00", "(margin -42.86%)"},
    }));
    auto priced = advise(deal);
    CAPTURE(loss_words);
    const auto* found = finding(priced, "below_cost");
    REQUIRE(found != nullptr);
    CHECK(found->severity == "critical");
    CHECK(found->message.find(loss_words) != std::string::npos);
    if (!margin_words.empty()) CHECK(found->message.find(margin_words) != std::string::npos);
    CHECK(found->message.find("just to break even") != std::string::npos);
    // An approval rule may name the finding (the book's parser knows the code).
    CHECK(priced.approval.level == "deal_desk");
}

TEST_CASE("a quote that covers its cost exactly, or more, has no below_cost finding") {
    // 80% off = 2,000.00: exactly the cost. 0% off = 10,000.00: well above.
    for (const char* discount : {"80", "0"}) {
        auto priced = advise({"smb", "1", discount, "", false});
        CAPTURE(discount);
        CHECK(finding(priced, "below_cost") == nullptr);
        CHECK(priced.approval.level == "rep");
    }
}
