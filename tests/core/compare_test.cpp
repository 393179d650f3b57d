// Competitor books (pricebooks/competitors/) and the comparison of a quote with them.
// Every golden amount is worked out by hand in its comment from the book's published figures
// (each book's description cites the vendor's pricing page and the snapshot).
#include <functional>
#include <map>

#include "edgequote/compare.hpp"
#include "edgequote/error_codes.hpp"
#include "support.hpp"

namespace {

using namespace edgequote;
using test::json;

const char* const kBooks[] = {"aws-cloudfront", "google-cloud-cdn", "azure-cdn", "fastly", "bunny-net"};

CompetitorBook competitor(const std::string& name) {
    auto parsed = parse_competitor_book(test::read_text("pricebooks/competitors/" + name + ".json"));
    INFO(name);
    REQUIRE(parsed.errors.empty());
    return std::move(*parsed.competitor);
}

json competitor_json(const std::string& name) { return json::parse(test::read_text("pricebooks/competitors/" + name + ".json")); }

CompetitorBookResult parse_competitor(const json& doc) { return parse_competitor_book(doc.dump()); }

const PriceBook& ours() {
    static const PriceBook book = *parse_pricebook(test::read_text("pricebooks/edge-cdn.json")).book;
    return book;
}

// Lines as a vector: a one-element braced list would make nlohmann copy the element, not wrap it.
json our_quote(const std::vector<json>& lines, const json& customer = {{"name", "Test"}, {"segment", "enterprise"}}) {
    return {{"schema_version", "1.0"},
            {"pricebook", {{"id", "edge-cdn"}, {"version", "2026.11.0"}}},
            {"customer", customer},
            {"term_months", 1},
            {"lines", json(lines)}};
}

// A quote priced directly on a competitor book (their SKUs, units and regions).
PricedQuote on_book(const CompetitorBook& c, const std::vector<json>& lines, const char* commit = nullptr) {
    json quote = {{"schema_version", "1.0"},
                  {"pricebook", {{"id", c.book.id}, {"version", c.book.version}}},
                  {"customer", {{"name", "Test"}, {"segment", "list"}}},
                  {"term_months", 1},
                  {"lines", json(lines)}};
    if (commit) quote["commit"] = {{"monthly_spend", commit}};
    PricedQuote priced = price_json(c.book, quote.dump());
    return priced;
}

std::string list_of(const PricedQuote& p) {
    INFO((p.errors.empty() ? std::string() : p.errors[0].code + " " + p.errors[0].path + " " + p.errors[0].message));
    REQUIRE(p.errors.empty());
    return p.totals.list_monthly.to_fixed(2);
}

json compare(const json& quote, const std::vector<const CompetitorBook*>& books) {
    return json::parse(compare_json(ours(), quote.dump(), books));
}

json compare_one(const json& quote, const CompetitorBook& book) { return compare(quote, {&book})["competitors"][0]; }

bool has_left_out(const json& c, const std::string& code, const std::string& path) {
    for (const auto& l : c["left_out"])
        if (l["code"] == code && l["path"] == path) return true;
    return false;
}

json delivery(const char* quantity, const char* unit, const json& mix) {
    return {{"sku", "delivery"}, {"quantity", quantity}, {"unit", unit}, {"region_mix", mix}};
}

}  // namespace

TEST_CASE("every competitor book parses with its comparison, and has no internal part") {
    for (const char* name : kBooks) {
        INFO(name);
        CompetitorBook c = competitor(name);
        CHECK_FALSE(c.book.internal);
        CHECK_FALSE(c.comparison.vendor_id.empty());
        CHECK_FALSE(c.comparison.source_url.empty());
        CHECK_FALSE(c.comparison.source_snapshot.empty());
        // The description cites the vendor's page.
        CHECK(c.book.description.find(c.comparison.source_url) != std::string::npos);
        CHECK(check_comparison(ours(), c).empty());
    }
}

TEST_CASE("CloudFront: tier edges in 1,024-GB terabytes; 60 TB in North America under both TB conventions") {
    const CompetitorBook cf = competitor("aws-cloudfront");
    // 60 TB counted in CloudFront's own TB (1,024 GB) is 61,440 GB:
    //   10,240 x 0.085 = 870.40; 40,960 x 0.080 = 3,276.80; 10,240 x 0.060 = 614.40 -> 4,761.60
    CHECK(list_of(on_book(cf, {{{"sku", "data-transfer-out"}, {"quantity", "60"}, {"unit", "TB"}, {"region", "us-ca-mx"}}})) == "4761.60");
    // 60 TB counted in decimal TB (ours: 1,000 GB) is 60,000 GB:
    //   870.40 + 3,276.80 + (60,000 - 51,200 = 8,800) x 0.060 = 528.00 -> 4,675.20
    CHECK(list_of(on_book(cf, {{{"sku", "data-transfer-out"}, {"quantity", "60000"}, {"unit", "GB"}, {"region", "us-ca-mx"}}})) == "4675.20");
    // The difference: 4,761.60 - 4,675.20 = 86.40 = the 1,440 GB between them at the 0.060 tier.
    // Our quote's 60 TB is decimal, so the comparison prices 60,000 GB:
    const json c = compare_one(our_quote({delivery("60", "TB", {{"na", "100"}})}), cf);
    CHECK(c["status"] == "complete");
    CHECK(c["monthly"] == "4675.20");
}

