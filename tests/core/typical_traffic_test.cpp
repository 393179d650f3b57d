// Typical monthly traffic per segment (internal.guidance.typical_traffic): the engine's unit-slip
// check. The sample book's bands, in TB: SMB 0.1–20, mid-market 5–300, enterprise 20–3,000,
// Fortune 500 100–30,000; a delivery line more than 10x over the high edge, or under a hundredth
// of the low edge, is the warning unit_check. TB is 1,000 GB and PB 1,000,000 GB in this book.
#include <functional>

#include "edgequote/finding_codes.hpp"
#include "support.hpp"

using test::json;

namespace {

json sample_book() { return json::parse(test::read_text("pricebooks/edge-cdn.json")); }

json traffic_quote(const char* segment, const char* quantity, const char* unit) {
    return {{"schema_version", "1.0"},
            {"pricebook", {{"id", "edge-cdn"}, {"version", "2026.11.0"}}},
            {"customer", {{"name", "Test"}, {"segment", segment}}},
            {"term_months", 1},
            {"lines", json::array({{{"sku", "waf"}, {"quantity", "1"}},
                                   {{"sku", "delivery"}, {"quantity", quantity}, {"unit", unit}, {"region", "na"}}})}};
}

const edgequote::Finding* unit_check(const edgequote::PricedQuote& p) {
    for (const auto& f : p.guidance)
        if (f.code == edgequote::findings::unit_check) return &f;
    return nullptr;
}

}  // namespace

TEST_CASE("typical traffic: a line far off its segment's usual volume gets the unit_check warning") {
    const auto book = test::load(sample_book());
    struct Row {
        const char* segment;
        const char* quantity;
        const char* unit;
        const char* message;  // nullptr: no finding
    };
    const Row rows[] = {
        // 261 PB = 261,000,000 GB; enterprise high 3,000 TB = 3,000,000 GB; 261,000,000 / 3,000,000 = 87.
        {"enterprise", "261", "PB",
         "261 PB a month is 87× more than Enterprise customers usually deliver (20 TB–3 PB). Did you mean 261 TB?"},
        {"enterprise", "261", "TB", nullptr},                 // inside the band
        {"enterprise", "30000", "TB", nullptr},               // exactly 10x the high edge: not past it
        // 30,000.001 TB is just past 30,000 TB; 30,000,001 / 3,000,000 = 10.0000003 -> 10.
        {"enterprise", "30000.001", "TB",
         "30000.001 TB a month is 10× more than Enterprise customers usually deliver (20 TB–3 PB). Did you mean 30000.001 GB?"},
        // GB has no smaller unit: the suggestion is to check it. 30,000,001 GB / 3,000,000 -> 10.
        {"enterprise", "30000001", "GB",
         "30000001 GB a month is 10× more than Enterprise customers usually deliver (20 TB–3 PB). Check the unit."},
        // Huge: 1,000,000,000 PB = 10^15 GB; / 3,000,000 = 333,333,333.33 -> 333,333,333.
        {"enterprise", "1000000000", "PB",
         "1000000000 PB a month is 333,333,333× more than Enterprise customers usually deliver (20 TB–3 PB). "
         "Did you mean 1000000000 TB?"},
        // Under: the low edge is 20 TB = 20,000 GB; a hundredth of it is 200 GB, on the edge: fine.
        {"enterprise", "200", "GB", nullptr},
        {"enterprise", "0.2", "TB", nullptr},
        // Just under: 199.999 GB x 100 = 19,999.9 < 20,000.
        {"enterprise", "199.999", "GB",
         "199.999 GB a month is far below what Enterprise customers usually deliver (20 TB–3 PB). Did you mean 199.999 TB?"},
        // 0.19 TB = 190 GB; PB is the next larger unit.
        {"enterprise", "0.19", "TB",
         "0.19 TB a month is far below what Enterprise customers usually deliver (20 TB–3 PB). Did you mean 0.19 PB?"},
        // PB has no larger unit: 0.0001 PB = 100 GB.
        {"enterprise", "0.0001", "PB",
         "0.0001 PB a month is far below what Enterprise customers usually deliver (20 TB–3 PB). Check the unit."},
        {"enterprise", "0", "TB", nullptr},                   // nothing typed yet is not a slip
        // SMB's band 0.1–20 TB reads 100 GB–20 TB; 201 TB = 201,000 GB / 20,000 = 10.05 -> 10.
        {"smb", "201", "TB", "201 TB a month is 10× more than SMB customers usually deliver (100 GB–20 TB). Did you mean 201 GB?"},
        {"smb", "200", "TB", nullptr},                        // exactly 10x 20 TB
        // Mid-market 5–300 TB; 261 PB / 300 TB = 261,000,000 / 300,000 = 870.
        {"mid_market", "261", "PB",
         "261 PB a month is 870× more than Mid-market customers usually deliver (5 TB–300 TB). Did you mean 261 TB?"},
        // Fortune 500 100 TB–30 PB: 261 PB / 30 PB = 8.7: inside 10x, no warning.
        {"f500", "261", "PB", nullptr},
    };
    for (const Row& row : rows) {
        INFO(row.segment << " " << row.quantity << " " << row.unit);
        const auto p = edgequote::price_json(book, traffic_quote(row.segment, row.quantity, row.unit).dump());
        INFO((p.errors.empty() ? std::string() : p.errors[0].code + " " + p.errors[0].path));
        REQUIRE(p.errors.empty());
        const auto* f = unit_check(p);
        if (!row.message) {
            CHECK_FALSE(f);
            continue;
        }
        REQUIRE(f);
        CHECK(f->message == row.message);
        CHECK(f->severity == "warning");
        REQUIRE(f->line);
        CHECK(p.lines[*f->line].sku == "delivery");  // the priced line of the traffic, not the WAF before it
    }
}

