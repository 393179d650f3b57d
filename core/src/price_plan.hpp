#pragma once
// Plans by several limits (PlanModel): the first tier within which every quantity of the line's
// usage fits prices the line; the limits that did not fit the tier before are said to have
// chosen it. A quantity past every tier is an error naming its limit.
#include <optional>
#include <vector>

#include "edgequote/pricebook.hpp"
#include "edgequote/quote.hpp"

namespace edgequote::detail {

struct PlanPricing {
    std::optional<PlanChoice> choice;     // none when some quantity is past every tier
    std::vector<std::size_t> beyond;      // limits (indexes) past the last tier's bound
    TierSlice slice;                      // the chosen tier's amount, with how it was chosen
};

// `usage` holds one quantity per limit, in the limit's unit (the quote parser converts).
PlanPricing price_plan(const PlanModel& plan, const std::vector<Decimal>& usage, const PriceBook& book);

}  // namespace edgequote::detail