TEST_CASE("CloudFront: tier boundaries, regions and requests") {
    const CompetitorBook cf = competitor("aws-cloudfront");
    auto dto = [&](const char* gb, const char* region) {
        return list_of(on_book(cf, {{{"sku", "data-transfer-out"}, {"quantity", gb}, {"unit", "GB"}, {"region", region}}}));
    };
    CHECK(dto("0", "us-ca-mx") == "0.00");
    CHECK(dto("10240", "us-ca-mx") == "870.40");      // exactly on the first edge: 10,240 x 0.085
    CHECK(dto("10241", "us-ca-mx") == "870.48");      // one GB past it at 0.080
    CHECK(dto("10240", "asia-pacific") == "1228.80");  // 10,240 x 0.120
    // Over 5 PB (5,242,880 GB) in North America, 1 GB past the edge at 0.020:
    //   870.40 + 3,276.80 + 102,400 x 0.06 = 6,144 + 358,400 x 0.04 = 14,336 + 536,576 x 0.03 = 16,097.28
    //   + 4,194,304 x 0.025 = 104,857.60 + 1 x 0.02 -> 145,582.10
    CHECK(dto("5242881", "us-ca-mx") == "145582.10");
    // HTTPS requests in Europe: 2,000M = 200,000 blocks of 10,000 x 0.0120 = 2,400.00
    CHECK(list_of(on_book(cf, {{{"sku", "requests-https"}, {"quantity", "2000000000"}, {"unit", "requests"}, {"region", "europe"}}})) == "2400.00");
    // Invalidations: the first 1,000 paths free, then 0.005: 1,500 paths -> 2.50
    CHECK(list_of(on_book(cf, {{{"sku", "invalidations"}, {"quantity", "1500"}, {"unit", "paths"}}})) == "2.50");
}

TEST_CASE("CloudFront: 300 TB with a 60/30/10 mix, the incumbent estimate of the browser test") {
    // 180,000 GB NA: 870.40 + 3,276.80 + 6,144.00 + (180,000 - 153,600) x 0.04 = 1,056.00 -> 11,347.20
    //  90,000 GB EU: 870.40 + 3,276.80 + (90,000 - 51,200) x 0.06 = 2,328.00          ->  6,475.20
    //  30,000 GB APAC: 10,240 x 0.120 = 1,228.80 + 19,760 x 0.100 = 1,976.00          ->  3,204.80
    //  total 21,027.20
    const CompetitorBook cf = competitor("aws-cloudfront");
    json customer = {{"name", "Test"}, {"segment", "enterprise"}, {"incumbent_vendor", "cloudfront"}};
    const json out = compare(our_quote({delivery("300", "TB", {{"na", "60"}, {"eu", "30"}, {"apac", "10"}})}, customer), {&cf});
    CHECK(out["competitors"][0]["monthly"] == "21027.20");
    CHECK(out["incumbent"]["vendor"] == "cloudfront");
    CHECK(out["incumbent"]["monthly"] == "21027.20");
    CHECK(out["incumbent"]["status"] == "complete");
    // The math is the competitor book's own priced quote: one translated line per region share.
    const json& priced = out["competitors"][0]["priced"];
    REQUIRE(priced["lines"].size() == 3);
    CHECK(priced["lines"][0]["list"] == "11347.20");
    CHECK(priced["lines"][1]["list"] == "6475.20");
    CHECK(priced["lines"][2]["list"] == "3204.80");
    CHECK(out["competitors"][0]["from"][2]["region"] == "apac");
}

