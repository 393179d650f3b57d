// Property tests: seeded random tier tables and quotes, checked against rules that must hold for
// every input (pricebooks/README.md "Pricing semantics"). Each case is built from
// its own generator seeded with (base seed, test, case), and a failure prints the seed, the case
// and the input, so `EDGEQUOTE_PROPERTY_SEED=<seed> ./property_tests "<test name>"` reproduces it.
#include <algorithm>
#include <map>
#include <set>

#include "../fuzz/check_priced.hpp"
#include "generators.hpp"

using prop::dec;
using prop::json;
using edgequote::Decimal;
using edgequote::OutputDetail;

namespace {

std::uint64_t case_seed(const char* test, int index) {
    std::uint64_t h = prop::base_seed() * 0x9E3779B97F4A7C15ull;
    for (const char* c = test; *c; ++c) h = (h ^ std::uint64_t(*c)) * 0x100000001B3ull;
    return h + std::uint64_t(index);
}

#define CASE_INFO(test, index, input) \
    INFO("EDGEQUOTE_PROPERTY_SEED=" << prop::base_seed() << " test \"" << test << "\" case " << index << "\ninput: " << (input))

edgequote::PriceBook load_json(const json& book) {
    auto result = edgequote::parse_pricebook(book.dump());
    if (!result.errors.empty()) FAIL(result.errors[0].code << " at " << result.errors[0].path << ": " << result.errors[0].message);
    return std::move(*result.book);
}

edgequote::PricedQuote price(const edgequote::PriceBook& book, const json& quote) {
    return edgequote::price_json(book, quote.dump());
}

std::string codes_of(const edgequote::Errors& errors) {
    std::string out;
    for (const auto& e : errors) out += e.code + " at " + e.path + "; ";
    return out;
}

// Exact (unrounded) tier amounts of every product line, summed per SKU.
std::map<std::string, Decimal> exact_by_sku(const edgequote::PricedQuote& q) {
    std::map<std::string, Decimal> out;
    for (const auto& line : q.lines) {
        if (line.kind != edgequote::LineKind::product) continue;
        Decimal& sum = out[line.sku];
        for (const auto& s : line.tiers) sum += s.amount;
    }
    return out;
}

// The discount steps that round a percentage of the running amount (target_net is exact).
int rounded_steps(const edgequote::PricedLine& line) {
    int k = 0;
    for (const auto& step : line.waterfall)
        if (step.step != "list" && step.step != "net" && step.pct) ++k;
    return k;
}

struct BookFixture {
    std::string path;
    edgequote::PriceBook book;
};

const std::vector<BookFixture>& books() {
    static const std::vector<BookFixture> all = [] {
        std::vector<BookFixture> out;
        for (const auto& path : prop::book_paths()) out.push_back({path, prop::load_book(path)});
        return out;
    }();
    return all;
}

}  // namespace

// ---- Tier math against independent reference formulas -----------------------------------

TEST_CASE("graduated: the total never falls as quantity rises, and equals the tier-by-tier sum") {
    const char* name = "graduated";
    int checked = 0;
    for (int c = 0; c < prop::scaled(250); ++c) {
        prop::Random r(case_seed(name, c));
        json model = {{"model", "graduated"}, {"tiers", prop::tiers(r)}, {"flat_at_zero", r.chance(30)}};
        const bool yen = r.chance(25);
        const auto book = load_json(prop::single_product_book(model, yen ? "JPY" : "USD", r.chance(50) ? "half_up" : "half_even"));
        std::vector<Decimal> quantities;
        const auto edges = prop::edges_of(model["tiers"]);
        for (int i = 0; i < 16; ++i) quantities.push_back(dec(r.quantity(edges, 4)));
        std::sort(quantities.begin(), quantities.end());
        Decimal previous;
        for (const Decimal& q : quantities) {
            CASE_INFO(name, c, model.dump() + " quantity " + q.to_string());
            auto priced = price(book, prop::single_line_quote(q.to_string()));
            REQUIRE(priced.errors.empty());
            REQUIRE(priced.lines.size() == 1);
            const auto& line = priced.lines[0];
            // Reference: every tier the quantity enters adds (units in it) × price + its flat.
            Decimal exact;
            Decimal low;
            for (const auto& t : model["tiers"]) {
                if (q <= low) break;
                const Decimal high = t["up_to"].is_null() ? q : std::min(q, dec(t["up_to"].get<std::string>()));
                exact += (high - low) * dec(t["unit_price"].get<std::string>()) +
                         (t.contains("flat") ? dec(t["flat"].get<std::string>()) : Decimal());
                if (!t["up_to"].is_null()) low = dec(t["up_to"].get<std::string>());
            }
            if (q.is_zero() && model["flat_at_zero"].get<bool>() && model["tiers"][0].contains("flat"))
                exact = dec(model["tiers"][0]["flat"].get<std::string>());
            Decimal slices;
            for (const auto& s : line.tiers) slices += s.amount;
            CHECK(slices == exact);
            CHECK(line.list == book.round_money(exact));
            CHECK(line.list >= previous);  // monotone: never falls as quantity rises
            previous = line.list;
            ++checked;
        }
    }
    CHECK(checked == prop::scaled(250) * 16);
}

