// Price book: JSON -> validated PriceBook. Every problem is reported with its JSON Pointer.
#include <algorithm>
#include <set>

#include "edgequote/date.hpp"
#include "edgequote/engine.hpp"
#include "edgequote/error_codes.hpp"
#include "edgequote/finding_codes.hpp"
#include "json_reader.hpp"
#include "parse_plan.hpp"
#include "parse_approvers.hpp"
#include "typical_traffic.hpp"
#include "parse_outcomes.hpp"

namespace edgequote {

using detail::Json;
using detail::NumberKind;
using detail::Reader;

namespace {

const Decimal kZero = Decimal::from_int(0);

// ISO 4217 minor-unit exponents for the currencies a CDN vendor is likely to quote in.
std::optional<int> minor_digits_of(const std::string& currency) {
    static const std::pair<const char*, int> table[] = {
        {"USD", 2}, {"EUR", 2}, {"GBP", 2}, {"CHF", 2}, {"CAD", 2}, {"AUD", 2}, {"NZD", 2},
        {"SEK", 2}, {"NOK", 2}, {"DKK", 2}, {"PLN", 2}, {"CZK", 2}, {"HUF", 2}, {"INR", 2},
        {"CNY", 2}, {"HKD", 2}, {"SGD", 2}, {"TWD", 2}, {"BRL", 2}, {"MXN", 2}, {"ZAR", 2},
        {"AED", 2}, {"SAR", 2}, {"ILS", 2}, {"TRY", 2}, {"THB", 2}, {"MYR", 2}, {"PHP", 2},
        {"IDR", 2}, {"JPY", 0}, {"KRW", 0}, {"CLP", 0}, {"ISK", 0}, {"VND", 0}, {"UGX", 0},
        {"BHD", 3}, {"KWD", 3}, {"OMR", 3}, {"JOD", 3}, {"TND", 3},
    };
    for (const auto& [code, digits] : table)
        if (currency == code) return digits;
    return std::nullopt;
}

// Equal bounds (or block sizes): both absent, or both present and equal.
bool same_bound(const std::optional<Decimal>& a, const std::optional<Decimal>& b) {
    return a.has_value() == b.has_value() && (!a || *a == *b);
}

class BookParser {
public:
    explicit BookParser(Errors& errors) : r_(errors) {}

    std::optional<PriceBook> parse(const Json& doc);

private:
    Reader r_;
    PriceBook book_;
    std::size_t tiers_in_book_ = 0;  // against kMaxTiersPerBook
    bool beyond_limits_ = false;     // too many products: nothing after them is read