TEST_CASE("Google Cloud CDN: GiB, tiers over all destinations, contact sales past 500 TiB") {
    const CompetitorBook g = competitor("google-cloud-cdn");
    // 10 TiB = 10,240 GiB in North America/Europe, exactly the first edge: 10,240 x 0.08 = 819.20
    CHECK(list_of(on_book(g, {{{"sku", "cache-egress"}, {"quantity", "10"}, {"unit", "TiB"}, {"region", "na-eu"}}})) == "819.20");
    // 500 TiB = 512,000 GiB, the last published edge:
    //   819.20 + 143,360 x 0.055 = 7,884.80 + 358,400 x 0.03 = 10,752.00 -> 19,456.00
    CHECK(list_of(on_book(g, {{{"sku", "cache-egress"}, {"quantity", "512000"}, {"unit", "GiB"}, {"region", "na-eu"}}})) == "19456.00");
    // Our decimal GB converted: 1,000 GB = 1,000 x 10^9 / 2^30 = 931.322574615478515625 GiB
    //   x 0.08 = 74.505805969... -> 74.51
    CHECK(compare_one(our_quote({delivery("1000", "GB", {{"na", "100"}})}), g)["monthly"] == "74.51");
    // 512,000 GiB is exactly 549,755.813888 GB: priced; one millionth of a GB more is past
    // "contact sales", so delivery is not comparable (never priced as zero, never extrapolated).
    CHECK(compare_one(our_quote({delivery("549755.813888", "GB", {{"na", "100"}})}), g)["monthly"] == "19456.00");
    const json past = compare_one(our_quote({delivery("549755.813889", "GB", {{"na", "100"}})}), g);
    CHECK(past["status"] == "not_comparable");
    CHECK(past["monthly"].is_null());
    CHECK(has_left_out(past, "beyond_published_tiers", "/lines/0/region"));
    // Tiers are counted over all destinations: 10,240 GiB in NA/EU fill the first tier, so the
    // next GiB in Asia-Pacific is at its second-tier price 0.06 (not its first-tier 0.09).
    CHECK(list_of(on_book(g, {{{"sku", "cache-egress"}, {"quantity", "10240"}, {"unit", "GiB"}, {"region", "na-eu"}},
                              {{"sku", "cache-egress"}, {"quantity", "1"}, {"unit", "GiB"}, {"region", "apac-sa"}}})) == "819.26");
    // Middle East & Africa has no counterpart: listed, not priced.
    const json mea = compare_one(our_quote({delivery("10", "TB", {{"na", "50"}, {"mea", "50"}})}), g);
    CHECK(mea["status"] == "partial");
    CHECK(has_left_out(mea, "region_no_counterpart", "/lines/0/region_mix/mea"));
    // Cache lookups, HTTP or HTTPS alike: 10M = 1,000 x 0.0075 = 7.50
    CHECK(compare_one(our_quote({{{"sku", "requests-https"}, {"quantity", "10"}, {"unit", "M_requests"}, {"region", "apac"}}}), g)["monthly"] == "7.50");
}

TEST_CASE("Azure CDN: decimal TB, zone 1 only") {
    const CompetitorBook az = competitor("azure-cdn");
    // 60 TB = 60,000 GB: 10,000 x 0.081 = 810 + 40,000 x 0.075 = 3,000 + 10,000 x 0.056 = 560 -> 4,370.00
    CHECK(compare_one(our_quote({delivery("60", "TB", {{"na", "100"}})}), az)["monthly"] == "4370.00");
    // 2 PB: 810 + 3,000 + 100,000 x 0.056 = 5,600 + 350,000 x 0.037 = 12,950 + 500,000 x 0.028 = 14,000
    //   + 1,000,000 x 0.023 = 23,000 -> 59,360.00
    CHECK(list_of(on_book(az, {{{"sku", "outbound-data-transfer"}, {"quantity", "2000"}, {"unit", "TB"}, {"region", "zone-1"}}})) == "59360.00");
    // North America and Europe both bill in zone 1: one ladder, 30 + 30 TB = the 60 TB above.
    CHECK(compare_one(our_quote({delivery("60", "TB", {{"na", "50"}, {"eu", "50"}})}), az)["monthly"] == "4370.00");
    const json apac = compare_one(our_quote({delivery("60", "TB", {{"apac", "100"}})}), az);
    CHECK(apac["status"] == "not_comparable");
    CHECK(has_left_out(apac, "region_no_counterpart", "/lines/0/region"));
}

TEST_CASE("Fastly: the billing guide's worked example, the $50 minimum as a commit shortfall, the 10 TB bound") {
    const CompetitorBook f = competitor("fastly");
    // The guide: 10 GB and 10M requests in North America/Europe cost $8.70:
    //   10 x 0.12 = 1.20 + 1,000 blocks of 10,000 x 0.0075 = 7.50
    CHECK(list_of(on_book(f, {{{"sku", "bandwidth"}, {"quantity", "10"}, {"unit", "GB"}, {"region", "na-eu"}},
                              {{"sku", "requests"}, {"quantity", "1000"}, {"unit", "10k_requests"}, {"region", "na-eu"}}})) == "8.70");
    // Compared, the $50 monthly minimum applies: 8.70 of usage + a 41.30 commit shortfall = 50.00
    const json c = compare_one(our_quote({delivery("10", "GB", {{"na", "100"}}),
                                          {{"sku", "requests-https"}, {"quantity", "10"}, {"unit", "M_requests"}, {"region", "eu"}}}),
                               f);
    CHECK(c["monthly"] == "50.00");
    REQUIRE(c["priced"]["lines"].size() == 3);
    CHECK(c["priced"]["lines"][2]["kind"] == "true_up");
    CHECK(c["priced"]["lines"][2]["list"] == "41.30");
    // The first tier is published up to 10 TB: 10,000 GB x 0.12 = 1,200.00; one GB more is not comparable.
    CHECK(compare_one(our_quote({delivery("10", "TB", {{"na", "100"}})}), f)["monthly"] == "1200.00");
    const json past = compare_one(our_quote({delivery("10001", "GB", {{"na", "100"}})}), f);
    CHECK(past["status"] == "not_comparable");
    CHECK(has_left_out(past, "beyond_published_tiers", "/lines/0/region"));
    // Asia-Pacific: only North America & Europe are published.
    CHECK(has_left_out(compare_one(our_quote({delivery("1", "TB", {{"apac", "100"}})}), f), "region_no_counterpart",
                       "/lines/0/region"));
}