TEST_CASE("volume: the total is unit_price × Q + flat of the tier containing Q") {
    const char* name = "volume";
    for (int c = 0; c < prop::scaled(250); ++c) {
        prop::Random r(case_seed(name, c));
        const bool bounded = r.chance(20);
        json model = {{"model", "volume"}, {"tiers", prop::tiers(r, false, bounded)}, {"flat_at_zero", r.chance(30)}};
        const auto book = load_json(prop::single_product_book(model, r.chance(25) ? "JPY" : "USD"));
        const auto edges = prop::edges_of(model["tiers"]);
        for (int i = 0; i < 10; ++i) {
            const Decimal q = dec(r.quantity(edges, 4));
            CASE_INFO(name, c, model.dump() + " quantity " + q.to_string());
            auto priced = price(book, prop::single_line_quote(q.to_string()));
            // The tier containing Q: tier t covers (up_to[t-1], up_to[t]]; 0 is in tier 1.
            const json* tier = nullptr;
            std::size_t index = 0;
            for (std::size_t t = 0; t < model["tiers"].size(); ++t) {
                const json& candidate = model["tiers"][t];
                if (candidate["up_to"].is_null() || q <= dec(candidate["up_to"].get<std::string>())) {
                    tier = &candidate;
                    index = t;
                    break;
                }
            }
            if (!tier) {  // past a bounded last tier: "contact sales", never a price
                REQUIRE(priced.errors.size() == 1);
                CHECK(priced.errors[0].code == "quantity_beyond_last_tier");
                continue;
            }
            REQUIRE(priced.errors.empty());
            const Decimal unit_price = dec((*tier)["unit_price"].get<std::string>());
            const Decimal flat = tier->contains("flat") ? dec((*tier)["flat"].get<std::string>()) : Decimal();
            const Decimal expected = q.is_zero() && !model["flat_at_zero"].get<bool>() ? Decimal() : unit_price * q + flat;
            CHECK(priced.lines.at(0).list == book.round_money(expected));
            // The cliff warning appears exactly when Q just past this tier's edge costs less.
            bool cliff = false;
            if (!q.is_zero() && index + 1 < model["tiers"].size()) {
                const json& next = model["tiers"][index + 1];
                const Decimal edge = dec((*tier)["up_to"].get<std::string>());
                const Decimal past = edge * dec(next["unit_price"].get<std::string>()) +
                                     (next.contains("flat") ? dec(next["flat"].get<std::string>()) : Decimal());
                cliff = past < unit_price * q + flat;
            }
            bool warned = false;
            for (const auto& w : priced.warnings) warned = warned || w.code == "volume_cliff";
            CHECK(warned == cliff);
        }
    }
}

// ---- Random quotes against real books ------------------------------------------------------

