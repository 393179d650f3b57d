// A quote of ours priced at a competitor's public list prices (edgequote/compare.hpp).
//
// The translation is plain: each quote line whose SKU is mapped becomes one line per region of
// its mix on the competitor book (their SKU, their region group, the quantity converted through
// the declared unit mapping), at list: no term, commit, bundle or discount of ours carries over.
// The competitor book is then priced by the ordinary engine, so their tier ladders, regional
// prices and minimums work exactly as ours do. Nothing without a counterpart is priced as zero:
// it is listed in `left_out` with a code and the path of the quote field it comes from.
#include "edgequote/compare.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "edgequote/error_codes.hpp"
#include "comparable_net.hpp"
#include "edgequote/json_writer.hpp"
#include "json_reader.hpp"

namespace edgequote {

using detail::Json;
using detail::NumberKind;
using detail::Reader;

const UnitMapping* Comparison::unit_for(const std::string& dimension) const {
    for (const auto& u : units)
        if (u.dimension == dimension) return &u;
    return nullptr;
}

const RegionMapping* Comparison::region_for(const std::string& id) const {
    for (const auto& r : regions)
        if (r.ours == id) return &r;
    return nullptr;
}

const ProductMapping* Comparison::product_for(const std::string& sku) const {
    for (const auto& p : products)
        if (p.ours == sku) return &p;
    return nullptr;
}

namespace {

const char* const kBasis =
    "Monthly list prices from the vendors' public pricing pages, before any discount: our term, commit, "
    "bundle and rep discounts do not carry over, and neither do the vendors' private discounts or free tiers.";

class ComparisonParser {
public:
    ComparisonParser(const PriceBook& book, Errors& errors) : book_(book), r_(errors) {}

    std::optional<Comparison> parse(const Json& node) {
        const std::string path = "/comparison";
        const std::size_t before = r_.error_count();
        r_.check_keys(node, path, {"vendor", "source", "compares_with", "monthly_minimum", "units", "regions",
                                   "products", "left_out"});
        Comparison c;
        if (const Json* vendor = r_.object(node, "vendor", path, true)) {
            const std::string vpath = path + "/vendor";
            r_.check_keys(*vendor, vpath, {"id", "name"});
            c.vendor_id = non_empty(*vendor, "id", vpath);
            c.vendor_name = non_empty(*vendor, "name", vpath);
        }
        if (const Json* source = r_.object(node, "source", path, true)) {
            const std::string spath = path + "/source";
            r_.check_keys(*source, spath, {"url", "snapshot"});
            c.source_url = non_empty(*source, "url", spath);
            c.source_snapshot = non_empty(*source, "snapshot", spath);
        }
        c.compares_with = non_empty(node, "compares_with", path);
        c.left_out = r_.string(node, "left_out", path, false).value_or("");
        if (auto minimum = r_.decimal(node, "monthly_minimum", path, false)) {
            if (minimum->sign() < 0)
                r_.error(codes::negative_value, path + "/monthly_minimum", "A monthly minimum cannot be negative.");
            else c.monthly_minimum = minimum;
        }
        units(node, path, c);
        regions(node, path, c);
        products(node, path, c);
        if (r_.error_count() != before) return std::nullopt;
        return c;
    }

private:
    const PriceBook& book_;
    Reader r_;

    std::string non_empty(const Json& obj, const char* key, const std::string& path) {
        auto value = r_.string(obj, key, path, true);
        if (value && value->empty()) r_.error(codes::empty_string, pointer_append(path, key), "Must not be empty.");
        return value.value_or("");
    }

    void units(const Json& node, const std::string& path, Comparison& c) {
        const Json* map = r_.object(node, "units", path, true);
        if (!map) return;
        for (auto it = map->begin(); it != map->end(); ++it) {
            const std::string upath = pointer_append(path + "/units", it.key());
            if (!r_.expect_object(*it, upath)) continue;
            r_.check_keys(*it, upath, {"unit", "per_our_base"});
            UnitMapping m;
            m.dimension = it.key();
            auto unit = r_.string(*it, "unit", upath, true);
            auto factor = r_.decimal(*it, "per_our_base", upath, true);
            if (factor && factor->sign() <= 0)
                r_.error(codes::invalid_factor, upath + "/per_our_base", "A unit conversion must be greater than zero.");
            if (!unit) continue;
            auto index = book_.find_unit(*unit);
            if (!index) {
                r_.error(codes::unknown_mapping_target, upath + "/unit",
                         "The book declares no unit \"" + *unit + "\" to map our " + m.dimension + " to.");
                continue;
            }
            m.their_unit = *index;
            m.per_our_base = factor.value_or(Decimal::from_int(1));
            c.units.push_back(std::move(m));
        }
    }

