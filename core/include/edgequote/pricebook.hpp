#pragma once
// The validated price book. Only the parser builds these, and only after validation, so the
// pricing code can trust every reference (a SKU, unit or region named here exists).
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "edgequote/decimal.hpp"
#include "edgequote/outcomes.hpp"

namespace edgequote {

struct Tier {
    std::optional<Decimal> up_to;  // inclusive cumulative bound; none = no limit (last tier)
    Decimal unit_price;            // graduated, volume
    Decimal flat;                  // graduated, volume: added once the tier is entered
    Decimal amount;                // stairstep: the whole charge for quantities in this tier
    // graduated, volume: the tier sells its quantity in blocks of this size, a partial block
    // rounded up within the tier; unit_price is then the price of one block (price_blocks.hpp).
    std::optional<Decimal> block_size;
};

struct FlatModel { Decimal amount; };
struct PerUnitModel { Decimal unit_price; };
struct GraduatedModel { std::vector<Tier> tiers; };
struct VolumeModel { std::vector<Tier> tiers; };
struct PackageModel {
    Decimal size;
    Decimal price;
    bool round_up = true;
    Decimal min_blocks;
};
struct StairstepModel { std::vector<Tier> tiers; };
struct PercentageModel {
    Decimal rate;                      // percent
    bool of_all = false;               // of every other non-percentage line
    std::vector<std::string> of;       // categories or SKUs, when not of_all
    std::optional<Decimal> minimum;
    std::optional<Decimal> maximum;
};

// A plan by several limits: a stairstep whose tiers are bounded by several quantities at once
// (data AND requests AND bandwidth). The quote line gives one quantity per limit ("usage"); the
// first tier within which every quantity fits prices the line (price_plan.hpp).
struct PlanLimit {
    std::string id;
    std::string name;
    std::size_t unit = 0;  // index into PriceBook::units: usage is entered in it (or its dimension)
};
struct PlanTier {
    std::string name;                          // "Business"; "tier N" when not given
    std::vector<std::optional<Decimal>> up_to;  // by limit; none = no bound on that limit
    Decimal amount;                            // the plan's monthly price
};
struct PlanModel {
    std::vector<PlanLimit> limits;
    std::vector<PlanTier> tiers;
};

using ModelVariant = std::variant<FlatModel, PerUnitModel, GraduatedModel, VolumeModel,
                                  PackageModel, StairstepModel, PercentageModel, PlanModel>;

struct PriceModel {
    ModelVariant model;
    bool flat_at_zero = false;  // charge the first tier's fee / the minimum at quantity 0
};

const char* model_name(const PriceModel& model);
const std::vector<Tier>* tiers_of(const PriceModel& model);  // null for untiered models

struct Unit {
    std::string id;
    std::string dimension;
    Decimal factor;  // size in the dimension's base unit
};

struct Region {
    std::string id;
    std::string name;
};

struct Segment {
    std::string id;
    std::string name;
};

enum class Billing { monthly, one_time };
enum class TierScope { per_region, all_regions };

struct Product {
    std::string sku;
    std::string name;
    std::string category;
    std::size_t unit = 0;  // index into PriceBook::units
    Billing billing = Billing::monthly;
    TierScope tier_scope = TierScope::per_region;
    bool regional = false;
    PriceModel price;
    std::map<std::size_t, PriceModel> region_prices;  // region index -> override
    std::optional<Decimal> minimum_monthly;
    bool term_discount = true;
    bool commit_discount = false;
    bool discountable = true;
    bool premium = false;
    std::vector<std::size_t> requires_products;  // sold only together with these, bundle or not
    std::string description;