TEST_CASE("every random quote prices to canonical output whose lines add up to its totals") {
    const char* name = "canonical";
    for (const auto& fixture : books()) {
        int priced_ok = 0, cases = prop::scaled(500);
        for (int c = 0; c < cases; ++c) {
            prop::Random r(case_seed(name, c) ^ std::hash<std::string>{}(fixture.path));
            const json quote = prop::random_quote(r, fixture.book);
            CASE_INFO(name, c, fixture.path + " " + quote.dump());
            auto priced = price(fixture.book, quote);
            if (priced.errors.empty()) ++priced_ok;
            const std::string full = edgequote::write_priced_quote(priced, OutputDetail::full);
            const std::string summary = edgequote::write_priced_quote(priced, OutputDetail::summary);
            INFO("output: " << full);
            CHECK(check::priced_json(full, fixture.book.minor_digits, fixture.book.rounding, OutputDetail::full) == "");
            CHECK(check::priced_json(summary, fixture.book.minor_digits, fixture.book.rounding, OutputDetail::summary) == "");
            CHECK(check::summary_matches_full(full, summary) == "");
        }
        INFO(fixture.path << ": " << priced_ok << " of " << cases << " random quotes priced without errors");
        CHECK(priced_ok * 2 >= cases);  // most cases must reach the totals, or the property says little
    }
}

namespace {

// The same quote written differently: keys in reverse order, pretty-printed, whole-number
// strings as JSON integers, and trailing zeros on decimal strings ("12.5" -> "12.500").
nlohmann::ordered_json rewritten(const json& quote, prop::Random& r) {
    std::function<nlohmann::ordered_json(const json&, const std::string&)> walk = [&](const json& v, const std::string& key) {
        if (v.is_object()) {
            nlohmann::ordered_json out = nlohmann::ordered_json::object();
            std::vector<std::string> keys;
            for (auto it = v.begin(); it != v.end(); ++it) keys.push_back(it.key());
            std::reverse(keys.begin(), keys.end());
            for (const auto& k : keys) out[k] = walk(v[k], k);
            return out;
        }
        if (v.is_array()) {
            nlohmann::ordered_json out = nlohmann::ordered_json::array();
            for (const auto& item : v) out.push_back(walk(item, key));
            return out;
        }
        if (v.is_string() && key != "name" && key != "sku" && key != "id" && key != "version" && key != "schema_version") {
            const std::string& s = v.get_ref<const std::string&>();
            if (auto d = Decimal::parse(s)) {
                if (key == "quantity" && d->is_integer() && *d < dec("1000000000000") && r.chance(50))
                    return nlohmann::ordered_json(std::stoll(d->to_string()));
                return nlohmann::ordered_json(s.find('.') == std::string::npos ? s + ".0" : s + "00");
            }
        }
        return nlohmann::ordered_json(v);
    };
    return walk(quote, "");
}

}  // namespace

TEST_CASE("re-pricing the same inputs gives the same bytes, however the JSON is written") {
    const char* name = "idempotent";
    for (const auto& fixture : books()) {
        for (int c = 0; c < prop::scaled(250); ++c) {
            prop::Random r(case_seed(name, c) ^ std::hash<std::string>{}(fixture.path));
            const json quote = prop::random_quote(r, fixture.book);
            const auto other = rewritten(quote, r);
            CASE_INFO(name, c, fixture.path + " " + quote.dump() + "\nrewritten: " + other.dump());
            const std::string first = edgequote::write_priced_quote(price(fixture.book, quote));
            const std::string again = edgequote::write_priced_quote(price(fixture.book, quote));
            const std::string from_other = edgequote::write_priced_quote(edgequote::price_json(fixture.book, other.dump(2)));
            CHECK(again == first);
            CHECK(from_other == first);
            // Parse and price separately: the same bytes as price_json (parse warnings aside).
            auto parsed = edgequote::parse_quote(quote.dump(), fixture.book);
            if (parsed.quote && parsed.warnings.empty())
                CHECK(edgequote::write_priced_quote(edgequote::price(fixture.book, *parsed.quote)) == first);
        }
    }
}