    void regions(const Json& node, const std::string& path, Comparison& c) {
        const Json* map = r_.object(node, "regions", path, true);
        if (!map) return;
        for (auto it = map->begin(); it != map->end(); ++it) {
            const std::string rpath = pointer_append(path + "/regions", it.key());
            RegionMapping m;
            m.ours = it.key();
            if (it->is_null()) {
                c.regions.push_back(std::move(m));
                continue;
            }
            if (!it->is_string()) {
                r_.error(codes::wrong_type, rpath,
                         std::string("Expected a region id of the book, or null for no counterpart; found ") +
                             detail::json_type_name(*it) + ".");
                continue;
            }
            const auto& theirs = it->get_ref<const std::string&>();
            m.theirs = book_.find_region(theirs);
            if (!m.theirs) {
                r_.error(codes::unknown_mapping_target, rpath,
                         "The book declares no region \"" + theirs + "\" (use null for a region without counterpart).");
                continue;
            }
            c.regions.push_back(std::move(m));
        }
    }

    void products(const Json& node, const std::string& path, Comparison& c) {
        const Json* map = r_.object(node, "products", path, true);
        if (!map) return;
        for (auto it = map->begin(); it != map->end(); ++it) {
            const std::string ppath = pointer_append(path + "/products", it.key());
            if (!it->is_string()) {
                r_.error(codes::wrong_type, ppath,
                         std::string("Expected a SKU of the book, found ") + detail::json_type_name(*it) + ".");
                continue;
            }
            const auto& theirs = it->get_ref<const std::string&>();
            auto index = book_.find_product(theirs);
            if (!index) {
                r_.error(codes::unknown_mapping_target, ppath, "The book has no SKU \"" + theirs + "\".");
                continue;
            }
            if (book_.products[*index].is_percentage()) {
                r_.error(codes::unknown_mapping_target, ppath,
                         "\"" + theirs + "\" is a percentage of other lines: only usage and flat products compare.");
                continue;
            }
            c.products.push_back({it.key(), *index});
        }
    }
};

// ---- Translation ----------------------------------------------------------------------

// Where a translated line's quantity came from.
struct Origin {
    std::size_t line = 0;           // our quote line
    std::string sku;                // ours
    std::string region;             // ours; empty for lines without regions
    std::string path;               // of the quote field the quantity came from
    Decimal quantity;               // in their unit
};

struct CompetitorResult {
    const CompetitorBook* competitor = nullptr;
    Errors errors;                  // the mapping does not fit our book
    Errors left_out;                // what was not compared: {code, path of the quote field, why}
    std::vector<Origin> from;       // by translated line
    std::optional<PricedQuote> priced;
    bool currency_mismatch = false;

    // The one place a part of the quote is recorded as not compared.
    void leave_out(const char* code, std::string path, std::string message) {
        left_out.push_back({code, std::move(path), std::move(message)});
    }
};

std::string share_path(std::size_t line, const QuoteLine& input, const PriceBook& ours, std::size_t share) {
    const std::string base = pointer_append("/lines", line);
    // A line with one region of 100% was written with "region"; a mix names each region.
    if (input.regions.size() == 1) return pointer_append(base, "region");
    return pointer_append(pointer_append(base, "region_mix"), ours.regions[input.regions[share].region].id);
}

class Translator {
public:
    Translator(const PriceBook& ours, const Quote& quote, const CompetitorBook& competitor, CompetitorResult& out)
        : ours_(ours), quote_(quote), theirs_(competitor.book), map_(competitor.comparison), out_(out) {}

    void run() {
        if (quote_.bundle)
            out_.leave_out(codes::no_counterpart, "/bundle",
                     "The " + ours_.bundles[*quote_.bundle].name +
                         " bundle fee is our packaging: its included traffic is compared as traffic, the fee is not.");
        for (std::size_t i = 0; i < quote_.lines.size(); ++i) line(i);
        price();
    }

private:
    const PriceBook& ours_;
    const Quote& quote_;
    const PriceBook& theirs_;
    const Comparison& map_;
    CompetitorResult& out_;
    std::vector<QuoteLine> lines_;

