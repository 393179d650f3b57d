// The book as a user interface needs it, from the validated book: what the page shows and
// offers (products with their unit, category and model, which of them are switches, what each
// bundle allows and includes, terms, commits, regions, segments) with the engine's answers to
// the questions the page used to answer itself from the raw JSON. A public book (no internal
// part) gives nothing internal; an internal book adds the segments' deal bands and the approval
// levels and the outcome catalogues. Canonical JSON: fixed key order, decimals as exact strings, no whitespace.
#include "edgequote/engine.hpp"
#include "edgequote/json_writer.hpp"

namespace edgequote {
namespace {

using detail::JsonWriter;

const char* billing_name(Billing billing) { return billing == Billing::one_time ? "one_time" : "monthly"; }

// The few figures a list-price hint shows ("from $0.085 per GB", "$500/month", "5% of the
// quote"): the model's headline, as the book states it.
void write_list(JsonWriter& w, const PriceModel& price) {
    w.begin_object();
    w.field("model", model_name(price));
    std::visit([&](const auto& m) {
        using M = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<M, FlatModel>) {
            w.key("amount"); w.decimal_shortest(m.amount);
        } else if constexpr (std::is_same_v<M, PerUnitModel>) {
            w.key("unit_price"); w.decimal_shortest(m.unit_price);
        } else if constexpr (std::is_same_v<M, PackageModel>) {
            w.key("price"); w.decimal_shortest(m.price);
            w.key("size"); w.decimal_shortest(m.size);
        } else if constexpr (std::is_same_v<M, PercentageModel>) {
            w.key("rate"); w.decimal_shortest(m.rate);
            w.key("min");
            if (m.minimum) w.decimal_shortest(*m.minimum);
            else w.null();
        } else if constexpr (std::is_same_v<M, PlanModel>) {  // the smallest plan
            w.key("amount"); w.decimal_shortest(m.tiers.front().amount);
        } else {  // tiered: the first tier
            const Tier& first = m.tiers.front();
            w.key("unit_price"); w.decimal_shortest(first.unit_price);
            w.key("flat"); w.decimal_shortest(first.flat);
            w.key("amount"); w.decimal_shortest(first.amount);
        }
    }, price.model);
    w.end_object();
}

void write_skus(JsonWriter& w, const PriceBook& book, const std::vector<std::size_t>& products) {
    w.begin_array();
    for (std::size_t p : products) w.string(book.products[p].sku);
    w.end_array();
}

void write_product(JsonWriter& w, const PriceBook& book, const Product& p) {
    const Unit& unit = book.units[p.unit];
    w.begin_object();
    w.field("sku", p.sku);
    w.field("name", p.name);
    w.field("category", p.category);
    w.field("unit", unit.id);
    w.field("dimension", unit.dimension);
    w.field("billing", billing_name(p.billing));
    w.key("regional"); w.boolean(p.regional);
    w.key("premium"); w.boolean(p.premium);
    w.key("discountable"); w.boolean(p.discountable);
    w.key("switch"); w.boolean(p.quantity_optional());
    w.key("list"); write_list(w, p.price);
    w.key("requires"); write_skus(w, book, p.requires_products);
    w.field("description", p.description);
    w.end_object();
}

void write_bundle(JsonWriter& w, const PriceBook& book, const Bundle& b) {
    w.begin_object();
    w.field("id", b.id);
    w.field("name", b.name);
    w.key("price"); w.decimal_shortest(b.price);
    w.key("includes");
    w.begin_array();
    for (const Allowance& a : b.includes) {
        w.begin_object();
        w.field("sku", book.products[a.product].sku);
        w.key("quantity"); w.decimal_shortest(a.quantity);
        w.field("unit", book.units[book.products[a.product].unit].id);
        w.end_object();
    }
    w.end_array();
    w.key("options"); write_skus(w, book, b.options);
    // Everything a quote with this bundle may hold, in the book's product order.
    std::vector<std::size_t> allowed;
    for (std::size_t p = 0; p < book.products.size(); ++p)
        if (b.allows(p)) allowed.push_back(p);
    w.key("allows"); write_skus(w, book, allowed);
    w.end_object();
}

void write_segment(JsonWriter& w, const PriceBook& book, std::size_t index) {
    const Segment& s = book.segments[index];
    w.begin_object();
    w.field("id", s.id);
    w.field("name", s.name);
    if (book.internal) {
        w.key("deal_band");
        const auto band = book.internal->deal_bands.find(index);
        if (band == book.internal->deal_bands.end()) {
            w.null();
        } else {
            w.begin_object();
            w.key("low"); w.decimal_shortest(band->second.low);
            w.key("target");
            if (band->second.target) w.decimal_shortest(*band->second.target);
            else w.null();
            w.key("high"); w.decimal_shortest(band->second.high);
            w.end_object();
        }
    }
    w.end_object();
}

// The outcome catalogues the outcome form offers (an internal book's internal.outcomes; empty
// lists for a public book): id, name and synonyms, in the book's order.
void write_outcomes(JsonWriter& w, const PriceBook& book) {
    const OutcomeCatalogs* o = book.internal ? &book.internal->outcomes : nullptr;
    w.begin_object();
    const char* keys[] = {"loss_reasons", "win_reasons", "competitors", "feature_requests"};
    const OutcomeCatalog* lists[] = {o ? &o->loss_reasons : nullptr, o ? &o->win_reasons : nullptr,
                                     o ? &o->competitors : nullptr, o ? &o->feature_requests : nullptr};
    for (int k = 0; k < 4; ++k) {
        w.key(keys[k]);
        w.begin_array();
        if (lists[k])
            for (const OutcomeEntry& e : lists[k]->entries) {
                w.begin_object();
                w.field("id", e.id);
                w.field("name", e.name);
                w.key("synonyms");
                w.begin_array();
                for (const auto& s : e.synonyms) w.string(s);
                w.end_array();
                w.end_object();
            }
        w.end_array();
    }
    w.end_object();
}

}  // namespace

