#include "price_models.hpp"

#include "price_blocks.hpp"

#include <algorithm>
#include <type_traits>

namespace edgequote::detail {
namespace {

const Decimal kZero = Decimal::from_int(0);

// The shared view every model function gets: the portions, where each starts on the ladder,
// and the ladder's total.
struct Ladder {
    const std::vector<LadderPortion>& portions;
    std::vector<Decimal> offsets;  // cumulative quantity before each portion
    Decimal total;

    explicit Ladder(const std::vector<LadderPortion>& p) : portions(p) {
        offsets.reserve(portions.size());
        for (const auto& portion : portions) {
            offsets.push_back(total);
            total += portion.quantity;
        }
    }
    // The first portion that uses the ladder, which carries one-off charges (a volume tier's
    // flat fee, a stairstep amount, package blocks). At total zero: the first portion.
    std::size_t first_user() const {
        for (std::size_t i = 0; i < portions.size(); ++i)
            if (portions[i].quantity.sign() > 0) return i;
        return 0;
    }
};

const Tier& tier_at(const LadderPortion& portion, std::size_t index) {
    return (*tiers_of(*portion.model))[index];
}

// The tier containing `quantity`: tier i covers (up_to[i-1], up_to[i]]; zero is in tier 0.
// Binary search: bounds increase and only the last tier may be unbounded.
std::optional<std::size_t> containing_tier(const std::vector<Tier>& tiers, const Decimal& quantity) {
    auto it = std::partition_point(tiers.begin(), tiers.end(),
                                   [&](const Tier& t) { return t.up_to && *t.up_to < quantity; });
    if (it == tiers.end()) return std::nullopt;
    return std::size_t(it - tiers.begin());
}

Decimal lower_bound_of(const std::vector<Tier>& tiers, std::size_t index) {
    return index == 0 ? kZero : *tiers[index - 1].up_to;
}

// A slice's tier, bounds, quantity and price, and its amount: the one rule both kinds of output use.
void set_tier_charge(TierSlice& s, int tier, const Decimal& from, const std::optional<Decimal>& to,
                     const Decimal& quantity, const Decimal& unit_price, const Decimal& flat) {
    s.tier = tier;
    s.from = from;
    s.to = to;
    s.quantity = quantity;
    s.unit_price = unit_price;
    s.flat = flat;
    s.amount = quantity * unit_price + flat;
}

// Appends a slice to `slices`, made where it stays (no slice built, moved in and destroyed).
TierSlice& slice(std::vector<TierSlice>& slices, const LadderPortion& portion, int tier, const Decimal& from,
                 const std::optional<Decimal>& to, const Decimal& quantity, const Decimal& unit_price, const Decimal& flat,
                 std::string note = {}) {
    TierSlice& s = slices.emplace_back();
    s.region = portion.region;
    set_tier_charge(s, tier, from, to, quantity, unit_price, flat);
    s.note = std::move(note);
    return s;
}

// Whether the slices' notes are made (for amounts alone they would be dropped: not made).
template <class Out>
constexpr bool kNoted = std::is_same_v<Out, LadderCharges>;

#if !defined(__EMSCRIPTEN__)
// For amounts alone: each slice is made in one scratch slice (the same fields and arithmetic, but
// no region or note) and its amount goes to its portion's
// line once it is complete (when the next slice begins, or the ladder is done). `slices[i]` names
// portion i's, as in LadderCharges. Tiers sold in blocks go through sell_in_blocks as ever (its
// note is made and dropped: one product of the bundled book sells in blocks).
struct AmountsOut {
    struct Portion {
        AmountsOut* out;
        std::size_t i;
    };
    LadderAmounts& amounts;
    std::optional<std::size_t>& beyond_last_tier;  // the model functions set it, as in LadderCharges
    TierSlice scratch;
    std::optional<std::size_t> pending;

    struct Slices {
        AmountsOut* out;
        Portion operator[](std::size_t i) const { return {out, i}; }
    } slices{this};  // slice(out.slices[i], ...) as with LadderCharges

