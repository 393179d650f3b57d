// Properties of hostile and extreme input (issue #13.2 and #15.5):
//  - overflow is never silent: whatever overflows anywhere (reading the book, reading the
//    quote, pricing, guidance, approval, writing), the result is the error `overflow`;
//  - splitting a line into parts, each in any unit of its dimension, never changes the exact
//    amounts the quote charges for that product (even when a unit's ratio to the product's
//    does not terminate in decimal: minutes priced per hour, dozens priced per gross).
#include <map>
#include <set>
#include <string>

#include "../fuzz/check_priced.hpp"
#include "generators.hpp"

using prop::dec;
using prop::json;
using edgequote::Decimal;
using edgequote::OutputDetail;

namespace {

std::uint64_t seed_for(const char* test, int index) {
    std::uint64_t h = prop::base_seed() * 0x9E3779B97F4A7C15ull;
    for (const char* c = test; *c; ++c) h = (h ^ std::uint64_t(*c)) * 0x100000001B3ull;
    return h + std::uint64_t(index);
}

bool has_code(const edgequote::Errors& errors, const char* code) {
    for (const auto& e : errors)
        if (e.code == code) return true;
    return false;
}

// A decimal of ordinary size most of the time, sometimes near the 36-digit limit or tiny.
std::string extreme(prop::Random& r, int usual_whole = 4) {
    switch (r.below(6)) {
        case 0: return r.decimal(int(28 + r.below(8)), 0);                        // 28–36 digits
        case 1: return "0." + std::string(std::size_t(18 + r.below(5)), '0') + "1";  // tiny
        case 2: return r.decimal(int(10 + r.below(8)), int(r.below(8)));
        default: return r.decimal(usual_whole, int(r.below(4)));
    }
}

json random_price(prop::Random& r) {
    switch (r.below(6)) {
        case 0: return {{"model", "per_unit"}, {"unit_price", extreme(r, 2)}};
        case 1: return {{"model", "flat"}, {"amount", extreme(r)}};
        case 2: {
            json tiers = prop::tiers(r);
            for (auto& t : tiers) {
                t["unit_price"] = extreme(r, 2);
                if (r.chance(50)) t["flat"] = extreme(r);
            }
            return {{"model", r.chance(50) ? "graduated" : "volume"}, {"tiers", tiers}};
        }
        case 3: {
            json tiers = prop::tiers(r, true);
            for (auto& t : tiers) t["amount"] = extreme(r);
            return {{"model", "stairstep"}, {"tiers", tiers}};
        }
        case 4: return {{"model", "package"}, {"size", extreme(r, 3)}, {"price", extreme(r)}};
        default: return {{"model", "per_unit"}, {"unit_price", r.decimal(1, 3)}};
    }
}

// A book whose prices, unit factors, commits, bands, costs and thresholds may be extreme.
json extreme_book(prop::Random& r) {
    json products = json::array();
    const int count = int(2 + r.below(4));
    for (int i = 0; i < count; ++i) {
        json p = {{"sku", "p" + std::to_string(i)}, {"category", r.chance(50) ? "a" : "b"}, {"unit", r.chance(50) ? "u" : "big"},
                  {"price", random_price(r)}, {"commit_discount", r.chance(50)}};
        if (r.chance(30)) p["minimum_monthly"] = extreme(r);
        products.push_back(p);
    }
    products.push_back({{"sku", "pct"}, {"category", "fee"}, {"unit", "u"},
                        {"price", {{"model", "percentage"}, {"rate", r.decimal(2, 2)}, {"of", "all"}}}});
    json book = {
        {"schema_version", "1.0"}, {"id", "x"}, {"version", "1"}, {"effective_from", "2026-01-01"}, {"currency", "USD"},
        {"units", json::array({{{"id", "u"}, {"dimension", "n"}, {"factor", "1"}},
                               {{"id", "big"}, {"dimension", "n"}, {"factor", extreme(r, 3)}},
                               {{"id", "small"}, {"dimension", "n"}, {"factor", "0.000000000001"}}})},
        {"regions", json::array({{{"id", "r"}}})},
        {"segments", json::array({{{"id", "s"}}})},
        {"products", products},
        {"terms", json::array({{{"months", 12}, {"discount_pct", r.decimal(1, 1)}}, {{"months", 1200}}})},
        {"commits", json::array({{{"id", "c"}, {"min_monthly", extreme(r)}, {"discount_pct", "5"}}})},
    };
    if (r.chance(70)) {
        json costs = json::object();
        for (int i = 0; i < count; ++i)
            if (r.chance(50)) costs["p" + std::to_string(i)] = random_price(r);
        book["internal"] = {
            {"costs", costs},
            {"guidance", {{"deal_bands", {{"s", {{"low", "0"}, {"high", extreme(r)}}}}},
                          {"incumbent", {{"low_pct", "50"}, {"high_pct", extreme(r, 3)}}}}},
            {"approval", {{"levels", json::array({"rep", "vp"})},
                          {"rules", json::array({{{"metric", "tcv"}, {"op", ">"}, {"threshold", "-" + extreme(r)}, {"level", "vp"}},
                                                 {{"metric", "margin_pct"}, {"op", "<"}, {"threshold", extreme(r)}, {"level", "vp"}}})}}}};
    }
    return book;
}

json extreme_quote(prop::Random& r, const json& book) {
    json q = {{"schema_version", "1.0"}, {"pricebook", {{"id", "x"}, {"version", "1"}}},
              {"customer", {{"segment", "s"}}}, {"term_months", r.chance(50) ? 12 : 1200}};
    if (r.chance(40)) q["commit"] = {{"monthly_spend", extreme(r)}};
    if (r.chance(40)) q["customer"]["incumbent_monthly"] = extreme(r);
    if (r.chance(20)) q["discount_pct"] = r.decimal(2, 2);
    q["lines"] = json::array();
    const int lines = int(1 + r.below(5));
    for (int i = 0; i < lines; ++i) {
        const json& product = book["products"][r.below(book["products"].size())];
        json line = {{"sku", product["sku"]}};
        if (product["price"]["model"] != "percentage") {
            line["quantity"] = r.chance(20) ? "1000000000000000000" : extreme(r, 6).substr(0, 19);
            if (r.chance(40)) line["unit"] = r.chance(50) ? "big" : "small";
        }
        if (r.chance(20)) line["discount_pct"] = r.decimal(2, 1);
        q["lines"].push_back(line);
    }
    return q;
}

// The exact (unrounded) amount charged for each SKU: what no split may change.
std::map<std::string, Decimal> exact_by_sku(const edgequote::PricedQuote& q) {
    std::map<std::string, Decimal> out;
    for (const auto& line : q.lines) {
        if (line.kind != edgequote::LineKind::product) continue;
        Decimal& sum = out[line.sku];
        for (const auto& s : line.tiers) sum += s.amount;
    }
    return out;
}

}  // namespace