    std::optional<Decimal> non_negative(const Json& obj, const char* key, const std::string& path,
                                        bool required, NumberKind kind = NumberKind::decimal_string);
    std::optional<std::vector<Tier>> tiers(const Json& model, const std::string& path, bool stairstep);
    std::optional<PriceModel> price_model(const Json& node, const std::string& path, bool allow_percentage);
    std::optional<Decimal> quantity_in_unit(const Json& obj, const std::string& path, const Product& product);
    std::optional<std::size_t> sku(const Json& node, const std::string& path);
    void identity(const Json& doc);
    void units(const Json& doc);
    template <class T>
    void named_list(const Json& doc, const char* key, std::vector<T>& out, std::map<std::string, std::size_t>& index);
    void products(const Json& doc);
    void check_percentage_bases(const Json& doc);
    void bundles(const Json& doc);
    void constraints(const Json& list, const std::string& path, Bundle& bundle);
    void check_requires_cycle(const std::map<std::size_t, std::vector<std::size_t>>& edges, const std::string& path);
    void terms_and_commits(const Json& doc);
    void internal(const Json& node, const std::string& path);
    void guidance(const Json& node, const std::string& path, Internal& internal);
    void approval(const Json& node, const std::string& path, Internal& internal);
};

std::optional<Decimal> BookParser::non_negative(const Json& obj, const char* key, const std::string& path,
                                                bool required, NumberKind kind) {
    auto value = r_.decimal(obj, key, path, required, kind);
    if (value && value->sign() < 0) {
        r_.error(codes::negative_value, pointer_append(path, key),
                 std::string("\"") + key + "\" must not be negative.");
        return std::nullopt;
    }
    return value;
}

std::optional<std::size_t> BookParser::sku(const Json& node, const std::string& path) {
    if (!node.is_string()) {
        r_.error(codes::wrong_type, path, std::string("Expected a SKU string, found ") +
                                              detail::json_type_name(node) + ".");
        return std::nullopt;
    }
    const auto& name = node.get_ref<const std::string&>();
    auto index = book_.find_product(name);
    if (!index) r_.error(codes::unknown_sku, path, "No product has SKU \"" + name + "\".");
    return index;
}

void BookParser::identity(const Json& doc) {
    auto version = r_.string(doc, "schema_version", "", true);
    if (version && *version != "1.0")
        r_.error(codes::unsupported_schema_version, "/schema_version",
                 "schema_version \"" + *version + "\" is not supported; this engine reads \"1.0\".");
    book_.schema_version = version.value_or("1.0");
    for (auto [key, field] : {std::pair{"id", &book_.id}, std::pair{"version", &book_.version}}) {
        auto value = r_.string(doc, key, "", true);
        if (value && value->empty()) r_.error(codes::empty_string, pointer_append("", key), "Must not be empty.");
        *field = value.value_or("");
    }
    book_.name = r_.string(doc, "name", "", false).value_or(book_.id);
    book_.description = r_.string(doc, "description", "", false).value_or("");
    book_.effective_from = r_.string(doc, "effective_from", "", true).value_or("");
    book_.effective_to = r_.string(doc, "effective_to", "", false).value_or("");
    if (!book_.effective_from.empty() && !is_date(book_.effective_from))
        r_.error(codes::invalid_date, "/effective_from", "Dates are written YYYY-MM-DD.");
    if (!book_.effective_to.empty() && !is_date(book_.effective_to))
        r_.error(codes::invalid_date, "/effective_to", "Dates are written YYYY-MM-DD.");
    else if (!book_.effective_to.empty() && book_.effective_to < book_.effective_from)
        r_.error(codes::invalid_date, "/effective_to", "effective_to is before effective_from.");

    if (auto currency = r_.string(doc, "currency", "", true)) {
        if (auto digits = minor_digits_of(*currency)) {
            book_.currency = *currency;
            book_.minor_digits = *digits;
        } else {
            r_.error(codes::unknown_currency, "/currency",
                     "\"" + *currency + "\" is not an ISO 4217 currency code this engine knows.");
        }
    }
    if (auto rounding = r_.string(doc, "rounding", "", false)) {
        if (*rounding == "half_up") book_.rounding = RoundingMode::half_up;
        else if (*rounding == "half_even") book_.rounding = RoundingMode::half_even;
        else r_.error(codes::unknown_rounding, "/rounding", "Use \"half_up\" or \"half_even\".");
    }
}

void BookParser::units(const Json& doc) {
    const Json* list = r_.array(doc, "units", "", true);
    if (!list) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string path = pointer_append("/units", i);
        const Json& node = (*list)[i];
        if (!r_.expect_object(node, path)) continue;
        r_.check_keys(node, path, {"id", "dimension", "factor", "label"});
        Unit unit;
        unit.id = r_.string(node, "id", path, true).value_or("");
        unit.dimension = r_.string(node, "dimension", path, true).value_or("");
        auto factor = r_.decimal(node, "factor", path, true, NumberKind::quantity);
        if (factor && factor->sign() <= 0)
            r_.error(codes::invalid_factor, pointer_append(path, "factor"), "A unit factor must be greater than zero.");
        unit.factor = factor.value_or(Decimal::from_int(1));
        if (!book_.unit_index.emplace(unit.id, book_.units.size()).second)
            r_.error(codes::duplicate_id, pointer_append(path, "id"), "Unit \"" + unit.id + "\" is declared twice.");
        book_.units.push_back(std::move(unit));
    }
}

template <class T>
void BookParser::named_list(const Json& doc, const char* key, std::vector<T>& out,
                            std::map<std::string, std::size_t>& index) {
    const Json* list = r_.array(doc, key, "", true);
    if (!list) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string path = pointer_append(pointer_append("", key), i);
        const Json& node = (*list)[i];
        if (!r_.expect_object(node, path)) continue;
        r_.check_keys(node, path, {"id", "name"});
        T item;
        item.id = r_.string(node, "id", path, true).value_or("");
        item.name = r_.string(node, "name", path, false).value_or(item.id);
        if (!index.emplace(item.id, out.size()).second)
            r_.error(codes::duplicate_id, pointer_append(path, "id"), "\"" + item.id + "\" is declared twice.");
        out.push_back(std::move(item));
    }
}

std::optional<std::vector<Tier>> BookParser::tiers(const Json& model, const std::string& path, bool stairstep) {
    const Json* list = r_.array(model, "tiers", path, true);
    if (!list) return std::nullopt;
    const std::string tiers_path = pointer_append(path, "tiers");
    if (list->empty()) {
        r_.error(codes::empty_tiers, tiers_path, "A tiered price needs at least one tier.");
        return std::nullopt;
    }
    if (list->size() > kMaxTiersPerModel) {
        r_.error(codes::too_many_tiers, tiers_path,
                 "This price has " + std::to_string(list->size()) + " tiers; the limit is " +
                     std::to_string(kMaxTiersPerModel) + ".");
        return std::nullopt;
    }
    const bool under_book_limit = tiers_in_book_ <= kMaxTiersPerBook;
    tiers_in_book_ += list->size();
    if (under_book_limit && tiers_in_book_ > kMaxTiersPerBook) {
        r_.error(codes::too_many_tiers, tiers_path,
                 "The price book has more than " + std::to_string(kMaxTiersPerBook) +
                     " tiers in all (prices, region prices, overage and costs) from here on.");
        return std::nullopt;
    }
    const std::size_t errors_before = r_.error_count();
    std::vector<Tier> out;
    Decimal previous = kZero;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string tier_path = pointer_append(tiers_path, i);
        const Json& node = (*list)[i];
        if (!r_.expect_object(node, tier_path)) continue;
        if (stairstep) r_.check_keys(node, tier_path, {"up_to", "amount"});
        else r_.check_keys(node, tier_path, {"up_to", "unit_price", "flat", "block_size"});
        Tier tier;
        tier.up_to = non_negative(node, "up_to", tier_path, false, NumberKind::quantity);
        if (tier.up_to) {
            if (*tier.up_to <= previous)
                r_.error(codes::tiers_not_increasing, pointer_append(tier_path, "up_to"),
                         "Tier " + std::to_string(i + 1) + " ends at " + tier.up_to->to_string() +
                             ", which is not above the previous bound " + previous.to_string() +
                             " (tiers would overlap).");
            previous = *tier.up_to;
        } else if (i + 1 != list->size()) {
            r_.error(codes::unbounded_tier_not_last, pointer_append(tier_path, "up_to"),
                     "Tier " + std::to_string(i + 1) +
                         " has no upper bound but is not the last tier: the tiers after it could never apply.");
        }
        if (stairstep) {
            tier.amount = non_negative(node, "amount", tier_path, true).value_or(kZero);
        } else {
            tier.unit_price = non_negative(node, "unit_price", tier_path, true).value_or(kZero);
            tier.flat = non_negative(node, "flat", tier_path, false).value_or(kZero);
            tier.block_size = r_.decimal(node, "block_size", tier_path, false, NumberKind::quantity);
            if (tier.block_size && tier.block_size->sign() <= 0)
                r_.error(codes::invalid_package_size, pointer_append(tier_path, "block_size"),
                         "A block size must be greater than zero.");
        }
        out.push_back(tier);
    }
    if (r_.error_count() != errors_before) return std::nullopt;
    return out;
}

