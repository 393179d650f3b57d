// Quote: JSON -> Quote validated against one price book.
#include <algorithm>
#include <map>
#include <type_traits>

#include "edgequote/engine.hpp"
#include "edgequote/error_codes.hpp"
#include "edgequote/date.hpp"
#include "flat_json.hpp"
#include "json_reader.hpp"
#include "parse_plan.hpp"

namespace edgequote {

using detail::Json;
using detail::NumberKind;
using detail::Reader;

namespace {

const Decimal kZero = Decimal::from_int(0);
const Decimal kHundred = Decimal::from_int(100);
const Decimal kMaxQuantity = *Decimal::parse("1000000000000000000");  // 10^18

// Reads either document: the engine's own (every caller) or the flat one (price-change impact,
// for the texts it can vouch for: flat_json.hpp). One set of rules for both.
template <class J>
class QuoteParser {
public:
    QuoteParser(const PriceBook& book, Errors& errors, Errors& warnings)
        : book_(book), r_(errors), errors_(errors), warnings_(warnings) {}
#if !defined(__EMSCRIPTEN__)
    void cache_lines_in(detail::QuoteLineCache* cache) { line_cache_ = cache; }
#endif

    std::optional<Quote> parse(const J& doc);
    // Set when a part was left unread (a plan's usage, from a flat document): the caller parses
    // the text again the ordinary way.
    bool unread() const { return unread_; }
    // `doc` is the quote with an empty "lines" array; `lines` the text of each of its lines.
    // Lines whose text is the cache's at the same position are taken from the cache; the others
    // are parsed and cached. Sets `not_json` (and gives up) when a line's text is not JSON.
    std::optional<Quote> parse_live(const J& doc, const std::vector<std::string_view>& lines,
                                    std::vector<LiveQuoteParser::CachedLine>& cache, std::size_t& lines_read,
                                    bool& not_json);

private:
    const PriceBook& book_;
    bool unread_ = false;
    Reader r_;
    Errors& errors_;
    Errors& warnings_;
    Quote quote_;
    std::vector<std::size_t> line_positions_;  // quote line -> its position in "lines" (lines with errors are left out)
    std::string lines_base_ = "/lines";        // where the lines being checked are: the quote's or a period's
    std::string line_path(std::size_t line) const { return pointer_append(lines_base_, line_positions_[line]); }
#if !defined(__EMSCRIPTEN__)
    detail::QuoteLineCache* line_cache_ = nullptr;
#endif
    // The quote's line i: from the cache when one is given and holds its text.
    std::optional<QuoteLine> quote_line(const J& node, std::size_t i);

