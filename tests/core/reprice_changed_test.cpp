// Pricing a quote under a book that differs only in some products, from its pricing under the
// other book (detail::price_remembering, price-change impact's proposed side): the lines of
// unchanged products are taken from the first pricing, the rest priced again. It must give
// exactly what pricing afresh gives, for every example quote and variants of it, under books
// that change one product or several (flat, tiered, per-unit, percentage, bundle-included,
// regional, with a new monthly minimum).
#include <stdexcept>
#include <string>
#include <vector>

#include "../../core/src/pricing_internal.hpp"
#include "edgequote/engine.hpp"
#include "edgequote/impact.hpp"
#include "support.hpp"

namespace {

using edgequote::PricedQuote;
using edgequote::detail::ResultDetail;
using test::json;

std::vector<json> quotes() {
    std::vector<json> out;
    for (const std::string& text : test::example_quote_texts()) {
        const json base = json::parse(text);
        out.push_back(base);
        for (const char* discount : {"0", "12.5", "35"}) {
            json q = base;
            q["discount_pct"] = discount;
            out.push_back(q);
        }
        for (const char* segment : {"smb", "mid_market", "enterprise", "f500"}) {
            json q = base;
            q["customer"]["segment"] = segment;
            q["customer"]["incumbent_monthly"] = "5000";
            out.push_back(q);
        }
        for (const char* bundle : {"starter", "business", "enterprise"}) {
            json q = base;
            q["bundle"] = bundle;
            out.push_back(q);
        }
        json commit = base;
        commit["commit"] = {{"monthly_spend", "90000"}};
        out.push_back(commit);
    }
    // Lines of the changed products twice, in regions, next to percentage lines.
    json many = json::parse(test::read_text("pricebooks/examples/enterprise-in-band.json"));
    many.erase("bundle");
    many["lines"] = json::array({{{"sku", "waf"}, {"quantity", 1}},
                                 {{"sku", "delivery"}, {"quantity", "40"}, {"unit", "TB"}, {"region", "na"}},
                                 {{"sku", "delivery"}, {"quantity", "900"}, {"unit", "TB"}, {"region_mix", {{"na", "60"}, {"eu", "40"}}}},
                                 {{"sku", "requests-https"}, {"quantity", "800"}, {"unit", "M_requests"}},
                                 {{"sku", "image-optimization"}, {"quantity", "250000"}},
                                 {{"sku", "waf"}, {"quantity", 1}, {"discount_pct", "10"}},
                                 {{"sku", "support-business"}}});
    out.push_back(many);
    many["lines"][6] = {{"sku", "support-enterprise"}};
    many["discount_pct"] = "20";
    out.push_back(many);
    return out;
}

json& product_ref(json& book, const char* sku) {
    for (auto& p : book["products"])
        if (p["sku"] == sku) return p;
    throw std::runtime_error(sku);
}

// Proposed books: each changes only products' entries.
std::vector<json> proposed_books(const json& book) {
    std::vector<json> out;
    json b = book;
    product_ref(b, "waf")["price"]["amount"] = "2125";
    out.push_back(b);
    b = book;
    product_ref(b, "delivery")["price"]["tiers"][0]["unit_price"] = "0.071";
    out.push_back(b);
    b = book;
    product_ref(b, "requests-https")["price"]["unit_price"] = "0.0095";  // in every bundle's allowances
    out.push_back(b);
    b = book;
    product_ref(b, "support-business")["price"]["rate"] = "11";
    product_ref(b, "support-enterprise")["price"]["rate"] = "17";
    out.push_back(b);
    b = book;
    product_ref(b, "waf")["price"]["amount"] = "3100";
    product_ref(b, "image-optimization")["price"]["price"] = "250";
    product_ref(b, "delivery")["price"]["tiers"][1]["unit_price"] = "0.02";
    out.push_back(b);
    b = book;
    product_ref(b, "custom-certificates")["minimum_monthly"] = "5000";
    out.push_back(b);
    return out;
}

struct Case {
    PricedQuote before, after;
};

// The current side priced leaving its memo, then the proposed side from it, as impact does.
Case price_both(const edgequote::PriceBook& current, const edgequote::PriceBook& proposed,
                const edgequote::Quote& quote, const std::vector<bool>& changed_products) {
    const std::vector<char> changed(changed_products.begin(), changed_products.end());
    edgequote::detail::PriceMemo memo;
    std::vector<char> reused;
    Case out;
    out.before = edgequote::detail::price_remembering(current, quote, ResultDetail::amounts, memo, reused);
    if (!out.before.errors.empty()) return out;
    memo.valid = true;
    memo.changed_products = &changed;
    memo.lines = std::move(out.before.lines);
    out.after = edgequote::detail::price_remembering(proposed, quote, ResultDetail::amounts, memo, reused);
    // The current side's lines: the memo's, but those moved on (reused) are the proposed side's.
    out.before.lines = std::move(memo.lines);
    for (std::size_t i = 0; i < out.before.lines.size() && out.after.errors.empty(); ++i)
        if (i < reused.size() && reused[i]) out.before.lines[i] = out.after.lines[i];
    return out;
}

bool same(const PricedQuote& a, const PricedQuote& b) {
    if (a.errors.size() != b.errors.size() || a.lines.size() != b.lines.size() || a.guidance.size() != b.guidance.size())
        return false;
    for (std::size_t i = 0; i < a.errors.size(); ++i)
        if (a.errors[i].code != b.errors[i].code || a.errors[i].path != b.errors[i].path) return false;
    for (std::size_t i = 0; i < a.lines.size(); ++i)
        if (!(a.lines[i] == b.lines[i])) return false;
    for (std::size_t i = 0; i < a.guidance.size(); ++i)
        if (!(a.guidance[i] == b.guidance[i])) return false;
    const auto& x = a.totals;
    const auto& y = b.totals;
    return x.list_monthly == y.list_monthly && x.net_monthly == y.net_monthly && x.one_time == y.one_time &&
           x.tcv == y.tcv && x.discount_pct == y.discount_pct &&
           x.discretionary_discount_pct == y.discretionary_discount_pct && x.margin_pct == y.margin_pct &&
           x.cost_monthly == y.cost_monthly && a.approval.level == b.approval.level && a.segment == b.segment;
}

}  // namespace