std::optional<PriceModel> BookParser::price_model(const Json& node, const std::string& path, bool allow_percentage) {
    if (!r_.expect_object(node, path)) return std::nullopt;
    auto name = r_.string(node, "model", path, true);
    if (!name) return std::nullopt;
    const std::size_t errors_before = r_.error_count();
    PriceModel out;
    out.flat_at_zero = r_.boolean(node, "flat_at_zero", path).value_or(false);
    if (*name == "flat") {
        r_.check_keys(node, path, {"model", "amount", "flat_at_zero"});
        out.model = FlatModel{non_negative(node, "amount", path, true).value_or(kZero)};
    } else if (*name == "per_unit") {
        r_.check_keys(node, path, {"model", "unit_price", "flat_at_zero"});
        out.model = PerUnitModel{non_negative(node, "unit_price", path, true).value_or(kZero)};
    } else if (*name == "graduated" || *name == "volume" || *name == "stairstep") {
        r_.check_keys(node, path, {"model", "tiers", "flat_at_zero"});
        auto list = tiers(node, path, *name == "stairstep");
        if (!list) return std::nullopt;
        if (*name == "graduated") out.model = GraduatedModel{std::move(*list)};
        else if (*name == "volume") out.model = VolumeModel{std::move(*list)};
        else out.model = StairstepModel{std::move(*list)};
    } else if (*name == "package") {
        r_.check_keys(node, path, {"model", "size", "price", "round", "min_blocks", "flat_at_zero"});
        PackageModel package;
        auto size = r_.decimal(node, "size", path, true, NumberKind::quantity);
        if (size && size->sign() <= 0)
            r_.error(codes::invalid_package_size, pointer_append(path, "size"), "A package size must be greater than zero.");
        package.size = size.value_or(Decimal::from_int(1));
        package.price = non_negative(node, "price", path, true).value_or(kZero);
        if (auto round = r_.string(node, "round", path, false)) {
            if (*round == "up") package.round_up = true;
            else if (*round == "down") package.round_up = false;
            else r_.error(codes::unknown_value, pointer_append(path, "round"), "Use \"up\" or \"down\".");
        }
        auto min_blocks = non_negative(node, "min_blocks", path, false, NumberKind::quantity);
        if (min_blocks && !min_blocks->is_integer())
            r_.error(codes::wrong_type, pointer_append(path, "min_blocks"), "min_blocks is a whole number of blocks.");
        package.min_blocks = min_blocks.value_or(kZero);
        out.model = package;
    } else if (*name == "percentage") {
        r_.check_keys(node, path, {"model", "rate", "of", "min", "max", "flat_at_zero"});
        if (!allow_percentage) {
            r_.error(codes::unknown_model, pointer_append(path, "model"),
                     "A percentage price is only allowed as a product's own price.");
            return std::nullopt;
        }
        PercentageModel pct;
        pct.rate = non_negative(node, "rate", path, true).value_or(kZero);
        if (pct.rate > Decimal::from_int(100))
            r_.error(codes::rate_out_of_range, pointer_append(path, "rate"),
                     "A percentage rate is from 0 to 100, not " + pct.rate.to_string() + ".");
        pct.minimum = non_negative(node, "min", path, false);
        pct.maximum = non_negative(node, "max", path, false);
        if (pct.minimum && pct.maximum && *pct.minimum > *pct.maximum)
            r_.error(codes::min_above_max, pointer_append(path, "min"), "min is greater than max.");
        const std::string of_path = pointer_append(path, "of");
        auto of = node.find("of");
        if (of == node.end()) {
            r_.error(codes::missing_field, of_path, "\"of\" is required: \"all\" or a list of categories or SKUs.");
        } else if (of->is_string() && of->get_ref<const std::string&>() == "all") {
            pct.of_all = true;
        } else if (of->is_array()) {
            for (std::size_t i = 0; i < of->size(); ++i) {
                if ((*of)[i].is_string()) pct.of.push_back((*of)[i].get<std::string>());
                else r_.error(codes::wrong_type, pointer_append(of_path, i), "Expected a category or SKU string.");
            }
        } else {
            r_.error(codes::wrong_type, of_path, "\"of\" is \"all\" or a list of categories or SKUs.");
        }
        out.model = pct;
    } else if (*name == "plan") {
        r_.check_keys(node, path, {"model", "limits", "tiers"});
        if (!allow_percentage) {
            r_.error(codes::unknown_model, pointer_append(path, "model"),
                     "A plan by several limits is only allowed as a product's own price.");
            return std::nullopt;
        }
        auto plan = detail::read_plan_model(r_, node, path, book_);
        if (!plan) return std::nullopt;
        out.model = std::move(*plan);
    } else {
        r_.error(codes::unknown_model, pointer_append(path, "model"),
                 "\"" + *name + "\" is not a price model (flat, per_unit, graduated, volume, package, "
                 "stairstep, percentage, plan).");
        return std::nullopt;
    }
    if (r_.error_count() != errors_before) return std::nullopt;
    return out;
}

