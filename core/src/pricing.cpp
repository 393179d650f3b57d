// Pricing: a validated quote against its price book -> the priced quote.
// Order (pricebooks/README.md, "Pricing semantics"): quantities and regions, bundle allowances,
// tier math per ladder, the waterfall per line, minimums and commit true-ups, percentage lines,
// totals, then guidance and approval.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "edgequote/engine.hpp"
#include "edgequote/error_codes.hpp"
#include "index_sort.hpp"
#include "pricing_internal.hpp"
#include "price_blocks.hpp"
#include "price_models.hpp"
#include "price_plan.hpp"
#include "ramp.hpp"

namespace edgequote {

using detail::LadderPortion;

namespace {

const Decimal kZero = Decimal::from_int(0);
const Decimal kHundred = Decimal::from_int(100);

// One line's quantity in one region (or the whole line, for products without regions).
struct Portion {
    std::size_t line = 0;                // index into PricedQuote::lines
    std::size_t quote_line = 0;
    std::size_t product = 0;
    std::optional<std::size_t> region;
    Decimal quantity;                    // in the product's unit, before allowances
    Decimal billable;                    // after allowances
    // The same in the dimension's base unit, where a quantity entered in any unit is exact
    // (40 minutes is 2400 s but 0.666... h): a ladder with lines entered in another unit than
    // the product's is filled from these, so splitting a line never moves a tier edge.
    Decimal billable_base;
    bool in_product_unit = true;         // entered in the product's own unit
    // Its ladder among the product's: 0 for the one ladder of a product priced without regions
    // or counting volume across them, 1 + the region for a ladder per region.
    std::size_t ladder = 0;
};

bool identical(const std::optional<Decimal>& a, const std::optional<Decimal>& b) {
    return a.has_value() == b.has_value() && (!a || identical(*a, *b));
}

// What a line's pricing depends on beyond its own product's lines (see detail::PriceMemo).
bool same_pricing_context(const Quote& a, const Quote& b) {
    return a.periods.empty() && b.periods.empty() && a.term_months == b.term_months && a.bundle == b.bundle &&
           identical(a.commit_monthly_spend, b.commit_monthly_spend) && identical(a.discount_pct, b.discount_pct) &&
           a.customer.segment == b.customer.segment;
}

bool same_input(const QuoteLine& a, const QuoteLine& b) {
    if (a.product != b.product || a.unit != b.unit || a.quantity_given != b.quantity_given ||
        !identical(a.quantity, b.quantity) || !identical(a.discount_pct, b.discount_pct) ||
        !identical(a.target_net, b.target_net) || a.regions.size() != b.regions.size())
        return false;
    for (std::size_t i = 0; i < a.regions.size(); ++i)
        if (a.regions[i].region != b.regions[i].region || !identical(a.regions[i].pct, b.regions[i].pct)) return false;
    if (a.usage.size() != b.usage.size()) return false;
    for (std::size_t i = 0; i < a.usage.size(); ++i)
        if (!identical(a.usage[i], b.usage[i])) return false;
    return true;
}

class Pricer {
public:
    using Guidance = void (*)(const PriceBook&, const Quote&, PricedQuote&, detail::GuidanceReuse*);
    // `guidance`: through a pointer, so a module that never prices for amounts alone does not
    // link that variant (detail::price).
    Pricer(const PriceBook& book, const Quote& quote, detail::PriceMemo* memo = nullptr,
           Guidance guidance = &detail::apply_guidance_and_approval)
        : book_(book), quote_(quote), memo_(memo), guidance_(guidance) {}
    PricedQuote run();
    const std::vector<char>& reused() const { return reused_; }
#if !defined(__EMSCRIPTEN__)
    // For amounts alone or a summary (ResultDetail::amounts, ::summary, natively): each line's
    // waterfall is summed without its steps being kept, and its tier slices without being kept
    // (each amount added to its line's list) unless guidance measures an estimated incumbent
    // against the tiers of the regions it covers (comparable_net reads them).
    Pricer& without_steps(bool left_out) {
        keep_steps_ = !left_out;
        const auto& estimate = quote_.customer.incumbent_estimate;
        keep_slices_ = !left_out || (estimate && estimate->lines);
        return *this;
    }
#endif

private:
    const PriceBook& book_;
    const Quote& quote_;
    PricedQuote out_;
    std::vector<Portion> portions_;
    std::vector<std::optional<std::size_t>> quote_line_of_;  // priced line -> quote line
    const Commit* commit_ = nullptr;
    detail::PriceMemo* memo_;
    Guidance guidance_;
    std::vector<char> reusable_;            // by quote line: take its priced line from the memo
    std::vector<char> reused_;              // by priced line: it was taken from the memo
    std::vector<Errors> ladder_warnings_;   // by product, in the order the ladders are priced
#if !defined(__EMSCRIPTEN__)
    bool keep_steps_ = true;
    bool keep_slices_ = true;
    detail::LadderAmounts ladder_amounts_;  // tier_math's for amounts alone, reused
#endif

