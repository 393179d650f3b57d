#include "parse_plan.hpp"

#include <set>

#include "edgequote/error_codes.hpp"

namespace edgequote::detail {
namespace {

std::string bound_text(const std::optional<Decimal>& bound) { return bound ? bound->to_string() : "no limit"; }

// a <= b where none is infinity.
bool at_most(const std::optional<Decimal>& a, const std::optional<Decimal>& b) { return !b || (a && *a <= *b); }

void read_limits(Reader& r, const Json& node, const std::string& path, const PriceBook& book, PlanModel& plan) {
    const Json* list = r.array(node, "limits", path, true);
    if (!list) return;
    const std::string limits_path = pointer_append(path, "limits");
    if (list->empty()) r.error(codes::missing_field, limits_path, "A plan needs at least one limit.");
    std::set<std::string> ids;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string limit_path = pointer_append(limits_path, i);
        const Json& item = (*list)[i];
        if (!r.expect_object(item, limit_path)) continue;
        r.check_keys(item, limit_path, {"id", "name", "unit"});
        PlanLimit limit;
        limit.id = r.string(item, "id", limit_path, true).value_or("");
        limit.name = r.string(item, "name", limit_path, false).value_or(limit.id);
        if (!limit.id.empty() && !ids.insert(limit.id).second)
            r.error(codes::duplicate_id, pointer_append(limit_path, "id"), "Limit \"" + limit.id + "\" is declared twice.");
        if (auto unit = r.string(item, "unit", limit_path, true)) {
            if (auto index = book.find_unit(*unit)) limit.unit = *index;
            else r.error(codes::unknown_unit, pointer_append(limit_path, "unit"), "Unit \"" + *unit + "\" is not declared.");
        }
        plan.limits.push_back(std::move(limit));
    }
}

std::optional<PlanTier> read_tier(Reader& r, const Json& item, const std::string& tier_path, const PlanModel& plan) {
    if (!r.expect_object(item, tier_path)) return std::nullopt;
    r.check_keys(item, tier_path, {"name", "up_to", "amount"});
    PlanTier tier;
    tier.name = r.string(item, "name", tier_path, false).value_or("");
    tier.up_to.assign(plan.limits.size(), std::nullopt);
    auto amount = r.decimal(item, "amount", tier_path, true);
    if (amount && amount->sign() < 0)
        r.error(codes::negative_value, pointer_append(tier_path, "amount"), "\"amount\" must not be negative.");
    tier.amount = amount.value_or(Decimal::from_int(0));
    const std::string up_to_path = pointer_append(tier_path, "up_to");
    auto up_to = item.find("up_to");
    if (up_to == item.end()) {
        r.error(codes::missing_field, up_to_path, "\"up_to\" is required: the tier's bound on each limit, or null.");
        return std::nullopt;
    }
    if (up_to->is_null()) return tier;  // no bound on any limit
    if (!up_to->is_object()) {
        r.error(codes::wrong_type, up_to_path, "\"up_to\" is an object with a bound per limit, or null.");
        return std::nullopt;
    }
    for (auto it = up_to->begin(); it != up_to->end(); ++it) {
        bool known = false;
        for (const auto& limit : plan.limits) known = known || limit.id == it.key();
        if (!known) r.error(codes::unknown_field, pointer_append(up_to_path, it.key()), "\"" + it.key() + "\" is not one of the plan's limits.");
    }
    for (std::size_t l = 0; l < plan.limits.size(); ++l) {
        const std::string& id = plan.limits[l].id;
        const std::string bound_path = pointer_append(up_to_path, id);
        auto bound = up_to->find(id);
        if (bound == up_to->end()) {
            r.error(codes::missing_field, bound_path, "The tier gives no bound for limit \"" + id + "\" (null for none).");
        } else if (!bound->is_null()) {
            auto value = r.decimal_value(*bound, bound_path, NumberKind::quantity);
            if (value && value->sign() < 0) r.error(codes::negative_value, bound_path, "A bound must not be negative.");
            else tier.up_to[l] = value;
        }
    }
    return tier;
}

}  // namespace