    bool is_percentage() const { return std::holds_alternative<PercentageModel>(price.model); }
    bool is_plan() const { return std::holds_alternative<PlanModel>(price.model); }
    // A switch: on or off, its quantity optional (a flat fee, a percentage of other lines, a plan
    // chosen by the usage of other lines).
    bool quantity_optional() const { return std::holds_alternative<FlatModel>(price.model) || is_percentage() || is_plan(); }
    const PriceModel& price_in(std::optional<std::size_t> region) const;
};

struct Allowance {
    std::size_t product = 0;
    Decimal quantity;  // in the product's unit
};

struct Constraint {
    std::size_t product = 0;
    std::vector<std::size_t> requires_products;
    std::vector<std::size_t> excludes_products;
    std::optional<Decimal> min_quantity;  // in the product's unit
    std::optional<Decimal> max_quantity;
    std::string message;
};

struct Bundle {
    std::string id;
    std::string name;
    Decimal price;  // monthly
    std::vector<Allowance> includes;
    std::map<std::size_t, PriceModel> overage;  // product index -> price for usage past allowance
    std::vector<std::size_t> options;           // optional products allowed with this bundle
    std::vector<Constraint> constraints;
    bool allows(std::size_t product) const;
    bool allows_included(std::size_t product) const;  // part of the bundle's allowances
};

struct Term {
    int months = 1;
    Decimal discount_pct;
};

struct Commit {
    std::string id;
    Decimal min_monthly;
    Decimal discount_pct;
};

struct Band {
    Decimal low;
    std::optional<Decimal> target;
    Decimal high;
};

struct FeatureBand {
    Decimal target_pct;  // of the line's list
    Decimal floor_pct;
};

struct FeatureGuidance {
    std::optional<FeatureBand> default_band;
    std::map<std::size_t, FeatureBand> by_segment;  // segment index -> band
    const FeatureBand* for_segment(std::size_t segment) const;
};

struct IncumbentBand {
    Decimal low_pct;
    Decimal high_pct;
};

// How much traffic a customer of each segment usually delivers a month
// (internal.guidance.typical_traffic; parsed and checked in core/src/typical_traffic.cpp).
struct TypicalTraffic {
    std::size_t unit = 0;               // the unit the bands are written in
    std::vector<std::size_t> products;  // the products whose lines are traffic
    std::map<std::size_t, Band> bands;  // segment index -> {low, high} (no target)
};

enum class Metric {
    overall_discount_pct,
    discretionary_discount_pct,  // beyond the standard term and commit discounts
    max_line_discount_pct,
    margin_pct,
    net_monthly,
    tcv,
    term_months,
    lines_under_floor,
    finding,
};
const char* metric_name(Metric metric);

struct ApprovalRule {
    std::string id;
    Metric metric = Metric::overall_discount_pct;
    std::string finding;  // for Metric::finding
    bool fires_above = true;  // op ">" (true) or "<" (false)
    Decimal threshold;
    std::size_t level = 0;  // index into Internal::levels
    std::string message;
};

// Someone who signs approvals (core/src/parse_approvers.cpp): their ECDSA P-256 public key as
// the JWK's x and y (base64url, 32 bytes each), checked to be a point on the curve.
struct Approver {
    std::string id;
    std::string name;
    std::size_t level = 0;  // the highest level they approve: index into Internal::levels
    std::string key_x;
    std::string key_y;
};

struct Internal {
    std::string notes;
    std::map<std::size_t, PriceModel> product_costs;  // product index -> cost model
    std::map<std::size_t, Decimal> bundle_costs;      // bundle index -> monthly cost
    std::map<std::size_t, Band> deal_bands;           // segment index -> net monthly band
    std::map<std::size_t, FeatureGuidance> features;  // product index -> feature bands
    std::optional<IncumbentBand> incumbent;
    std::optional<TypicalTraffic> typical_traffic;
    std::vector<std::string> levels;
    std::vector<ApprovalRule> rules;
    std::vector<Approver> approvers;
    OutcomeCatalogs outcomes;  // internal.outcomes (core/src/parse_outcomes.cpp)
};

struct PriceBook {
    std::string schema_version;
    std::string id;
    std::string version;
    std::string name;
    std::string description;
    std::string effective_from;
    std::string effective_to;
    bool prospect_comparison = false;  // the prospect page may show "At list elsewhere" (issue #17)
    std::string currency;
    int minor_digits = 2;
    RoundingMode rounding = RoundingMode::half_up;
    std::vector<Unit> units;
    std::vector<Region> regions;
    std::vector<Segment> segments;
    std::vector<Product> products;
    std::vector<Bundle> bundles;
    std::vector<Term> terms;
    std::vector<Commit> commits;
    std::optional<Internal> internal;

    // Id -> position, filled by the parser as it reads each list (the first of two equal ids),
    // so a reference costs a lookup rather than a scan: a scan per product made a book of
    // 100,000 products take 22 s. A book put together by hand (indexed == false) is scanned.
    bool indexed = false;
    std::map<std::string, std::size_t> unit_index, region_index, segment_index, product_index, bundle_index;

    std::optional<std::size_t> find_unit(const std::string& id) const;
    std::optional<std::size_t> find_region(const std::string& id) const;
    std::optional<std::size_t> find_segment(const std::string& id) const;
    std::optional<std::size_t> find_product(const std::string& sku) const;
    std::optional<std::size_t> find_bundle(const std::string& id) const;
    const Term* find_term(int months) const;
    // The deepest commit level a monthly spend reaches, if any.
    const Commit* commit_for(const Decimal& monthly_spend) const;
    Decimal round_money(const Decimal& amount) const { return amount.round(minor_digits, rounding); }
};

}  // namespace edgequote