TEST_CASE("a quote priced again under a book changed only in some products equals pricing it afresh", "[impact]") {
    const json book = json::parse(test::read_text("pricebooks/edge-cdn.json"));
    const auto current = edgequote::parse_pricebook(book.dump());
    REQUIRE(current.book);
    std::size_t compared = 0, moved = 0, missed_by_all_unchanged = 0;
    for (const json& proposed_json : proposed_books(book)) {
        const auto proposed = edgequote::parse_pricebook(proposed_json.dump());
        REQUIRE(proposed.book);
        const std::vector<bool> changed = edgequote::products_changed_only(book.dump(), proposed_json.dump());
        REQUIRE(changed.size() == book["products"].size());
        const std::vector<bool> none(changed.size(), false);  // the rule broken: nothing repriced
        for (const json& q : quotes()) {
            const auto parsed = edgequote::parse_quote(q.dump(), *current.book);
            if (!parsed.quote) continue;
            INFO(q.dump());
            const PricedQuote before = edgequote::detail::price(*current.book, *parsed.quote, ResultDetail::amounts);
            const PricedQuote after = edgequote::detail::price(*proposed.book, *parsed.quote, ResultDetail::amounts);
            const Case both = price_both(*current.book, *proposed.book, *parsed.quote, changed);
            CHECK(same(both.before, before));
            CHECK(same(both.after, after));
            ++compared;
            if (!same(before, after)) ++moved;
            // A test that tells them apart: reusing every line would give other answers.
            if (!same(price_both(*current.book, *proposed.book, *parsed.quote, none).after, after))
                ++missed_by_all_unchanged;
        }
    }
    CHECK(compared > 150);
    CHECK(moved > 60);
    CHECK(missed_by_all_unchanged > 60);
}

TEST_CASE("impact gives the same bytes with the proposed side priced from the current one", "[impact]") {
    const json book = json::parse(test::read_text("pricebooks/edge-cdn.json"));
    const auto current = edgequote::parse_pricebook(book.dump());
    REQUIRE(current.book);
    std::string log;
    std::size_t n = 0;
    for (const json& q : quotes()) {
        const json outcome = n % 3 == 0 ? json{{"status", "lost"}, {"reason", "price"}, {"competitor_monthly", "2500.00"}}
                                        : json{{"status", "open"}};
        log += json{{"log_version", "1"}, {"quote_id", "q-" + std::to_string(n++)}, {"updated_at", "2026-12-01T10:00:00Z"},
                    {"quote", q}, {"outcome", outcome}}
                   .dump() +
               "\n";
    }
    for (const json& proposed_json : proposed_books(book)) {
        const auto proposed = edgequote::parse_pricebook(proposed_json.dump());
        REQUIRE(proposed.book);
        std::string results[2];
        for (int mode = 0; mode < 2; ++mode) {
            edgequote::ImpactOptions options;
            options.same_catalogue = true;
            // Without changed_products every quote is priced twice in full.
            if (mode == 1) options.changed_products = edgequote::products_changed_only(book.dump(), proposed_json.dump());
            edgequote::ImpactRun run(*current.book, *proposed.book, options);
            run.index(0, log);
            run.price(0, log);
            results[mode] = edgequote::write_impact(run.result());
        }
        CHECK(results[0] == results[1]);
        CHECK(results[1] == edgequote::impact_json(book.dump(), proposed_json.dump(), {log}));
    }
}