    std::optional<Decimal> percent(const J& obj, const char* key, const std::string& path);
    void header(const J& doc);
    void customer(const J& doc);
    void incumbent_vendor(const J& customer);
    std::vector<EstimateLine> estimate_lines(const J& list, const std::string& path);
    void document_fields(const J& doc);
    void as_of(const J& doc);
    void periods(const J& doc);
    std::optional<Decimal> commit_spend(const J& obj, const std::string& path);
    // Requirements and bundle rules for each period's own lines, as for the quote's.
    void period_rules();
    std::vector<std::vector<std::size_t>> period_positions_;
    bool too_many_lines(std::size_t count);
    void add_line(std::optional<QuoteLine> line, std::size_t index);
    std::optional<Quote> finish(std::size_t errors_before);
    std::optional<QuoteLine> line(const J& node, const std::string& path);
    void regions(const J& node, const std::string& path, const Product& product, QuoteLine& line);
    void product_requirements();
    void bundle_rules();
    void check_in_product_unit(const QuoteLine& line, const std::string& path);
};

template <class J>
std::optional<Decimal> QuoteParser<J>::percent(const J& obj, const char* key, const std::string& path) {
    auto value = r_.decimal(obj, key, path, false, NumberKind::quantity);
    if (value && (value->sign() < 0 || *value > kHundred)) {
        r_.error(codes::discount_out_of_range, pointer_append(path, key),
                 "A percentage must be from 0 to 100, not " + value->to_string() + ".");
        return std::nullopt;
    }
    return value;
}

template <class J>
void QuoteParser<J>::header(const J& doc) {
    auto version = r_.string(doc, "schema_version", "", false);
    if (version && *version != "1.0")
        r_.error(codes::unsupported_schema_version, "/schema_version",
                 "schema_version \"" + *version + "\" is not supported; this engine reads \"1.0\".");
    quote_.schema_version = version.value_or("1.0");
    if (const J* pricebook = r_.object(doc, "pricebook", "", true)) {
        r_.check_keys(*pricebook, "/pricebook", {"id", "version", "hash"});
        quote_.pricebook_id = r_.string(*pricebook, "id", "/pricebook", true).value_or("");
        quote_.pricebook_version = r_.string(*pricebook, "version", "/pricebook", true).value_or("");
        if (!quote_.pricebook_id.empty() && quote_.pricebook_id != book_.id)
            r_.error(codes::pricebook_mismatch, "/pricebook/id",
                     "The quote is for price book \"" + quote_.pricebook_id + "\", not \"" + book_.id + "\".");
        else if (!quote_.pricebook_version.empty() && quote_.pricebook_version != book_.version)
            r_.error(codes::pricebook_mismatch, "/pricebook/version",
                     "The quote is for version " + quote_.pricebook_version + " of the price book; this is " +
                         book_.version + ".");
    }
    if (auto months = r_.integer(doc, "term_months", "", true)) {
        quote_.term_months = *months;
        if (!book_.find_term(*months)) {
            std::string offered;
            for (const auto& t : book_.terms) offered += (offered.empty() ? "" : ", ") + std::to_string(t.months);
            r_.error(codes::term_not_offered, "/term_months",
                     "A " + std::to_string(*months) + "-month term is not offered (offered: " + offered + ").");
        }
    }
    if (auto bundle = r_.string(doc, "bundle", "", false)) {
        quote_.bundle = book_.find_bundle(*bundle);
        if (!quote_.bundle) r_.error(codes::unknown_bundle, "/bundle", "There is no bundle \"" + *bundle + "\".");
    }
    quote_.commit_monthly_spend = commit_spend(doc, "");
    quote_.discount_pct = percent(doc, "discount_pct", "");
}

template <class J>
std::optional<Decimal> QuoteParser<J>::commit_spend(const J& obj, const std::string& path) {
    const J* commit = r_.object(obj, "commit", path, false);
    if (!commit) return std::nullopt;
    const std::string commit_path = pointer_append(path, "commit");
    r_.check_keys(*commit, commit_path, {"monthly_spend"});
    auto spend = r_.decimal(*commit, "monthly_spend", commit_path, true);
    if (spend && spend->sign() < 0) {
        r_.error(codes::negative_value, pointer_append(commit_path, "monthly_spend"), "A commitment cannot be negative.");
        return std::nullopt;
    }
    return spend;
}

// The date the quote is priced for: a price book applies from effective_from to effective_to
// (both inclusive). Without as_of nothing is checked (the engine has no clock; the page sends today).
template <class J>
void QuoteParser<J>::as_of(const J& doc) {
    auto text = r_.string(doc, "as_of", "", false);
    if (!text) return;
    auto date = parse_date(*text);
    if (!date) {
        r_.error(codes::invalid_date, "/as_of", "\"" + *text + "\" is not a date YYYY-MM-DD.");
        return;
    }
    quote_.as_of = *text;
    auto from = parse_date(book_.effective_from);
    auto to = parse_date(book_.effective_to);
    if (from && *date < *from)
        r_.error(codes::pricebook_not_in_effect, "/as_of",
                 "Price book " + book_.id + " " + book_.version + " takes effect on " + book_.effective_from +
                     ", after " + *text + ".");
    else if (to && *to < *date)
        r_.error(codes::pricebook_not_in_effect, "/as_of",
                 "Price book " + book_.id + " " + book_.version + " ended on " + book_.effective_to + ", before " +
                     *text + ".");
}

// A ramp: periods covering months 1..term_months in order, each with its own lines and commit
// (or the quote's). The contiguity check names the first month out of place.
template <class J>
void QuoteParser<J>::periods(const J& doc) {
    const J* list = r_.array(doc, "periods", "", false);
    if (!list) return;
    int next = 1;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string path = pointer_append("/periods", i);
        const J& node = (*list)[i];
        if (!r_.expect_object(node, path)) return;
        r_.check_keys(node, path, {"from_month", "to_month", "lines", "commit", "note"});
        RampPeriod period;
        auto from = r_.integer(node, "from_month", path, true);
        auto to = r_.integer(node, "to_month", path, true);
        if (!from || !to) return;
        period.from_month = *from;
        period.to_month = *to;
        if (*from != next) {
            r_.error(codes::periods_not_contiguous, pointer_append(path, "from_month"),
                     "Period " + std::to_string(i + 1) + " starts in month " + std::to_string(*from) + "; it should start in month " +
                         std::to_string(next) + ".");
            return;
        }
        if (*to < *from || *to > quote_.term_months) {
            r_.error(codes::periods_not_contiguous, pointer_append(path, "to_month"),
                     "Period " + std::to_string(i + 1) + " ends in month " + std::to_string(*to) + "; it must end between month " +
                         std::to_string(*from) + " and the term's last month, " + std::to_string(quote_.term_months) + ".");
            return;
        }
        next = *to + 1;
        if (node.contains("commit")) {
            period.own_commit = true;
            period.commit_monthly_spend = commit_spend(node, path);
        }
        std::vector<std::size_t> positions;
        if (const J* lines = r_.array(node, "lines", path, false)) {
            period.own_lines = true;
            if (too_many_lines(lines->size())) return;
            for (std::size_t k = 0; k < lines->size(); ++k) {
                auto parsed = line((*lines)[k], pointer_append(pointer_append(path, "lines"), k));
                if (!parsed) continue;
                period.lines.push_back(std::move(*parsed));
                positions.push_back(k);
            }
        }
        quote_.periods.push_back(std::move(period));
        period_positions_.push_back(std::move(positions));
    }
    if (!list->empty() && next != quote_.term_months + 1)
        r_.error(codes::periods_not_contiguous, pointer_append(pointer_append("/periods", list->size() - 1), "to_month"),
                 "The periods end in month " + std::to_string(next - 1) + "; they must cover the whole " +
                     std::to_string(quote_.term_months) + "-month term.");
}

template <class J>
void QuoteParser<J>::period_rules() {
    for (std::size_t p = 0; p < quote_.periods.size(); ++p) {
        RampPeriod& period = quote_.periods[p];
        if (!period.own_lines) continue;
        std::swap(quote_.lines, period.lines);
        std::swap(line_positions_, period_positions_[p]);
        lines_base_ = pointer_append(pointer_append("/periods", p), "lines");
        product_requirements();
        bundle_rules();
        lines_base_ = "/lines";
        std::swap(line_positions_, period_positions_[p]);
        std::swap(quote_.lines, period.lines);
    }
}

// customer.incumbent_vendor names a competitor (an id of a competitor book's comparison; the
// page offers only those it has); customer.incumbent_estimate is what compare_json priced the
// quote's traffic at on that vendor's public list prices. Guidance uses the estimate only when
// no incumbent price was typed (guidance.cpp).
template <class J>
void QuoteParser<J>::incumbent_vendor(const J& node) {
    if (auto vendor = r_.string(node, "incumbent_vendor", "/customer", false)) {
        if (vendor->empty()) r_.error(codes::empty_string, "/customer/incumbent_vendor", "Name the incumbent, or leave the field out.");
        quote_.customer.incumbent_vendor = *vendor;
    }
    const J* estimate = r_.object(node, "incumbent_estimate", "/customer", false);
    if (!estimate) return;
    const std::string path = "/customer/incumbent_estimate";
    r_.check_keys(*estimate, path, {"vendor", "vendor_name", "monthly", "lines"});
    IncumbentEstimate e;
    e.vendor = r_.string(*estimate, "vendor", path, true).value_or("");
    e.vendor_name = r_.string(*estimate, "vendor_name", path, false).value_or(e.vendor);
    auto monthly = r_.decimal(*estimate, "monthly", path, true);
    if (monthly && monthly->sign() < 0) {
        r_.error(codes::negative_value, path + "/monthly", "An estimate cannot be negative.");
        return;
    }
    if (quote_.customer.incumbent_vendor.empty() || e.vendor != quote_.customer.incumbent_vendor) {
        r_.error(codes::estimate_vendor_mismatch, path + "/vendor",
                 "The estimate is for another vendor than customer.incumbent_vendor: estimate again.");
        return;
    }
    if (!monthly) return;
    e.monthly = *monthly;
    if (const J* lines = r_.array(*estimate, "lines", path, false)) e.lines = estimate_lines(*lines, path + "/lines");
    quote_.customer.incumbent_estimate = std::move(e);
}

// The quote lines an estimate covers: [{"line": 0}, {"line": 1, "regions": ["na", "eu"]}]. A line
// index past the quote's lines covers nothing (the quote lost a line since it was estimated: the
// page estimates again after every edit); a region must be one of the book's.
constexpr std::int64_t kMaxEstimateLine = 1000000;  // past every quote's last line

template <class J>
std::vector<EstimateLine> QuoteParser<J>::estimate_lines(const J& list, const std::string& path) {
    std::vector<EstimateLine> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string item_path = pointer_append(path, i);
        if (!r_.expect_object(list[i], item_path)) continue;
        r_.check_keys(list[i], item_path, {"line", "regions"});
        // A whole number (a JSON integer or a string of digits), read as quantities are: an index
        // past any quote's lines (20,000 at most) covers nothing, like any other stale index.
        const std::string line_path = item_path + "/line";
        auto line = r_.decimal(list[i], "line", item_path, true, NumberKind::quantity);
        if (line && line->sign() < 0) {
            r_.error(codes::negative_value, line_path, "A line index cannot be negative.");
            line.reset();
        } else if (line && !line->is_integer()) {
            r_.error(codes::wrong_type, line_path, "A line index is a whole number.");
            line.reset();
        }
        EstimateLine e;
        if (const J* regions = r_.array(list[i], "regions", item_path, false)) {
            for (std::size_t k = 0; k < regions->size(); ++k) {
                const std::string region_path = pointer_append(item_path + "/regions", k);
                const J& region = (*regions)[k];
                if (!region.is_string()) {
                    r_.error(codes::wrong_type, region_path, "Expected a region id.");
                } else if (!book_.find_region(region.template get_ref<const std::string&>())) {
                    r_.error(codes::unknown_region, region_path,
                             "There is no region \"" + region.template get_ref<const std::string&>() + "\".");
                } else {
                    e.regions.push_back(region.template get_ref<const std::string&>());
                }
            }
        }
        if (!line) continue;
        e.line = std::size_t(kMaxEstimateLine);
        if (!(*line > Decimal::from_int(kMaxEstimateLine))) {
            e.line = 0;
            for (char c : line->to_string()) e.line = e.line * 10 + std::size_t(c - '0');  // a whole number's digits
        }
        out.push_back(std::move(e));
    }
    return out;
}