    void plan_reuse();
    bool reuses(std::size_t quote_line) const { return quote_line < reusable_.size() && reusable_[quote_line]; }
    bool is_reused(std::size_t line) const { return line < reused_.size() && reused_[line]; }
    void give_back_reused();
    void header();
    void bundle_line();
    void product_lines();
    void plan_line(PricedLine& line, const Product& product, const QuoteLine& input, std::size_t q);
    void take_allowances();
    template <class Charges>
    void tier_math();
    detail::LadderCharges charge(const std::vector<LadderPortion>& ladder, const std::vector<const Portion*>& members,
                                 const detail::LadderCharges*);
#if !defined(__EMSCRIPTEN__)
    detail::LadderAmounts& charge(const std::vector<LadderPortion>& ladder, const std::vector<const Portion*>& members,
                                  const detail::LadderAmounts*);
#endif
    template <class Charges>
    void warn_flat_charged_once(std::size_t product, const PriceModel& model, const std::vector<const Portion*>& members,
                                const Charges& charges);
    void warn_volume_cliff(std::size_t product, const Portion& first, const std::vector<LadderPortion>& ladder);
    void waterfalls();
    void waterfall(PricedLine& line, const Product* product, const QuoteLine* input);
    void true_ups();
    void percentage_lines();
    void totals();
    bool check_overflow();
    void overflow_at(const std::string& path, const std::string& what) {
        out_.errors.push_back({codes::overflow, path, what + " is too large to compute exactly."});
    }
    bool report_unseen_overflow(std::uint64_t overflows_at_start, const char* where);
    PricedQuote refused();
    Decimal percent_of(const Decimal& amount, const Decimal& pct) const {
        return book_.round_money((amount * pct).divide_pow10(2));
    }
};

// Which quote lines keep their last priced line: unchanged inputs, at the same position, of a
// product none of whose lines changed, in the same pricing context (detail::PriceMemo); or, for
// the same quote under a book changed only in some products, the lines of the other products.
void Pricer::plan_reuse() {
    ladder_warnings_.assign(book_.products.size(), {});
    if (!memo_ || !memo_->valid) return;
    const std::vector<QuoteLine>& now = quote_.lines;
    std::vector<char> dirty(book_.products.size(), 0);  // a line of this product changed
    if (memo_->changed_products) {
        dirty = *memo_->changed_products;
        reusable_.assign(now.size(), 1);
    } else {
        if (!same_pricing_context(memo_->quote, quote_)) return;
        const std::vector<QuoteLine>& before = memo_->quote.lines;
        reusable_.assign(now.size(), 0);
        for (std::size_t q = 0; q < std::max(before.size(), now.size()); ++q) {
            if (q < before.size() && q < now.size() && same_input(before[q], now[q])) {
                reusable_[q] = 1;
                continue;
            }
            if (q < before.size()) dirty[before[q].product] = 1;
            if (q < now.size()) dirty[now[q].product] = 1;
        }
    }
    for (std::size_t q = 0; q < now.size(); ++q) {
        const std::size_t p = now[q].product;
        // A percentage line depends on the other lines' nets: priced again every time.
        if (dirty[p] || book_.products[p].is_percentage()) reusable_[q] = 0;
    }
    for (std::size_t p = 0; p < dirty.size(); ++p)
        if (!dirty[p]) ladder_warnings_[p] = memo_->ladder_warnings[p];
}

// A quote with errors leaves the memo as it was.
void Pricer::give_back_reused() {
    const std::size_t first = quote_.bundle ? 1 : 0;
    for (std::size_t i = 0; i < reused_.size(); ++i)
        if (reused_[i]) memo_->lines[first + *out_.lines[i].index] = std::move(out_.lines[i]);
}

void Pricer::header() {
    out_.pricebook_id = book_.id;
    out_.pricebook_version = book_.version;
    out_.currency = book_.currency;
    out_.minor_digits = book_.minor_digits;
    out_.internal = book_.internal.has_value();
    out_.customer_name = quote_.customer.name;
    out_.segment = book_.segments[quote_.customer.segment].id;
    out_.incumbent_monthly = quote_.customer.incumbent_monthly;
    out_.incumbent_vendor = quote_.customer.incumbent_vendor;
    out_.incumbent_estimate = quote_.customer.incumbent_estimate;
    out_.term_months = quote_.term_months;
    out_.bundle = quote_.bundle ? book_.bundles[*quote_.bundle].id : "";
    out_.commit_monthly_spend = quote_.commit_monthly_spend;
    out_.as_of = quote_.as_of;
    if (quote_.commit_monthly_spend) commit_ = book_.commit_for(*quote_.commit_monthly_spend);
}

void Pricer::bundle_line() {
    if (!quote_.bundle) return;
    const Bundle& bundle = book_.bundles[*quote_.bundle];
#if defined(__EMSCRIPTEN__)
    PricedLine line;  // moved into the list once made (made in place, the module grows)
#else
    PricedLine& line = out_.lines.emplace_back();  // made where it stays: no move of a made line
#endif
    line.kind = LineKind::bundle;
    line.sku = bundle.id;
    line.name = bundle.name + " bundle";
    line.category = "bundle";
    line.quantity = Decimal::from_int(1);
    line.priced_quantity = Decimal::from_int(1);
    TierSlice fee;
    fee.flat = bundle.price;
    fee.amount = bundle.price;
    fee.note = "bundle fee";
    line.tiers.push_back(fee);
    line.list = book_.round_money(bundle.price);
    if (book_.internal) {
        auto cost = book_.internal->bundle_costs.find(*quote_.bundle);
        line.cost = cost == book_.internal->bundle_costs.end() ? kZero : book_.round_money(cost->second);
    }
#if defined(__EMSCRIPTEN__)
    out_.lines.push_back(std::move(line));
#endif
    quote_line_of_.push_back(std::nullopt);
}

void Pricer::product_lines() {
    const std::size_t first = out_.lines.size();  // after the bundle line, as in the memo
    for (std::size_t q = 0; q < quote_.lines.size(); ++q) {
        if (reuses(q)) {
            out_.lines.push_back(std::move(memo_->lines[first + q]));
            quote_line_of_.push_back(q);
            reused_.resize(out_.lines.size(), 0);
            reused_.back() = 1;
            continue;
        }
        const QuoteLine& input = quote_.lines[q];
        const Product& product = book_.products[input.product];
#if defined(__EMSCRIPTEN__)
        PricedLine line;
#else
        PricedLine& line = out_.lines.emplace_back();  // as the bundle's line
#endif
        line.index = q;
        line.kind = product.is_percentage() ? LineKind::percentage : LineKind::product;
        line.sku = product.sku;
        line.name = product.name;
        line.category = product.category;
        line.one_time = product.billing == Billing::one_time;
        line.quantity = input.quantity;
        line.unit = book_.units[input.unit].id;
        line.priced_unit = book_.units[product.unit].id;
        const Decimal scaled = input.quantity * book_.units[input.unit].factor;
        // Entered in the product's own unit: the division gives the quantity back (exactly, when it
        // has no more than 18 fractional digits), without a 128-bit division per line.
        line.priced_quantity = input.unit == product.unit && !scaled.is_overflow() && input.quantity.scale() <= 18
                                   ? input.quantity.normalized()
                                   : scaled.divide(book_.units[product.unit].factor, 18, RoundingMode::half_even);
#if defined(__EMSCRIPTEN__)
        const std::size_t index = out_.lines.size();
#else
        const std::size_t index = out_.lines.size() - 1;
#endif
        if (line.priced_quantity.is_overflow()) {
            out_.errors.push_back({codes::overflow, pointer_append(pointer_append("/lines", q), "quantity"),
                                   "The quantity in " + line.priced_unit + " is too large to compute exactly."});
        } else if (product.is_plan()) {
            plan_line(line, product, input, q);
        } else if (!product.is_percentage()) {
            if (input.regions.empty()) {
                portions_.push_back({index, q, input.product, std::nullopt, line.priced_quantity, line.priced_quantity,
                                     scaled, input.unit == product.unit, 0});
            } else {
                const bool per_region = product.tier_scope == TierScope::per_region;
                for (const RegionShare& share : input.regions) {
                    Decimal part = (line.priced_quantity * share.pct).divide_pow10(2);
                    portions_.push_back({index, q, input.product, share.region, part, part,
                                         (scaled * share.pct).divide_pow10(2), input.unit == product.unit,
                                         per_region ? share.region + 1 : 0});
                }
            }
        }
#if defined(__EMSCRIPTEN__)
        out_.lines.push_back(std::move(line));
#endif
        quote_line_of_.push_back(q);
    }
}

// A plan by several limits prices its line alone (no ladder, no allowance): the first tier
// every quantity of its usage fits.
void Pricer::plan_line(PricedLine& line, const Product& product, const QuoteLine& input, std::size_t q) {
    const auto& plan = std::get<PlanModel>(product.price.model);
    detail::PlanPricing priced = detail::price_plan(plan, input.usage, book_);
    for (std::size_t l : priced.beyond) {
        const PlanLimit& limit = plan.limits[l];
        out_.errors.push_back({codes::quantity_beyond_last_tier,
                               pointer_append(pointer_append(pointer_append("/lines", q), "usage"), limit.id),
                               product.name + " plans go up to " + plan.tiers.back().up_to[l]->to_string() + " " +
                                   book_.units[limit.unit].id + " of " + limit.name + "; " + input.usage[l].to_string() +
                                   " is past every plan (contact sales)."});
    }
    if (!priced.choice) return;
    line.tiers.push_back(std::move(priced.slice));
    line.plan = std::move(priced.choice);
}

// The order portions use allowances and fill shared ladders: book region order, then quote order.
bool fill_order(const Portion& a, const Portion& b) {
    const auto region_a = a.region.value_or(0), region_b = b.region.value_or(0);
    return std::tie(region_a, a.quote_line) < std::tie(region_b, b.quote_line);
}

// The portions ladder by ladder, by product and then region (a ladder across regions, or
// without them, first), each ladder's in fill order: within one product that is fill order, so
// allowances are taken in it too.
bool ladder_order(const Portion& a, const Portion& b) {
    return a.product != b.product ? a.product < b.product : a.ladder != b.ladder ? a.ladder < b.ladder : fill_order(a, b);
}

// Allowances are taken in the dimension's base unit (exact for any entered unit); what is left
// and what was used are shown in the product's unit.
void Pricer::take_allowances() {
    if (!quote_.bundle) return;
    for (const Allowance& allowance : book_.bundles[*quote_.bundle].includes) {
        const Decimal& factor = book_.units[book_.products[allowance.product].unit].factor;
        std::optional<Decimal> left;  // made only for a product the quote has
        for (Portion& portion : portions_) {
            if (portion.product != allowance.product) continue;
            if (!left) left = allowance.quantity * factor;
            if (left->sign() <= 0) break;
            const Decimal used = min(*left, portion.billable_base);
            portion.billable_base -= used;
            portion.billable = portion.billable_base.divide(factor, 18, RoundingMode::half_even);
            *left -= used;
            out_.lines[portion.line].allowance += used.divide(factor, 18, RoundingMode::half_even);
        }
    }
}

// The ladder quantities of portions in fill order, in the product's unit. Entered in the
// product's unit they are exact already. Otherwise each portion's quantity is the difference of
// its end and start on the ladder, both counted exactly in the base unit and converted once, so
// the portions add up to the converted total whichever way the lines were split.
std::vector<Decimal> ladder_quantities(const std::vector<const Portion*>& members, const Decimal& factor) {
    std::vector<Decimal> out;
    out.reserve(members.size());
    const bool exact = std::all_of(members.begin(), members.end(), [](const Portion* p) { return p->in_product_unit; });
    if (exact) {
        for (const Portion* portion : members) out.push_back(portion->billable);
        return out;
    }
    Decimal end_base, start = Decimal::from_int(0);
    for (const Portion* portion : members) {
        end_base += portion->billable_base;
        const Decimal end = end_base.divide(factor, 18, RoundingMode::half_even);
        out.push_back(end - start);
        start = end;
    }
    return out;
}

Decimal charged_total(const PricedLine& line, const detail::LadderCharges*) { return detail::sum_slices(line.tiers); }
#if !defined(__EMSCRIPTEN__)
Decimal charged_total(const PricedLine& line, const detail::LadderAmounts*) {
    return line.tiers.empty() ? line.list : detail::sum_slices(line.tiers);
}
#endif

// A ladder's charges: every slice in full (moved to their lines by tier_math), or natively, for
// amounts alone, each slice's amount added to its line's `list` as it is made (a product line's
// list is zero until its ladders are charged), in the order the slices would be listed, so the
// total is the same additions in the same order (charged_total; a plan line is on no ladder and
// keeps its one slice). The amounts' buffers are the Pricer's, reused from ladder to ladder.
detail::LadderCharges Pricer::charge(const std::vector<LadderPortion>& ladder, const std::vector<const Portion*>&,
                                     const detail::LadderCharges*) {
    return detail::charge_ladder(ladder);
}
#if !defined(__EMSCRIPTEN__)
detail::LadderAmounts& Pricer::charge(const std::vector<LadderPortion>& ladder, const std::vector<const Portion*>& members,
                                      const detail::LadderAmounts*) {
    ladder_amounts_.into.clear();
    for (const Portion* member : members) ladder_amounts_.into.push_back(&out_.lines[member->line].list);
    detail::charge_ladder(ladder, ladder_amounts_);
    return ladder_amounts_;
}
#endif

// Portions in ladder order (run() sorts them so): one ladder after another. `Charges`: where the
// slices go (detail::LadderCharges, or natively for amounts alone detail::LadderAmounts).
template <class Charges>
void Pricer::tier_math() {
    constexpr bool kSlices = std::is_same_v<Charges, detail::LadderCharges>;
    const Bundle* bundle = quote_.bundle ? &book_.bundles[*quote_.bundle] : nullptr;
    std::vector<const Portion*> members;  // of one ladder; reused
    std::vector<LadderPortion> ladder;
    for (std::size_t start = 0, end = 0; start < portions_.size(); start = end) {
        const std::size_t p = portions_[start].product;
        members.clear();
        for (end = start; end < portions_.size() && portions_[end].product == p &&
                          portions_[end].ladder == portions_[start].ladder;
             ++end)
            members.push_back(&portions_[end]);
        const Product& product = book_.products[p];
        const PriceModel* overage = nullptr;
        if (bundle) {
            auto it = bundle->overage.find(p);
            if (it != bundle->overage.end()) overage = &it->second;
        }
        ladder.clear();
        const std::vector<Decimal> quantities = ladder_quantities(members, book_.units[product.unit].factor);
        for (std::size_t i = 0; i < members.size(); ++i)
            ladder.push_back({overage ? overage : &product.price_in(members[i]->region), quantities[i],
                              kSlices && members[i]->region ? book_.regions[*members[i]->region].id : std::string()});
        auto&& charges = charge(ladder, members, static_cast<const Charges*>(nullptr));
        if (charges.beyond_last_tier) {
            const Portion& portion = *members[*charges.beyond_last_tier];
            const auto* tiers = tiers_of(*ladder[*charges.beyond_last_tier].model);
            out_.errors.push_back({codes::quantity_beyond_last_tier,
                                   pointer_append(pointer_append("/lines", portion.quote_line), "quantity"),
                                   product.name + " is listed up to " + tiers->back().up_to->to_string() + " " +
                                       book_.units[product.unit].id +
                                       (portion.region ? " in " + book_.regions[*portion.region].name : std::string()) +
                                       " a month; larger volumes are priced by sales (contact sales)."});
        }
        warn_volume_cliff(p, *members.front(), ladder);
        warn_flat_charged_once(p, *ladder.front().model, members, charges);
        if constexpr (kSlices) {
            for (std::size_t i = 0; i < members.size(); ++i) {
                auto& tiers = out_.lines[members[i]->line].tiers;
                auto& slices = charges.slices[i];
                // Moved, not copied (a line's first ladder gives it all its slices but in a mix).
                if (tiers.empty()) tiers = std::move(slices);
                else tiers.insert(tiers.end(), std::make_move_iterator(slices.begin()), std::make_move_iterator(slices.end()));
            }
        }
    }
    for (const Errors& warnings : ladder_warnings_) out_.warnings.insert(out_.warnings.end(), warnings.begin(), warnings.end());
    for (std::size_t i = 0; i < out_.lines.size(); ++i)
        if (out_.lines[i].kind == LineKind::product && !is_reused(i))
            out_.lines[i].list = book_.round_money(charged_total(out_.lines[i], static_cast<const Charges*>(nullptr)));
}

// A fixed amount is charged once per ladder (price_models.cpp): a further line of the product
// (in the same region) adds nothing, and says so rather than looking like a free line.
template <class Charges>
void Pricer::warn_flat_charged_once(std::size_t product_index, const PriceModel& model,
                                    const std::vector<const Portion*>& members, const Charges& charges) {
    const Product& product = book_.products[product_index];
    if (!std::holds_alternative<FlatModel>(model.model) || members.size() < 2) return;
    std::optional<std::size_t> carrier;
    for (std::size_t i = 0; i < members.size(); ++i)
        if (!charges.slices[i].empty()) carrier = members[i]->quote_line;
    if (!carrier) return;
    for (std::size_t i = 0; i < members.size(); ++i) {
        if (!charges.slices[i].empty() || members[i]->billable.sign() <= 0 || members[i]->quote_line == *carrier) continue;
        ladder_warnings_[product_index].push_back(
            {codes::quantity_ignored, pointer_append(pointer_append("/lines", members[i]->quote_line), "quantity"),
             product.name + " is a fixed monthly amount, charged once" +
                 (members[i]->region ? " in " + book_.regions[*members[i]->region].name : std::string()) +
                 ": it is already charged on line " + std::to_string(*carrier + 1) + "."});
    }
}

// Volume pricing can make a larger quantity cheaper in total (all units drop to the next
// tier's price). The engine shows that rather than hiding it: a warning says how much less
// the customer would pay just past the tier's edge.
void Pricer::warn_volume_cliff(std::size_t product_index, const Portion& first, const std::vector<LadderPortion>& ladder) {
    const Product& product = book_.products[product_index];
    const auto* volume = std::get_if<VolumeModel>(&ladder.front().model->model);
    if (!volume) return;
    Decimal total;
    for (const auto& portion : ladder) total += portion.quantity;
    if (total.is_zero()) return;
    const auto& tiers = volume->tiers;
    for (std::size_t t = 0; t + 1 < tiers.size(); ++t) {
        if (total > *tiers[t].up_to) continue;
        const Decimal here = detail::volume_amount(tiers[t], total);
        const Decimal past_edge = detail::volume_amount_just_past(tiers[t + 1], *tiers[t].up_to);
        if (here.is_overflow() || past_edge.is_overflow()) {
            // Compared, an overflowed amount would silently decide whether to warn.
            overflow_at(pointer_append(pointer_append("/lines", first.quote_line), "quantity"),
                        product.name + ": the amount just past a volume tier's edge");
            return;
        }
        if (past_edge < here) {
            const std::string unit = book_.units[product.unit].id;
            ladder_warnings_[product_index].push_back({codes::volume_cliff, pointer_append(pointer_append("/lines", first.quote_line), "quantity"),
                                     product.name + ": just past " + tiers[t].up_to->to_string() + " " + unit +
                                         " every unit drops to tier " + std::to_string(t + 2) + "'s price, about " +
                                         detail::format_money(book_.round_money(here - past_edge), book_) +
                                         " less in total than " + total.to_string() + " " + unit + " costs now."});
        }
        return;
    }
}

void Pricer::waterfall(PricedLine& line, const Product* product, const QuoteLine* input) {
#if !defined(__EMSCRIPTEN__)
    const bool keep_steps = keep_steps_;
#else
    constexpr bool keep_steps = true;
#endif
    if (keep_steps) line.waterfall.reserve(6);  // list, term, commit, rep, quote, net
    Decimal running = kZero;  // the line's amount after the last step
    auto step = [&](const char* name, const std::optional<Decimal>& pct, const Decimal& amount) {
        running = running + amount;
        if (keep_steps) line.waterfall.push_back({name, pct, amount, running});
    };
    step("list", std::nullopt, line.list);
    const Term* term = book_.find_term(quote_.term_months);
    if (term && term->discount_pct.sign() > 0 && (!product || product->term_discount))
        step("term", term->discount_pct, -percent_of(running, term->discount_pct));
    if (commit_ && commit_->discount_pct.sign() > 0 && product && product->commit_discount)
        step("commit", commit_->discount_pct, -percent_of(running, commit_->discount_pct));
    line.standard = running;
    const bool discountable = !product || product->discountable;
    if (input && input->discount_pct && input->discount_pct->sign() > 0)
        step("rep", input->discount_pct, -percent_of(running, *input->discount_pct));
    if (input && input->target_net) {
        const Decimal before = running;
        const Decimal target = book_.round_money(*input->target_net);
        if (target > before) {
            out_.errors.push_back({codes::target_net_above_price,
                                   pointer_append(pointer_append("/lines", *line.index), "target_net"),
                                   "The target net " + target.to_string() + " is above " + line.name +
                                       "'s price before the rep discount, " + before.to_fixed(book_.minor_digits) + "."});
        } else {
            const Decimal pct = before.is_zero() ? kZero
                                                 : ((before - target) * kHundred).divide(before, 2, RoundingMode::half_up);
            step("rep", pct, target - before);
        }
    }
    // A target net is the negotiated price: the quote-level discount does not lower it again.
    if (quote_.discount_pct && quote_.discount_pct->sign() > 0 && discountable && !(input && input->target_net))
        step("quote", quote_.discount_pct, -percent_of(running, *quote_.discount_pct));
    line.net = running;
    if (keep_steps) {
        step("net", std::nullopt, kZero);
        line.waterfall.back().amount = line.net;
    }
    line.discount_pct = line.list.sign() > 0
                            ? ((line.list - line.net) * kHundred).divide(line.list, 2, RoundingMode::half_up)
                            : kZero;
}

void Pricer::waterfalls() {
    for (std::size_t i = 0; i < out_.lines.size(); ++i) {
        PricedLine& line = out_.lines[i];
        if (line.kind == LineKind::percentage || is_reused(i)) continue;
        const QuoteLine* input = quote_line_of_[i] ? &quote_.lines[*quote_line_of_[i]] : nullptr;
        const Product* product = input ? &book_.products[input->product] : nullptr;
        waterfall(line, product, input);
    }
}

// A line of its own for a shortfall under a minimum: it is owed as it stands, so no discounts.
PricedLine true_up_line(std::string sku, std::string name, const Decimal& shortfall, std::string note) {
    PricedLine line;
    line.kind = LineKind::true_up;
    line.sku = std::move(sku);
    line.name = std::move(name);
    line.category = "true_up";
    TierSlice s;
    s.flat = shortfall;
    s.amount = shortfall;
    s.note = std::move(note);
    line.tiers.push_back(s);
    line.list = shortfall;
    line.net = shortfall;
    line.waterfall.push_back({"list", std::nullopt, shortfall, shortfall});
    line.waterfall.push_back({"net", std::nullopt, shortfall, shortfall});
    line.standard = shortfall;
    return line;
}

void Pricer::true_ups() {
    const std::size_t count = out_.lines.size();
    // Monthly net and first line by product with a minimum, in one pass over the lines.
    std::map<std::size_t, std::pair<Decimal, std::size_t>> quoted;
    for (std::size_t i = 0; i < count; ++i) {
        if (!quote_line_of_[i] || out_.lines[i].one_time) continue;
        const std::size_t p = quote_.lines[*quote_line_of_[i]].product;
        if (!book_.products[p].minimum_monthly || book_.products[p].is_percentage()) continue;
        quoted.emplace(p, std::pair{kZero, *quote_line_of_[i]}).first->second.first += out_.lines[i].net;
    }
    for (const auto& [p, entry] : quoted) {
        const Product& product = book_.products[p];
        const Decimal& net = entry.first;
        // Rounded to the minor unit like every other amount (a minimum may have more digits).
        const Decimal shortfall = book_.round_money(*product.minimum_monthly - net);
        if (shortfall.is_overflow()) {
            overflow_at(pointer_append("/lines", entry.second), product.name + ": the shortfall under its monthly minimum");
            continue;
        }
        if (shortfall.sign() > 0) {
            out_.lines.push_back(true_up_line(product.sku, "Monthly minimum for " + product.name, shortfall,
                                              "minimum " + product.minimum_monthly->to_fixed(book_.minor_digits) +
                                                  " less usage " + net.to_fixed(book_.minor_digits)));
            quote_line_of_.push_back(std::nullopt);
            if (book_.internal) out_.lines.back().cost = kZero;
        }
    }
    if (quote_.commit_monthly_spend) {
        Decimal committed;
        for (std::size_t i = 0; i < count; ++i)
            if (quote_line_of_[i] && book_.products[quote_.lines[*quote_line_of_[i]].product].commit_discount)
                committed += out_.lines[i].net;
        const Decimal shortfall = book_.round_money(*quote_.commit_monthly_spend - committed);
        // An overflowed shortfall has no sign: without this check the true-up would be dropped.
        if (shortfall.is_overflow()) overflow_at("/commit/monthly_spend", "The shortfall under the commitment");
        if (shortfall.sign() > 0) {
            out_.lines.push_back(true_up_line("commit", "Commit shortfall", shortfall,
                                              "committed " + quote_.commit_monthly_spend->to_fixed(book_.minor_digits) +
                                                  " less eligible usage " + committed.to_fixed(book_.minor_digits)));
            quote_line_of_.push_back(std::nullopt);
            if (book_.internal) out_.lines.back().cost = kZero;
        }
    }
}

// What a percentage is a rate of: the monthly nets of the other lines counted by its `of`.
// Summed once by category and by SKU (and the SKU's category), then per percentage product
// from those sums: O(lines + the `of` lists), however many percentage lines there are.
class PercentageBases {
public:
    explicit PercentageBases(const std::vector<PricedLine>& lines) : lines_(lines) {
        for (const PricedLine& line : lines)
            if (line.kind != LineKind::percentage && !line.one_time) all_ += line.net;
    }
    Decimal of(const PercentageModel& model) {
        if (model.of_all) return all_;
        // The sums by category and SKU only for a percentage of some of them (most are of all).
        if (!summed_) {
            summed_ = true;
            for (const PricedLine& line : lines_) {
                if (line.kind == LineKind::percentage || line.one_time) continue;
                by_category_[line.category] += line.net;
                by_sku_[line.sku][line.category] += line.net;
            }
        }
        auto known = bases_.find(&model);
        if (known != bases_.end()) return known->second;
        const std::set<std::string> named(model.of.begin(), model.of.end());
        Decimal base;
        for (const std::string& name : named) {
            auto category = by_category_.find(name);
            if (category != by_category_.end()) base += category->second;
            auto sku = by_sku_.find(name);
            if (sku == by_sku_.end()) continue;
            for (const auto& [line_category, net] : sku->second)
                if (!named.count(line_category)) base += net;  // not counted by its category already
        }
        return bases_[&model] = base;
    }

private:
    const std::vector<PricedLine>& lines_;  // the non-percentage lines do not change meanwhile
    bool summed_ = false;
    Decimal all_;
    std::map<std::string, Decimal> by_category_;
    std::map<std::string, std::map<std::string, Decimal>> by_sku_;
    std::map<const PercentageModel*, Decimal> bases_;
};

void Pricer::percentage_lines() {
    std::optional<PercentageBases> bases;
    for (std::size_t i = 0; i < out_.lines.size(); ++i) {
        PricedLine& line = out_.lines[i];
        if (line.kind != LineKind::percentage) continue;
        const QuoteLine& input = quote_.lines[*quote_line_of_[i]];
        const Product& product = book_.products[input.product];
        const auto& model = std::get<PercentageModel>(product.price.model);
        if (!bases) bases.emplace(out_.lines);
        const Decimal base = bases->of(model);
        const Decimal rate = model.rate.divide_pow10(2);
        Decimal amount = base * rate;
        // Clamped to a maximum, an overflowed amount would look like a plain maximum.
        if (amount.is_overflow()) overflow_at(pointer_append("/lines", *line.index), line.name + ": the percentage's base");
        std::string note = model.rate.to_string() + "% of " + base.to_fixed(book_.minor_digits);
        if (model.minimum && amount < *model.minimum) {
            amount = *model.minimum;
            note += ", raised to the minimum " + model.minimum->to_fixed(book_.minor_digits);
        }
        if (model.maximum && amount > *model.maximum) {
            amount = *model.maximum;
            note += ", capped at the maximum " + model.maximum->to_fixed(book_.minor_digits);
        }
        TierSlice s;
        s.quantity = base;
        s.unit_price = rate;
        s.amount = amount;
        s.note = std::move(note);
        line.tiers.push_back(std::move(s));
        line.priced_quantity = base;
        line.priced_unit = book_.currency;
        line.list = book_.round_money(amount);
        waterfall(line, &product, &input);
    }
}

void Pricer::totals() {
    Totals& t = out_.totals;
    Decimal list_all, net_all, cost_all, standard_all;
    for (PricedLine& line : out_.lines) {
        if (line.one_time) {
            t.one_time += line.net;
        } else {
            t.list_monthly += line.list;
            t.net_monthly += line.net;
        }
        list_all += line.list;
        net_all += line.net;
        standard_all += line.standard;
    }
    t.tcv = t.net_monthly * Decimal::from_int(quote_.term_months) + t.one_time;
    t.discount_pct = list_all.sign() > 0 ? ((list_all - net_all) * kHundred).divide(list_all, 2, RoundingMode::half_up)
                                         : kZero;
    t.discretionary_discount_pct =
        standard_all.sign() > 0 ? ((standard_all - net_all) * kHundred).divide(standard_all, 2, RoundingMode::half_up) : kZero;
    if (!book_.internal) return;
    // Costs: each line's own quantity through its cost model, on its own (no shared ladder).
    detail::AloneCache cost_cache;
    for (std::size_t i = 0; i < out_.lines.size(); ++i) {
        PricedLine& line = out_.lines[i];
        if (quote_line_of_[i] && !is_reused(i)) {
            const QuoteLine& input = quote_.lines[*quote_line_of_[i]];
            auto cost = book_.internal->product_costs.find(input.product);
            if (cost == book_.internal->product_costs.end()) {
                line.cost = kZero;
            } else {
                const Decimal quantity = line.kind == LineKind::percentage ? Decimal::from_int(1) : line.priced_quantity;
                line.cost = book_.round_money(detail::charge_alone(cost->second, quantity, cost_cache));
            }
        }
        cost_all += line.cost.value_or(kZero);
    }
    t.cost_monthly = cost_all;
    t.margin_pct = net_all.sign() > 0 ? ((net_all - cost_all) * kHundred).divide(net_all, 2, RoundingMode::half_up)
                                      : kZero;
}

bool Pricer::check_overflow() {
    bool overflow = false;
    for (const PricedLine& line : out_.lines) {
        if (line.list.is_overflow() || line.net.is_overflow() || (line.cost && line.cost->is_overflow())) {
            out_.errors.push_back({codes::overflow, line.index ? pointer_append("/lines", *line.index) : "",
                                   line.name + ": the amount is too large to compute exactly."});
            overflow = true;
        }
    }
    const Totals& t = out_.totals;
    const bool totals_overflow = t.list_monthly.is_overflow() || t.net_monthly.is_overflow() || t.one_time.is_overflow() ||
                                 t.tcv.is_overflow() || t.discount_pct.is_overflow() ||
                                 t.discretionary_discount_pct.is_overflow() || (t.margin_pct && t.margin_pct->is_overflow()) ||
                                 (t.cost_monthly && t.cost_monthly->is_overflow());
    if (!overflow && totals_overflow) {
        out_.errors.push_back({codes::overflow, "", "The quote's totals are too large to compute exactly."});
        overflow = true;
    }
    return overflow;
}

// Every overflow must reach the caller as an error: a comparison or a sign read on an overflowed
// value (it has no sign) would otherwise decide silently, as a commit's shortfall once did (the
// true-up was dropped). The places that can overflow report it with their path above; as a
// last guard, any overflowed value made while pricing this quote that none of them reported is
// reported here, so no overflow anywhere yields a price.
bool Pricer::report_unseen_overflow(std::uint64_t overflows_at_start, const char* where) {
    if (Decimal::overflow_count() == overflows_at_start) return false;
    for (const Error& e : out_.errors)
        if (e.code == codes::overflow) return true;
    out_.errors.push_back({codes::overflow, "", std::string("An amount ") + where + " is too large to compute exactly."});
    return true;
}

PricedQuote Pricer::refused() {
    if (memo_) give_back_reused();
    out_.lines.clear();
    out_.totals = Totals{};
    out_.guidance.clear();
    out_.approval = Approval{};
    return std::move(out_);
}

PricedQuote Pricer::run() {
    const std::uint64_t overflows_at_start = Decimal::overflow_count();
    // Lines, plus a bundle line and a true-up; portions, one per region of a mix.
    out_.lines.reserve(quote_.lines.size() + 2);
    quote_line_of_.reserve(quote_.lines.size() + 2);
    portions_.reserve(quote_.lines.size() * 2);
    header();
    plan_reuse();
    bundle_line();
    product_lines();
    detail::stable_sort_small(portions_, ladder_order);
    take_allowances();
#if !defined(__EMSCRIPTEN__)
    if (!keep_slices_) tier_math<detail::LadderAmounts>();
    else
#endif
        tier_math<detail::LadderCharges>();
    waterfalls();
    true_ups();
    percentage_lines();
    totals();
    check_overflow();
    report_unseen_overflow(overflows_at_start, "in the quote's arithmetic");
    reused_.resize(out_.lines.size(), 0);
    if (!out_.errors.empty()) return refused();
    std::vector<std::optional<Finding>> line_findings;
    std::optional<detail::GuidanceReuse> reuse;
    if (memo_) reuse.emplace(detail::GuidanceReuse{reused_, *memo_, line_findings});
    guidance_(book_, quote_, out_, reuse ? &*reuse : nullptr);
    if (report_unseen_overflow(overflows_at_start, "in the guidance or approval checks")) return refused();
    if (memo_) {
        memo_->ladder_warnings = std::move(ladder_warnings_);
        memo_->line_findings = std::move(line_findings);
    }
    return std::move(out_);
}

}  // namespace

PricedQuote price(const PriceBook& book, const Quote& quote) {
    if (!quote.periods.empty())
        return detail::price_ramped(book, quote, [](const PriceBook& b, const Quote& q) { return Pricer(b, q).run(); });
    return Pricer(book, quote).run();
}

namespace detail {

PricedQuote price(const PriceBook& book, const Quote& quote, ResultDetail detail) {
    // A ramp is priced in full: each period is a quote of its own, then guidance runs again on
    // the average month.
    if (!quote.periods.empty()) return edgequote::price(book, quote);
    Pricer pricer(book, quote, nullptr,
                  detail == ResultDetail::amounts ? &apply_guidance_codes_and_level : &apply_guidance_and_approval);
#if !defined(__EMSCRIPTEN__)
    pricer.without_steps(detail != ResultDetail::all);
#endif
    return pricer.run();
}

#if !defined(__EMSCRIPTEN__)
PricedQuote price_parsed(const PriceBook& book, QuoteResult parsed, ResultDetail detail) {
    if (!parsed.quote || detail == ResultDetail::all) return edgequote::price_parsed(book, std::move(parsed));
    PricedQuote priced = price(book, *parsed.quote, detail);
    // As edgequote::price_parsed: the reader's warnings first.
    priced.warnings.insert(priced.warnings.begin(), parsed.warnings.begin(), parsed.warnings.end());
    return priced;
}
#endif

PricedQuote price_incremental(const PriceBook& book, const Quote& quote, PriceMemo& memo, std::vector<char>& reused) {
    if (!quote.periods.empty()) {  // a ramp is priced afresh: each period is a quote of its own
        PricedQuote priced = price(book, quote);
        reused.assign(priced.lines.size(), 0);
        return priced;
    }
    Pricer pricer(book, quote, &memo);
    PricedQuote priced = pricer.run();
    reused = pricer.reused();
    return priced;
}

PricedQuote price_remembering(const PriceBook& book, const Quote& quote, ResultDetail detail, PriceMemo& memo,
                              std::vector<char>& reused) {
    if (!quote.periods.empty()) {
        PricedQuote priced = price(book, quote, detail);
        reused.assign(priced.lines.size(), 0);
        return priced;
    }
    Pricer pricer(book, quote, &memo,
                  detail == ResultDetail::amounts ? &apply_guidance_codes_and_level : &apply_guidance_and_approval);
#if !defined(__EMSCRIPTEN__)
    pricer.without_steps(detail != ResultDetail::all);
#endif
    PricedQuote priced = pricer.run();
    reused = pricer.reused();
    return priced;
}

void remember(PriceMemo& memo, Quote quote, std::vector<PricedLine> lines) {
    memo.valid = true;
    memo.quote = std::move(quote);
    memo.lines = std::move(lines);
}

}  // namespace detail

bool operator==(const TierSlice& a, const TierSlice& b) {
    return std::tie(a.region, a.tier, a.from, a.to, a.quantity, a.unit_price, a.flat, a.amount, a.note, a.block_size,
                    a.blocks) ==
           std::tie(b.region, b.tier, b.from, b.to, b.quantity, b.unit_price, b.flat, b.amount, b.note, b.block_size,
                    b.blocks);
}

bool operator==(const WaterfallStep& a, const WaterfallStep& b) {
    return std::tie(a.step, a.pct, a.amount, a.running) == std::tie(b.step, b.pct, b.amount, b.running);
}

bool operator==(const PricedLine& a, const PricedLine& b) {
    return std::tie(a.index, a.kind, a.sku, a.name, a.category, a.one_time, a.quantity, a.unit, a.priced_quantity,
                    a.priced_unit, a.allowance, a.list, a.standard, a.net, a.discount_pct, a.cost, a.floor,
                    a.target, a.under_floor) ==
               std::tie(b.index, b.kind, b.sku, b.name, b.category, b.one_time, b.quantity, b.unit,
                        b.priced_quantity, b.priced_unit, b.allowance, b.list, b.standard, b.net, b.discount_pct,
                        b.cost, b.floor, b.target, b.under_floor) &&
           a.tiers == b.tiers && a.waterfall == b.waterfall && a.plan == b.plan;
}

bool operator==(const PlanChoice& a, const PlanChoice& b) {
    if (std::tie(a.tier, a.tier_name, a.chosen_by) != std::tie(b.tier, b.tier_name, b.chosen_by) ||
        a.usage.size() != b.usage.size())
        return false;
    for (std::size_t i = 0; i < a.usage.size(); ++i)
        if (std::tie(a.usage[i].limit, a.usage[i].unit, a.usage[i].quantity, a.usage[i].up_to) !=
            std::tie(b.usage[i].limit, b.usage[i].unit, b.usage[i].quantity, b.usage[i].up_to))
            return false;
    return true;
}

bool operator==(const Finding& a, const Finding& b) {
    auto band = [](const std::optional<GuidanceBand>& x, const std::optional<GuidanceBand>& y) {
        return x.has_value() == y.has_value() && (!x || (x->low == y->low && x->target == y->target && x->high == y->high));
    };
    return std::tie(a.code, a.severity, a.message, a.value, a.line, a.estimate) ==
               std::tie(b.code, b.severity, b.message, b.value, b.line, b.estimate) &&
           band(a.band, b.band);
}

PricedQuote price_json(const PriceBook& book, std::string_view quote_json) {
    return price_parsed(book, parse_quote(quote_json, book));
}

PricedQuote price_parsed(const PriceBook& book, QuoteResult parsed) {
    if (!parsed.quote) {
        PricedQuote failed;
        failed.pricebook_id = book.id;
        failed.pricebook_version = book.version;
        failed.currency = book.currency;
        failed.minor_digits = book.minor_digits;
        failed.errors = std::move(parsed.errors);
        failed.warnings = std::move(parsed.warnings);
        return failed;
    }
    PricedQuote priced = price(book, *parsed.quote);
    priced.warnings.insert(priced.warnings.begin(), parsed.warnings.begin(), parsed.warnings.end());
    return priced;
}

}  // namespace edgequote
