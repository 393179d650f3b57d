// Typical monthly traffic per segment (typical_traffic.hpp): the book's section, and the check.
#include "typical_traffic.hpp"

#include <algorithm>

#include "edgequote/error_codes.hpp"
#include "edgequote/finding_codes.hpp"
#include "pricing_internal.hpp"

namespace edgequote::detail {
namespace {

// Past 10x the top of the usual range, or under a hundredth of its bottom: a unit off by one
// step (GB/TB/PB are 1,000 apart) lands there, while a big or small customer of the segment
// does not. Only ever a warning: the rep may know better.
const Decimal kOverFactor = Decimal::from_int(10);
const Decimal kUnderFactor = Decimal::from_int(100);

// The whole part grouped by thousands (guidance's own grouping), the decimals as they are.
std::string grouped(const std::string& number) {
    const std::size_t point = number.find('.');
    const std::string whole = group_thousands(number.substr(0, point));
    return point == std::string::npos ? whole : whole + number.substr(point);
}

// An amount in base units, written in the largest unit of its dimension it is at least one of
// (100 GB, 20 TB, 3 PB), to at most three decimals.
std::string in_best_unit(const PriceBook& book, const std::string& dimension, const Decimal& base) {
    const Unit* best = nullptr;     // the largest unit not larger than the amount
    const Unit* smallest = nullptr;
    for (const Unit& u : book.units) {
        if (u.dimension != dimension) continue;
        if (!smallest || u.factor < smallest->factor) smallest = &u;
        if (u.factor <= base && (!best || u.factor > best->factor)) best = &u;
    }
    if (!best) best = smallest;
    std::string digits = base.divide(best->factor, 3, RoundingMode::half_up).to_string();
    if (digits.find('.') != std::string::npos) {
        while (digits.back() == '0') digits.pop_back();
        if (digits.back() == '.') digits.pop_back();
    }
    return grouped(digits) + " " + best->id;
}

// The unit of the same dimension just smaller (step < 0) or just larger (step > 0) than `unit`.
const Unit* neighbour(const PriceBook& book, const Unit& unit, int step) {
    const Unit* found = nullptr;
    for (const Unit& u : book.units) {
        if (u.dimension != unit.dimension) continue;
        if (step < 0 && u.factor < unit.factor && (!found || u.factor > found->factor)) found = &u;
        if (step > 0 && unit.factor < u.factor && (!found || u.factor < found->factor)) found = &u;
    }
    return found;
}

}  // namespace

std::optional<TypicalTraffic> parse_typical_traffic(Reader& r, const Json& node, const std::string& path,
                                                    const PriceBook& book) {
    const std::size_t before = r.error_count();
    r.check_keys(node, path, {"unit", "products", "bands"});
    TypicalTraffic t;
    std::string dimension;
    if (auto unit = r.string(node, "unit", path, true)) {
        if (auto index = book.find_unit(*unit)) {
            t.unit = *index;
            dimension = book.units[*index].dimension;
        } else {
            r.error(codes::unknown_unit, path + "/unit", "There is no unit \"" + *unit + "\".");
        }
    }
    if (const Json* products = r.array(node, "products", path, true)) {
        for (std::size_t i = 0; i < products->size(); ++i) {
            const std::string item = pointer_append(path + "/products", i);
            const Json& sku = (*products)[i];
            if (!sku.is_string()) {
                r.error(codes::wrong_type, item, "Expected a SKU.");
                continue;
            }
            auto index = book.find_product(sku.get_ref<const std::string&>());
            if (!index) {
                r.error(codes::unknown_sku, item, "No product has SKU \"" + sku.get_ref<const std::string&>() + "\".");
                continue;
            }
            // Only with a known unit for the bands is there a dimension to compare: a book may
            // declare no units at all, and then a product's unit index points at nothing.
            if (!dimension.empty()) {
                const Unit& unit = book.units[book.products[*index].unit];
                if (unit.dimension != dimension) {
                    r.error(codes::unit_dimension_mismatch, item,
                            "\"" + book.products[*index].sku + "\" is measured in " + unit.dimension +
                                ", the bands in " + dimension + ".");
                    continue;
                }
            }
            t.products.push_back(*index);
        }
    }
    if (const Json* bands = r.object(node, "bands", path, true)) {
        for (auto it = bands->begin(); it != bands->end(); ++it) {
            const std::string band_path = pointer_append(path + "/bands", it.key());
            auto segment = book.find_segment(it.key());
            if (!segment) {
                r.error(codes::unknown_segment, band_path, "Segment \"" + it.key() + "\" is not declared.");
                continue;
            }
            if (!r.expect_object(*it, band_path)) continue;
            r.check_keys(*it, band_path, {"low", "high"});
            auto low = r.decimal(*it, "low", band_path, true);
            auto high = r.decimal(*it, "high", band_path, true);
            if (!low || !high) continue;
            if (low->sign() < 0 || high->sign() < 0) {
                r.error(codes::negative_value, band_path, "A traffic band cannot be negative.");
            } else if (*low > *high) {
                r.error(codes::band_out_of_order, band_path, "low must not exceed high.");
            } else {
                t.bands[*segment] = Band{*low, std::nullopt, *high};
            }
        }
    }
    if (r.error_count() != before) return std::nullopt;
    return t;
}

template <bool messages>
std::vector<Finding> typical_traffic_findings(const PriceBook& book, const Quote& quote, const PricedQuote& priced) {
    std::vector<Finding> out;
    if (!book.internal || !book.internal->typical_traffic) return out;
    const TypicalTraffic& typical = *book.internal->typical_traffic;
    const auto band = typical.bands.find(quote.customer.segment);
    if (band == typical.bands.end()) return out;
    const Unit& band_unit = book.units[typical.unit];
    const Decimal low = band->second.low * band_unit.factor;  // in the dimension's base unit
    const Decimal high = band->second.high * band_unit.factor;
    const std::string& segment = book.segments[quote.customer.segment].name;
    const std::string usual = !messages ? "" : in_best_unit(book, band_unit.dimension, low) + "–" +
                              in_best_unit(book, band_unit.dimension, high);
    for (std::size_t k = 0; k < priced.lines.size(); ++k) {
        const PricedLine& line = priced.lines[k];
        if (line.kind != LineKind::product || !line.index || *line.index >= quote.lines.size()) continue;
        const QuoteLine& input = quote.lines[*line.index];
        if (std::find(typical.products.begin(), typical.products.end(), input.product) == typical.products.end()) continue;
        if (input.quantity.sign() <= 0) continue;
        const Unit& unit = book.units[input.unit];
        const Decimal traffic = input.quantity * unit.factor;
        const std::string typed = !messages ? "" : input.quantity.to_string() + " " + unit.id + " a month";
        std::string message;
        if (traffic > high * kOverFactor) {
            const Unit* smaller = neighbour(book, unit, -1);
            if (messages)
                message = typed + " is " + grouped(traffic.divide(high, 0, RoundingMode::half_up).to_string()) +
                          "× more than " + segment + " customers usually deliver (" + usual + "). " +
                          (smaller ? "Did you mean " + input.quantity.to_string() + " " + smaller->id + "?" : "Check the unit.");
        } else if (traffic * kUnderFactor < low) {
            const Unit* larger = neighbour(book, unit, +1);
            if (messages)
                message = typed + " is far below what " + segment + " customers usually deliver (" + usual + "). " +
                          (larger ? "Did you mean " + input.quantity.to_string() + " " + larger->id + "?" : "Check the unit.");
        } else {
            continue;
        }
        out.push_back({findings::unit_check, "warning", std::move(message), input.quantity, std::nullopt, k, false});
    }
    return out;
}

template std::vector<Finding> typical_traffic_findings<true>(const PriceBook&, const Quote&, const PricedQuote&);
template std::vector<Finding> typical_traffic_findings<false>(const PriceBook&, const Quote&, const PricedQuote&);

}  // namespace edgequote::detail