    void line(std::size_t i) {
        const QuoteLine& input = quote_.lines[i];
        const Product& product = ours_.products[input.product];
        const ProductMapping* mapped = map_.product_for(product.sku);
        if (!mapped) {
            out_.leave_out(codes::no_counterpart, pointer_append(pointer_append("/lines", i), "sku"),
                     map_.vendor_name + " publishes no list price comparable to " + product.name + ".");
            return;
        }
        const Product& their = theirs_.products[mapped->theirs];
        const Unit& our_unit = ours_.units[input.unit];
        const UnitMapping* unit = map_.unit_for(our_unit.dimension);  // check_comparison made sure
        // Our quantity in our dimension's base unit, then in theirs.
        const Decimal base = input.quantity * our_unit.factor;
        const Decimal quantity = base * unit->per_our_base;
        if (!product.regional) {
            add(i, product.sku, "", pointer_append(pointer_append("/lines", i), "quantity"), mapped->theirs, unit->their_unit,
                quantity, std::nullopt);
            return;
        }
        for (std::size_t s = 0; s < input.regions.size(); ++s) {
            const Region& region = ours_.regions[input.regions[s].region];
            const RegionMapping* where = map_.region_for(region.id);
            const std::string path = share_path(i, input, ours_, s);
            if (!where || !where->theirs) {
                out_.leave_out(codes::region_no_counterpart, path,
                         map_.vendor_name + " publishes no " + their.name + " price for " + region.name +
                             " in this book: that share of " + product.name + " is not compared.");
                continue;
            }
            const Decimal share = (quantity * input.regions[s].pct).divide_pow10(2);
            add(i, product.sku, region.id, path, mapped->theirs, unit->their_unit, share,
                their.regional ? where->theirs : std::nullopt);
        }
    }

    void add(std::size_t line, const std::string& sku, const std::string& region, std::string path, std::size_t product,
             std::size_t unit, const Decimal& quantity, std::optional<std::size_t> their_region) {
        QuoteLine q;
        q.product = product;
        q.unit = unit;
        q.quantity = quantity;
        if (their_region) q.regions.push_back({*their_region, Decimal::from_int(100)});
        lines_.push_back(std::move(q));
        out_.from.push_back({line, sku, region, std::move(path), quantity});
    }

    // Their ladders can end in a bounded tier ("contact sales", or tiers the vendor does not
    // publish): a ladder past it is not comparable, so its lines are taken out and the rest priced
    // again. Each pass removes at least one ladder, so this ends.
    void price() {
        while (true) {
            Quote q;
            q.schema_version = "1.0";
            q.pricebook_id = theirs_.id;
            q.pricebook_version = theirs_.version;
            q.customer.name = quote_.customer.name;
            q.customer.segment = 0;
            q.term_months = theirs_.terms.empty() ? 1 : theirs_.terms.front().months;
            q.commit_monthly_spend = map_.monthly_minimum;
            q.lines = lines_;
            PricedQuote priced = edgequote::price(theirs_, q);
            std::set<std::size_t> beyond;
            bool other_errors = false;
            for (const Error& e : priced.errors) {
                std::size_t line = 0;
                if (e.code == codes::quantity_beyond_last_tier && sscanf_line(e.path, line) && line < lines_.size())
                    beyond.insert(line);
                else other_errors = true;
            }
            if (beyond.empty() || other_errors) {
                if (!lines_.empty() || !priced.errors.empty()) out_.priced = std::move(priced);
                return;
            }
            drop_ladders(beyond, priced.errors);
        }
    }

    static bool sscanf_line(const std::string& path, std::size_t& line) {
        // "/lines/<n>/quantity"
        const std::string prefix = "/lines/";
        if (path.compare(0, prefix.size(), prefix) != 0) return false;
        std::size_t n = 0, i = prefix.size();
        if (i >= path.size() || path[i] < '0' || path[i] > '9') return false;
        for (; i < path.size() && path[i] >= '0' && path[i] <= '9'; ++i) n = n * 10 + std::size_t(path[i] - '0');
        line = n;
        return true;
    }

