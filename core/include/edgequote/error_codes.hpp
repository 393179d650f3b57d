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
    X(invalid_public_key, "An approver's key is not an ECDSA P-256 public key in JWK form.")     \
    X(synonym_collision, "Two entries of an outcome catalogue answer to one spelling (name, id or synonym).") \
    X(invalid_id, "An id has characters other than lower-case letters, digits, - and _.")      \
    X(too_many_products, "The price book has more products than the engine accepts.")          \
    X(too_many_tiers, "A price model, or the whole book, has more tiers than the engine accepts.") \
    X(rate_out_of_range, "A percentage rate must be from 0 to 100.")                             \
    /* quote */                                                                                 \
    X(pricebook_mismatch, "The quote was made for another price book or version.")               \
    X(pricebook_not_in_effect, "The price book is not in effect on the quote's as_of date.")    \
    X(book_versions_overlap, "Two versions of one price book are in effect on the same day.")   \
    X(periods_not_contiguous, "Ramp periods must cover months 1 to term_months in order, no gap or overlap.") \
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
    X(estimate_vendor_mismatch, "The incumbent estimate is for another vendor than the incumbent.") \
    /* approvals (core/src/approval_token.cpp, approval_coverage.cpp) */                          \
    X(approval_token_too_large, "An approval token is larger than any the engine makes.")       \
    X(approval_token_malformed, "An approval token is not in the engine's form (damaged or edited).") \
    X(approval_input_invalid, "An approval's time, comment, hash or decision is malformed.")     \
    X(approval_unknown_approver, "The approval is signed by someone who is not an approver in this book.") \
    X(approval_signature_invalid, "The signature does not match the approval and the approver's key.") \
    X(approval_rejected, "The approver rejected the quote.")                                    \
    X(approval_other_book, "The approval was given under another price book, version or content.") \
    X(approval_other_deal, "The approval was given for another customer or segment.")           \
    X(approval_level_too_low, "The approver's level in the book is below what they approved.")   \
    X(approval_missing, "No valid approval covers this rule.")                                  \
    X(approval_value_moved, "The rule's value moved past the value that was approved.")          \
    X(approval_new_rule, "A rule fired after the approval, at or above the approved level.")     \
    /* quote logs */                                                                            \
    X(unsupported_log_version, "A quote-log line has a log_version this engine does not read.") \
    X(unpriced_quote, "A quote-log line holds a quote that was never priced.")                  \
    /* warnings */                                                                              \
    X(quantity_ignored, "A quantity was given for a product whose price does not depend on it.") \
    X(volume_cliff, "With volume pricing, a little more quantity would cost less in total.")

// Codes only the comparison with competitors' list prices emits (core/src/compare.cpp, the
// edgequote-compare module): listed apart so the pricing engine's module does not carry them.
#define EDGEQUOTE_COMPARISON_CODES(X)                                                           \
    X(unknown_mapping_target, "A comparison maps to a SKU, region or unit the competitor book lacks.") \
    X(region_not_mapped, "A region of our book is neither mapped nor declared without counterpart.") \
    X(no_counterpart, "Not compared: the competitor publishes no comparable list price for it.") \
    X(region_no_counterpart, "Not compared: the competitor book has no price for this region.")  \
    X(beyond_published_tiers, "Not compared: past the competitor's last published tier.")        \
    X(currency_mismatch, "The competitor book is in another currency: nothing is converted.")   \
    X(unknown_vendor, "The incumbent vendor is not one the competitor books describe.")

#define EDGEQUOTE_DECLARE_CODE(name, description) constexpr const char* name = #name;
EDGEQUOTE_ERROR_CODES(EDGEQUOTE_DECLARE_CODE)
EDGEQUOTE_COMPARISON_CODES(EDGEQUOTE_DECLARE_CODE)
#undef EDGEQUOTE_DECLARE_CODE

struct CodeInfo {
    const char* code;
    const char* description;
};

#define EDGEQUOTE_CODE_INFO(name, description) CodeInfo{#name, description},
constexpr CodeInfo kAll[] = {EDGEQUOTE_ERROR_CODES(EDGEQUOTE_CODE_INFO)};
constexpr CodeInfo kComparison[] = {EDGEQUOTE_COMPARISON_CODES(EDGEQUOTE_CODE_INFO)};
#undef EDGEQUOTE_CODE_INFO

}  // namespace edgequote::codes