std::optional<PlanModel> read_plan_model(Reader& r, const Json& node, const std::string& path, const PriceBook& book) {
    const std::size_t errors_before = r.error_count();
    PlanModel plan;
    read_limits(r, node, path, book, plan);
    if (r.error_count() != errors_before) return std::nullopt;
    const Json* list = r.array(node, "tiers", path, true);
    if (!list) return std::nullopt;
    const std::string tiers_path = pointer_append(path, "tiers");
    if (list->empty()) r.error(codes::empty_tiers, tiers_path, "A plan needs at least one tier.");
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string tier_path = pointer_append(tiers_path, i);
        auto tier = read_tier(r, (*list)[i], tier_path, plan);
        if (!tier) continue;
        if (!plan.tiers.empty()) {
            const PlanTier& before = plan.tiers.back();
            bool larger = false;
            for (std::size_t l = 0; l < plan.limits.size(); ++l) {
                if (!at_most(before.up_to[l], tier->up_to[l]))
                    r.error(codes::tiers_not_increasing, pointer_append(pointer_append(tier_path, "up_to"), plan.limits[l].id),
                            "Tier " + std::to_string(i + 1) + " allows less " + plan.limits[l].id + " (" +
                                bound_text(tier->up_to[l]) + ") than the tier before (" + bound_text(before.up_to[l]) + ").");
                larger = larger || !at_most(tier->up_to[l], before.up_to[l]);
            }
            if (!larger)
                r.error(codes::tiers_not_increasing, pointer_append(tier_path, "up_to"),
                        "Tier " + std::to_string(i + 1) + " allows no more than the tier before in any limit: it could never be chosen.");
        }
        plan.tiers.push_back(std::move(*tier));
    }
    if (r.error_count() != errors_before) return std::nullopt;
    return plan;
}

std::optional<std::vector<Decimal>> read_plan_usage(Reader& r, const Json& line, const std::string& path,
                                                    const PlanModel& plan, const PriceBook& book,
                                                    const Decimal& max_quantity) {
    const std::size_t errors_before = r.error_count();
    const Json* usage = r.object(line, "usage", path, true);
    if (!usage) return std::nullopt;
    const std::string usage_path = pointer_append(path, "usage");
    for (auto it = usage->begin(); it != usage->end(); ++it) {
        bool known = false;
        for (const auto& limit : plan.limits) known = known || limit.id == it.key();
        if (!known) r.error(codes::unknown_field, pointer_append(usage_path, it.key()), "\"" + it.key() + "\" is not one of the plan's limits.");
    }
    std::vector<Decimal> out;
    for (const PlanLimit& limit : plan.limits) {
        const std::string item_path = pointer_append(usage_path, limit.id);
        auto item = usage->find(limit.id);
        if (item == usage->end()) {
            r.error(codes::missing_field, item_path, "The plan is chosen by " + limit.name + ": give its quantity.");
            continue;
        }
        const Unit& target = book.units[limit.unit];
        std::optional<Decimal> quantity;
        const Unit* entered = &target;
        std::string quantity_path = item_path;
        if (item->is_object()) {
            r.check_keys(*item, item_path, {"quantity", "unit"});
            quantity = r.decimal(*item, "quantity", item_path, true, NumberKind::quantity);
            quantity_path = pointer_append(item_path, "quantity");
            if (auto unit = r.string(*item, "unit", item_path, false)) {
                auto index = book.find_unit(*unit);
                if (!index) {
                    r.error(codes::unknown_unit, pointer_append(item_path, "unit"), "Unit \"" + *unit + "\" is not declared.");
                    continue;
                }
                entered = &book.units[*index];
                if (entered->dimension != target.dimension) {
                    r.error(codes::unit_dimension_mismatch, pointer_append(item_path, "unit"),
                            "\"" + entered->id + "\" measures " + entered->dimension + ", but the limit " + limit.id +
                                " is in " + target.id + " (" + target.dimension + ").");
                    continue;
                }
            }
        } else {
            quantity = r.decimal_value(*item, item_path, NumberKind::quantity);
        }
        if (!quantity) continue;
        if (quantity->sign() < 0) {
            r.error(codes::negative_value, quantity_path, "A quantity cannot be negative.");
            continue;
        }
        if (*quantity > max_quantity) {
            r.error(codes::quantity_too_large, quantity_path,
                    "A quantity of " + quantity->to_string() + " is beyond any real traffic (the limit is 10^18).");
            continue;
        }
        out.push_back(entered == &target ? quantity->normalized()
                                         : (*quantity * entered->factor).divide(target.factor, 18, RoundingMode::half_even));
    }
    if (r.error_count() != errors_before) return std::nullopt;
    return out;
}

}  // namespace edgequote::detail