TEST_CASE("splitting a line into two of the same SKU and region changes totals only by rounding") {
    // The rule tested (pricebooks/README.md: lines of one SKU share a ladder; each line is
    // rounded once; each waterfall step is rounded on the running amount):
    //  - the exact, unrounded tier amounts of the SKU are additive: their sum is unchanged;
    //  - every other line is unchanged;
    //  - the two halves' lists add up to the original list within 1 minor unit (two roundings
    //    instead of one), and their nets within 1 + k minor units, k = the line's percentage
    //    discount steps (term, commit, rep %, quote %), each rounded once more per extra line;
    //  - net_monthly moves by at most that 1 + k (true-ups can only absorb a change), and
    //    list_monthly by at most 1 + 2(1 + k) (a product minimum and a commit true-up both move).
    // Quotes without percentage products (those are priced on other lines' nets) and without a
    // target net on the split line; quantities have at most 3 decimals and mixes half percents,
    // so converting and splitting by region is exact.
    const char* name = "split";
    for (const auto& fixture : books()) {
        const Decimal ulp = prop::minor_unit(fixture.book.minor_digits);
        int compared = 0, cases = prop::scaled(400);
        for (int c = 0; c < cases; ++c) {
            prop::Random r(case_seed(name, c) ^ std::hash<std::string>{}(fixture.path));
            prop::QuoteShape shape;
            shape.percentages = false;
            json quote = prop::random_quote(r, fixture.book, shape);
            auto before = price(fixture.book, quote);
            if (!before.errors.empty()) continue;
            std::vector<std::size_t> candidates;
            for (std::size_t i = 0; i < quote["lines"].size(); ++i) {
                // A flat price is charged once per line (per portion): two lines are two fees.
                const auto& p = fixture.book.products[*fixture.book.find_product(quote["lines"][i]["sku"].get<std::string>())];
                if (!quote["lines"][i].contains("target_net") && !std::holds_alternative<edgequote::FlatModel>(p.price.model))
                    candidates.push_back(i);
            }
            if (candidates.empty()) continue;
            const std::size_t i = r.pick(candidates);
            json& line = quote["lines"][i];
            const Decimal q = line.contains("quantity")
                                  ? (line["quantity"].is_string() ? dec(line["quantity"].get<std::string>())
                                                                  : Decimal::from_int(line["quantity"].get<std::int64_t>()))
                                  : Decimal::from_int(1);
            const Decimal first = (q * dec(r.decimal(0, 2))).round(3, edgequote::RoundingMode::down);
            json split = quote;
            split["lines"][i]["quantity"] = first.to_string();
            json second = line;
            second["quantity"] = (q - first).to_string();
            split["lines"].insert(split["lines"].begin() + std::ptrdiff_t(i) + 1, second);
            CASE_INFO(name, c, fixture.path + " split line " + std::to_string(i) + " of " + quote.dump());
            auto after = price(fixture.book, split);
            REQUIRE(codes_of(after.errors) == "");
            CHECK(exact_by_sku(after) == exact_by_sku(before));
            // Priced lines: [bundle] product lines in quote order, then true-ups.
            const std::size_t offset = before.bundle.empty() ? 0 : 1;
            const auto& original = before.lines.at(offset + i);
            const auto& half1 = after.lines.at(offset + i);
            const auto& half2 = after.lines.at(offset + i + 1);
            REQUIRE(half1.sku == original.sku);
            REQUIRE(half2.sku == original.sku);
            const std::size_t products = offset + quote["lines"].size();
            for (std::size_t k = 0; k < products; ++k) {
                if (k == offset + i) continue;
                const auto& b = before.lines.at(k);
                const auto& a = after.lines.at(k < offset + i ? k : k + 1);
                CHECK(a.list == b.list);
                CHECK(a.net == b.net);
            }
            const Decimal k = Decimal::from_int(rounded_steps(original));
            const Decimal one = Decimal::from_int(1);
            CHECK((half1.list + half2.list - original.list).abs() <= ulp);
            CHECK((half1.net + half2.net - original.net).abs() <= (one + k) * ulp);
            CHECK((after.totals.net_monthly - before.totals.net_monthly).abs() <= (one + k) * ulp);
            CHECK((after.totals.one_time - before.totals.one_time).abs() <= (one + k) * ulp);
            CHECK((after.totals.list_monthly - before.totals.list_monthly).abs() <=
                  (one + Decimal::from_int(2) * (one + k)) * ulp);
            ++compared;
        }
        INFO(fixture.path << ": " << compared << " of " << cases << " splits compared");
        CHECK(compared * 3 >= cases);
    }
}

