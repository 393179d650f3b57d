#pragma once
// Every error and warning code the engine emits, defined once. The CLI prints this table
// (`edgequote codes`) and the wasm module exports it, so no other layer re-types a code.
#include <cstddef>

namespace edgequote::codes {

#define EDGEQUOTE_ERROR_CODES(X)                                                                \
    /* reading JSON */                                                                          \
    X(input_too_large, "The document is larger than the engine accepts.")                       \
    X(too_deep, "The document nests objects or arrays deeper than any valid document does.")    \
    X(invalid_json, "The text is not valid JSON (or not valid UTF-8).")                          \
    X(wrong_type, "A field has the wrong JSON type.")                                            \
    X(missing_field, "A required field is missing.")                                             \
    X(unknown_field, "A field is not part of the format (a typo?).")                             \
    X(float_not_allowed, "A number with a fraction or exponent: write decimals as strings.")    \
    X(expected_decimal_string, "Money and rates are decimal strings such as \"0.085\".")        \
    X(invalid_decimal, "A decimal string is malformed or has too many digits.")                  \
    X(empty_string, "A name or id is empty.")                                                    \
    X(unsupported_schema_version, "The schema_version is not one this engine reads.")            \
    X(duplicate_key, "An object has the same key twice (JSON would keep only the last).")      \
    /* price book */                                                                            \
    X(unknown_currency, "The currency is not an ISO 4217 code this engine knows.")               \
    X(unknown_rounding, "The rounding mode is neither half_up nor half_even.")                   \
    X(invalid_date, "A date is not YYYY-MM-DD, or the range is reversed.")                       \
    X(duplicate_id, "Two entries share one id.")                                                 \
    X(unknown_unit, "A unit is not declared in the price book.")                                 \
    X(unit_dimension_mismatch, "A quantity's unit measures something else than the product's.") \
    X(invalid_factor, "A unit factor must be greater than zero.")                                \
    X(unknown_region, "A region is not declared in the price book.")                             \
    X(unknown_segment, "A customer segment is not declared in the price book.")                  \
    X(unknown_sku, "A SKU is not in the price book.")                                            \
    X(unknown_bundle, "A bundle is not in the price book.")                                      \
    X(unknown_model, "A price model name is not one of the seven models.")                       \
    X(unknown_value, "A field's value is not one of the allowed words.")                         \
    X(negative_value, "A price, rate or quantity is negative.")                                  \
    X(empty_tiers, "A tiered price model has no tiers.")                                         \
    X(tiers_not_increasing, "Tier bounds overlap: each up_to must exceed the one before.")      \
    X(unbounded_tier_not_last, "Only the last tier may be without an upper bound (a gap).")    \
    X(invalid_package_size, "A package size must be greater than zero.")                         \
    X(min_above_max, "A minimum is greater than its maximum.")                                   \
    X(percentage_of_percentage, "A percentage product cannot be priced on another one.")        \
    X(region_tiers_differ, "Region prices of an all-regions product must share tier bounds.")   \
    X(requires_cycle, "Bundle constraints require each other in a cycle.")                       \
    X(unknown_level, "An approval rule names a level that is not in the policy.")               \
    X(unknown_metric, "An approval rule names a metric the engine does not compute.")           \
    X(unknown_operator, "An approval rule's op is neither \">\" nor \"<\".")                   \
    X(unknown_finding, "An approval rule names a guidance finding the engine never emits.")     \
    X(band_out_of_order, "A guidance band is not ordered low <= target <= high.")                \
    X(too_many_products, "The price book has more products than the engine accepts.")          \
    X(too_many_tiers, "A price model, or the whole book, has more tiers than the engine accepts.") \
    X(rate_out_of_range, "A percentage rate must be from 0 to 100.")                             \
    /* quote */                                                                                 \
    X(pricebook_mismatch, "The quote was made for another price book or version.")               \
    X(term_not_offered, "The price book offers no such term.")                                   \
    X(too_many_lines, "The quote has more lines than the engine accepts.")                       \
    X(quantity_too_large, "A quantity is beyond any real traffic (more than 10^18).")            \
    X(region_required, "A regional product needs a region or a region mix.")                     \
    X(region_not_applicable, "A region was given for a product priced without regions.")        \
    X(region_and_mix, "A line gives both a region and a region mix.")                            \
    X(region_mix_sum, "The region mix does not add up to 100%.")                                 \
    X(discount_out_of_range, "A discount percentage must be from 0 to 100.")                     \
    X(discount_and_target, "A line gives both discount_pct and target_net.")                     \
    X(discount_not_allowed, "This product is not discountable.")                                 \
    X(target_net_above_price, "The target net is above the line's price before the discount.") \
    X(option_not_allowed, "The bundle does not offer this option.")                              \
    X(requires_missing, "An option needs another option that the quote does not have.")         \
    X(excludes_conflict, "Two options cannot be sold together.")                                 \
    X(below_min_quantity, "A quantity is below the bundle's minimum for it.")                    \
    X(above_max_quantity, "A quantity is above the bundle's maximum for it.")                    \
    X(quantity_beyond_last_tier, "The quantity is past the last tier: contact sales.")          \
    X(overflow, "An amount is too large to compute exactly.")                                    \
    /* quote logs */                                                                            \
    X(unsupported_log_version, "A quote-log line has a log_version this engine does not read.") \
    X(unpriced_quote, "A quote-log line holds a quote that was never priced.")                  \
    /* warnings */                                                                              \
    X(quantity_ignored, "A quantity was given for a product whose price does not depend on it.") \
    X(volume_cliff, "With volume pricing, a little more quantity would cost less in total.")

#define EDGEQUOTE_DECLARE_CODE(name, description) constexpr const char* name = #name;
EDGEQUOTE_ERROR_CODES(EDGEQUOTE_DECLARE_CODE)
#undef EDGEQUOTE_DECLARE_CODE

struct CodeInfo {
    const char* code;
    const char* description;
};

#define EDGEQUOTE_CODE_INFO(name, description) CodeInfo{#name, description},
constexpr CodeInfo kAll[] = {EDGEQUOTE_ERROR_CODES(EDGEQUOTE_CODE_INFO)};
#undef EDGEQUOTE_CODE_INFO

}  // namespace edgequote::codes