template <class J>
void QuoteParser<J>::customer(const J& doc) {
    const J* node = r_.object(doc, "customer", "", true);
    if (!node) return;
    r_.check_keys(*node, "/customer", {"name", "segment", "incumbent_monthly", "incumbent_vendor", "incumbent_estimate"});
    quote_.customer.name = r_.string(*node, "name", "/customer", false).value_or("");
    if (auto segment = r_.string(*node, "segment", "/customer", true)) {
        if (auto index = book_.find_segment(*segment)) quote_.customer.segment = *index;
        else r_.error(codes::unknown_segment, "/customer/segment", "There is no customer segment \"" + *segment + "\".");
    }
    auto incumbent = r_.decimal(*node, "incumbent_monthly", "/customer", false);
    if (incumbent && incumbent->sign() < 0)
        r_.error(codes::negative_value, "/customer/incumbent_monthly", "The incumbent's price cannot be negative.");
    else quote_.customer.incumbent_monthly = incumbent;
    incumbent_vendor(*node);
}

template <class J>
void QuoteParser<J>::regions(const J& node, const std::string& path, const Product& product, QuoteLine& line) {
    const bool has_region = node.contains("region") && !node["region"].is_null();
    const bool has_mix = node.contains("region_mix") && !node["region_mix"].is_null();
    if (!product.regional) {
        if (has_region || has_mix)
            r_.error(codes::region_not_applicable, pointer_append(path, has_region ? "region" : "region_mix"),
                     product.name + " is priced the same everywhere: leave the region out.");
        return;
    }
    if (has_region && has_mix) {
        r_.error(codes::region_and_mix, path, "Give either \"region\" or \"region_mix\", not both.");
        return;
    }
    if (!has_region && !has_mix) {
        r_.error(codes::region_required, pointer_append(path, "region"),
                 product.name + " is priced by region: give \"region\" or a \"region_mix\".");
        return;
    }
    if (has_region) {
        auto id = r_.string(node, "region", path, true);
        if (!id) return;
        auto region = book_.find_region(*id);
        if (!region) r_.error(codes::unknown_region, pointer_append(path, "region"), "There is no region \"" + *id + "\".");
        else line.regions.push_back({*region, kHundred});
        return;
    }
    const J* mix = r_.object(node, "region_mix", path, true);
    if (!mix) return;
    const std::string mix_path = pointer_append(path, "region_mix");
    Decimal sum = kZero;
    bool complete = true;
#if !defined(__EMSCRIPTEN__)
    line.regions.reserve(mix->size());  // natively, as the quote's lines
#endif
    for (auto it = mix->begin(); it != mix->end(); ++it) {
        const std::string& id = it.key();
        auto region = book_.find_region(id);
        // The share's path is made only for an error (most mixes have none).
        auto pct = r_.member_decimal(*it, mix_path, id, NumberKind::quantity);
        if (!region) r_.error(codes::unknown_region, pointer_append(mix_path, id), "There is no region \"" + id + "\".");
        if (pct && (pct->sign() < 0 || *pct > kHundred)) {
            r_.error(codes::region_mix_sum, pointer_append(mix_path, id), "A region's share must be from 0 to 100 percent.");
            pct.reset();
        }
        if (!region || !pct) {
            complete = false;
            continue;
        }
        sum += *pct;
        if (pct->sign() > 0) line.regions.push_back({*region, *pct});
    }
    // Book order, so that allowances and shared ladders are used in one documented order.
    std::sort(line.regions.begin(), line.regions.end(),
              [](const RegionShare& a, const RegionShare& b) { return a.region < b.region; });
    if (complete && sum != kHundred)
        r_.error(codes::region_mix_sum, mix_path, "The region mix adds up to " + sum.to_string() + "%, not 100%.");
}

