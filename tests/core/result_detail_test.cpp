// Pricing for amounts alone (core/src/pricing_internal.hpp, ResultDetail::amounts): what
// price-change impact reads must be what a full pricing gives, with no text made (natively,
// and no waterfall steps or tier slices). Every example
// quote and generated variants of them (discounts, incumbents, segments that fire each kind of
// finding and approval rule) are priced both ways and compared field by field; so are quotes
// of every price model of the test books, at and around each tier's edge, in one region and
// across several, on one line and on two.
#include <set>
#include <string>
#include <vector>

#include "../../core/src/pricing_internal.hpp"
#include "edgequote/engine.hpp"
#include "support.hpp"

namespace {

using edgequote::detail::ResultDetail;
using test::json;

// The example quotes, and each with changes that move guidance and approval.
std::vector<json> quotes() {
    std::vector<json> out;
    for (const std::string& text : test::example_quote_texts()) {
        const json base = json::parse(text);
        out.push_back(base);
        for (const char* discount : {"0", "12.5", "35", "60"}) {
            json q = base;
            q["discount_pct"] = discount;
            out.push_back(q);
        }
        for (const char* incumbent : {"100", "5000", "250000"}) {
            json q = base;
            q["customer"]["incumbent_monthly"] = incumbent;
            out.push_back(q);
        }
        for (const char* segment : {"smb", "mid_market", "enterprise", "f500"}) {
            json q = base;
            q["customer"]["segment"] = segment;
            out.push_back(q);
        }
    }
    return out;
}

// Natively, a line priced on a ladder keeps no tier slices for amounts alone (its list is their
// sum); a plan's, a percentage's, the bundle's and true-up lines keep theirs, and so does
// every line of a quote guidance compares with an estimated incumbent by region.
bool slices_dropped(const json& q, const edgequote::PricedLine& line) {
#if defined(__EMSCRIPTEN__)
    (void)q, (void)line;
    return false;
#else
    const bool estimate_by_line = q.contains("customer") && q["customer"].contains("incumbent_estimate") &&
                                  q["customer"]["incumbent_estimate"].contains("lines");
    return !q.contains("periods") && !estimate_by_line && line.kind == edgequote::LineKind::product && !line.plan;
#endif
}

// Everything a full pricing and one for amounts alone must agree on (besides what the lean one
// leaves out: messages, rule checks, waterfall steps, tier slices).
void check_same_amounts(const json& q, const edgequote::PricedQuote& full, const edgequote::PricedQuote& lean) {
    INFO(q.dump());
    REQUIRE(lean.errors.size() == full.errors.size());
    for (std::size_t i = 0; i < full.errors.size(); ++i) {
        CHECK(lean.errors[i].code == full.errors[i].code);
        CHECK(lean.errors[i].path == full.errors[i].path);
        CHECK(lean.errors[i].message == full.errors[i].message);
    }
    REQUIRE(lean.warnings.size() == full.warnings.size());
    for (std::size_t i = 0; i < full.warnings.size(); ++i) CHECK(lean.warnings[i].message == full.warnings[i].message);
    REQUIRE(lean.lines.size() == full.lines.size());
    for (std::size_t i = 0; i < full.lines.size(); ++i) {
        edgequote::PricedLine expected = full.lines[i];
        CHECK_FALSE(expected.waterfall.empty());
        const bool steps_kept = q.contains("periods") || expected.kind == edgequote::LineKind::true_up;
#if !defined(__EMSCRIPTEN__)
        if (!steps_kept) {
            CHECK(lean.lines[i].waterfall.empty());
            expected.waterfall.clear();
        }
#endif
        if (slices_dropped(q, expected)) {
            CHECK(lean.lines[i].tiers.empty());
            expected.tiers.clear();
        }
        CHECK(lean.lines[i] == expected);
    }
    CHECK(lean.totals.net_monthly == full.totals.net_monthly);
    CHECK(lean.totals.list_monthly == full.totals.list_monthly);
    CHECK(lean.totals.one_time == full.totals.one_time);
    CHECK(lean.totals.tcv == full.totals.tcv);
    CHECK(lean.totals.cost_monthly == full.totals.cost_monthly);
    CHECK(lean.segment == full.segment);
    CHECK(lean.approval.level == full.approval.level);
    REQUIRE(lean.guidance.size() == full.guidance.size());
    for (std::size_t i = 0; i < full.guidance.size(); ++i) {
        edgequote::Finding expected = full.guidance[i];
        CHECK_FALSE(expected.message.empty());
        // A ramp is priced in full (its guidance runs on the average month): its text stays.
        if (q.contains("periods")) continue;
        CHECK(lean.guidance[i].message.empty());
        expected.message.clear();
        CHECK(lean.guidance[i] == expected);
    }
    if (!q.contains("periods")) CHECK(lean.approval.checks.empty());
}

// Priced for a summary (ResultDetail::summary), a quote writes as a summary the same bytes as
// priced in full (natively its lines keep no tier slices or waterfall steps, which a summary
// does not write).
void check_same_summary(const edgequote::PriceBook& book, const edgequote::Quote& quote,
                        const edgequote::PricedQuote& full) {
    const edgequote::PricedQuote summary = edgequote::detail::price(book, quote, ResultDetail::summary);
    CHECK(edgequote::write_priced_quote(summary, edgequote::OutputDetail::summary) ==
          edgequote::write_priced_quote(full, edgequote::OutputDetail::summary));
    CHECK(summary.approval.checks.size() == full.approval.checks.size());
}

// Quantities around a price's tiers: zero, one, each edge, just past it, between edges, and far
// past the last (beyond a bounded last tier: an error, which both must give alike).
std::vector<std::string> quantities_for(const json& price) {
    std::set<std::string> out = {"0", "1", "7.5", "1000000000000"};
    const json* tiers = price.contains("tiers") ? &price["tiers"] : nullptr;
    if (tiers)
        for (const json& tier : *tiers)
            if (tier.contains("up_to") && tier["up_to"].is_string()) {
                const std::string edge = tier["up_to"];
                out.insert(edge);
                out.insert(edge + ".5");
                out.insert(std::to_string(std::stoll(edge) + 1));
            }
    if (price.contains("size") && price["size"].is_string()) {
        const std::string size = price["size"];
        out.insert(size);
        out.insert(size + ".5");
    }
    return {out.begin(), out.end()};
}

}  // namespace