TEST_CASE("bunny.net: flat regional prices; the volume network's graduated tiers") {
    const CompetitorBook b = competitor("bunny-net");
    // 300 TB 60/30/10: 180,000 x 0.01 = 1,800 + 90,000 x 0.01 = 900 + 30,000 x 0.03 = 900 -> 3,600.00
    CHECK(compare_one(our_quote({delivery("300", "TB", {{"na", "60"}, {"eu", "30"}, {"apac", "10"}})}), b)["monthly"] == "3600.00");
    // 1 TB each in South America (0.045) and Middle East & Africa (0.06): 45 + 60 = 105.00
    CHECK(compare_one(our_quote({delivery("2", "TB", {{"sa", "50"}, {"mea", "50"}})}), b)["monthly"] == "105.00");
    // Volume network, 600 TB: 500,000 x 0.005 = 2,500 + 100,000 x 0.004 = 400 -> 2,900.00
    CHECK(list_of(on_book(b, {{{"sku", "volume-network"}, {"quantity", "600"}, {"unit", "TB"}, {"region", "eu-na"}}})) == "2900.00");
}

TEST_CASE("lines without a counterpart are listed as not comparable, never priced as zero") {
    const CompetitorBook cf = competitor("aws-cloudfront");
    json quote = our_quote({delivery("1", "TB", {{"na", "100"}}), {{"sku", "waf"}, {"quantity", 1}}});
    quote["bundle"] = "enterprise";
    const json c = compare_one(quote, cf);
    CHECK(c["status"] == "partial");
    CHECK(has_left_out(c, "no_counterpart", "/lines/1/sku"));
    CHECK(has_left_out(c, "no_counterpart", "/bundle"));
    // Only the delivery line was translated; the WAF has no priced line at all.
    REQUIRE(c["priced"]["lines"].size() == 1);
    CHECK(c["priced"]["lines"][0]["sku"] == "data-transfer-out");
    // The bundle's allowance does not hide traffic: 1,000 GB x 0.085 = 85.00
    CHECK(c["monthly"] == "85.00");
}

TEST_CASE("a competitor book in another currency is not compared and says so") {
    json doc = competitor_json("bunny-net");
    doc["currency"] = "EUR";
    auto parsed = parse_competitor(doc);
    REQUIRE(parsed.errors.empty());
    const json c = compare_one(our_quote({delivery("1", "TB", {{"na", "100"}})}), *parsed.competitor);
    CHECK(c["status"] == "not_comparable");
    CHECK(c["monthly"].is_null());
    CHECK(c["priced"].is_null());
    REQUIRE(c["left_out"].size() == 1);
    CHECK(c["left_out"][0]["code"] == "currency_mismatch");
    CHECK(c["left_out"][0]["message"].get<std::string>().find("nothing is converted") != std::string::npos);
}

TEST_CASE("bad comparison sections: code and path") {
    struct Case {
        const char* what;
        std::function<void(json&)> edit;
        const char* code;
        const char* path;
    };
    const std::vector<Case> cases = {
        {"missing", [](json& d) { d.erase("comparison"); }, codes::missing_field, "/comparison"},
        {"unknown product target", [](json& d) { d["comparison"]["products"]["delivery"] = "egress"; },
         codes::unknown_mapping_target, "/comparison/products/delivery"},
        {"unknown region target", [](json& d) { d["comparison"]["regions"]["na"] = "north-america"; },
         codes::unknown_mapping_target, "/comparison/regions/na"},
        {"unknown unit target", [](json& d) { d["comparison"]["units"]["data"]["unit"] = "MiB"; },
         codes::unknown_mapping_target, "/comparison/units/data/unit"},
        {"zero conversion", [](json& d) { d["comparison"]["units"]["data"]["per_our_base"] = "0"; },
         codes::invalid_factor, "/comparison/units/data/per_our_base"},
        {"typo", [](json& d) { d["comparison"]["region"] = json::object(); }, codes::unknown_field, "/comparison/region"},
        {"region as a number", [](json& d) { d["comparison"]["regions"]["eu"] = 3; }, codes::wrong_type,
         "/comparison/regions/eu"},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        json doc = competitor_json("aws-cloudfront");
        c.edit(doc);
        auto parsed = parse_competitor(doc);
        REQUIRE_FALSE(parsed.competitor);
        REQUIRE(parsed.errors.size() == 1);
        CHECK(parsed.errors[0].code == c.code);
        CHECK(parsed.errors[0].path == c.path);
    }
}