std::string write_book_view(const PriceBook& book) {
    std::string out;
    JsonWriter w(out);
    w.begin_object();
    w.field("schema_version", book.schema_version);
    w.field("id", book.id);
    w.field("version", book.version);
    w.field("name", book.name);
    w.field("currency", book.currency);
    w.key("minor_digits"); w.integer(book.minor_digits);
    w.field_or_null("effective_from", book.effective_from);
    w.field_or_null("effective_to", book.effective_to);
    w.key("internal"); w.boolean(book.internal.has_value());
    w.key("prospect_comparison"); w.boolean(book.prospect_comparison);
    w.key("units");
    w.begin_array();
    for (const Unit& u : book.units) {
        w.begin_object();
        w.field("id", u.id);
        w.field("dimension", u.dimension);
        w.key("factor"); w.decimal_shortest(u.factor);
        w.end_object();
    }
    w.end_array();
    w.key("regions");
    w.begin_array();
    for (const Region& r : book.regions) {
        w.begin_object();
        w.field("id", r.id);
        w.field("name", r.name);
        w.end_object();
    }
    w.end_array();
    w.key("segments");
    w.begin_array();
    for (std::size_t s = 0; s < book.segments.size(); ++s) write_segment(w, book, s);
    w.end_array();
    w.key("products");
    w.begin_array();
    for (const Product& p : book.products) write_product(w, book, p);
    w.end_array();
    w.key("bundles");
    w.begin_array();
    for (const Bundle& b : book.bundles) write_bundle(w, book, b);
    w.end_array();
    w.key("terms");
    w.begin_array();
    for (const Term& t : book.terms) {
        w.begin_object();
        w.key("months"); w.integer(t.months);
        w.key("discount_pct"); w.decimal_shortest(t.discount_pct);
        w.end_object();
    }
    w.end_array();
    w.key("commits");
    w.begin_array();
    for (const Commit& c : book.commits) {
        w.begin_object();
        w.field("id", c.id);
        w.key("min_monthly"); w.decimal_shortest(c.min_monthly);
        w.key("discount_pct"); w.decimal_shortest(c.discount_pct);
        w.end_object();
    }
    w.end_array();
    w.key("approval_levels");
    w.begin_array();
    if (book.internal)
        for (const std::string& level : book.internal->levels) w.string(level);
    w.end_array();
    w.key("outcomes"); write_outcomes(w, book);
    w.end_object();
    return out;
}

BookViewResult book_view(std::string_view json_text) {
    BookViewResult result;
    PriceBookResult parsed = parse_pricebook(json_text);
    if (!parsed.book) {
        result.errors = std::move(parsed.errors);
        return result;
    }
    result.json = write_book_view(*parsed.book);
    return result;
}

}  // namespace edgequote
