#include "price_plan.hpp"

namespace edgequote::detail {
namespace {

bool fits(const std::optional<Decimal>& bound, const Decimal& quantity) { return !bound || quantity <= *bound; }

std::string tier_label(const PlanModel& plan, std::size_t t) {
    return plan.tiers[t].name.empty() ? "tier " + std::to_string(t + 1) : plan.tiers[t].name;
}

}  // namespace

PlanPricing price_plan(const PlanModel& plan, const std::vector<Decimal>& usage, const PriceBook& book) {
    PlanPricing out;
    const std::size_t limits = plan.limits.size();
    std::optional<std::size_t> chosen;
    for (std::size_t t = 0; t < plan.tiers.size() && !chosen; ++t) {
        bool all = true;
        for (std::size_t l = 0; l < limits && all; ++l) all = fits(plan.tiers[t].up_to[l], usage[l]);
        if (all) chosen = t;
    }
    if (!chosen) {
        for (std::size_t l = 0; l < limits; ++l)
            if (!fits(plan.tiers.back().up_to[l], usage[l])) out.beyond.push_back(l);
        return out;
    }
    const std::size_t t = *chosen;
    PlanChoice choice;
    choice.tier = int(t) + 1;
    choice.tier_name = tier_label(plan, t);
    std::string why;
    for (std::size_t l = 0; l < limits; ++l) {
        const PlanLimit& limit = plan.limits[l];
        const std::string& unit = book.units[limit.unit].id;
        choice.usage.push_back({limit.id, unit, usage[l], plan.tiers[t].up_to[l]});
        if (t > 0 && !fits(plan.tiers[t - 1].up_to[l], usage[l])) {
            choice.chosen_by.push_back(limit.id);
            why += (why.empty() ? "" : ", ") + (limit.name.empty() ? limit.id : limit.name) + " " + usage[l].to_string() +
                   " " + unit + " > " + plan.tiers[t - 1].up_to[l]->to_string();
        }
    }
    TierSlice& s = out.slice;
    s.tier = choice.tier;
    s.quantity = Decimal::from_int(1);
    s.flat = plan.tiers[t].amount;
    s.amount = plan.tiers[t].amount;
    s.note = t == 0 ? choice.tier_name + ": every limit fits the first tier"
                    : choice.tier_name + ", chosen by " + why + " (past " + tier_label(plan, t - 1) + ")";
    out.choice = std::move(choice);
    return out;
}

}  // namespace edgequote::detail
