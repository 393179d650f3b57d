#pragma once
// Seeded random inputs for the property tests: decimal strings, tier tables, and quotes drawn
// from a parsed price book (mostly valid, sometimes not: bounded tiers, bundle constraints and
// target nets above the price all happen). Every case is reproducible from (seed, case).
//
// EDGEQUOTE_PROPERTY_SEED overrides the base seed; EDGEQUOTE_PROPERTY_SCALE multiplies the
// number of cases (e.g. 10 for a longer soak).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "edgequote/engine.hpp"

namespace prop {

using nlohmann::json;
using edgequote::Decimal;

inline std::uint64_t base_seed() {
    const char* text = std::getenv("EDGEQUOTE_PROPERTY_SEED");
    return text ? std::strtoull(text, nullptr, 10) : 20261101u;
}

inline int scaled(int cases) {
    const char* text = std::getenv("EDGEQUOTE_PROPERTY_SCALE");
    const int scale = text ? std::max(1, std::atoi(text)) : 1;
    return cases * scale;
}

inline std::string read_text(const std::string& relative) {
    std::ifstream in(std::string(EDGEQUOTE_SOURCE_DIR) + "/" + relative, std::ios::binary);
    if (!in) return {};
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

inline Decimal dec(const std::string& text) {
    auto d = Decimal::parse(text);
    REQUIRE(d.has_value());
    return *d;
}

// The minor unit of a currency with `digits` minor digits: 1, 0.01, 0.001.
inline Decimal minor_unit(int digits) {
    return dec(digits == 0 ? "1" : "0." + std::string(std::size_t(digits - 1), '0') + "1");
}

class Random {
public:
    explicit Random(std::uint64_t seed) : rng_(seed) {}

    std::uint64_t below(std::uint64_t bound) { return bound ? rng_() % bound : 0; }
    bool chance(int percent) { return int(below(100)) < percent; }
    template <class T>
    const T& pick(const std::vector<T>& items) { return items[std::size_t(below(items.size()))]; }

    // A non-negative decimal string with up to `whole` integer and `frac` fractional digits.
    std::string decimal(int whole, int frac) {
        std::string out = std::to_string(below(pow10(int(below(std::uint64_t(whole) + 1)))));
        const int digits = int(below(std::uint64_t(frac) + 1));
        if (digits > 0) {
            out.push_back('.');
            for (int i = 0; i < digits; ++i) out.push_back(char('0' + below(10)));
        }
        return out;
    }
    // A quantity on a roughly log-uniform scale, sometimes a round number or a given edge.
    std::string quantity(const std::vector<Decimal>& edges, int frac = 3) {
        const auto roll = below(10);
        if (roll == 0) return "0";
        if (roll <= 2 && !edges.empty()) {
            Decimal edge = edges[std::size_t(below(edges.size()))];
            const auto nudge = below(3);
            if (nudge == 1) edge = edge + dec("0.001");
            if (nudge == 2 && edge > dec("0.001")) edge = edge - dec("0.001");
            return edge.to_string();
        }
        return decimal(int(1 + below(7)), frac);
    }

    std::mt19937_64& engine() { return rng_; }

private:
    std::mt19937_64 rng_;
    static std::uint64_t pow10(int n) {
        std::uint64_t v = 1;
        for (int i = 0; i < n; ++i) v *= 10;
        return v;
    }
};

// A random tier table: 1–5 tiers with increasing bounds, prices and flat fees (some zero);
// the last tier is unbounded unless `bounded_last`.
inline json tiers(Random& r, bool stairstep = false, bool bounded_last = false) {
    json out = json::array();
    const int count = int(1 + r.below(5));
    Decimal bound;
    for (int i = 0; i < count; ++i) {
        json tier;
        const bool last = i + 1 == count;
        if (last && !bounded_last) {
            tier["up_to"] = nullptr;
        } else {
            bound = bound + dec(r.decimal(int(1 + r.below(4)), int(r.below(3)))) + dec("0.5");
            tier["up_to"] = bound.to_string();
        }
        if (stairstep) {
            tier["amount"] = r.decimal(4, 2);
        } else {
            tier["unit_price"] = r.chance(10) ? "0" : r.decimal(2, int(r.below(7)));
            if (r.chance(50)) tier["flat"] = r.chance(20) ? "0" : r.decimal(3, 2);
        }
        out.push_back(tier);
    }
    return out;
}

inline std::vector<Decimal> edges_of(const json& tier_list) {
    std::vector<Decimal> out;
    for (const auto& t : tier_list)
        if (t.contains("up_to") && t["up_to"].is_string()) out.push_back(dec(t["up_to"].get<std::string>()));
    return out;
}

// A small book with one product "item" (unit "unit") priced with `price`.
inline json single_product_book(const json& price, const char* currency = "USD", const char* rounding = "half_up") {
    return {{"schema_version", "1.0"},
            {"id", "prop-book"},
            {"version", "1"},
            {"effective_from", "2026-01-01"},
            {"currency", currency},
            {"rounding", rounding},
            {"units", json::array({{{"id", "unit"}, {"dimension", "count"}, {"factor", "1"}}})},
            {"regions", json::array({{{"id", "na"}, {"name", "North America"}}})},
            {"segments", json::array({{{"id", "smb"}, {"name", "SMB"}}})},
            {"products", json::array({{{"sku", "item"}, {"name", "Item"}, {"category", "test"}, {"unit", "unit"},
                                       {"price", price}}})},
            {"terms", json::array({{{"months", 1}, {"discount_pct", "0"}}})}};
}

inline json single_line_quote(const std::string& quantity) {
    return {{"schema_version", "1.0"},
            {"pricebook", {{"id", "prop-book"}, {"version", "1"}}},
            {"customer", {{"name", "Prop"}, {"segment", "smb"}}},
            {"term_months", 1},
            {"lines", json::array({{{"sku", "item"}, {"quantity", quantity}}})}};
}

// Options for quotes drawn from a book.
struct QuoteShape {
    int max_lines = 12;
    bool percentages = true;   // allow percentage-priced products
    bool targets = true;       // allow target_net on lines
    int quantity_frac = 3;     // fractional digits of quantities (in the entered unit)
};

// A random quote against `book`: a bundle or none, lines from the products the bundle allows,
// quantities in any unit of the product's dimension, a region or a mix for regional products,
// discounts, a commit, an incumbent price, a term the book offers.
inline json random_quote(Random& r, const edgequote::PriceBook& book, const QuoteShape& shape = {}) {
    json q = {{"schema_version", "1.0"},
              {"pricebook", {{"id", book.id}, {"version", book.version}}},
              {"customer", {{"name", "Customer " + std::to_string(r.below(1000))},
                            {"segment", r.pick(book.segments).id}}},
              {"term_months", r.pick(book.terms).months}};
    if (r.chance(40)) q["customer"]["incumbent_monthly"] = r.decimal(6, 2);
    std::optional<std::size_t> bundle;
    if (!book.bundles.empty() && r.chance(50)) {
        bundle = std::size_t(r.below(book.bundles.size()));
        q["bundle"] = book.bundles[*bundle].id;
    }
    if (!book.commits.empty() && r.chance(25)) q["commit"] = {{"monthly_spend", r.decimal(5, 2)}};
    if (r.chance(30)) q["discount_pct"] = r.decimal(1, 2);

    std::vector<std::size_t> allowed;
    for (std::size_t p = 0; p < book.products.size(); ++p) {
        if (!shape.percentages && book.products[p].is_percentage()) continue;
        if (bundle && !book.bundles[*bundle].allows(p)) continue;
        allowed.push_back(p);
    }
    q["lines"] = json::array();
    if (allowed.empty()) return q;
    const int count = int(1 + r.below(std::uint64_t(shape.max_lines)));
    std::vector<std::size_t> quoted;  // products already on a line
    for (int i = 0; i < count; ++i) {
        const std::size_t product_index = r.pick(allowed);
        const edgequote::Product& product = book.products[product_index];
        // A fixed amount is charged once: a second line of it costs 0, and a target on it would
        // only ever be refused as above its price.
        const bool repeated_flat = std::holds_alternative<edgequote::FlatModel>(product.price.model) &&
                                   std::find(quoted.begin(), quoted.end(), product_index) != quoted.end();
        quoted.push_back(product_index);
        json line = {{"sku", product.sku}};
        std::vector<Decimal> edges;
        if (const auto* t = edgequote::tiers_of(product.price))
            for (const auto& tier : *t)
                if (tier.up_to) edges.push_back(*tier.up_to);
        const bool flat_like = std::holds_alternative<edgequote::FlatModel>(product.price.model) || product.is_percentage();
        if (!flat_like || r.chance(50)) line["quantity"] = r.quantity(edges, shape.quantity_frac);
        if (!flat_like && r.chance(40)) {
            std::vector<std::string> units;
            for (const auto& u : book.units)
                if (u.dimension == book.units[product.unit].dimension) units.push_back(u.id);
            line["unit"] = r.pick(units);
            // Keep big units from producing absurd volumes: fewer whole digits.
            if (line.contains("quantity") && line["unit"] != book.units[product.unit].id)
                line["quantity"] = r.decimal(3, shape.quantity_frac);
        }
        if (r.chance(8) && line.contains("quantity")) {
            // Whole quantities may be JSON integers.
            auto d = dec(line["quantity"].get<std::string>());
            if (d.is_integer() && d < dec("1000000000")) line["quantity"] = std::stoll(d.to_string());
        }
        if (product.regional && !book.regions.empty()) {
            if (book.regions.size() > 1 && r.chance(50)) {
                // A mix of 2–4 regions in half percents summing to 100 (shares of 0 are allowed).
                const std::size_t n = std::min<std::size_t>(book.regions.size(), 2 + r.below(3));
                std::vector<std::size_t> order(book.regions.size());
                for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
                std::shuffle(order.begin(), order.end(), r.engine());
                std::vector<int> cuts = {0, 200};
                for (std::size_t k = 0; k + 1 < n; ++k) cuts.push_back(int(r.below(201)));
                std::sort(cuts.begin(), cuts.end());
                json mix = json::object();
                for (std::size_t k = 0; k < n; ++k) {
                    const int halves = cuts[k + 1] - cuts[k];
                    mix[book.regions[order[k]].id] = std::to_string(halves / 2) + (halves % 2 ? ".5" : "");
                }
                line["region_mix"] = mix;
            } else {
                line["region"] = r.pick(book.regions).id;
            }
        }
        if (product.discountable) {
            if (r.chance(20)) line["discount_pct"] = r.decimal(2, 2);
            else if (shape.targets && !repeated_flat && r.chance(8)) line["target_net"] = r.decimal(4, 2);
        }
        q["lines"].push_back(line);
    }
    return q;
}

inline edgequote::PriceBook load_book(const std::string& relative) {
    const std::string text = read_text(relative);
    REQUIRE_FALSE(text.empty());
    auto result = edgequote::parse_pricebook(text);
    if (!result.errors.empty()) FAIL(relative << ": " << result.errors[0].code << " at " << result.errors[0].path);
    return std::move(*result.book);
}

// The books random quotes are drawn from: the sample book (when present) and the fuzz books.
inline std::vector<std::string> book_paths() {
    std::vector<std::string> out;
    if (!read_text("pricebooks/edge-cdn.json").empty()) out.push_back("pricebooks/edge-cdn.json");
    out.push_back("tests/fuzz/books/fuzz-book.json");
    out.push_back("tests/fuzz/books/fuzz-book-jpy.json");
    return out;
}

}  // namespace prop
