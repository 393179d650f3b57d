// The example quotes in pricebooks/examples/, priced against the sample book. Key figures are
// checked against the hand-worked arithmetic in pricebooks/examples/EXPECTED.md; the whole
// output is compared byte for byte with a committed golden file (tests/core/golden/).
// To accept a deliberate output change: EDGEQUOTE_UPDATE_GOLDEN=1 core_tests "[golden]".
#include <cstdlib>
#include <fstream>

#include "support.hpp"

namespace {

std::string priced_example(const std::string& name) {
    auto loaded = edgequote::parse_pricebook(test::read_text("pricebooks/edge-cdn.json"));
    REQUIRE(loaded.book.has_value());
    auto priced = edgequote::price_json(*loaded.book, test::read_text("pricebooks/examples/" + name + ".json"));
    for (const auto& e : priced.errors) FAIL_CHECK(e.code << " at " << e.path << ": " << e.message);
    return edgequote::write_priced_quote(priced) + "\n";
}

void check_golden(const std::string& name, const std::string& actual) {
    const std::string path = "tests/core/golden/" + name + ".priced.json";
    if (std::getenv("EDGEQUOTE_UPDATE_GOLDEN")) {
        std::ofstream(std::string(EDGEQUOTE_SOURCE_DIR) + "/" + path, std::ios::binary) << actual;
        WARN("updated " << path);
        return;
    }
    CHECK(actual == test::read_text(path));
}

test::json totals_of(const std::string& priced) { return test::json::parse(priced)["totals"]; }

}  // namespace

TEST_CASE("example: an ordinary in-band enterprise deal needs no approval", "[golden]") {
    const std::string priced = priced_example("enterprise-in-band");
    const auto json = test::json::parse(priced);
    // EXPECTED.md: list 12,760.00, net 11,495.22 (9.91% off list, 1.19% of it the rep's own).
    CHECK(json["totals"]["list_monthly"] == "12760.00");
    CHECK(json["totals"]["net_monthly"] == "11495.22");
    CHECK(json["totals"]["discount_pct"] == "9.91");
    CHECK(json["totals"]["discretionary_discount_pct"] == "1.19");
    CHECK(json["guidance"].empty());
    CHECK(json["approval"]["level"] == "rep");
    CHECK(json["approval"]["next"]["rule"] == "discount-over-10");
    CHECK(json["approval"]["next"]["distance"] == "8.81");
    check_golden("enterprise-in-band", priced);
}

TEST_CASE("example: a Fortune 500 prospect quoted about $250/month is flagged as under-quoted", "[golden]") {
    const std::string priced = priced_example("f500-underquote");
    const auto json = test::json::parse(priced);
    // EXPECTED.md: list 405.00, net 250.09; under the 12,000–40,000 Fortune 500 band; VP.
    CHECK(json["totals"]["list_monthly"] == "405.00");
    CHECK(json["totals"]["net_monthly"] == "250.09");
    REQUIRE(json["guidance"].size() == 1);
    CHECK(json["guidance"][0]["code"] == "under_segment_band");
    CHECK(json["guidance"][0]["severity"] == "critical");
    CHECK(json["approval"]["level"] == "vp");
    check_golden("f500-underquote", priced);
}

TEST_CASE("example: $5k/month against a $75k/month incumbent is far under the incumbent band", "[golden]") {
    const std::string priced = priced_example("displacement-underquote");
    const auto json = test::json::parse(priced);
    CHECK(json["totals"]["net_monthly"] == "5075.37");
    bool far_under = false;
    for (const auto& finding : json["guidance"])
        if (finding["code"] == "far_under_incumbent") {
            far_under = true;
            CHECK(finding["value"] == "6.77");  // 5,075.37 / 75,000 = 6.77% of what they pay today
        }
    CHECK(far_under);
    CHECK(json["approval"]["level"] == "vp");
    check_golden("displacement-underquote", priced);
}

TEST_CASE("example: a Business bundle deal with overage and onboarding", "[golden]") {
    const std::string priced = priced_example("business-starter");
    const auto totals = totals_of(priced);
    CHECK(totals["list_monthly"] == "5420.00");
    CHECK(totals["net_monthly"] == "5149.00");
    CHECK(totals["one_time"] == "2500.00");
    check_golden("business-starter", priced);
}

TEST_CASE("example: a 36-month ramp is priced period by period, TCV over every period", "[golden]") {
    const std::string priced = priced_example("ramped-enterprise");
    const auto json = test::json::parse(priced);
    // EXPECTED.md: months 1–12 at 12,719.82, 13–24 at 16,513.18, 25–36 at 20,140.32 a month;
    // TCV 152,637.84 + 198,158.16 + 241,683.84 = 592,479.84; average month 16,457.77.
    const auto& periods = json["ramp"]["periods"];
    REQUIRE(periods.size() == 3);
    CHECK(periods[0]["net_monthly"] == "12719.82");
    CHECK(periods[1]["net_monthly"] == "16513.18");
    CHECK(periods[2]["net_monthly"] == "20140.32");
    CHECK(periods[1]["lines"][1]["list"] == "1400.80");  // 100,000 blocks × 0.01 + 501 blocks × 0.80
    CHECK(json["totals"]["tcv"] == "592479.84");
    CHECK(json["totals"]["net_monthly"] == "12719.82");
    CHECK(json["ramp"]["average_net_monthly"] == "16457.77");
    CHECK(json["ramp"]["guidance_basis"] == "average");
    CHECK(json["as_of"] == "2026-12-01");
    CHECK(json["guidance"].empty());
    CHECK(json["approval"]["level"] == "rep");
    check_golden("ramped-enterprise", priced);
}