std::optional<Decimal> BookParser::quantity_in_unit(const Json& obj, const std::string& path, const Product& product) {
    auto quantity = non_negative(obj, "quantity", path, true, NumberKind::quantity);
    if (!quantity) return std::nullopt;
    auto unit_name = r_.string(obj, "unit", path, false);
    if (!unit_name) return quantity;
    auto unit = book_.find_unit(*unit_name);
    if (!unit) {
        r_.error(codes::unknown_unit, pointer_append(path, "unit"), "Unit \"" + *unit_name + "\" is not declared.");
        return std::nullopt;
    }
    // Only now is there a unit to compare with (a book may declare none: `units` missing or empty).
    const Unit& target = book_.units[product.unit];
    const Unit& from = book_.units[*unit];
    if (from.dimension != target.dimension) {
        r_.error(codes::unit_dimension_mismatch, pointer_append(path, "unit"),
                 "\"" + from.id + "\" measures " + from.dimension + ", but " + product.sku +
                     " is priced in " + target.id + " (" + target.dimension + ").");
        return std::nullopt;
    }
    const Decimal converted = (*quantity * from.factor).divide(target.factor, 18, RoundingMode::half_even);
    if (converted.is_overflow()) {
        r_.error(codes::overflow, pointer_append(path, "quantity"),
                 "The quantity in " + target.id + " is too large to compute exactly.");
        return std::nullopt;
    }
    return converted;
}

void BookParser::products(const Json& doc) {
    const Json* list = r_.array(doc, "products", "", true);
    if (!list) return;
    if (list->size() > kMaxProducts) {
        r_.error(codes::too_many_products, "/products",
                 "The price book has " + std::to_string(list->size()) + " products; the limit is " +
                     std::to_string(kMaxProducts) + ".");
        beyond_limits_ = true;
        return;
    }
    // First pass: SKUs, so that later references (bundles, percentages) can be resolved.
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string path = pointer_append("/products", i);
        const Json& node = (*list)[i];
        Product product;
        if (node.is_object()) product.sku = r_.string(node, "sku", path, true).value_or("");
        else r_.expect_object(node, path);
        if (!product.sku.empty() && !book_.product_index.emplace(product.sku, book_.products.size()).second)
            r_.error(codes::duplicate_id, pointer_append(path, "sku"), "SKU \"" + product.sku + "\" is declared twice.");
        book_.products.push_back(std::move(product));
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string path = pointer_append("/products", i);
        const Json& node = (*list)[i];
        if (!node.is_object()) continue;
        Product& product = book_.products[i];
        r_.check_keys(node, path,
                      {"sku", "name", "category", "unit", "billing", "tier_scope", "regional", "price",
                       "region_prices", "minimum_monthly", "term_discount", "commit_discount",
                       "discountable", "premium", "requires"});
        if (const Json* needed = r_.array(node, "requires", path, false))
            for (std::size_t k = 0; k < needed->size(); ++k)
                if (auto target = sku((*needed)[k], pointer_append(pointer_append(path, "requires"), k)))
                    product.requires_products.push_back(*target);
        product.name = r_.string(node, "name", path, false).value_or(product.sku);
        product.category = r_.string(node, "category", path, true).value_or("");
        product.description = r_.string(node, "description", path, false).value_or("");
        if (auto unit = r_.string(node, "unit", path, true)) {
            if (auto index = book_.find_unit(*unit)) product.unit = *index;
            else r_.error(codes::unknown_unit, pointer_append(path, "unit"), "Unit \"" + *unit + "\" is not declared.");
        }
        if (auto billing = r_.string(node, "billing", path, false)) {
            if (*billing == "monthly") product.billing = Billing::monthly;
            else if (*billing == "one_time") product.billing = Billing::one_time;
            else r_.error(codes::unknown_value, pointer_append(path, "billing"), "Use \"monthly\" or \"one_time\".");
        }
        if (auto scope = r_.string(node, "tier_scope", path, false)) {
            if (*scope == "per_region") product.tier_scope = TierScope::per_region;
            else if (*scope == "all_regions") product.tier_scope = TierScope::all_regions;
            else r_.error(codes::unknown_value, pointer_append(path, "tier_scope"), "Use \"per_region\" or \"all_regions\".");
        }
        product.regional = r_.boolean(node, "regional", path).value_or(false);
        product.term_discount = r_.boolean(node, "term_discount", path).value_or(true);
        product.commit_discount = r_.boolean(node, "commit_discount", path).value_or(false);
        product.discountable = r_.boolean(node, "discountable", path).value_or(true);
        product.premium = r_.boolean(node, "premium", path).value_or(false);
        product.minimum_monthly = non_negative(node, "minimum_monthly", path, false);
        if (const Json* price = r_.object(node, "price", path, true)) {
            if (auto model = price_model(*price, pointer_append(path, "price"), true))
                product.price = std::move(*model);
        }
        if (product.is_plan() && product.regional)
            r_.error(codes::region_not_applicable, pointer_append(path, "regional"),
                     "A plan by several limits is priced once for the whole account: it cannot be regional.");
        if (const Json* overrides = r_.object(node, "region_prices", path, false)) {
            const std::string overrides_path = pointer_append(path, "region_prices");
            if (!product.regional)
                r_.error(codes::region_not_applicable, overrides_path, "region_prices need \"regional\": true.");
            for (auto it = overrides->begin(); it != overrides->end(); ++it) {
                const std::string region_path = pointer_append(overrides_path, it.key());
                auto region = book_.find_region(it.key());
                if (!region) {
                    r_.error(codes::unknown_region, region_path, "Region \"" + it.key() + "\" is not declared.");
                    continue;
                }
                auto model = price_model(*it, region_path, false);
                if (!model) continue;
                const auto* base_tiers = tiers_of(product.price);
                const auto* region_tiers = tiers_of(*model);
                if (product.tier_scope == TierScope::all_regions) {
                    bool same = model->model.index() == product.price.model.index() &&
                                (base_tiers == nullptr) == (region_tiers == nullptr);
                    if (same && base_tiers) {
                        same = base_tiers->size() == region_tiers->size();
                        for (std::size_t t = 0; same && t < base_tiers->size(); ++t)
                            same = same_bound((*base_tiers)[t].up_to, (*region_tiers)[t].up_to) &&
                                   same_bound((*base_tiers)[t].block_size, (*region_tiers)[t].block_size);
                    }
                    if (!same)
                        r_.error(codes::region_tiers_differ, region_path,
                                 "Tiers counted across regions need every region's price to use the same "
                                 "model, tier bounds and block sizes as the default price.");
                }
                product.region_prices[*region] = std::move(*model);
            }
        }
    }
}

