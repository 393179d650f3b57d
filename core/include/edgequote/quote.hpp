#pragma once
// The quote (inputs, validated against one price book) and the priced result.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "edgequote/decimal.hpp"
#include "edgequote/error.hpp"

namespace edgequote {

struct RegionShare {
    std::size_t region = 0;  // index into PriceBook::regions
    Decimal pct;
};

struct QuoteLine {
    std::size_t product = 0;     // index into PriceBook::products
    Decimal quantity;            // as entered
    std::size_t unit = 0;        // index into PriceBook::units, as entered
    bool quantity_given = true;  // false: defaulted to 1 (flat and percentage products)
    std::vector<RegionShare> regions;  // one share of 100 for `region`; the mix otherwise
    std::optional<Decimal> discount_pct;
    std::optional<Decimal> target_net;
    std::vector<Decimal> usage;  // plan products: one quantity per limit, in the limit's unit
};

// One period of a ramped deal: months from_month..to_month (1-based, inclusive) priced as a
// month of their own, with the period's lines (or the quote's) and commit (or the quote's).
struct RampPeriod {
    int from_month = 1;
    int to_month = 1;
    bool own_lines = false;   // false: the quote's lines
    std::vector<QuoteLine> lines;
    bool own_commit = false;  // false: the quote's commit
    std::optional<Decimal> commit_monthly_spend;
    int months() const { return to_month - from_month + 1; }
};

// What the incumbent would charge for the quote's traffic at its public list prices (from
// compare_json): used by displacement guidance only when no incumbent price was typed.
// A quote line an estimate covers: whole, or only for the regions named (the others have no
// counterpart on the competitor's book, or go past its published tiers).
struct EstimateLine {
    std::size_t line = 0;              // into Quote::lines
    std::vector<std::string> regions;  // our region ids; empty: the whole line
};

struct IncumbentEstimate {
    std::string vendor;       // equals Customer::incumbent_vendor
    std::string vendor_name;  // for messages; the id when not given
    Decimal monthly;
    // The part of the quote `monthly` prices: displacement guidance measures our net for the
    // same part (comparable_net.hpp). Absent (an estimate written before lines were named): the
    // whole net, as then.
    std::optional<std::vector<EstimateLine>> lines;
};

struct Customer {
    std::string name;
    std::size_t segment = 0;
    std::optional<Decimal> incumbent_monthly;
    std::string incumbent_vendor;  // empty: not named
    std::optional<IncumbentEstimate> incumbent_estimate;
};

struct Quote {
    std::string schema_version;
    std::string pricebook_id;
    std::string pricebook_version;
    Customer customer;
    int term_months = 1;
    std::optional<std::size_t> bundle;
    std::optional<Decimal> commit_monthly_spend;
    std::vector<QuoteLine> lines;
    std::optional<Decimal> discount_pct;
    std::string as_of;                // YYYY-MM-DD the quote is priced for; empty: not checked
    std::vector<RampPeriod> periods;  // empty: every month is the same
};

// ---- The priced result ----------------------------------------------------------------

struct TierSlice {
    std::string region;  // empty for products priced without regions
    int tier = 1;        // 1-based index of the tier in the price model
    Decimal from;        // the slice of the ladder this line used: (from, to]
    std::optional<Decimal> to;  // none: the tier has no upper bound
    Decimal quantity;
    Decimal unit_price;
    Decimal flat;
    Decimal amount;      // exact: quantity × unit_price + flat
    std::string note;    // how it was counted, when that is not plain tier math
    // A tier sold in blocks: `quantity` units make `blocks` blocks of `block_size` (counted from
    // the tier's lower bound), and amount = blocks × unit_price + flat.
    std::optional<Decimal> block_size;
    Decimal blocks;
};

// How a plan by several limits chose its tier.
struct PlanUsage {
    std::string limit;
    std::string unit;
    Decimal quantity;               // in the limit's unit
    std::optional<Decimal> up_to;   // the chosen tier's bound on it; none: no bound
};
struct PlanChoice {
    int tier = 1;                   // 1-based
    std::string tier_name;
    std::vector<std::string> chosen_by;  // the limits that did not fit the tier before; empty for tier 1
    std::vector<PlanUsage> usage;
};

struct WaterfallStep {
    std::string step;  // list | term | commit | rep | quote | net
    std::optional<Decimal> pct;
    Decimal amount;    // the step's own amount (negative for a discount)
    Decimal running;   // the line's amount after this step
};

enum class LineKind { product, bundle, percentage, true_up };
const char* line_kind_name(LineKind kind);

struct PricedLine {
    std::optional<std::size_t> index;  // the quote line; none for generated lines
    LineKind kind = LineKind::product;
    std::string sku;
    std::string name;
    std::string category;
    bool one_time = false;
    std::optional<Decimal> quantity;   // as entered
    std::string unit;
    Decimal priced_quantity;           // in the product's unit
    std::string priced_unit;
    Decimal allowance;                 // taken off by the bundle, in the product's unit
    std::vector<TierSlice> tiers;
    Decimal list;
    Decimal standard;  // after the term and commit discounts, before the rep's own
    std::vector<WaterfallStep> waterfall;
    Decimal net;
    Decimal discount_pct;
    std::optional<Decimal> cost;       // internal data only
    std::optional<Decimal> floor;
    std::optional<Decimal> target;
    bool under_floor = false;
    std::optional<PlanChoice> plan;    // plan products only
};

struct Totals {
    Decimal list_monthly;
    Decimal net_monthly;
    Decimal one_time;
    Decimal tcv;
    Decimal discount_pct;
    // The part of the discount a rep chose: rep and quote-level discounts as a share of the
    // price after the standard term and commit discounts. A 36-month term alone is 0 here.
    Decimal discretionary_discount_pct;
    std::optional<Decimal> margin_pct;
    std::optional<Decimal> cost_monthly;
};

struct GuidanceBand {
    Decimal low;
    std::optional<Decimal> target;
    Decimal high;
};

struct Finding {
    std::string code;
    std::string severity;  // info | warning | critical
    std::string message;
    Decimal value;
    std::optional<GuidanceBand> band;
    std::optional<std::size_t> line;  // index into PricedQuote::lines
    bool estimate = false;  // measured against an estimate from public list prices, not a typed price
};

// One approval rule evaluated against the quote.
struct RuleCheck {
    std::string rule;
    std::string metric;
    std::string op;
    std::optional<Decimal> value;     // none for finding rules
    std::optional<Decimal> threshold;
    std::string level;
    std::size_t level_rank = 0;
    std::string message;
    bool fired = false;
    // Fired: how far the value must move back to stop firing. Not fired: how far it can move
    // before the rule fires (the value may reach the threshold itself: rules fire strictly past it).
    std::optional<Decimal> distance;
};

struct Approval {
    std::string level;  // the lowest level when nothing fired
    std::vector<RuleCheck> fired;
    std::optional<RuleCheck> next;    // the closest rule that would raise the level
    std::vector<RuleCheck> checks;    // every rule, in policy order
};

// Same output: every field equal (decimals by value, as they print). Live editing uses it to
// send only the lines an edit changed.
bool operator==(const TierSlice& a, const TierSlice& b);
bool operator==(const WaterfallStep& a, const WaterfallStep& b);
bool operator==(const PricedLine& a, const PricedLine& b);
bool operator==(const Finding& a, const Finding& b);
bool operator==(const PlanChoice& a, const PlanChoice& b);

// One period of a ramped quote, priced as a month of its own.
struct PricedPeriod {
    int from_month = 1;
    int to_month = 1;
    int months = 1;
    std::optional<Decimal> commit_monthly_spend;
    std::vector<PricedLine> lines;
    Decimal list_monthly;
    Decimal net_monthly;
    Decimal one_time;      // billed once, in this period
    Decimal value;         // net_monthly × months + one_time
};

struct PricedQuote {
    std::string pricebook_id;
    std::string pricebook_version;
    std::string currency;
    int minor_digits = 2;
    bool internal = false;  // costs, guidance and approval were computed
    std::string customer_name;
    std::string segment;
    std::optional<Decimal> incumbent_monthly;
    std::string incumbent_vendor;
    std::optional<IncumbentEstimate> incumbent_estimate;
    int term_months = 1;
    std::string bundle;
    std::optional<Decimal> commit_monthly_spend;
    std::vector<PricedLine> lines;
    Totals totals;
    std::string as_of;                  // empty when the quote gave none
    // A ramped quote: `lines` and the monthly totals are the first period's, `totals.tcv` sums
    // every period, and guidance says what it was computed on (guidance_basis).
    std::vector<PricedPeriod> periods;
    std::string guidance_basis;         // empty for a quote without periods
    std::optional<Decimal> average_net_monthly;  // ramped: (tcv − one-time) ÷ term_months
    std::vector<Finding> guidance;
    Approval approval;
    Errors warnings;
    Errors errors;
};

}  // namespace edgequote