TEST_CASE("overflow anywhere, in any step, is the error overflow") {
    const char* name = "overflow";
    int overflowed = 0, priced = 0, cases = prop::scaled(3000);
    for (int c = 0; c < cases; ++c) {
        prop::Random r(seed_for(name, c));
        const json book_json = extreme_book(r);
        const json quote = extreme_quote(r, book_json);
        INFO("EDGEQUOTE_PROPERTY_SEED=" << prop::base_seed() << " case " << c << "\nbook: " << book_json.dump()
                                        << "\nquote: " << quote.dump());
        const std::uint64_t before = Decimal::overflow_count();
        auto book = edgequote::parse_pricebook(book_json.dump());
        if (!book.book) {
            if (Decimal::overflow_count() != before) CHECK(has_code(book.errors, "overflow"));
            continue;
        }
        const auto result = edgequote::price_json(*book.book, quote.dump());
        const std::string full = edgequote::write_priced_quote(result, OutputDetail::full);
        const std::string summary = edgequote::write_priced_quote(result, OutputDetail::summary);
        if (Decimal::overflow_count() != before) {
            ++overflowed;
            INFO("output: " << full);
            CHECK(has_code(result.errors, "overflow"));
        } else if (result.errors.empty()) {
            ++priced;
        }
        INFO("output: " << full);
        CHECK(check::priced_json(full, 2, edgequote::RoundingMode::half_up, OutputDetail::full) == "");
        CHECK(check::priced_json(summary, 2, edgequote::RoundingMode::half_up, OutputDetail::summary) == "");
    }
    INFO(overflowed << " of " << cases << " cases overflowed somewhere, " << priced << " priced");
    // Both outcomes must be common, or the property says little.
    CHECK(overflowed * 20 >= cases);
    CHECK(priced * 10 >= cases);
}