template <class J>
std::optional<QuoteLine> QuoteParser<J>::line(const J& node, const std::string& path) {
    if (!r_.expect_object(node, path)) return std::nullopt;
    r_.check_keys(node, path, {"sku", "quantity", "unit", "region", "region_mix", "discount_pct", "target_net", "note", "usage"});
    const std::size_t errors_before = r_.error_count();
    auto sku = r_.string(node, "sku", path, true);
    if (!sku) return std::nullopt;
    auto product_index = book_.find_product(*sku);
    if (!product_index) {
        r_.error(codes::unknown_sku, pointer_append(path, "sku"), "There is no product with SKU \"" + *sku + "\".");
        return std::nullopt;
    }
    const Product& product = book_.products[*product_index];
    QuoteLine line;
    line.product = *product_index;
    line.unit = product.unit;
    const bool quantity_optional = product.quantity_optional();
    auto quantity = r_.decimal(node, "quantity", path, !quantity_optional, NumberKind::quantity);
    if (quantity) {
        if (quantity->sign() < 0)
            r_.error(codes::negative_value, pointer_append(path, "quantity"), "A quantity cannot be negative.");
        else if (*quantity > kMaxQuantity)
            r_.error(codes::quantity_too_large, pointer_append(path, "quantity"),
                     "A quantity of " + quantity->to_string() + " is beyond any real traffic (the limit is 10^18).");
        line.quantity = *quantity;
    } else {
        line.quantity = Decimal::from_int(1);
        line.quantity_given = false;
    }
    if (quantity && product.is_percentage() && *quantity != Decimal::from_int(1))
        warnings_.push_back({codes::quantity_ignored, pointer_append(path, "quantity"),
                             product.name + " is priced as a percentage of other lines; the quantity is ignored."});
    if (const auto* plan = std::get_if<PlanModel>(&product.price.model)) {
        if (quantity && *quantity != Decimal::from_int(1))
            warnings_.push_back({codes::quantity_ignored, pointer_append(path, "quantity"),
                                 product.name + " is a plan chosen by its usage; the quantity is ignored."});
        if constexpr (std::is_same_v<J, Json>) {
            if (auto usage = detail::read_plan_usage(r_, node, path, *plan, book_, kMaxQuantity)) line.usage = std::move(*usage);
        } else {
            unread_ = true;  // plans are read from the engine's document only: the caller reads it so
            return std::nullopt;
        }
    } else if (node.contains("usage")) {
        r_.error(codes::unknown_field, pointer_append(path, "usage"),
                 "\"usage\" is for plans by several limits; " + product.name + " is priced by its quantity.");
    }
    // A fixed amount is charged once whatever the quantity (0 leaves it out).
    if (quantity && std::holds_alternative<FlatModel>(product.price.model) && quantity->sign() > 0 &&
        *quantity != Decimal::from_int(1))
        warnings_.push_back({codes::quantity_ignored, pointer_append(path, "quantity"),
                             product.name + " is a fixed monthly amount, charged once: a quantity of " +
                                 quantity->to_string() + " is charged as 1."});
    if (auto unit = r_.string(node, "unit", path, false)) {
        auto unit_index = book_.find_unit(*unit);
        if (!unit_index) {
            r_.error(codes::unknown_unit, pointer_append(path, "unit"), "Unit \"" + *unit + "\" is not declared.");
        } else if (book_.units[*unit_index].dimension != book_.units[product.unit].dimension) {
            const Unit& entered = book_.units[*unit_index];
            const Unit& priced = book_.units[product.unit];
            r_.error(codes::unit_dimension_mismatch, pointer_append(path, "unit"),
                     "\"" + entered.id + "\" measures " + entered.dimension + ", but " + product.name +
                         " is priced in " + priced.id + " (" + priced.dimension + ").");
        } else {
            line.unit = *unit_index;
            if (quantity && quantity->sign() >= 0 && *quantity <= kMaxQuantity && line.unit != product.unit)
                check_in_product_unit(line, path);
        }
    }
    regions(node, path, product, line);
    line.discount_pct = percent(node, "discount_pct", path);
    auto target = r_.decimal(node, "target_net", path, false);
    if (target && target->sign() < 0) r_.error(codes::negative_value, pointer_append(path, "target_net"), "A price cannot be negative.");
    else line.target_net = target;
    if (line.discount_pct && line.target_net)
        r_.error(codes::discount_and_target, path, "Give either discount_pct or target_net, not both.");
    if ((line.discount_pct || line.target_net) && !product.discountable)
        r_.error(codes::discount_not_allowed, pointer_append(path, line.discount_pct ? "discount_pct" : "target_net"),
                 product.name + " is not discountable.");
    if (r_.error_count() != errors_before) return std::nullopt;
    return line;
}

