#pragma once
// Tier math for one ladder: the quote-line portions (one per line and region) that count
// volume together, in the order they fill the ladder. One function per price model, chosen
// by one std::visit; each returns the exact (unrounded) slices it charges per portion.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "edgequote/pricebook.hpp"
#include "edgequote/quote.hpp"

namespace edgequote::detail {

struct LadderPortion {
    const PriceModel* model = nullptr;  // the portion's region price (same tier bounds per ladder)
    Decimal quantity;                   // billable, in the product's unit
    std::string region;                 // empty when the product has no regions
};

struct LadderCharges {
    std::vector<std::vector<TierSlice>> slices;  // per portion
    std::optional<std::size_t> beyond_last_tier;  // a portion that runs past a bounded last tier
};

LadderCharges charge_ladder(const std::vector<LadderPortion>& portions);

#if !defined(__EMSCRIPTEN__)
// The same charges for amounts alone (ResultDetail::amounts, natively): no slice is kept;
// each one's amount is added to `*into[i]` (portion i's line's running list) as it is made, in
// the order charge_ladder lists them, so the sums are the same additions in the same order.
// `slices[i].empty()`: portion i got no slice (read as LadderCharges's are). The caller sets
// `into` (one per portion); the rest is reset here. The rule is charge_ladder's: both are the
// one set of model functions, made for either kind of output.
struct LadderAmounts {
    struct Charged {
        bool none = true;
        bool empty() const { return none; }
    };
    std::vector<Decimal*> into;
    std::vector<Charged> slices;
    std::optional<std::size_t> beyond_last_tier;
};
void charge_ladder(const std::vector<LadderPortion>& portions, LadderAmounts& out);
#endif

// The exact total of slices (their amounts summed).
Decimal sum_slices(const std::vector<TierSlice>& slices);

// What one quantity on a ladder of its own is charged: sum_slices(charge_ladder({portion})),
// for a line's cost. For a graduated price that is the amount of every tier below the one
// holding the quantity plus its part of that tier: the tiers' cumulative amounts are kept in
// `cache` (extended only as far as a quantity needs), so a line costs O(log tiers), not O(tiers).
struct AloneCache {
    std::map<const PriceModel*, std::vector<Decimal>> cumulative;  // before tier i, for i <= size
};
Decimal charge_alone(const PriceModel& model, const Decimal& quantity, AloneCache& cache);

}  // namespace edgequote::detail