TEST_CASE("splitting a line into parts in any units of its dimension never changes what its product is charged") {
    // Products priced per hour, per gross (144) and per TB, with every ladder model; a line in
    // the dimension's base unit (seconds, units, GB: exact for any split) against the same
    // quantity in 1–4 parts, each in a random unit of the dimension (minutes, dozens, TiB...).
    // The exact amounts charged for each SKU (tier slices, unrounded) must be equal; the tiers
    // reached too (a stairstep or volume edge is where a rounding error would show).
    const char* name = "split-units";
    const json units = json::array({{{"id", "second"}, {"dimension", "time"}, {"factor", "1"}},
                                    {{"id", "minute"}, {"dimension", "time"}, {"factor", "60"}},
                                    {{"id", "hour"}, {"dimension", "time"}, {"factor", "3600"}},
                                    {{"id", "day"}, {"dimension", "time"}, {"factor", "86400"}},
                                    {{"id", "unit"}, {"dimension", "count"}, {"factor", "1"}},
                                    {{"id", "dozen"}, {"dimension", "count"}, {"factor", "12"}},
                                    {{"id", "gross"}, {"dimension", "count"}, {"factor", "144"}},
                                    {{"id", "GB"}, {"dimension", "data"}, {"factor", "1"}},
                                    {{"id", "TB"}, {"dimension", "data"}, {"factor", "1000"}},
                                    {{"id", "TiB"}, {"dimension", "data"}, {"factor", "1099.511627776"}}});
    const std::map<std::string, std::vector<std::string>> dimension_units = {
        {"hour", {"second", "minute", "hour", "day"}}, {"gross", {"unit", "dozen", "gross"}}, {"TB", {"GB", "TB", "TiB"}}};
    const std::map<std::string, std::string> base_of = {{"hour", "second"}, {"gross", "unit"}, {"TB", "GB"}};
    int compared = 0, cases = prop::scaled(600);
    for (int c = 0; c < cases; ++c) {
        prop::Random r(seed_for(name, c));
        const std::string unit = r.pick(std::vector<std::string>{"hour", "gross", "TB"});
        json price;
        switch (r.below(6)) {
            case 0: price = {{"model", "per_unit"}, {"unit_price", r.decimal(2, 3)}}; break;
            case 1: price = {{"model", "graduated"}, {"tiers", prop::tiers(r)}}; break;
            case 2: price = {{"model", "volume"}, {"tiers", prop::tiers(r)}}; break;
            case 3: price = {{"model", "stairstep"}, {"tiers", prop::tiers(r, true)}}; break;
            case 4: price = {{"model", "package"}, {"size", r.decimal(1, 1) + "1"}, {"price", r.decimal(3, 2)}}; break;
            default: price = {{"model", "flat"}, {"amount", r.decimal(3, 2)}}; break;
        }
        json book = prop::single_product_book(price);
        book["units"] = units;
        book["products"][0]["unit"] = unit;
        const auto loaded = edgequote::parse_pricebook(book.dump());
        REQUIRE(loaded.errors.empty());
        // The parts, each a quantity with up to 3 decimals in a random unit; the whole, their sum
        // in the base unit (exact: every factor here times 3 decimals is a finite decimal).
        json parts = json::array();
        Decimal base_total;
        const int count = int(1 + r.below(4));
        for (int k = 0; k < count; ++k) {
            const std::string part_unit = r.pick(dimension_units.at(unit));
            const std::string quantity = r.decimal(2, int(r.below(4)));
            Decimal factor;
            for (const auto& u : units)
                if (u["id"] == part_unit) factor = dec(u["factor"].get<std::string>());
            base_total += dec(quantity) * factor;
            parts.push_back({{"sku", "item"}, {"quantity", quantity}, {"unit", part_unit}});
        }
        const json whole = json::array({{{"sku", "item"}, {"quantity", base_total.to_string()}, {"unit", base_of.at(unit)}}});
        INFO("EDGEQUOTE_PROPERTY_SEED=" << prop::base_seed() << " case " << c << " book " << book.dump() << "\nparts "
                                        << parts.dump() << "\nwhole " << whole.dump());
        json quote_whole = prop::single_line_quote("0");
        quote_whole["lines"] = whole;
        json quote_parts = prop::single_line_quote("0");
        quote_parts["lines"] = parts;
        const auto a = edgequote::price_json(*loaded.book, quote_whole.dump());
        const auto b = edgequote::price_json(*loaded.book, quote_parts.dump());
        REQUIRE(a.errors.empty() == b.errors.empty());
        if (!a.errors.empty()) {
            CHECK(a.errors[0].code == b.errors[0].code);  // past a bounded last tier, both
            continue;
        }
        CHECK(exact_by_sku(a) == exact_by_sku(b));
        std::set<int> tiers_a, tiers_b;  // the tiers reached
        for (const auto& s : a.lines.at(0).tiers) tiers_a.insert(s.tier);
        for (const auto& line : b.lines)
            for (const auto& s : line.tiers) tiers_b.insert(s.tier);
        CHECK(tiers_a == tiers_b);
        ++compared;
    }
    INFO(compared << " of " << cases << " splits compared");
    CHECK(compared * 2 >= cases);
}