void BookParser::check_percentage_bases(const Json& doc) {
    std::set<std::string> categories;
    for (const auto& p : book_.products) categories.insert(p.category);
    for (std::size_t i = 0; i < book_.products.size(); ++i) {
        const auto* pct = std::get_if<PercentageModel>(&book_.products[i].price.model);
        if (!pct) continue;
        const std::string path = pointer_append(pointer_append(pointer_append("/products", i), "price"), "of");
        for (std::size_t k = 0; k < pct->of.size(); ++k) {
            const std::string& name = pct->of[k];
            auto target = book_.find_product(name);
            if (target && book_.products[*target].is_percentage())
                r_.error(codes::percentage_of_percentage, pointer_append(path, k),
                         "\"" + name + "\" is itself priced as a percentage.");
            else if (!target && !categories.count(name))
                r_.error(codes::unknown_sku, pointer_append(path, k),
                         "\"" + name + "\" is neither a SKU nor a product category.");
        }
    }
    (void)doc;
}

void BookParser::constraints(const Json& list, const std::string& path, Bundle& bundle) {
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string item_path = pointer_append(path, i);
        const Json& node = list[i];
        if (!r_.expect_object(node, item_path)) continue;
        r_.check_keys(node, item_path, {"sku", "requires", "excludes", "min_quantity", "max_quantity", "message"});
        Constraint constraint;
        auto product = node.contains("sku") ? sku(node["sku"], pointer_append(item_path, "sku")) : std::nullopt;
        if (!node.contains("sku")) r_.error(codes::missing_field, pointer_append(item_path, "sku"), "\"sku\" is required.");
        if (!product) continue;
        constraint.product = *product;
        for (auto [key, out] : {std::pair{"requires", &constraint.requires_products},
                                std::pair{"excludes", &constraint.excludes_products}}) {
            if (const Json* skus = r_.array(node, key, item_path, false))
                for (std::size_t k = 0; k < skus->size(); ++k)
                    if (auto target = sku((*skus)[k], pointer_append(pointer_append(item_path, key), k)))
                        out->push_back(*target);
        }
        const Product& p = book_.products[*product];
        constraint.min_quantity = non_negative(node, "min_quantity", item_path, false, NumberKind::quantity);
        constraint.max_quantity = non_negative(node, "max_quantity", item_path, false, NumberKind::quantity);
        if (constraint.min_quantity && constraint.max_quantity && *constraint.min_quantity > *constraint.max_quantity)
            r_.error(codes::min_above_max, pointer_append(item_path, "min_quantity"), "min_quantity is greater than max_quantity.");
        constraint.message = r_.string(node, "message", item_path, false).value_or("");
        if (constraint.message.empty()) constraint.message = "Constraint on " + p.sku + ".";
        bundle.constraints.push_back(std::move(constraint));
    }
    std::map<std::size_t, std::vector<std::size_t>> edges;
    for (const auto& c : bundle.constraints)
        for (auto target : c.requires_products) edges[c.product].push_back(target);
    check_requires_cycle(edges, path);
}

// A cycle of `requires` can never be satisfied by adding one option at a time in the UI and
// usually means a typo; refuse it. Depth-first with an explicit stack (a chain of 100,000
// products must not exhaust the native stack, nor the much smaller one in WebAssembly).
void BookParser::check_requires_cycle(const std::map<std::size_t, std::vector<std::size_t>>& edges,
                                      const std::string& path) {
    enum : char { unvisited, on_stack, done };
    std::vector<char> state(book_.products.size(), unvisited);
    struct Frame {
        std::size_t node;
        const std::vector<std::size_t>* next;  // null: no outgoing edges
        std::size_t at = 0;                    // the next edge to follow
    };
    auto frame_for = [&](std::size_t node) {
        auto out = edges.find(node);
        return Frame{node, out == edges.end() ? nullptr : &out->second};
    };
    std::vector<Frame> stack;
    for (const auto& [root, targets] : edges) {
        if (state[root] != unvisited) continue;
        state[root] = on_stack;
        stack.push_back(frame_for(root));
        while (!stack.empty()) {
            Frame& top = stack.back();
            if (!top.next || top.at == top.next->size()) {
                state[top.node] = done;
                stack.pop_back();
                continue;
            }
            const std::size_t next = (*top.next)[top.at++];
            if (state[next] == on_stack) {
                std::string cycle;
                auto start = std::find_if(stack.begin(), stack.end(), [&](const Frame& f) { return f.node == next; });
                for (auto it = start; it != stack.end(); ++it) cycle += book_.products[it->node].sku + " -> ";
                cycle += book_.products[next].sku;
                r_.error(codes::requires_cycle, path, "Options require each other in a cycle: " + cycle + ".");
                return;
            }
            if (state[next] == unvisited) {
                state[next] = on_stack;
                stack.push_back(frame_for(next));  // `top` is not used past this point
            }
        }
    }
}