TEST_CASE("a mapping that does not fit our book: code and path, the competitor marked invalid") {
    struct Case {
        const char* what;
        std::function<void(json&)> edit;
        const char* code;
        const char* path;
    };
    const std::vector<Case> cases = {
        {"a region of ours left unmapped", [](json& d) { d["comparison"]["regions"].erase("oce"); },
         codes::region_not_mapped, "/comparison/regions"},
        {"a region we do not have", [](json& d) { d["comparison"]["regions"]["antarctica"] = nullptr; },
         codes::unknown_region, "/comparison/regions/antarctica"},
        {"a SKU we do not have", [](json& d) { d["comparison"]["products"]["teleport"] = "requests-http"; },
         codes::unknown_sku, "/comparison/products/teleport"},
        {"written for another book", [](json& d) { d["comparison"]["compares_with"] = "other-cdn"; },
         codes::pricebook_mismatch, "/comparison/compares_with"},
        {"a dimension with no unit mapping", [](json& d) { d["comparison"]["units"].erase("requests"); },
         codes::unit_dimension_mismatch, "/comparison/products/requests-http"},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        json doc = competitor_json("aws-cloudfront");
        c.edit(doc);
        auto parsed = parse_competitor(doc);
        REQUIRE(parsed.competitor);
        const Errors errors = check_comparison(ours(), *parsed.competitor);
        REQUIRE_FALSE(errors.empty());
        CHECK(errors[0].code == c.code);
        CHECK(errors[0].path == c.path);
        const json out = compare_one(our_quote({delivery("1", "TB", {{"na", "100"}})}), *parsed.competitor);
        CHECK(out["status"] == "invalid");
        CHECK(out["monthly"].is_null());
        CHECK(out["errors"][0]["code"] == c.code);
    }
}

TEST_CASE("compare: a quote with errors gives only errors; an unknown incumbent is a warning") {
    const CompetitorBook cf = competitor("aws-cloudfront");
    const json bad = compare(our_quote({{{"sku", "teleport"}, {"quantity", 1}}}), {&cf});
    CHECK_FALSE(bad.contains("competitors"));
    CHECK(bad["errors"][0]["code"] == "unknown_sku");
    json customer = {{"name", "Test"}, {"segment", "enterprise"}, {"incumbent_vendor", "akamai"}};
    const json out = compare(our_quote({delivery("1", "TB", {{"na", "100"}})}, customer), {&cf});
    CHECK(out["incumbent"].is_null());
    CHECK(out["warnings"][0]["code"] == "unknown_vendor");
    CHECK(out["warnings"][0]["path"] == "/customer/incumbent_vendor");
}

TEST_CASE("compare output is the same bytes every time (canonical)") {
    std::vector<CompetitorBook> books;
    for (const char* name : kBooks) books.push_back(competitor(name));
    std::vector<const CompetitorBook*> all;
    for (const auto& b : books) all.push_back(&b);
    const std::string quote = test::read_text("pricebooks/examples/enterprise-in-band.json");
    const std::string first = compare_json(ours(), quote, all);
    CHECK(first == compare_json(ours(), quote, all));
    CHECK(json::parse(first)["competitors"].size() == 5);
}

TEST_CASE("compare with summary detail: the same amounts without the tier math") {
    const CompetitorBook cf = competitor("aws-cloudfront");
    const json quote = our_quote({delivery("300", "TB", {{"na", "60"}, {"eu", "30"}, {"apac", "10"}})});
    const json full = json::parse(compare_json(ours(), quote.dump(), {&cf}));
    const json summary = json::parse(compare_json(ours(), quote.dump(), {&cf}, OutputDetail::summary));
    CHECK(summary["competitors"][0]["monthly"] == full["competitors"][0]["monthly"]);
    CHECK(full["competitors"][0]["priced"]["lines"][0].contains("tiers"));
    CHECK_FALSE(summary["competitors"][0]["priced"]["lines"][0].contains("tiers"));
    CHECK(summary["competitors"][0]["priced"]["lines"][2]["list"] == "3204.80");
}

// ---- The incumbent estimate in displacement guidance ------------------------------------

namespace {

json displacement_quote(const json& customer) {
    // 300 TB 60/30/10 at 40% off delivery: list 20,900.00 (
    //   NA 180,000: 850 + 3,200 + 6,000 + 30,000 x 0.04 = 1,200 -> 11,250; EU 90,000: 850 + 3,200 +
    //   40,000 x 0.06 = 2,400 -> 6,450; APAC 30,000: 1,200 + 20,000 x 0.10 = 2,000 -> 3,200),
    // net 20,900 x 0.60 = 12,540.00.
    json line = delivery("300", "TB", {{"na", "60"}, {"eu", "30"}, {"apac", "10"}});
    line["discount_pct"] = "40";
    return our_quote({line}, customer);
}

const Finding* finding(const PricedQuote& p, const std::string& code) {
    for (const auto& f : p.guidance)
        if (f.code == code) return &f;
    return nullptr;
}

bool fired(const PricedQuote& p, const std::string& rule) {
    for (const auto& c : p.approval.fired)
        if (c.rule == rule) return true;
    return false;
}

}  // namespace