TEST_CASE("reordering lines: same-SKU order kept changes nothing, any order keeps each SKU's exact amount") {
    // Interleaving lines of different SKUs differently while lines of one SKU keep their order
    // leaves every priced line (tiers, list, waterfall, net) and the totals identical: ladders,
    // allowances and true-ups depend only on the order within a SKU. An arbitrary order can move
    // tiers between a SKU's lines, so only the SKU's exact (unrounded) amount is kept, and the
    // lines' rounded lists add up within (lines of the SKU − 1) minor units.
    const char* name = "reorder";
    for (const auto& fixture : books()) {
        const Decimal ulp = prop::minor_unit(fixture.book.minor_digits);
        int compared = 0, cases = prop::scaled(300);
        for (int c = 0; c < cases; ++c) {
            prop::Random r(case_seed(name, c) ^ std::hash<std::string>{}(fixture.path));
            const json quote = prop::random_quote(r, fixture.book);
            auto before = price(fixture.book, quote);
            if (!before.errors.empty() || quote["lines"].size() < 2) continue;
            const std::size_t n = quote["lines"].size();
            // An interleaving that keeps each SKU's lines in order.
            std::map<std::string, std::vector<std::size_t>> by_sku;
            for (std::size_t i = 0; i < n; ++i) by_sku[quote["lines"][i]["sku"].get<std::string>()].push_back(i);
            std::vector<std::size_t> order;
            std::map<std::string, std::size_t> next;
            while (order.size() < n) {
                std::vector<std::string> open;
                for (const auto& [sku, lines] : by_sku)
                    if (next[sku] < lines.size()) open.push_back(sku);
                const std::string& sku = r.pick(open);
                order.push_back(by_sku[sku][next[sku]++]);
            }
            json interleaved = quote;
            for (std::size_t k = 0; k < n; ++k) interleaved["lines"][k] = quote["lines"][order[k]];
            CASE_INFO(name, c, fixture.path + " " + quote.dump() + "\ninterleaved: " + interleaved.dump());
            auto after = price(fixture.book, interleaved);
            REQUIRE(codes_of(after.errors) == "");
            const std::size_t offset = before.bundle.empty() ? 0 : 1;
            auto same_line = [](const edgequote::PricedLine& a, const edgequote::PricedLine& b) {
                edgequote::PricedQuote qa, qb;
                qa.internal = qb.internal = true;
                qa.lines = {a};
                qb.lines = {b};
                qa.lines[0].index.reset();
                qb.lines[0].index.reset();
                return edgequote::write_priced_quote(qa) == edgequote::write_priced_quote(qb);
            };
            REQUIRE(after.lines.size() == before.lines.size());
            for (std::size_t k = 0; k < n; ++k)
                CHECK(same_line(after.lines[offset + k], before.lines[offset + order[k]]));
            for (std::size_t k = offset + n; k < before.lines.size(); ++k) CHECK(same_line(after.lines[k], before.lines[k]));
            if (offset) CHECK(same_line(after.lines[0], before.lines[0]));
            edgequote::PricedQuote ta, tb;
            ta.internal = tb.internal = true;
            ta.totals = after.totals;
            tb.totals = before.totals;
            CHECK(edgequote::write_priced_quote(ta) == edgequote::write_priced_quote(tb));
            CHECK(after.approval.level == before.approval.level);
            std::multiset<std::string> guidance_a, guidance_b;
            for (const auto& f : after.guidance) guidance_a.insert(f.code);
            for (const auto& f : before.guidance) guidance_b.insert(f.code);
            CHECK(guidance_a == guidance_b);

            // Any order at all.
            json shuffled = quote;
            std::vector<std::size_t> any(n);
            for (std::size_t k = 0; k < n; ++k) any[k] = k;
            std::shuffle(any.begin(), any.end(), r.engine());
            for (std::size_t k = 0; k < n; ++k) shuffled["lines"][k] = quote["lines"][any[k]];
            INFO("shuffled: " << shuffled.dump());
            auto moved = price(fixture.book, shuffled);
            if (!moved.errors.empty()) {  // a target net can end up above a line's new list
                for (const auto& e : moved.errors) CHECK(e.code == "target_net_above_price");
                continue;
            }
            // A flat price is charged once per line that has billable quantity left after the
            // bundle's allowance, so moving a flat line before or after the allowance is used up
            // can add or remove a fee: flat SKUs are left out here.
            auto priced_flat = [&](const std::string& sku) {
                auto p = fixture.book.find_product(sku);
                return p && std::holds_alternative<edgequote::FlatModel>(fixture.book.products[*p].price.model);
            };
            auto exact_moved = exact_by_sku(moved), exact_before = exact_by_sku(before);
            for (auto* m : {&exact_moved, &exact_before})
                for (auto it = m->begin(); it != m->end();) it = priced_flat(it->first) ? m->erase(it) : std::next(it);
            CHECK(exact_moved == exact_before);
            std::map<std::string, Decimal> list_a, list_b;
            std::map<std::string, int> lines_of;
            for (const auto& l : moved.lines)
                if (l.kind == edgequote::LineKind::product && !priced_flat(l.sku)) list_a[l.sku] += l.list;
            for (const auto& l : before.lines)
                if (l.kind == edgequote::LineKind::product && !priced_flat(l.sku)) {
                    list_b[l.sku] += l.list;
                    ++lines_of[l.sku];
                }
            for (const auto& [sku, total] : list_b) {
                INFO("sku " << sku);
                CHECK((list_a[sku] - total).abs() <= Decimal::from_int(lines_of[sku] - 1) * ulp);
            }
            ++compared;
        }
        INFO(fixture.path << ": " << compared << " of " << cases << " reorders compared");
        CHECK(compared * 3 >= cases);
    }
}