// The 10^18 limit holds in the product's unit too (10^18 PB is 10^21 GB of a product priced per GB).
template <class J>
void QuoteParser<J>::check_in_product_unit(const QuoteLine& line, const std::string& path) {
    const Product& product = book_.products[line.product];
    const Decimal converted = (line.quantity * book_.units[line.unit].factor)
                                  .divide(book_.units[product.unit].factor, 18, RoundingMode::half_even);
    if (converted.is_overflow())
        r_.error(codes::overflow, pointer_append(path, "quantity"),
                 "The quantity in " + book_.units[product.unit].id + " is too large to compute exactly.");
    else if (converted > kMaxQuantity)
        r_.error(codes::quantity_too_large, pointer_append(path, "quantity"),
                 line.quantity.to_string() + " " + book_.units[line.unit].id + " is " + converted.to_string() + " " +
                     book_.units[product.unit].id + ", beyond any real traffic (the limit is 10^18 in the product's unit).");
}

// A product that needs another (bot management runs on the WAF) is refused without it, whether
// or not the quote has a bundle; a bundle that includes the other product meets the need.
template <class J>
void QuoteParser<J>::product_requirements() {
    const Bundle* bundle = quote_.bundle ? &book_.bundles[*quote_.bundle] : nullptr;
    // By product: quoted, included in the bundle, checked (each product's needs are read once).
    std::vector<char> quoted(book_.products.size(), 0), included(book_.products.size(), 0),
        checked(book_.products.size(), 0);
    for (const QuoteLine& line : quote_.lines) quoted[line.product] = 1;
    if (bundle)
        for (const Allowance& a : bundle->includes) included[a.product] = 1;
    for (std::size_t i = 0; i < quote_.lines.size(); ++i) {
        const Product& product = book_.products[quote_.lines[i].product];
        if (checked[quote_.lines[i].product]) continue;
        checked[quote_.lines[i].product] = 1;
        for (auto needed : product.requires_products) {
            if (quoted[needed] || included[needed]) continue;
            r_.error(codes::requires_missing, line_path(i) + "/sku",
                     product.name + " requires " + book_.products[needed].name + ": add it to the quote.");
        }
    }
}