TEST_CASE("an incumbent named without a price: the estimate drives the displacement finding and its rule") {
    json customer = {{"name", "Test"}, {"segment", "enterprise"}, {"incumbent_vendor", "cloudfront"},
                     {"incumbent_estimate", {{"vendor", "cloudfront"}, {"vendor_name", "Amazon CloudFront"}, {"monthly", "21027.20"}}}};
    const PricedQuote p = price_json(ours(), displacement_quote(customer).dump());
    REQUIRE(p.errors.empty());
    CHECK(p.totals.net_monthly.to_fixed(2) == "12540.00");
    // 12,540.00 / 21,027.20 = 59.64% < 60%: band 60-100% of 21,027.20 = 12,616.32-21,027.20
    const Finding* f = finding(p, "far_under_incumbent");
    REQUIRE(f);
    CHECK(f->estimate);
    CHECK(f->value.to_string() == "59.64");
    CHECK(f->band->low.to_fixed(2) == "12616.32");
    CHECK(f->band->high.to_fixed(2) == "21027.20");
    CHECK(f->message.find("estimate from public list prices") != std::string::npos);
    CHECK(f->message.find("Amazon CloudFront") != std::string::npos);
    CHECK(fired(p, "far-under-incumbent"));
    CHECK(p.approval.level == "vp");  // 40% off is a director's call; the incumbent rule is the VP's
    const json out = json::parse(write_priced_quote(p));
    CHECK(out["customer"]["incumbent_vendor"] == "cloudfront");
    CHECK(out["customer"]["incumbent_estimate"]["monthly"] == "21027.20");
    bool written = false;
    for (const auto& g : out["guidance"])
        if (g["code"] == "far_under_incumbent") written = g["estimate"] == true;
    CHECK(written);
}

TEST_CASE("a typed incumbent price always wins over the estimate") {
    json customer = {{"name", "Test"}, {"segment", "enterprise"}, {"incumbent_vendor", "cloudfront"},
                     {"incumbent_monthly", "15000"},
                     {"incumbent_estimate", {{"vendor", "cloudfront"}, {"monthly", "21027.20"}}}};
    const PricedQuote p = price_json(ours(), displacement_quote(customer).dump());
    REQUIRE(p.errors.empty());
    // 12,540 / 15,000 = 83.6%: inside 60-100%, so no finding, and nothing says "estimate".
    CHECK_FALSE(finding(p, "far_under_incumbent"));
    CHECK_FALSE(fired(p, "far-under-incumbent"));
    customer["incumbent_monthly"] = "30000";  // 41.8%: under, measured on the typed price
    const PricedQuote typed = price_json(ours(), displacement_quote(customer).dump());
    const Finding* f = finding(typed, "far_under_incumbent");
    REQUIRE(f);
    CHECK_FALSE(f->estimate);
    CHECK(f->message.find("estimate") == std::string::npos);
}

TEST_CASE("incumbent fields: bad input has a code and a path") {
    json customer = {{"name", "Test"}, {"segment", "enterprise"}, {"incumbent_vendor", "fastly"},
                     {"incumbent_estimate", {{"vendor", "cloudfront"}, {"monthly", "21027.20"}}}};
    PricedQuote p = price_json(ours(), displacement_quote(customer).dump());
    REQUIRE(p.errors.size() == 1);
    CHECK(p.errors[0].code == "estimate_vendor_mismatch");
    CHECK(p.errors[0].path == "/customer/incumbent_estimate/vendor");
    customer = {{"name", "Test"}, {"segment", "enterprise"}, {"incumbent_vendor", ""}};
    p = price_json(ours(), displacement_quote(customer).dump());
    REQUIRE(p.errors.size() == 1);
    CHECK(p.errors[0].code == "empty_string");
    CHECK(p.errors[0].path == "/customer/incumbent_vendor");
    customer = {{"name", "Test"}, {"segment", "enterprise"}, {"incumbent_vendor", "cloudfront"},
                {"incumbent_estimate", {{"vendor", "cloudfront"}, {"monthly", 21027.2}}}};
    p = price_json(ours(), displacement_quote(customer).dump());
    REQUIRE(p.errors.size() == 1);
    CHECK(p.errors[0].code == "float_not_allowed");
    CHECK(p.errors[0].path == "/customer/incumbent_estimate/monthly");
}

TEST_CASE("the estimate from compare feeds guidance end to end") {
    const CompetitorBook cf = competitor("aws-cloudfront");
    json customer = {{"name", "Test"}, {"segment", "enterprise"}, {"incumbent_vendor", "cloudfront"}};
    json quote = displacement_quote(customer);
    const json out = compare(quote, {&cf});
    quote["customer"]["incumbent_estimate"] = {{"vendor", out["incumbent"]["vendor"]},
                                               {"vendor_name", out["incumbent"]["name"]},
                                               {"monthly", out["incumbent"]["monthly"]}};
    const PricedQuote p = price_json(ours(), quote.dump());
    REQUIRE(p.errors.empty());
    REQUIRE(finding(p, "far_under_incumbent"));
    CHECK(finding(p, "far_under_incumbent")->band->high.to_fixed(2) == "21027.20");
}

// ---- Like with like: the estimate prices only what has a counterpart, and so does our side ----