TEST_CASE("a quantity entered in another unit of the same dimension prices the same") {
    // 2 TB and 2000 GB are one quantity: the priced line differs only in what was entered.
    const char* name = "units";
    for (const auto& fixture : books()) {
        const auto& book = fixture.book;
        int compared = 0;
        for (int c = 0; c < prop::scaled(300); ++c) {
            prop::Random r(case_seed(name, c) ^ std::hash<std::string>{}(fixture.path));
            json quote = prop::random_quote(r, book);
            auto before = price(book, quote);
            if (!before.errors.empty()) continue;
            // Re-enter one line's quantity in another unit, where the conversion is exact.
            const std::size_t i = std::size_t(r.below(quote["lines"].size()));
            json& line = quote["lines"][i];
            if (!line.contains("quantity")) continue;
            const auto& product = book.products[*book.find_product(line["sku"].get<std::string>())];
            const auto entered = line.contains("unit") ? *book.find_unit(line["unit"].get<std::string>()) : product.unit;
            std::vector<std::size_t> others;
            for (std::size_t u = 0; u < book.units.size(); ++u)
                if (u != entered && book.units[u].dimension == book.units[entered].dimension) others.push_back(u);
            if (others.empty()) continue;
            const std::size_t target = r.pick(others);
            const Decimal q = line["quantity"].is_string() ? dec(line["quantity"].get<std::string>())
                                                            : Decimal::from_int(line["quantity"].get<std::int64_t>());
            const Decimal base = q * book.units[entered].factor;
            const Decimal converted = base.divide(book.units[target].factor, 18, edgequote::RoundingMode::half_even);
            if (converted * book.units[target].factor != base) continue;  // not exact in that unit
            line["quantity"] = converted.to_string();
            line["unit"] = book.units[target].id;
            CASE_INFO(name, c, fixture.path + " line " + std::to_string(i) + " " + quote.dump());
            auto after = price(book, quote);
            REQUIRE(codes_of(after.errors) == "");
            const std::size_t offset = before.bundle.empty() ? 0 : 1;
            after.lines[offset + i].quantity = before.lines[offset + i].quantity;
            after.lines[offset + i].unit = before.lines[offset + i].unit;
            // The unit check is about the unit typed ("7.48 GB ... did you mean 7.48 TB?"): it
            // names it, and may rightly differ between the two entries; the price may not.
            for (auto* priced : {&before, &after})
                priced->guidance.erase(std::remove_if(priced->guidance.begin(), priced->guidance.end(),
                                                      [](const edgequote::Finding& f) { return f.code == "unit_check"; }),
                                       priced->guidance.end());
            CHECK(edgequote::write_priced_quote(after) == edgequote::write_priced_quote(before));
            ++compared;
        }
        INFO(fixture.path << ": " << compared << " conversions compared");
        CHECK(compared > 20);
    }
}