    void drop_ladders(const std::set<std::size_t>& beyond, const Errors& errors) {
        // A ladder: their product, and their region when tiers are counted per region.
        auto ladder_of = [&](std::size_t k) {
            const Product& p = theirs_.products[lines_[k].product];
            std::optional<std::size_t> region;
            if (p.tier_scope == TierScope::per_region && !lines_[k].regions.empty()) region = lines_[k].regions[0].region;
            return std::make_pair(lines_[k].product, region);
        };
        std::set<std::pair<std::size_t, std::optional<std::size_t>>> dropped;
        for (const Error& e : errors) {
            std::size_t k = 0;
            if (sscanf_line(e.path, k) && beyond.count(k)) dropped.insert(ladder_of(k));
        }
        std::vector<QuoteLine> kept;
        std::vector<Origin> kept_from;
        for (std::size_t k = 0; k < lines_.size(); ++k) {
            const auto key = ladder_of(k);
            if (dropped.count(key)) {
                const Product& p = theirs_.products[key.first];
                const Tier& last = tiers_of(p.price_in(key.second))->back();
                out_.leave_out(codes::beyond_published_tiers, out_.from[k].path,
                         map_.vendor_name + " lists " + p.name + " only up to " + last.up_to->to_string() + " " +
                             theirs_.units[p.unit].id + " a month" +
                             (key.second ? " in " + theirs_.regions[*key.second].name : std::string()) +
                             (p.tier_scope == TierScope::all_regions ? " (counted over all regions)" : "") +
                             "; this quote goes past it, and past it the price is not public (contact sales). "
                             "This share of the traffic is not compared.");
                continue;
            }
            kept.push_back(std::move(lines_[k]));
            kept_from.push_back(std::move(out_.from[k]));
        }
        lines_ = std::move(kept);
        out_.from = std::move(kept_from);
    }
};

const char* status_of(const CompetitorResult& r) {
    if (!r.errors.empty()) return "invalid";
    if (r.currency_mismatch || !r.priced || !r.priced->errors.empty() || r.from.empty()) return "not_comparable";
    return r.left_out.empty() ? "complete" : "partial";
}

bool priced_ok(const CompetitorResult& r) {
    return r.errors.empty() && !r.currency_mismatch && r.priced && r.priced->errors.empty() && !r.from.empty();
}

void write_errors(detail::JsonWriter& w, const Errors& errors) {
    w.begin_array();
    for (const Error& e : errors) {
        w.begin_object();
        w.field("code", e.code);
        w.field("path", e.path);
        w.field("message", e.message);
        w.end_object();
    }
    w.end_array();
}

void write_competitor(detail::JsonWriter& w, const CompetitorResult& r, OutputDetail detail) {
    const Comparison& c = r.competitor->comparison;
    const PriceBook& book = r.competitor->book;
    w.begin_object();
    w.key("vendor");
    w.begin_object();
    w.field("id", c.vendor_id);
    w.field("name", c.vendor_name);
    w.end_object();
    w.key("source");
    w.begin_object();
    w.field("url", c.source_url);
    w.field("snapshot", c.source_snapshot);
    w.end_object();
    w.key("pricebook");
    w.begin_object();
    w.field("id", book.id);
    w.field("version", book.version);
    w.field("currency", book.currency);
    w.end_object();
    w.field("status", status_of(r));
    w.key("monthly");
    if (priced_ok(r)) w.decimal_fixed(r.priced->totals.list_monthly, book.minor_digits);
    else w.null();
    w.key("from");
    w.begin_array();
    if (priced_ok(r)) {
        for (std::size_t k = 0; k < r.from.size(); ++k) {
            const Origin& o = r.from[k];
            w.begin_object();
            w.key("line"), w.integer((long long)o.line);
            w.field("sku", o.sku);
            w.field_or_null("region", o.region);
            w.key("translated"), w.integer((long long)k);
            w.end_object();
        }
    }
    w.end_array();
    w.key("priced");
    if (priced_ok(r)) w.raw(write_priced_quote(*r.priced, detail));
    else w.null();
    w.key("left_out");
    write_errors(w, r.left_out);
    w.field("note", c.left_out);
    w.key("errors");
    Errors errors = r.errors;
    if (r.priced && !r.currency_mismatch) errors.insert(errors.end(), r.priced->errors.begin(), r.priced->errors.end());
    write_errors(w, errors);
    w.end_object();
}

// The quote lines a competitor's figure prices, each whole or for the regions it could price:
// what customer.incumbent_estimate.lines carries, so guidance measures the same part of ours.
std::vector<EstimateLine> covered_lines(const Quote& quote, const PriceBook& ours, const CompetitorResult& r) {
    std::map<std::size_t, std::set<std::string>> regions;  // our line -> our regions priced ("" without)
    if (priced_ok(r))
        for (const Origin& o : r.from) regions[o.line].insert(o.region);
    std::vector<EstimateLine> out;
    for (const auto& [line, priced] : regions) {
        EstimateLine e;
        e.line = line;
        const QuoteLine& input = quote.lines[line];
        bool whole = true;
        for (const auto& share : input.regions)
            if (!priced.count(ours.regions[share.region].id)) whole = false;
        if (!whole)
            for (const auto& share : input.regions)
                if (priced.count(ours.regions[share.region].id)) e.regions.push_back(ours.regions[share.region].id);
        out.push_back(std::move(e));
    }
    return out;
}

// "lines": what the incumbent's figure covers (the estimate carries it), and "ours": our net
// for that same part and what of our quote was left out of it, with our net for each.
void write_like_with_like(detail::JsonWriter& w, const PriceBook& ours, const Quote& quote, const PricedQuote& priced,
                          const CompetitorResult& incumbent) {
    const std::vector<EstimateLine> lines = covered_lines(quote, ours, incumbent);
    w.key("lines");
    w.begin_array();
    for (const EstimateLine& e : lines) {
        w.begin_object();
        w.key("line"), w.integer((long long)e.line);
        if (!e.regions.empty()) {
            w.key("regions");
            w.begin_array();
            for (const std::string& region : e.regions) w.string(region);
            w.end_array();
        }
        w.end_object();
    }
    w.end_array();
    const detail::ComparableNet part = detail::comparable_net(ours, priced, lines);
    w.key("ours");
    w.begin_object();
    w.key("net_monthly"), w.decimal_fixed(part.net, ours.minor_digits);
    w.key("not_compared");
    w.begin_array();
    for (const detail::NotCompared& n : part.not_compared) {
        w.begin_object();
        w.field("name", n.name);
        w.key("net_monthly"), w.decimal_fixed(n.net, ours.minor_digits);
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

}  // namespace

CompetitorBookResult parse_competitor_book(std::string_view json_text) {
    CompetitorBookResult result;
    PriceBookResult parsed = parse_pricebook(json_text);
    if (!parsed.book) {
        result.errors = std::move(parsed.errors);
        return result;
    }
    auto doc = detail::parse_document(json_text, result.errors);
    if (!doc) return result;
    const auto it = doc->find("comparison");
    if (it == doc->end() || !it->is_object()) {
        result.errors.push_back({it == doc->end() ? codes::missing_field : codes::wrong_type, "/comparison",
                                 "A competitor book needs a \"comparison\" object: how our quotes map onto it."});
        return result;
    }
    auto comparison = ComparisonParser(*parsed.book, result.errors).parse(*it);
    if (!comparison) return result;
    result.competitor = CompetitorBook{std::move(*parsed.book), std::move(*comparison)};
    return result;
}

Errors check_comparison(const PriceBook& ours, const CompetitorBook& competitor) {
    Errors errors;
    const Comparison& c = competitor.comparison;
    const PriceBook& theirs = competitor.book;
    if (c.compares_with != ours.id)
        errors.push_back({codes::pricebook_mismatch, "/comparison/compares_with",
                          "This comparison is written for the book \"" + c.compares_with + "\", not \"" + ours.id + "\"."});
    for (const RegionMapping& r : c.regions)
        if (!ours.find_region(r.ours))
            errors.push_back({codes::unknown_region, pointer_append("/comparison/regions", r.ours),
                              "Our book \"" + ours.id + "\" has no region \"" + r.ours + "\"."});
    for (const Region& region : ours.regions)
        if (!c.region_for(region.id))
            errors.push_back({codes::region_not_mapped, "/comparison/regions",
                              "Our region \"" + region.id + "\" (" + region.name +
                                  ") is neither mapped nor declared without counterpart (null)."});
    for (const ProductMapping& p : c.products) {
        const std::string path = pointer_append("/comparison/products", p.ours);
        auto ours_index = ours.find_product(p.ours);
        if (!ours_index) {
            errors.push_back({codes::unknown_sku, path, "Our book \"" + ours.id + "\" has no SKU \"" + p.ours + "\"."});
            continue;
        }
        const Product& mine = ours.products[*ours_index];
        const Product& their = theirs.products[p.theirs];
        const std::string& dimension = ours.units[mine.unit].dimension;
        const UnitMapping* unit = c.unit_for(dimension);
        if (!unit) {
            errors.push_back({codes::unit_dimension_mismatch, path,
                              "Our " + mine.name + " is measured in " + dimension +
                                  ", which the comparison's units do not map."});
        } else if (theirs.units[unit->their_unit].dimension != theirs.units[their.unit].dimension) {
            errors.push_back({codes::unit_dimension_mismatch, path,
                              their.name + " is measured in " + theirs.units[their.unit].dimension + ", but our " +
                                  dimension + " maps to " + theirs.units[unit->their_unit].id + "."});
        }
        if (their.regional && !mine.regional)
            errors.push_back({codes::unknown_mapping_target, path,
                              their.name + " is priced by region, but our " + mine.name + " has no region to map."});
        if (mine.is_percentage())
            errors.push_back({codes::unknown_mapping_target, path,
                              "Our " + mine.name + " is a percentage of other lines: it has no traffic to compare."});
    }
    return errors;
}

std::string compare_json(const PriceBook& ours, std::string_view quote_json,
                         const std::vector<const CompetitorBook*>& competitors, OutputDetail detail) {
    std::string out;
    detail::JsonWriter w(out);
    QuoteResult parsed = parse_quote(quote_json, ours);
    if (!parsed.quote) {
        w.begin_object();
        w.key("errors");
        write_errors(w, parsed.errors);
        w.end_object();
        return out;
    }
    const Quote& quote = *parsed.quote;
    PricedQuote ours_priced = price(ours, quote);
    if (!ours_priced.errors.empty()) {
        w.begin_object();
        w.key("errors");
        write_errors(w, ours_priced.errors);
        w.end_object();
        return out;
    }

    std::vector<CompetitorResult> results(competitors.size());
    for (std::size_t c = 0; c < competitors.size(); ++c) {
        CompetitorResult& r = results[c];
        r.competitor = competitors[c];
        r.errors = check_comparison(ours, *competitors[c]);
        if (!r.errors.empty()) continue;
        if (competitors[c]->book.currency != ours.currency) {
            r.currency_mismatch = true;
            r.leave_out(codes::currency_mismatch, "/pricebook",
                                  "The quote is in " + ours.currency + " and " + competitors[c]->comparison.vendor_name +
                                      "'s list prices are in " + competitors[c]->book.currency +
                                      ": nothing is converted, so nothing is compared.");
            continue;
        }
        Translator(ours, quote, *competitors[c], r).run();
    }

    Errors warnings;
    const CompetitorResult* incumbent = nullptr;
    if (!quote.customer.incumbent_vendor.empty()) {
        for (const auto& r : results)
            if (r.competitor->comparison.vendor_id == quote.customer.incumbent_vendor) incumbent = &r;
        if (!incumbent)
            warnings.push_back({codes::unknown_vendor, "/customer/incumbent_vendor",
                                "No competitor book here is for \"" + quote.customer.incumbent_vendor +
                                    "\": there is no list-price estimate for it."});
    }

    w.begin_object();
    w.key("quote");
    w.begin_object();
    w.key("pricebook");
    w.begin_object();
    w.field("id", ours.id);
    w.field("version", ours.version);
    w.field("currency", ours.currency);
    w.end_object();
    w.field("customer", quote.customer.name);
    w.key("list_monthly"), w.decimal_fixed(ours_priced.totals.list_monthly, ours.minor_digits);
    w.key("net_monthly"), w.decimal_fixed(ours_priced.totals.net_monthly, ours.minor_digits);
    w.end_object();
    w.field("basis", kBasis);
    w.key("competitors");
    w.begin_array();
    for (const auto& r : results) write_competitor(w, r, detail);
    w.end_array();
    w.key("incumbent");
    if (incumbent) {
        w.begin_object();
        w.field("vendor", incumbent->competitor->comparison.vendor_id);
        w.field("name", incumbent->competitor->comparison.vendor_name);
        w.field("status", status_of(*incumbent));
        w.key("monthly");
        if (priced_ok(*incumbent))
            w.decimal_fixed(incumbent->priced->totals.list_monthly, incumbent->competitor->book.minor_digits);
        else w.null();
        write_like_with_like(w, ours, quote, ours_priced, *incumbent);
        w.end_object();
    } else {
        w.null();
    }
    w.key("warnings");
    write_errors(w, warnings);
    w.key("errors");
    write_errors(w, {});
    w.end_object();
    return out;
}

}  // namespace edgequote