namespace {

// displacement_quote() plus a WAF at list ($2,500 a month; CloudFront, Azure and the others
// publish no comparable WAF price): net 12,540.00 + 2,500.00 = 15,040.00.
json displacement_with_waf(const json& customer) {
    json quote = displacement_quote(customer);
    quote["lines"].push_back({{"sku", "waf"}, {"quantity", "1"}});
    return quote;
}

json estimate(const char* vendor, const char* monthly, const json& lines) {
    json e = {{"vendor", vendor}, {"vendor_name", vendor}, {"monthly", monthly}};
    if (!lines.is_null()) e["lines"] = lines;
    return e;
}

PricedQuote with_estimate(const json& e) {
    json customer = {{"name", "Test"}, {"segment", "enterprise"}, {"incumbent_vendor", e["vendor"]}, {"incumbent_estimate", e}};
    return price_json(ours(), displacement_with_waf(customer).dump());
}

}  // namespace

TEST_CASE("compare: the incumbent's figure names the lines it prices and our net for the same lines") {
    const CompetitorBook cf = competitor("aws-cloudfront");
    const CompetitorBook azure = competitor("azure-cdn");
    json customer = {{"name", "Test"}, {"segment", "enterprise"}, {"incumbent_vendor", "cloudfront"}};
    json out = compare(displacement_with_waf(customer), {&cf, &azure});
    // CloudFront prices the delivery line whole (21,027.20, worked out above); the WAF has no
    // counterpart. Ours for line 0 only: 12,540.00; left out: the WAF's 2,500.00.
    CHECK(out["quote"]["net_monthly"] == "15040.00");
    const json& inc = out["incumbent"];
    CHECK(inc["monthly"] == "21027.20");
    CHECK(inc["lines"] == json::parse(R"([{"line":0}])"));
    CHECK(inc["ours"]["net_monthly"] == "12540.00");
    CHECK(inc["ours"]["not_compared"] == json::parse(R"([{"name":"Web application firewall","net_monthly":"2500.00"}])"));

    // Azure prices zone 1 only: North America and Europe, 270,000 GB (13,850.00, in the README's
    // worked comparison), not Asia-Pacific. Our delivery list by region: NA 11,250 + EU 6,450 +
    // APAC 3,200 = 20,900 (displacement_quote); NA + EU is 17,700 of it, so ours for them is
    // 12,540.00 x 17,700 / 20,900 = 10,620.00, and APAC's 12,540.00 - 10,620.00 = 1,920.00 is
    // left out (= 3,200 x 60%: the line is 40% off in every region).
    customer["incumbent_vendor"] = "azure-cdn";
    out = compare(displacement_with_waf(customer), {&cf, &azure});
    CHECK(out["incumbent"]["monthly"] == "13850.00");
    CHECK(out["incumbent"]["lines"] == json::parse(R"([{"line":0,"regions":["na","eu"]}])"));
    CHECK(out["incumbent"]["ours"]["net_monthly"] == "10620.00");
    const json left = json::parse(R"json([{"name":"HTTP/HTTPS delivery (apac)","net_monthly":"1920.00"},
                                           {"name":"Web application firewall","net_monthly":"2500.00"}])json");
    CHECK(out["incumbent"]["ours"]["not_compared"] == left);
}

TEST_CASE("displacement guidance on an estimate measures our net for the lines it prices, not the whole net") {
    const json whole = json::parse(R"([{"line":0}])");
    struct Row {
        const char* why;
        const char* monthly;
        json lines;
        const char* code;   // the finding, or nullptr
        const char* value;  // our part as % of the estimate
        const char* distance;
    };
    const Row rows[] = {
        // 12,540.00 / 21,027.20 = 59.637% -> 59.64 < 60: fires; 60% of 21,027.20 = 12,616.32, so
        // raise by 76.32. On the whole net (15,040.00) it read 71.53%: the WAF hid the under-quote.
        {"CloudFront's estimate, like with like", "21027.20", whole, "far_under_incumbent", "59.64", "$76.32"},
        {"the same estimate on the whole net (an estimate without lines)", "21027.20", json(), nullptr, nullptr, nullptr},
        // 12,540.00 / 20,900.00 = 60.00%: exactly on the band's low edge, inside it.
        {"on the band edge", "20900.00", whole, nullptr, nullptr, nullptr},
        // 12,540.00 / 20,910.00 = 59.971% -> 59.97: just past the edge; 60% = 12,546.00, +6.00.
        {"just past the edge", "20910.00", whole, "far_under_incumbent", "59.97", "$6.00"},
        // 12,540.00 / 12,000.00 = 104.50% > 100%: over; lower by 12,540.00 - 12,000.00 = 540.00.
        {"over the incumbent", "12000.00", whole, "over_incumbent", "104.5", "$540.00"},
        // 12,540 / 1,000,000,000 = 0.001254% -> 0.00; 60% = 600,000,000.00, raise by 599,987,460.00.
        {"huge", "1000000000.00", whole, "far_under_incumbent", "0", "$599,987,460.00"},
        // A zero estimate measures nothing.
        {"zero", "0", whole, nullptr, nullptr, nullptr},
        // Lines the quote no longer has (estimated before an edit): nothing to measure.
        {"a stale line index", "21027.20", json::parse(R"([{"line":7}])"), nullptr, nullptr, nullptr},
        {"an index past any quote", "21027.20", json::parse(R"([{"line":"99999999999999999999"}])"), nullptr, nullptr, nullptr},
        // Only NA and EU of line 0: ours 10,620.00 (above) / 17,000.00 = 62.47%: inside.
        {"some regions", "17000.00", json::parse(R"([{"line":0,"regions":["na","eu"]}])"), nullptr, nullptr, nullptr},
        // 10,620.00 / 17,800.00 = 59.663% -> 59.66; 60% = 10,680.00: raise by 60.00.
        {"some regions, just under", "17800.00", json::parse(R"([{"line":0,"regions":["na","eu"]}])"),
         "far_under_incumbent", "59.66", "$60.00"},
    };
    for (const Row& row : rows) {
        INFO(row.why);
        const PricedQuote p = with_estimate(estimate("cloudfront", row.monthly, row.lines));
        INFO((p.errors.empty() ? std::string() : p.errors[0].code + " " + p.errors[0].path));
        REQUIRE(p.errors.empty());
        CHECK(p.totals.net_monthly.to_fixed(2) == "15040.00");
        const Finding* under = finding(p, "far_under_incumbent");
        const Finding* over = finding(p, "over_incumbent");
        if (!row.code) {
            CHECK_FALSE(under);
            CHECK_FALSE(over);
            continue;
        }
        const Finding* f = finding(p, row.code);
        REQUIRE(f);
        CHECK(f->estimate);
        CHECK(f->value.to_string() == row.value);
        CHECK(f->message.find(row.distance) != std::string::npos);
        CHECK(f->message.find("Our net for the traffic compared") != std::string::npos);
        CHECK(f->message.find("Web application firewall $2,500.00/month") != std::string::npos);
        CHECK(fired(p, std::string(row.code) == "far_under_incumbent" ? "far-under-incumbent" : "over-incumbent") ==
              (std::string(row.code) == "far_under_incumbent"));
    }
}