void BookParser::bundles(const Json& doc) {
    const Json* list = r_.array(doc, "bundles", "", false);
    if (!list) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string path = pointer_append("/bundles", i);
        const Json& node = (*list)[i];
        if (!r_.expect_object(node, path)) continue;
        r_.check_keys(node, path, {"id", "name", "price", "includes", "overage", "options", "constraints"});
        Bundle bundle;
        bundle.id = r_.string(node, "id", path, true).value_or("");
        bundle.name = r_.string(node, "name", path, false).value_or(bundle.id);
        bundle.price = non_negative(node, "price", path, true).value_or(kZero);
        if (!book_.bundle_index.emplace(bundle.id, book_.bundles.size()).second)
            r_.error(codes::duplicate_id, pointer_append(path, "id"), "Bundle \"" + bundle.id + "\" is declared twice.");
        if (const Json* includes = r_.array(node, "includes", path, false)) {
            for (std::size_t k = 0; k < includes->size(); ++k) {
                const std::string item_path = pointer_append(pointer_append(path, "includes"), k);
                const Json& item = (*includes)[k];
                if (!r_.expect_object(item, item_path)) continue;
                r_.check_keys(item, item_path, {"sku", "quantity", "unit"});
                if (!item.contains("sku")) {
                    r_.error(codes::missing_field, pointer_append(item_path, "sku"), "\"sku\" is required.");
                    continue;
                }
                auto product = sku(item["sku"], pointer_append(item_path, "sku"));
                if (!product) continue;
                if (auto quantity = quantity_in_unit(item, item_path, book_.products[*product]))
                    bundle.includes.push_back({*product, *quantity});
            }
        }
        if (const Json* overage = r_.object(node, "overage", path, false)) {
            for (auto it = overage->begin(); it != overage->end(); ++it) {
                const std::string item_path = pointer_append(pointer_append(path, "overage"), it.key());
                auto product = book_.find_product(it.key());
                if (!product) {
                    r_.error(codes::unknown_sku, item_path, "No product has SKU \"" + it.key() + "\".");
                    continue;
                }
                if (auto model = price_model(*it, item_path, false)) bundle.overage[*product] = std::move(*model);
            }
        }
        if (const Json* options = r_.array(node, "options", path, false))
            for (std::size_t k = 0; k < options->size(); ++k)
                if (auto product = sku((*options)[k], pointer_append(pointer_append(path, "options"), k)))
                    bundle.options.push_back(*product);
        if (const Json* list_constraints = r_.array(node, "constraints", path, false))
            constraints(*list_constraints, pointer_append(path, "constraints"), bundle);
        book_.bundles.push_back(std::move(bundle));
    }
}

void BookParser::terms_and_commits(const Json& doc) {
    if (const Json* terms = r_.array(doc, "terms", "", true)) {
        for (std::size_t i = 0; i < terms->size(); ++i) {
            const std::string path = pointer_append("/terms", i);
            const Json& node = (*terms)[i];
            if (!r_.expect_object(node, path)) continue;
            r_.check_keys(node, path, {"months", "discount_pct"});
            Term term;
            term.months = r_.integer(node, "months", path, true).value_or(1);
            term.discount_pct = non_negative(node, "discount_pct", path, false).value_or(kZero);
            if (term.discount_pct > Decimal::from_int(100))
                r_.error(codes::discount_out_of_range, pointer_append(path, "discount_pct"), "A discount is at most 100%.");
            if (book_.find_term(term.months))
                r_.error(codes::duplicate_id, pointer_append(path, "months"), "This term is declared twice.");
            book_.terms.push_back(term);
        }
    }
    if (const Json* commits = r_.array(doc, "commits", "", false)) {
        for (std::size_t i = 0; i < commits->size(); ++i) {
            const std::string path = pointer_append("/commits", i);
            const Json& node = (*commits)[i];
            if (!r_.expect_object(node, path)) continue;
            r_.check_keys(node, path, {"id", "min_monthly", "discount_pct"});
            Commit commit;
            commit.id = r_.string(node, "id", path, true).value_or("");
            commit.min_monthly = non_negative(node, "min_monthly", path, true).value_or(kZero);
            commit.discount_pct = non_negative(node, "discount_pct", path, true).value_or(kZero);
            if (commit.discount_pct > Decimal::from_int(100))
                r_.error(codes::discount_out_of_range, pointer_append(path, "discount_pct"), "A discount is at most 100%.");
            book_.commits.push_back(std::move(commit));
        }
    }
}