template <class J>
void QuoteParser<J>::bundle_rules() {
    if (!quote_.bundle) return;
    const Bundle& bundle = book_.bundles[*quote_.bundle];
    // By product: offered by the bundle (options or allowances), included (allowances): one
    // pass over the bundle rather than a scan of it per line.
    std::vector<char> offered(book_.products.size(), 0), included(book_.products.size(), 0);
    for (auto option : bundle.options) offered[option] = 1;
    for (const Allowance& a : bundle.includes) offered[a.product] = included[a.product] = 1;
    // Quantities summed in the dimension's base unit, where every entered quantity is exact
    // (40 minutes is 2400 seconds, but 0.666... hours): converted once, for the comparison.
    std::map<std::size_t, Decimal> totals;     // product -> quantity in the dimension's base unit
    std::map<std::size_t, std::size_t> first;  // product -> first quote line
    for (std::size_t i = 0; i < quote_.lines.size(); ++i) {
        const QuoteLine& line = quote_.lines[i];
        const Product& product = book_.products[line.product];
        if (!offered[line.product])
            r_.error(codes::option_not_allowed, line_path(i) + "/sku",
                     "The " + bundle.name + " bundle does not offer " + product.name + ".");
        totals[line.product] += line.quantity * book_.units[line.unit].factor;
        first.emplace(line.product, i);
    }
    for (const Constraint& c : bundle.constraints) {
        auto present = first.find(c.product);
        if (present == first.end()) continue;
        const std::string path = line_path(present->second) + "/sku";
        for (auto needed : c.requires_products)
            if (!first.count(needed) && !included[needed])
                r_.error(codes::requires_missing, path,
                         c.message + " (" + book_.products[c.product].name + " requires " + book_.products[needed].name + ".)");
        for (auto excluded : c.excludes_products)
            if (first.count(excluded))
                r_.error(codes::excludes_conflict, path,
                         c.message + " (" + book_.products[c.product].name + " cannot be combined with " +
                             book_.products[excluded].name + ".)");
        const Decimal& factor = book_.units[book_.products[c.product].unit].factor;
        const Decimal& total_base = totals[c.product];
        const std::string unit = book_.units[book_.products[c.product].unit].id;
        const std::string quantity_path = line_path(present->second) + "/quantity";
        if (total_base.is_overflow()) {
            r_.error(codes::overflow, quantity_path, "The quantities of this product are too large to add up exactly.");
            continue;
        }
        const Decimal total = total_base.divide(factor, 18, RoundingMode::half_even);  // for the messages
        if (c.min_quantity && total_base < *c.min_quantity * factor)
            r_.error(codes::below_min_quantity, quantity_path,
                     c.message + " (at least " + c.min_quantity->to_string() + " " + unit + ", quoted " + total.to_string() + ".)");
        if (c.max_quantity && total_base > *c.max_quantity * factor)
            r_.error(codes::above_max_quantity, quantity_path,
                     c.message + " (at most " + c.max_quantity->to_string() + " " + unit + ", quoted " + total.to_string() + ".)");
    }
}

template <class J>
void QuoteParser<J>::document_fields(const J& doc) {
    r_.check_keys(doc, "", {"schema_version", "pricebook", "customer", "term_months", "bundle", "commit", "lines",
                            "discount_pct", "notes", "outcome", "id", "title", "as_of", "periods"});
    header(doc);
    customer(doc);
    as_of(doc);
    periods(doc);
}

template <class J>
bool QuoteParser<J>::too_many_lines(std::size_t count) {
    if (count <= kMaxQuoteLines) return false;
    r_.error(codes::too_many_lines, "/lines",
             "The quote has " + std::to_string(count) + " lines; the limit is " + std::to_string(kMaxQuoteLines) + ".");
    return true;
}

template <class J>
void QuoteParser<J>::add_line(std::optional<QuoteLine> line, std::size_t index) {
    if (!line) return;
    quote_.lines.push_back(std::move(*line));
    line_positions_.push_back(index);
}

