// Pricing for amounts alone (core/src/pricing_internal.hpp, ResultDetail::amounts): what
// price-change impact reads must be what a full pricing gives, with no text made (natively,
// and no waterfall steps). Every example
// quote and generated variants of them (discounts, incumbents, segments that fire each kind of
// finding and approval rule) are priced both ways and compared field by field.
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

}  // namespace

TEST_CASE("pricing for amounts alone gives full pricing's amounts, finding codes and approval level, and no text") {
    const auto book = edgequote::parse_pricebook(test::read_text("pricebooks/edge-cdn.json"));
    REQUIRE(book.book);
    std::size_t with_findings = 0, above_rep = 0;
    for (const json& q : quotes()) {
        const auto parsed = edgequote::parse_quote(q.dump(), *book.book);
        if (!parsed.quote) continue;
        const edgequote::PricedQuote full = edgequote::price(*book.book, *parsed.quote);
        const edgequote::PricedQuote lean = edgequote::detail::price(*book.book, *parsed.quote, ResultDetail::amounts);
        INFO(q.dump());
        REQUIRE(lean.errors.size() == full.errors.size());
        REQUIRE(lean.lines.size() == full.lines.size());
        for (std::size_t i = 0; i < full.lines.size(); ++i) {
            // Natively a line's waterfall is summed (standard, net, discount) without its steps
            // being kept; a ramp is priced in full and keeps them, as true-up lines do.
            edgequote::PricedLine expected = full.lines[i];
            CHECK_FALSE(expected.waterfall.empty());
            const bool steps_kept = q.contains("periods") || expected.kind == edgequote::LineKind::true_up;
#if !defined(__EMSCRIPTEN__)
            if (!steps_kept) {
                CHECK(lean.lines[i].waterfall.empty());
                expected.waterfall.clear();
            }
#endif
            CHECK(lean.lines[i] == expected);
        }
        CHECK(lean.totals.net_monthly == full.totals.net_monthly);
        CHECK(lean.totals.list_monthly == full.totals.list_monthly);
        CHECK(lean.totals.tcv == full.totals.tcv);
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
        with_findings += full.guidance.empty() ? 0 : 1;
        above_rep += full.approval.level != "rep" ? 1 : 0;
    }
    // The variants reach findings and approvals above the rep's own (else this proves little).
    CHECK(with_findings > 20);
    CHECK(above_rep > 10);
}