TEST_CASE("typical traffic: a segment without a band, and a book without the section, are not checked") {
    json book = sample_book();
    book["internal"]["guidance"]["typical_traffic"]["bands"].erase("enterprise");
    auto p = edgequote::price_json(test::load(book), traffic_quote("enterprise", "261", "PB").dump());
    REQUIRE(p.errors.empty());
    CHECK_FALSE(unit_check(p));
    book["internal"]["guidance"].erase("typical_traffic");
    p = edgequote::price_json(test::load(book), traffic_quote("mid_market", "261", "PB").dump());
    REQUIRE(p.errors.empty());
    CHECK_FALSE(unit_check(p));
    // The public book has no internal part: no guidance at all, so no unit check either.
    book = sample_book();
    book.erase("internal");
    p = edgequote::price_json(test::load(book), traffic_quote("enterprise", "261", "PB").dump());
    REQUIRE(p.errors.empty());
    CHECK_FALSE(unit_check(p));
}

TEST_CASE("typical traffic: bad sections have a code and a path") {
    const std::string base = "/internal/guidance/typical_traffic";
    const struct {
        const char* why;
        std::function<void(json&)> edit;
        const char* code;
        std::string path;
    } rows[] = {
        {"unknown unit", [](json& t) { t["unit"] = "EB"; }, "unknown_unit", base + "/unit"},
        {"unknown SKU", [](json& t) { t["products"] = json::array({"teleport"}); }, "unknown_sku", base + "/products/0"},
        {"a product in another dimension", [](json& t) { t["products"] = json::array({"delivery", "requests-https"}); },
         "unit_dimension_mismatch", base + "/products/1"},
        {"unknown segment", [](json& t) { t["bands"]["startup"] = {{"low", "1"}, {"high", "2"}}; }, "unknown_segment",
         base + "/bands/startup"},
        {"low over high", [](json& t) { t["bands"]["smb"] = {{"low", "30"}, {"high", "20"}}; }, "band_out_of_order",
         base + "/bands/smb"},
        {"a float", [](json& t) { t["bands"]["smb"]["high"] = 20.5; }, "float_not_allowed", base + "/bands/smb/high"},
        {"negative", [](json& t) { t["bands"]["smb"]["low"] = "-1"; }, "negative_value", base + "/bands/smb"},
        {"no bands", [](json& t) { t.erase("bands"); }, "missing_field", base + "/bands"},
        {"an unknown key", [](json& t) { t["over_factor"] = "10"; }, "unknown_field", base + "/over_factor"},
    };
    for (const auto& row : rows) {
        INFO(row.why);
        json book = sample_book();
        row.edit(book["internal"]["guidance"]["typical_traffic"]);
        const auto result = edgequote::parse_pricebook(book.dump());
        REQUIRE(result.errors.size() == 1);
        CHECK(result.errors[0].code == row.code);
        CHECK(result.errors[0].path == row.path);
    }
}

// Found by fuzz_pricebook (an assertion under _GLIBCXX_ASSERTIONS, an out-of-range read without):
// with `units` gone, every product's unit is unknown and its index points at nothing, and the
// section's products were looked up in the empty list of units. Now each is reported, nothing read.
TEST_CASE("typical traffic: a book that lost its units reports them, and reads no unit that is not there") {
    json book = sample_book();
    book.erase("units");
    const auto result = edgequote::parse_pricebook(book.dump());
    REQUIRE_FALSE(result.errors.empty());
    bool section_unit_reported = false;
    for (const auto& e : result.errors) {
        INFO(e.code << " at " << e.path);
        CHECK(((e.code == "missing_field" && e.path == "/units") || e.code == "unknown_unit"));
        if (e.path == "/internal/guidance/typical_traffic/unit") section_unit_reported = true;
    }
    CHECK(section_unit_reported);
}