TEST_CASE("a typed incumbent price is the customer's whole bill: measured on the whole net") {
    // 15,040.00 / 30,000.00 = 50.13% (the lines of an estimate play no part when a price is typed)
    json customer = {{"name", "Test"}, {"segment", "enterprise"}, {"incumbent_vendor", "cloudfront"},
                     {"incumbent_monthly", "30000"}, {"incumbent_estimate", estimate("cloudfront", "21027.20", json::parse(R"([{"line":0}])"))}};
    const PricedQuote p = price_json(ours(), displacement_with_waf(customer).dump());
    REQUIRE(p.errors.empty());
    const Finding* f = finding(p, "far_under_incumbent");
    REQUIRE(f);
    CHECK(f->value.to_string() == "50.13");
    CHECK_FALSE(f->estimate);
}

TEST_CASE("estimate lines: written back as given; bad ones have a code and a path") {
    const PricedQuote p = with_estimate(estimate("cloudfront", "17000.00", json::parse(R"([{"line":0,"regions":["na","eu"]}])")));
    REQUIRE(p.errors.empty());
    CHECK(json::parse(write_priced_quote(p))["customer"]["incumbent_estimate"]["lines"] ==
          json::parse(R"([{"line":0,"regions":["na","eu"]}])"));
    const struct {
        const char* lines;
        const char* code;
        const char* path;
    } bad[] = {
        {R"([{"line":-1}])", "negative_value", "/customer/incumbent_estimate/lines/0/line"},
        {R"([{"line":"1.5"}])", "wrong_type", "/customer/incumbent_estimate/lines/0/line"},
        {R"([{"line":1.5}])", "float_not_allowed", "/customer/incumbent_estimate/lines/0/line"},
        {R"([{"line":0,"regions":["mars"]}])", "unknown_region", "/customer/incumbent_estimate/lines/0/regions/0"},
        {R"([{"line":0,"share":"90"}])", "unknown_field", "/customer/incumbent_estimate/lines/0/share"},
        {R"({"line":0})", "wrong_type", "/customer/incumbent_estimate/lines"},
    };
    for (const auto& row : bad) {
        INFO(row.lines);
        const PricedQuote q = with_estimate(estimate("cloudfront", "21027.20", json::parse(row.lines)));
        REQUIRE(q.errors.size() == 1);
        CHECK(q.errors[0].code == row.code);
        CHECK(q.errors[0].path == row.path);
    }
}

TEST_CASE("the estimate and its lines from compare feed guidance end to end, like with like") {
    const CompetitorBook cf = competitor("aws-cloudfront");
    json customer = {{"name", "Test"}, {"segment", "enterprise"}, {"incumbent_vendor", "cloudfront"}};
    json quote = displacement_with_waf(customer);
    const json out = compare(quote, {&cf});
    quote["customer"]["incumbent_estimate"] = {{"vendor", out["incumbent"]["vendor"]},
                                               {"vendor_name", out["incumbent"]["name"]},
                                               {"monthly", out["incumbent"]["monthly"]},
                                               {"lines", out["incumbent"]["lines"]}};
    const PricedQuote p = price_json(ours(), quote.dump());
    REQUIRE(p.errors.empty());
    const Finding* f = finding(p, "far_under_incumbent");
    REQUIRE(f);
    CHECK(f->value.to_string() == "59.64");  // 12,540.00 / 21,027.20, as compare's "ours" says
    CHECK(fired(p, "far-under-incumbent"));
}