TEST_CASE("pricing for amounts alone gives every price model's amounts at and around its tiers' edges") {
    std::size_t priced = 0, refused = 0;
    std::set<std::string> models;
    for (const char* path : {"pricebooks/edge-cdn.json", "pricebooks/edge-cdn-2027.json", "pricebooks/test-books/models.json",
                             "pricebooks/test-books/stripe-tiers.json", "pricebooks/test-books/approvals-test.json",
                             "pricebooks/test-books/jpy.json"}) {
        const std::string text = test::read_text(path);
        const auto book = edgequote::parse_pricebook(text);
        REQUIRE(book.book);
        const json doc = json::parse(text);
        std::vector<std::string> regions;
        for (const json& region : doc["regions"]) regions.push_back(region["id"]);
        json mix = json::object();  // every region, shares adding up to 100
        for (std::size_t i = 0; i < regions.size(); ++i)
            mix[regions[i]] = i + 1 < regions.size() ? "10" : std::to_string(100 - 10 * (regions.size() - 1));
        for (const json& product : doc["products"]) {
            const json& price = product["price"];
            models.insert(price["model"].get<std::string>());
            for (const std::string& quantity : quantities_for(price)) {
                const json line = {{"sku", product["sku"]}, {"quantity", quantity}};
                json mixed = line;
                mixed["region_mix"] = mix;
                json one_region = line;
                one_region["region_mix"] = {{regions.front(), "100"}};
                for (const json& lines : {json::array({line}), json::array({line, line}), json::array({mixed}),
                                          json::array({mixed, one_region}), json::array({one_region, line})}) {
                    json q = {{"schema_version", "1.0"},
                              {"pricebook", {{"id", doc["id"]}, {"version", doc["version"]}}},
                              {"customer", {{"name", "Edge Co"}, {"segment", doc["segments"][0]["id"]}}},
                              {"term_months", 12},
                              {"discount_pct", "5"},
                              {"lines", lines}};
                    const auto parsed = edgequote::parse_quote(q.dump(), *book.book);
                    if (!parsed.quote) continue;
                    const edgequote::PricedQuote full = edgequote::price(*book.book, *parsed.quote);
                    const edgequote::PricedQuote lean =
                        edgequote::detail::price(*book.book, *parsed.quote, ResultDetail::amounts);
                    check_same_amounts(q, full, lean);
        check_same_summary(*book.book, *parsed.quote, full);
                    check_same_summary(*book.book, *parsed.quote, full);
                    ++(full.errors.empty() ? priced : refused);
                }
            }
        }
    }
    // Every model a book can hold is among them, and quotes both priced and refused (past a
    // bounded last tier), or this proves little.
    for (const char* model : {"flat", "per_unit", "graduated", "volume", "stairstep", "package", "percentage", "plan"})
        CHECK(models.count(model) == 1);
    CHECK(priced > 500);
    CHECK(refused > 10);
}

TEST_CASE("pricing for amounts alone gives full pricing's amounts, finding codes and approval level, and no text") {
    const auto book = edgequote::parse_pricebook(test::read_text("pricebooks/edge-cdn.json"));
    REQUIRE(book.book);
    std::size_t with_findings = 0, above_rep = 0;
    for (const json& q : quotes()) {
        const auto parsed = edgequote::parse_quote(q.dump(), *book.book);
        if (!parsed.quote) continue;
        const edgequote::PricedQuote full = edgequote::price(*book.book, *parsed.quote);
        const edgequote::PricedQuote lean = edgequote::detail::price(*book.book, *parsed.quote, ResultDetail::amounts);
        check_same_amounts(q, full, lean);
        check_same_summary(*book.book, *parsed.quote, full);
        with_findings += full.guidance.empty() ? 0 : 1;
        above_rep += full.approval.level != "rep" ? 1 : 0;
    }
    // The variants reach findings and approvals above the rep's own (else this proves little).
    CHECK(with_findings > 20);
    CHECK(above_rep > 10);
}
