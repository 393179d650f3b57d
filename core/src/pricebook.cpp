#include "edgequote/pricebook.hpp"

#include <algorithm>
#include <cstring>

namespace edgequote {

const char* model_name(const PriceModel& model) {
    static const char* const names[] = {"flat", "per_unit", "graduated", "volume", "package", "stairstep", "percentage", "plan"};
    return names[model.model.index()];
}

const std::vector<Tier>* tiers_of(const PriceModel& model) {
    if (auto* m = std::get_if<GraduatedModel>(&model.model)) return &m->tiers;
    if (auto* m = std::get_if<VolumeModel>(&model.model)) return &m->tiers;
    if (auto* m = std::get_if<StairstepModel>(&model.model)) return &m->tiers;
    return nullptr;
}

const char* metric_name(Metric metric) {
    switch (metric) {
        case Metric::overall_discount_pct: return "overall_discount_pct";
        case Metric::discretionary_discount_pct: return "discretionary_discount_pct";
        case Metric::max_line_discount_pct: return "max_line_discount_pct";
        case Metric::margin_pct: return "margin_pct";
        case Metric::net_monthly: return "net_monthly";
        case Metric::tcv: return "tcv";
        case Metric::term_months: return "term_months";
        case Metric::lines_under_floor: return "lines_under_floor";
        case Metric::finding: return "finding";
    }
    return "unknown";
}

const PriceModel& Product::price_in(std::optional<std::size_t> region) const {
    if (region) {
        auto it = region_prices.find(*region);
        if (it != region_prices.end()) return it->second;
    }
    return price;
}

bool Bundle::allows(std::size_t product) const {
    return std::find(options.begin(), options.end(), product) != options.end() || allows_included(product);
}

bool Bundle::allows_included(std::size_t product) const {
    return std::any_of(includes.begin(), includes.end(), [&](const Allowance& a) { return a.product == product; });
}

const FeatureBand* FeatureGuidance::for_segment(std::size_t segment) const {
    auto it = by_segment.find(segment);
    if (it != by_segment.end()) return &it->second;
    return default_band ? &*default_band : nullptr;
}

namespace {
template <class T, class Key>
std::optional<std::size_t> index_where(const std::vector<T>& items, Key key) {
    for (std::size_t i = 0; i < items.size(); ++i)
        if (key(items[i])) return i;
    return std::nullopt;
}

std::optional<std::size_t> indexed_position(const std::map<std::string, std::size_t>& index, const std::string& id) {
    auto it = index.find(id);
    if (it == index.end()) return std::nullopt;
    return it->second;
}
#if !defined(__EMSCRIPTEN__)
// Natively, an indexed list this short is scanned, lengths compared first, rather than its map
// walked: a quote looks up each line's product, unit and regions, and the batch commands read
// hundreds of thousands of lines (a map walk compares whole strings at each level). The first
// equal id, as the index keeps. The rep page's module keeps the map alone. Not for bundles: a
// bundle is indexed before it is listed.
constexpr std::size_t kScannedList = 16;

template <class T>
std::optional<std::size_t> short_list_position(const std::vector<T>& items, const std::string& id, std::string T::*field) {
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string& candidate = items[i].*field;
        if (candidate.size() == id.size() && std::memcmp(candidate.data(), id.data(), id.size()) == 0) return i;
    }
    return std::nullopt;
}
#endif

// Where `wanted` is in an indexed list: its index asked, or natively a short list scanned. An
// empty id always goes to the index, which leaves out what has none (a product without a SKU).
template <class T>
std::optional<std::size_t> indexed_find(const std::vector<T>& items, const std::map<std::string, std::size_t>& index,
                                        const std::string& wanted, [[maybe_unused]] std::string T::*field) {
#if !defined(__EMSCRIPTEN__)
    if (items.size() <= kScannedList && !wanted.empty()) return short_list_position(items, wanted, field);
#endif
    return indexed_position(index, wanted);
}
}  // namespace

std::optional<std::size_t> PriceBook::find_unit(const std::string& wanted) const {
    if (indexed) return indexed_find(units, unit_index, wanted, &Unit::id);
    return index_where(units, [&](const Unit& u) { return u.id == wanted; });
}
std::optional<std::size_t> PriceBook::find_region(const std::string& wanted) const {
    if (indexed) return indexed_find(regions, region_index, wanted, &Region::id);
    return index_where(regions, [&](const Region& r) { return r.id == wanted; });
}
std::optional<std::size_t> PriceBook::find_segment(const std::string& wanted) const {
    if (indexed) return indexed_find(segments, segment_index, wanted, &Segment::id);
    return index_where(segments, [&](const Segment& s) { return s.id == wanted; });
}
std::optional<std::size_t> PriceBook::find_product(const std::string& sku) const {
    if (indexed) return indexed_find(products, product_index, sku, &Product::sku);
    return index_where(products, [&](const Product& p) { return p.sku == sku; });
}
std::optional<std::size_t> PriceBook::find_bundle(const std::string& wanted) const {
    if (indexed) return indexed_position(bundle_index, wanted);
    return index_where(bundles, [&](const Bundle& b) { return b.id == wanted; });
}

const Term* PriceBook::find_term(int months) const {
    for (const auto& t : terms)
        if (t.months == months) return &t;
    return nullptr;
}

const Commit* PriceBook::commit_for(const Decimal& monthly_spend) const {
    const Commit* best = nullptr;
    for (const auto& c : commits)
        if (c.min_monthly <= monthly_spend && (!best || c.min_monthly > best->min_monthly)) best = &c;
    return best;
}

}  // namespace edgequote