TEST_CASE("a deeper rep discount never raises the line's net") {
    const char* name = "discount";
    for (const auto& fixture : books()) {
        for (int c = 0; c < prop::scaled(200); ++c) {
            prop::Random r(case_seed(name, c) ^ std::hash<std::string>{}(fixture.path));
            json quote = prop::random_quote(r, fixture.book);
            std::vector<std::size_t> discountable;
            for (std::size_t i = 0; i < quote["lines"].size(); ++i) {
                const auto& p = fixture.book.products[*fixture.book.find_product(quote["lines"][i]["sku"].get<std::string>())];
                if (p.discountable && !quote["lines"][i].contains("target_net")) discountable.push_back(i);
            }
            if (discountable.empty()) continue;
            const std::size_t i = r.pick(discountable);
            const Decimal low = dec(r.decimal(2, 2)), high = std::min(dec("100"), low + dec(r.decimal(2, 2)));
            quote["lines"][i]["discount_pct"] = low.to_string();
            auto shallow = price(fixture.book, quote);
            quote["lines"][i]["discount_pct"] = high.to_string();
            auto deep = price(fixture.book, quote);
            CASE_INFO(name, c, fixture.path + " line " + std::to_string(i) + " " + quote.dump());
            if (!shallow.errors.empty()) continue;
            REQUIRE(codes_of(deep.errors) == "");
            const std::size_t offset = shallow.bundle.empty() ? 0 : 1;
            CHECK(deep.lines.at(offset + i).net <= shallow.lines.at(offset + i).net);
            CHECK(deep.lines.at(offset + i).list == shallow.lines.at(offset + i).list);
        }
    }
}

// ---- Live editing: remembering lines changes nothing -----------------------------------------

namespace {

// One edit a rep (or a broken client) could make to a quote's text.
std::string edited(const json& base, prop::Random& r, const edgequote::PriceBook& book, json& quote) {
    const std::size_t n = quote["lines"].size();
    switch (r.below(10)) {
        case 0:  // a new quantity on one line
            if (n) quote["lines"][r.below(n)]["quantity"] = r.decimal(4, 2);
            break;
        case 1:  // a line added from another random quote
        {
            const json other = prop::random_quote(r, book);
            if (!other["lines"].empty()) quote["lines"].insert(quote["lines"].begin() + std::ptrdiff_t(r.below(n + 1)), other["lines"][0]);
            break;
        }
        case 2:  // a line removed (the lines after it move up a position)
            if (n) quote["lines"].erase(quote["lines"].begin() + std::ptrdiff_t(r.below(n)));
            break;
        case 3:  // a header field: segment, term or quote discount
            quote["customer"]["segment"] = r.pick(book.segments).id;
            if (r.chance(50)) quote["term_months"] = r.pick(book.terms).months;
            if (r.chance(30)) quote["discount_pct"] = r.decimal(1, 2);
            break;
        case 4:  // a bad value on a line: reported, then fixed by a later edit
            if (n) quote["lines"][r.below(n)]["quantity"] = r.chance(50) ? json("-1") : json("12x");
            break;
        case 5:  // back to where the edits started
            quote = base;
            break;
        case 6:  // the same quote pretty-printed: every line's text changes
            return quote.dump(2);
        case 7:  // text the scanner must not vouch for: cut short, or with a byte changed
        {
            std::string text = quote.dump();
            if (r.chance(50)) text.resize(r.below(text.size()));
            else if (!text.empty()) text[r.below(text.size())] = "{}[],:\"\\ x"[r.below(10)];
            return text;
        }
        case 8:  // a line nested deeper than the engine reads (64 levels) or just within it
        {
            std::string text = quote.dump();
            const std::size_t at = text.find("\"lines\":[{");
            if (at == std::string::npos) return text;
            const std::size_t depth = 58 + r.below(10);
            const std::string note = "\"note\":" + std::string(depth, '[') + std::string(depth, ']') + ",";
            return text.insert(at + 10, note);
        }
        default:  // a second "lines" key, or an unknown SKU
            if (r.chance(50)) {
                std::string text = quote.dump();
                return text.substr(0, text.size() - 1) + ",\"lines\":[]}";
            }
            if (n) quote["lines"][r.below(n)]["sku"] = "no-such-sku";
            break;
    }
    return quote.dump();
}

}  // namespace