    void flush() {
        if (!pending) return;
        *amounts.into[*pending] += scratch.amount;
        amounts.slices[*pending].none = false;
        pending.reset();
    }
};

template <class... Note>  // the note, dropped
TierSlice& slice(AmountsOut::Portion to_portion, const LadderPortion&, int tier, const Decimal& from,
                 const std::optional<Decimal>& to, const Decimal& quantity, const Decimal& unit_price, const Decimal& flat,
                 const Note&...) {
    AmountsOut& out = *to_portion.out;
    out.flush();
    TierSlice& s = out.scratch;
    set_tier_charge(s, tier, from, to, quantity, unit_price, flat);
    s.note.clear();  // sell_in_blocks adds to it
    s.block_size.reset();
    s.blocks = Decimal();
    out.pending = to_portion.i;
    return s;
}
#endif

// One fixed amount per ladder (per product, and per region for a product priced by region),
// carried by the first portion that uses it: a quantity of 2 and two lines of 1 are both charged
// once, so splitting a line changes nothing (the quote reader warns about such quantities).
template <class Out>
void charge(const FlatModel& m, const PriceModel& pm, const Ladder& ladder, Out& out) {
    if (ladder.portions.empty() || (ladder.total.is_zero() && !pm.flat_at_zero)) return;
    const std::size_t carrier = ladder.first_user();
    slice(out.slices[carrier], ladder.portions[carrier], 1, kZero, std::nullopt, kZero, kZero, m.amount,
          "fixed monthly amount");
}

template <class Out>
void charge(const PerUnitModel& m, const PriceModel&, const Ladder& ladder, Out& out) {
    for (std::size_t i = 0; i < ladder.portions.size(); ++i) {
        const auto& p = ladder.portions[i];
        if (p.quantity.sign() > 0) {
            const Decimal& price = std::get<PerUnitModel>(p.model->model).unit_price;
            slice(out.slices[i], p, 1, kZero, std::nullopt, p.quantity, price, kZero);
        }
    }
    (void)m;
}

// Each unit is priced in the tier it falls in; a portion that crosses into a tier pays its flat.
template <class Out>
void charge(const GraduatedModel& m, const PriceModel& pm, const Ladder& ladder, Out& out) {
    for (std::size_t i = 0; i < ladder.portions.size(); ++i) {
        const auto& p = ladder.portions[i];
        const Decimal start = ladder.offsets[i], end = start + p.quantity;
        // Tiers wholly below `start` give this portion nothing: begin at the one holding it, so
        // a ladder costs O(portions × log tiers + tiers) rather than portions × tiers.
        const std::size_t first = containing_tier(m.tiers, start).value_or(m.tiers.size());
        for (std::size_t t = first; t < m.tiers.size(); ++t) {
            const Tier& tier = tier_at(p, t);
            const Decimal low = lower_bound_of(m.tiers, t);
            if (end <= low) break;
            const Decimal from = max(start, low);
            const Decimal to = tier.up_to ? min(end, *tier.up_to) : end;
            const bool enters = start <= low;  // this portion is the one that enters the tier
            if (to > from || enters) {
                TierSlice& s = slice(out.slices[i], p, int(t) + 1, from, to, max(to - from, kZero), tier.unit_price,
                                     enters ? tier.flat : kZero);
                if (tier.block_size) sell_in_blocks(s, low, from, to, *tier.block_size);
            }
        }
        if (m.tiers.back().up_to && end > *m.tiers.back().up_to && !out.beyond_last_tier) out.beyond_last_tier = i;
    }
    if (ladder.total.is_zero() && pm.flat_at_zero && !ladder.portions.empty()) {
        const auto& p = ladder.portions.front();
        const Tier& first = tier_at(p, 0);
        slice(out.slices[0], p, 1, kZero, first.up_to, kZero, first.unit_price, first.flat,
              "first tier's fee, charged at zero");
    }
}

// The tier holding the ladder's total prices every unit; its flat fee is charged once.
template <class Out>
void charge(const VolumeModel& m, const PriceModel& pm, const Ladder& ladder, Out& out) {
    if (ladder.portions.empty()) return;
    auto t = containing_tier(m.tiers, ladder.total);
    if (!t) {
        out.beyond_last_tier = ladder.portions.size() - 1;
        return;
    }
    if (ladder.total.is_zero() && !pm.flat_at_zero) return;
    const std::size_t carrier = ladder.first_user();
    const std::string note =
        !kNoted<Out> ? std::string() : "all " + ladder.total.to_string() + " at tier " + std::to_string(*t + 1) + "'s price";
    for (std::size_t i = 0; i < ladder.portions.size(); ++i) {
        const auto& p = ladder.portions[i];
        if (p.quantity.sign() == 0 && i != carrier) continue;
        const Tier& tier = tier_at(p, *t);
        TierSlice& s = slice(out.slices[i], p, int(*t) + 1, lower_bound_of(m.tiers, *t), tier.up_to, p.quantity,
                             tier.unit_price, i == carrier ? tier.flat : kZero, note);
        // All the quantity in the reached tier's blocks, counted from zero across the ladder.
        if (tier.block_size)
            sell_in_blocks(s, kZero, ladder.offsets[i], ladder.offsets[i] + p.quantity, *tier.block_size);
    }
}

// The tier holding the ladder's total gives one amount.
template <class Out>
void charge(const StairstepModel& m, const PriceModel& pm, const Ladder& ladder, Out& out) {
    if (ladder.portions.empty()) return;
    auto t = containing_tier(m.tiers, ladder.total);
    if (!t) {
        out.beyond_last_tier = ladder.portions.size() - 1;
        return;
    }
    if (ladder.total.is_zero() && !pm.flat_at_zero) return;
    const std::size_t carrier = ladder.first_user();
    const auto& p = ladder.portions[carrier];
    slice(out.slices[carrier], p, int(*t) + 1, lower_bound_of(m.tiers, *t), tier_at(p, *t).up_to, ladder.total, kZero,
          tier_at(p, *t).amount,
          !kNoted<Out> ? std::string() : "one amount for " + ladder.total.to_string() + " in tier " + std::to_string(*t + 1));
}

// Blocks of `size` at `price`; a partial block rounds up (or down); a minimum number of blocks.
template <class Out>
void charge(const PackageModel& m, const PriceModel& pm, const Ladder& ladder, Out& out) {
    if (ladder.portions.empty()) return;
    if (ladder.total.is_zero() && !pm.flat_at_zero) return;
    Decimal blocks = ladder.total.divide_integer(m.size, m.round_up);
    std::string note = !kNoted<Out> ? std::string()
                                    : ladder.total.to_string() + " in blocks of " + m.size.to_string() + ", rounded " +
                                          (m.round_up ? "up" : "down");
    if (blocks < m.min_blocks) {
        blocks = m.min_blocks;
        if (kNoted<Out>) note += ", minimum " + m.min_blocks.to_string() + " blocks";
    }
    const std::size_t carrier = ladder.first_user();
    const auto& p = ladder.portions[carrier];
    if (blocks.sign() > 0)
        slice(out.slices[carrier], p, 1, kZero, std::nullopt, blocks, m.price, kZero, note);
}

template <class Out>
void charge(const PercentageModel&, const PriceModel&, const Ladder&, Out&) {
    // Priced from other lines' net amounts by the pricing step, never on a ladder.
}

template <class Out>
void charge(const PlanModel&, const PriceModel&, const Ladder&, Out&) {
    // Priced line by line from each line's usage (price_plan.hpp), never on a ladder.
}

}  // namespace

LadderCharges charge_ladder(const std::vector<LadderPortion>& portions) {
    LadderCharges out;
    out.slices.resize(portions.size());
    if (portions.empty()) return out;
    const Ladder ladder(portions);
    const PriceModel& model = *portions.front().model;
    std::visit([&](const auto& m) { charge(m, model, ladder, out); }, model.model);
    return out;
}

#if !defined(__EMSCRIPTEN__)
void charge_ladder(const std::vector<LadderPortion>& portions, LadderAmounts& out) {
    out.slices.assign(portions.size(), {});
    out.beyond_last_tier.reset();
    if (portions.empty()) return;
    const Ladder ladder(portions);
    const PriceModel& model = *portions.front().model;
    AmountsOut amounts{out, out.beyond_last_tier, {}, std::nullopt};
    std::visit([&](const auto& m) { charge(m, model, ladder, amounts); }, model.model);
    amounts.flush();
}
#endif

Decimal charge_alone(const PriceModel& model, const Decimal& quantity, AloneCache& cache) {
    // A fixed amount or a unit price: the one slice charge() would make, without making it.
    if (const auto* flat = std::get_if<FlatModel>(&model.model))
        return quantity.is_zero() && !model.flat_at_zero ? Decimal() : flat->amount;
    if (const auto* per_unit = std::get_if<PerUnitModel>(&model.model))
        return quantity.sign() > 0 ? quantity * per_unit->unit_price : Decimal();
    const auto* graduated = std::get_if<GraduatedModel>(&model.model);
    // The shortcut below sums whole tiers by their unit price: tiers sold in blocks go the long way.
    const auto in_blocks = [](const Tier& tier) { return tier.block_size.has_value(); };
    if (!graduated || std::any_of(graduated->tiers.begin(), graduated->tiers.end(), in_blocks))
        return sum_slices(charge_ladder({LadderPortion{&model, quantity, {}}}).slices[0]);
    const std::vector<Tier>& tiers = graduated->tiers;
    if (quantity.sign() <= 0) return model.flat_at_zero ? tiers.front().flat : kZero;
    const auto holding = containing_tier(tiers, quantity);
    const std::size_t below = holding.value_or(tiers.size());  // tiers charged in full
    std::vector<Decimal>& cumulative = cache.cumulative[&model];
    if (cumulative.empty()) cumulative.push_back(kZero);
    while (cumulative.size() <= below) {
        const std::size_t t = cumulative.size() - 1;
        const Decimal low = lower_bound_of(tiers, t);
        cumulative.push_back(cumulative.back() + (*tiers[t].up_to - low) * tiers[t].unit_price + tiers[t].flat);
    }
    if (!holding) return cumulative[below];  // past a bounded last tier: every tier in full
    const Tier& tier = tiers[*holding];
    return cumulative[below] + (quantity - lower_bound_of(tiers, *holding)) * tier.unit_price + tier.flat;
}

Decimal sum_slices(const std::vector<TierSlice>& slices) {
    Decimal total;
    for (const auto& s : slices) total += s.amount;
    return total;
}

}  // namespace edgequote::detail