void BookParser::guidance(const Json& node, const std::string& path, Internal& internal) {
    r_.check_keys(node, path, {"deal_bands", "features", "incumbent", "typical_traffic"});
    if (const Json* typical = r_.object(node, "typical_traffic", path, false))
        internal.typical_traffic = detail::parse_typical_traffic(r_, *typical, pointer_append(path, "typical_traffic"), book_);
    auto read_band = [&](const Json& band_node, const std::string& band_path) -> std::optional<Band> {
        if (!r_.expect_object(band_node, band_path)) return std::nullopt;
        r_.check_keys(band_node, band_path, {"low", "target", "high"});
        auto low = non_negative(band_node, "low", band_path, true);
        auto target = non_negative(band_node, "target", band_path, false);
        auto high = non_negative(band_node, "high", band_path, true);
        if (!low || !high) return std::nullopt;
        if (*low > *high || (target && (*target < *low || *target > *high))) {
            r_.error(codes::band_out_of_order, band_path, "A band must satisfy low <= target <= high.");
            return std::nullopt;
        }
        return Band{*low, target, *high};
    };
    if (const Json* bands = r_.object(node, "deal_bands", path, false)) {
        for (auto it = bands->begin(); it != bands->end(); ++it) {
            const std::string band_path = pointer_append(pointer_append(path, "deal_bands"), it.key());
            auto segment = book_.find_segment(it.key());
            if (!segment) r_.error(codes::unknown_segment, band_path, "Segment \"" + it.key() + "\" is not declared.");
            else if (auto band = read_band(*it, band_path)) internal.deal_bands[*segment] = *band;
        }
    }
    auto read_feature_band = [&](const Json& band_node, const std::string& band_path) -> std::optional<FeatureBand> {
        if (!r_.expect_object(band_node, band_path)) return std::nullopt;
        r_.check_keys(band_node, band_path, {"target_pct", "floor_pct"});
        auto target = non_negative(band_node, "target_pct", band_path, true);
        auto floor = non_negative(band_node, "floor_pct", band_path, true);
        if (!target || !floor) return std::nullopt;
        if (*floor > *target) {
            r_.error(codes::band_out_of_order, band_path, "floor_pct must not exceed target_pct.");
            return std::nullopt;
        }
        return FeatureBand{*target, *floor};
    };
    if (const Json* features = r_.object(node, "features", path, false)) {
        for (auto it = features->begin(); it != features->end(); ++it) {
            const std::string feature_path = pointer_append(pointer_append(path, "features"), it.key());
            auto product = book_.find_product(it.key());
            if (!product) {
                r_.error(codes::unknown_sku, feature_path, "No product has SKU \"" + it.key() + "\".");
                continue;
            }
            if (!r_.expect_object(*it, feature_path)) continue;
            FeatureGuidance feature;
            for (auto band = it->begin(); band != it->end(); ++band) {
                const std::string band_path = pointer_append(feature_path, band.key());
                if (band.key() == "default") {
                    feature.default_band = read_feature_band(*band, band_path);
                } else if (auto segment = book_.find_segment(band.key())) {
                    if (auto value = read_feature_band(*band, band_path)) feature.by_segment[*segment] = *value;
                } else {
                    r_.error(codes::unknown_segment, band_path,
                             "\"" + band.key() + "\" is neither \"default\" nor a declared segment.");
                }
            }
            internal.features[*product] = std::move(feature);
        }
    }
    if (const Json* incumbent = r_.object(node, "incumbent", path, false)) {
        const std::string incumbent_path = pointer_append(path, "incumbent");
        r_.check_keys(*incumbent, incumbent_path, {"low_pct", "high_pct"});
        auto low = non_negative(*incumbent, "low_pct", incumbent_path, true);
        auto high = non_negative(*incumbent, "high_pct", incumbent_path, true);
        if (low && high && *low > *high)
            r_.error(codes::band_out_of_order, incumbent_path, "low_pct must not exceed high_pct.");
        else if (low && high)
            internal.incumbent = IncumbentBand{*low, *high};
    }
}

void BookParser::approval(const Json& node, const std::string& path, Internal& internal) {
    r_.check_keys(node, path, {"levels", "rules", "approvers"});
    if (const Json* levels = r_.array(node, "levels", path, true)) {
        for (std::size_t i = 0; i < levels->size(); ++i) {
            const std::string level_path = pointer_append(pointer_append(path, "levels"), i);
            if (!(*levels)[i].is_string()) {
                r_.error(codes::wrong_type, level_path, "A level is a string such as \"manager\".");
                continue;
            }
            const auto& level = (*levels)[i].get_ref<const std::string&>();
            if (std::find(internal.levels.begin(), internal.levels.end(), level) != internal.levels.end())
                r_.error(codes::duplicate_id, level_path, "Level \"" + level + "\" is listed twice.");
            internal.levels.push_back(level);
        }
        if (levels->empty()) r_.error(codes::missing_field, pointer_append(path, "levels"), "At least one level is needed.");
    }
    if (const Json* approvers = r_.array(node, "approvers", path, false))
        detail::parse_approvers(r_, *approvers, pointer_append(path, "approvers"), internal);
    const Json* rules = r_.array(node, "rules", path, false);
    if (!rules) return;
    static const std::pair<const char*, Metric> metrics[] = {
        {"overall_discount_pct", Metric::overall_discount_pct}, {"discretionary_discount_pct", Metric::discretionary_discount_pct},
        {"max_line_discount_pct", Metric::max_line_discount_pct},
        {"margin_pct", Metric::margin_pct}, {"net_monthly", Metric::net_monthly}, {"tcv", Metric::tcv},
        {"term_months", Metric::term_months}, {"lines_under_floor", Metric::lines_under_floor},
        {"finding", Metric::finding}};
    std::set<std::string> ids;
    for (std::size_t i = 0; i < rules->size(); ++i) {
        const std::string rule_path = pointer_append(pointer_append(path, "rules"), i);
        const Json& rule_node = (*rules)[i];
        if (!r_.expect_object(rule_node, rule_path)) continue;
        r_.check_keys(rule_node, rule_path, {"id", "metric", "finding", "op", "threshold", "level", "message"});
        ApprovalRule rule;
        rule.id = r_.string(rule_node, "id", rule_path, false).value_or("rule-" + std::to_string(i + 1));
        if (!ids.insert(rule.id).second)
            r_.error(codes::duplicate_id, pointer_append(rule_path, "id"), "Rule id \"" + rule.id + "\" is used twice.");
        if (auto metric = r_.string(rule_node, "metric", rule_path, true)) {
            bool known = false;
            for (const auto& [name, value] : metrics)
                if (*metric == name) {
                    rule.metric = value;
                    known = true;
                }
            if (!known)
                r_.error(codes::unknown_metric, pointer_append(rule_path, "metric"),
                         "\"" + *metric + "\" is not a metric (overall_discount_pct, discretionary_discount_pct, max_line_discount_pct, "
                         "margin_pct, net_monthly, tcv, term_months, lines_under_floor, finding).");
        }
        if (rule.metric == Metric::finding) {
            rule.finding = r_.string(rule_node, "finding", rule_path, true).value_or("");
            const bool known = std::any_of(std::begin(findings::kAll), std::end(findings::kAll),
                                           [&](const findings::FindingInfo& f) { return rule.finding == f.code; });
            if (!rule.finding.empty() && !known)
                r_.error(codes::unknown_finding, pointer_append(rule_path, "finding"),
                         "\"" + rule.finding + "\" is not a guidance finding the engine emits.");
            rule.threshold = kZero;
        } else {
            if (auto op = r_.string(rule_node, "op", rule_path, true)) {
                if (*op == ">") rule.fires_above = true;
                else if (*op == "<") rule.fires_above = false;
                else r_.error(codes::unknown_operator, pointer_append(rule_path, "op"), "Use \">\" or \"<\".");
            }
            rule.threshold = r_.decimal(rule_node, "threshold", rule_path, true, NumberKind::signed_decimal).value_or(kZero);
        }
        if (auto level = r_.string(rule_node, "level", rule_path, true)) {
            auto it = std::find(internal.levels.begin(), internal.levels.end(), *level);
            if (it == internal.levels.end())
                r_.error(codes::unknown_level, pointer_append(rule_path, "level"),
                         "Level \"" + *level + "\" is not one of the policy's levels.");
            else rule.level = std::size_t(it - internal.levels.begin());
        }
        rule.message = r_.string(rule_node, "message", rule_path, false).value_or("");
        internal.rules.push_back(std::move(rule));
    }
}