TEST_CASE("live parsing of a quote edited over and over gives exactly what parsing it afresh gives") {
    const char* name = "live";
    for (const auto& fixture : books()) {
        int fast_single_edits = 0;
        const int cases = prop::scaled(60);
        for (int c = 0; c < cases; ++c) {
            prop::Random r(case_seed(name, c) ^ std::hash<std::string>{}(fixture.path));
            const json base = prop::random_quote(r, fixture.book);
            json quote = base;
            edgequote::LiveQuoteParser live(fixture.book);
            std::string text = quote.dump();
            live.parse(text);
            for (int step = 0; step < 25; ++step) {
                const std::size_t before = quote["lines"].size();
                const json previous = quote;
                // The live parser remembers the last text's lines only when that text was this
                // quote in compact form (not pretty-printed, cut short or changed byte-wise).
                const bool remembers_previous = text == previous.dump();
                text = edited(base, r, fixture.book, quote);
                CASE_INFO(name, c, fixture.path + " step " + std::to_string(step) + " " + text);
                const std::string expected = edgequote::write_priced_quote(edgequote::price_json(fixture.book, text));
                const std::string got =
                    edgequote::write_priced_quote(edgequote::price_parsed(fixture.book, live.parse(text)));
                REQUIRE(got == expected);
                // One changed line in compact text is read alone: the fast path did its job.
                if (remembers_previous && text == quote.dump() && before == quote["lines"].size()) {
                    std::size_t changed = 0;
                    for (std::size_t i = 0; i < before; ++i) changed += previous["lines"][i] != quote["lines"][i];
                    if (changed == 1) {
                        CHECK(live.lines_read_last() == 1);
                        ++fast_single_edits;
                    }
                }
            }
        }
        INFO(fixture.path);
        CHECK(fast_single_edits >= cases);  // the single-line edits were common enough to say something
    }
}

// A LiveQuote's answers, applied one after the other as the page applies them (each names the
// positions of the lines and guidance findings it sends), give after every edit exactly the canonical output of pricing
// that text afresh: the lines it kept from the last result (unchanged input, product untouched by
// the edit) and the lines it did not send are what a fresh pricing gives.
TEST_CASE("a live quote's answers, applied in turn, equal pricing each edit afresh") {
    const char* name = "live_quote";
    for (const auto& fixture : books()) {
        for (const OutputDetail detail : {OutputDetail::full, OutputDetail::summary}) {
            int kept_most_lines = 0;
            const int cases = prop::scaled(40);
            for (int c = 0; c < cases; ++c) {
                prop::Random r(case_seed(name, c) ^ std::hash<std::string>{}(fixture.path) ^ unsigned(detail));
                const json base = prop::random_quote(r, fixture.book);
                json quote = base;
                edgequote::LiveQuote live(fixture.book, detail);
                check::Json lines = check::Json::array();  // the page's copy of the last good result's lines
                check::Json findings = check::Json::array();  // and of its guidance
                check::Json warnings = check::Json::array();  // and warnings
                std::string text = quote.dump();
                for (int step = 0; step < 25; ++step) {
                    if (step > 0) text = edited(base, r, fixture.book, quote);
                    CASE_INFO(name, c, fixture.path + " step " + std::to_string(step) + " " + text);
                    const std::string expected =
                        edgequote::write_priced_quote(edgequote::price_json(fixture.book, text), detail);
                    const std::string answer = live.price(text);
                    const json got = json::parse(answer);
                    if (!got.contains("changed")) {  // errors: the canonical output, lines kept for later
                        REQUIRE(answer == expected);
                        continue;
                    }
                    // Same keys in the same order, same values.
                    REQUIRE(check::apply_live_answer(answer, lines, findings, warnings) == check::Json::parse(expected));
                    if (step > 0 && lines.size() >= 3 && got["changed"].size() * 2 <= lines.size()) ++kept_most_lines;
                }
            }
            INFO(fixture.path);
            CHECK(kept_most_lines >= cases);  // edits that kept most lines were common enough to say something
        }
    }
}