template <class J>
std::optional<Quote> QuoteParser<J>::finish(std::size_t errors_before) {
    std::size_t shares = 0;
    for (const QuoteLine& line : quote_.lines) shares += std::max<std::size_t>(1, line.regions.size());
    if (shares > kMaxQuoteShares)
        r_.error(codes::too_many_lines, "/lines",
                 "The quote prices " + std::to_string(shares) + " line-region shares (each region of a mix counts); the limit is " +
                     std::to_string(kMaxQuoteShares) + ".");
    if (r_.error_count() == errors_before) {
        product_requirements();
        bundle_rules();
        period_rules();
    }
    if (r_.error_count() != errors_before) return std::nullopt;
    return std::move(quote_);
}

template <class J>
std::optional<Quote> QuoteParser<J>::parse(const J& doc) {
    const std::size_t errors_before = r_.error_count();
    document_fields(doc);
    const J* lines = r_.array(doc, "lines", "", true);
    if (lines && too_many_lines(lines->size())) return std::nullopt;
    if (lines) {
#if !defined(__EMSCRIPTEN__)
        // Natively, room for every line at once (in wasm each reserve costs the module the code
        // of a relocation of its element type).
        quote_.lines.reserve(lines->size());
        line_positions_.reserve(lines->size());
#endif
        for (std::size_t i = 0; i < lines->size(); ++i) add_line(quote_line((*lines)[i], i), i);
    }
    return finish(errors_before);
}

template <class J>
std::optional<QuoteLine> QuoteParser<J>::quote_line(const J& node, std::size_t i) {
#if !defined(__EMSCRIPTEN__)
    if constexpr (std::is_same_v<J, detail::FlatJson>) {
        if (line_cache_ && node.is_object()) {
            if (const QuoteLine* seen = line_cache_->find(book_, node.raw())) return *seen;
            const std::size_t errors_at = errors_.size(), warnings_at = warnings_.size();
            std::optional<QuoteLine> read = line(node, pointer_append("/lines", i));
            if (read && errors_.size() == errors_at && warnings_.size() == warnings_at)
                line_cache_->add(book_, node.raw(), *read);
            return read;
        }
    }
#endif
    return line(node, pointer_append("/lines", i));
}

template <class J>
std::optional<Quote> QuoteParser<J>::parse_live(const J& doc, const std::vector<std::string_view>& lines,
                                             std::vector<LiveQuoteParser::CachedLine>& cache,
                                             std::size_t& lines_read, bool& not_json) {
    const std::size_t errors_before = r_.error_count();
    document_fields(doc);  // its "lines" is [] by construction: nothing to report there
    if (too_many_lines(lines.size())) return std::nullopt;
    cache.resize(lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
        LiveQuoteParser::CachedLine& cached = cache[i];
        if (cached.text.empty() || cached.text != lines[i]) {
            const detail::ParsedJson parsed = detail::parse_json(lines[i]);
            const J& node = parsed.value;
            if (!parsed.valid || !parsed.duplicate_keys.empty()) {  // the slow path reports either
                cached.text.clear();
                not_json = true;
                return std::nullopt;
            }
            const std::size_t errors_at = errors_.size(), warnings_at = warnings_.size();
            cached.line = line(node, pointer_append("/lines", i));
            cached.errors.assign(errors_.begin() + std::ptrdiff_t(errors_at), errors_.end());
            cached.warnings.assign(warnings_.begin() + std::ptrdiff_t(warnings_at), warnings_.end());
            cached.text.assign(lines[i]);
            ++lines_read;
        } else {
            errors_.insert(errors_.end(), cached.errors.begin(), cached.errors.end());
            warnings_.insert(warnings_.end(), cached.warnings.begin(), cached.warnings.end());
        }
        add_line(cached.line, i);
    }
    return finish(errors_before);
}

// Where the top-level "lines" array and its elements are in a quote's text, found without
// parsing the elements. Strict about the structure it walks (the object's keys, the array's
// commas); the header and every element are then parsed as JSON on their own, so together they
// prove the whole text is JSON. Nullopt for anything it cannot vouch for: the slow path decides.
struct LinesLayout {
    std::size_t array_begin = 0;  // just after '['
    std::size_t array_end = 0;    // at ']'
    std::vector<std::string_view> elements;
    int depth = 0;                // deepest nesting of arrays and objects (as parse_document counts it)
};

class LayoutScanner {
public:
    explicit LayoutScanner(std::string_view text) : text_(text) {}

    std::optional<LinesLayout> scan() {
        LinesLayout layout;
        bool found = false;
        skip_space();
        if (!take('{')) return std::nullopt;
        deepest_ = 1;
        skip_space();
        if (peek() == '}') return std::nullopt;  // no "lines": the slow path reports it
        for (;;) {
            auto key = string_body();
            if (!key || key->find('\\') != std::string_view::npos) return std::nullopt;
            skip_space();
            if (!take(':')) return std::nullopt;
            skip_space();
            if (*key == "lines") {
                if (found || !elements(layout)) return std::nullopt;
                found = true;
            } else if (!skip_value(1)) {
                return std::nullopt;
            }
            skip_space();
            if (take(',')) {
                skip_space();
                continue;
            }
            if (!take('}')) return std::nullopt;
            skip_space();
            if (at_ != text_.size() || !found) return std::nullopt;
            layout.depth = deepest_;
            return layout;
        }
    }

private:
    std::string_view text_;
    std::size_t at_ = 0;
    int deepest_ = 0;