void BookParser::internal(const Json& node, const std::string& path) {
    r_.check_keys(node, path, {"notes", "costs", "guidance", "approval", "outcomes"});
    Internal internal;
    internal.notes = r_.string(node, "notes", path, false).value_or("");
    if (const Json* costs = r_.object(node, "costs", path, false)) {
        for (auto it = costs->begin(); it != costs->end(); ++it) {
            const std::string cost_path = pointer_append(pointer_append(path, "costs"), it.key());
            if (auto product = book_.find_product(it.key())) {
                if (auto model = price_model(*it, cost_path, false)) internal.product_costs[*product] = std::move(*model);
            } else if (auto bundle = book_.find_bundle(it.key())) {
                auto model = price_model(*it, cost_path, false);
                const auto* flat = model ? std::get_if<FlatModel>(&model->model) : nullptr;
                if (model && !flat) r_.error(codes::unknown_model, cost_path, "A bundle's cost is a flat model.");
                if (flat) internal.bundle_costs[*bundle] = flat->amount;
            } else {
                r_.error(codes::unknown_sku, cost_path, "\"" + it.key() + "\" is neither a SKU nor a bundle.");
            }
        }
    }
    if (const Json* g = r_.object(node, "guidance", path, false)) guidance(*g, pointer_append(path, "guidance"), internal);
    if (const Json* a = r_.object(node, "approval", path, false)) {
        approval(*a, pointer_append(path, "approval"), internal);
    } else {
        internal.levels.push_back("rep");
    }
    if (const Json* o = r_.object(node, "outcomes", path, false))
        detail::parse_outcomes(r_, *o, pointer_append(path, "outcomes"), internal.outcomes);
    book_.internal = std::move(internal);
}

std::optional<PriceBook> BookParser::parse(const Json& doc) {
    const std::size_t errors_before = r_.error_count();
    r_.check_keys(doc, "", {"prospect_comparison", "schema_version", "id", "version", "name", "effective_from", "effective_to", "currency",
                            "rounding", "units", "regions", "segments", "products", "bundles", "terms",
                            "commits", "internal", "comparison",  // comparison: core/src/compare.cpp
                            "replaces"});  // read by a price-change impact run (impact.cpp)
    book_.indexed = true;
    identity(doc);
    book_.prospect_comparison = r_.boolean(doc, "prospect_comparison", "").value_or(false);
    units(doc);
    named_list(doc, "regions", book_.regions, book_.region_index);
    named_list(doc, "segments", book_.segments, book_.segment_index);
    products(doc);
    if (beyond_limits_) return std::nullopt;
    std::map<std::size_t, std::vector<std::size_t>> requires_edges;
    for (std::size_t p = 0; p < book_.products.size(); ++p)
        if (!book_.products[p].requires_products.empty()) requires_edges[p] = book_.products[p].requires_products;
    check_requires_cycle(requires_edges, "/products");
    check_percentage_bases(doc);
    bundles(doc);
    terms_and_commits(doc);
    if (const Json* node = r_.object(doc, "internal", "", false)) internal(*node, "/internal");
    if (r_.error_count() != errors_before) return std::nullopt;
    return std::move(book_);
}

}  // namespace

PriceBookResult parse_pricebook(std::string_view json_text) {
    PriceBookResult result;
    auto doc = detail::parse_document(json_text, result.errors);
    if (!doc) return result;
    BookParser parser(result.errors);
    auto book = parser.parse(*doc);
    if (result.errors.empty()) result.book = std::move(book);
    return result;
}

}  // namespace edgequote