    char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }
    bool take(char c) {
        if (peek() != c || at_ >= text_.size()) return false;
        ++at_;
        return true;
    }
    void skip_space() {
        while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\r' || text_[at_] == '\t'))
            ++at_;
    }
    // At an opening quote: the raw text between the quotes, and `at_` past the closing one.
    std::optional<std::string_view> string_body() {
        if (!take('"')) return std::nullopt;
        const std::size_t begin = at_;
        while (at_ < text_.size()) {
            const char c = text_[at_++];
            if (c == '\\') ++at_;
            else if (c == '"') return text_.substr(begin, at_ - 1 - begin);
        }
        return std::nullopt;
    }
    // Skips one value nested `level` deep: strings and brackets matched, scalars up to the next
    // delimiter. What is inside is not checked here (the JSON parser checks each piece); how
    // deep it goes is.
    bool skip_value(int level) {
        const char first = peek();
        if (first == '"') return string_body().has_value();
        if (first == '{' || first == '[') {
            int depth = 0;
            while (at_ < text_.size()) {
                const char c = text_[at_];
                if (c == '"') {
                    if (!string_body()) return false;
                    continue;
                }
                ++at_;
                if (c == '{' || c == '[') deepest_ = std::max(deepest_, level + ++depth);
                else if ((c == '}' || c == ']') && --depth == 0) return true;
            }
            return false;
        }
        const std::size_t begin = at_;
        while (at_ < text_.size() && std::string_view(",]} \n\r\t").find(text_[at_]) == std::string_view::npos) ++at_;
        return at_ > begin;
    }
    bool elements(LinesLayout& layout) {
        if (!take('[')) return false;
        deepest_ = std::max(deepest_, 2);
        layout.array_begin = at_;
        skip_space();
        if (take(']')) {
            layout.array_end = at_ - 1;
            return true;
        }
        for (;;) {
            const std::size_t begin = at_;
            if (!skip_value(2)) return false;
            layout.elements.push_back(text_.substr(begin, at_ - begin));
            skip_space();
            if (take(',')) {
                skip_space();
                continue;
            }
            if (peek() != ']') return false;
            layout.array_end = at_++;
            return true;
        }
    }
};

}  // namespace

QuoteResult parse_quote(std::string_view json_text, const PriceBook& book) {
    QuoteResult result;
    auto doc = detail::parse_document(json_text, result.errors);
    if (!doc) return result;
    QuoteParser<Json> parser(book, result.errors, result.warnings);
    auto quote = parser.parse(*doc);
    if (result.errors.empty()) result.quote = std::move(quote);
    return result;
}

namespace detail {

std::optional<QuoteResult> parse_quote_flat(std::string_view json_text, const PriceBook& book, FlatJsonReader& reader,
                                            [[maybe_unused]] QuoteLineCache* lines) {
    const FlatJson* doc = reader.read(json_text);
    if (!doc || !doc->is_object()) return std::nullopt;
    QuoteResult result;
    QuoteParser<FlatJson> parser(book, result.errors, result.warnings);
#if !defined(__EMSCRIPTEN__)
    parser.cache_lines_in(lines);
#endif
    auto quote = parser.parse(*doc);
    if (parser.unread()) return std::nullopt;
    if (result.errors.empty()) result.quote = std::move(quote);
    return result;
}

}  // namespace detail

QuoteResult LiveQuoteParser::parse(std::string_view json_text) {
    lines_read_last_ = 0;
    std::optional<LinesLayout> layout;
    if (json_text.size() <= kMaxInputBytes) layout = LayoutScanner(json_text).scan();
    if (layout && layout->depth > kMaxNestingDepth) layout.reset();  // parse_quote reports it
    if (layout) {
        std::string without_lines;
        without_lines.reserve(json_text.size() - (layout->array_end - layout->array_begin));
        without_lines.append(json_text.substr(0, layout->array_begin));
        without_lines.append(json_text.substr(layout->array_end));
        // Through a string_view, as every other parse, so the module holds one instance of the parser.
        const std::string_view header = without_lines;
        const detail::ParsedJson parsed = detail::parse_json(header);
        const Json& doc = parsed.value;
        if (parsed.valid && parsed.duplicate_keys.empty()) {
            QuoteResult result;
            QuoteParser<Json> parser(*book_, result.errors, result.warnings);
            bool not_json = false;
            auto quote = parser.parse_live(doc, layout->elements, lines_, lines_read_last_, not_json);
            if (!not_json) {
                if (result.errors.empty()) result.quote = std::move(quote);
                return result;
            }
        }
    }
    // The slow path reads every line.
    QuoteResult result = parse_quote(json_text, *book_);
    lines_read_last_ = layout ? layout->elements.size() : result.quote ? result.quote->lines.size() : 0;
    return result;
}

}  // namespace edgequote
