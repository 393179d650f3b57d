#pragma once
// Checks that a priced quote, as the engine wrote it, is canonical and adds up. Shared by the
// fuzz targets (which abort on a finding) and the property tests (which CHECK it is empty).
//
//   std::string problem = check::priced_json(text, minor_digits, rounding, detail);
//
// returns "" when the document is fine, otherwise the first problem found, with its JSON path.
// What it checks (pricebooks/README.md, "Priced quote" and "Pricing semantics"):
//   - the text is valid JSON (and so valid UTF-8), one object, keys in the documented order;
//   - money has exactly the currency's minor digits, percentages exactly 2, other decimals are
//     the shortest exact form (no exponent, no trailing zeros, no "-0", never "overflow");
//   - a priced quote with errors has no lines;
//   - every slice's amount is quantity × unit_price + flat (except percentage lines, which are
//     clamped to min/max), and a line's list is the sum of its slices rounded once;
//   - the waterfall starts at list, each step's running is the previous running plus its
//     amount, and it ends at net (so the shown steps add up exactly to the net);
//   - totals are sums of rounded lines; tcv = net_monthly × term + one_time; discount_pct is
//     (list − net) ÷ list over all lines; cost_monthly is the sum of line costs.
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgequote/decimal.hpp"
#include "edgequote/engine.hpp"

namespace check {

using Json = nlohmann::ordered_json;
using edgequote::Decimal;
using edgequote::RoundingMode;

inline bool digits_only(const std::string& s, std::size_t from, std::size_t to) {
    if (from >= to) return false;
    for (std::size_t i = from; i < to; ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

// -?(0|[1-9][0-9]*)(\.[0-9]{digits})?  with exactly `digits` fractional digits, and not "-0.00".
inline bool is_fixed(const Json& v, int digits) {
    if (!v.is_string()) return false;
    const std::string& s = v.get_ref<const std::string&>();
    std::size_t i = s.size() && s[0] == '-' ? 1 : 0;
    const std::size_t point = s.find('.');
    const std::size_t int_end = point == std::string::npos ? s.size() : point;
    if (!digits_only(s, i, int_end)) return false;
    if (int_end - i > 1 && s[i] == '0') return false;
    if (digits == 0) {
        if (point != std::string::npos) return false;
    } else {
        if (point == std::string::npos || s.size() - point - 1 != std::size_t(digits)) return false;
        if (!digits_only(s, point + 1, s.size())) return false;
    }
    if (i == 1 && s.find_first_not_of("0.", 1) == std::string::npos) return false;  // "-0.00"
    return true;
}

// The shortest exact form: -?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?, not "-0".
inline bool is_shortest(const Json& v) {
    if (!v.is_string()) return false;
    const std::string& s = v.get_ref<const std::string&>();
    std::size_t i = s.size() && s[0] == '-' ? 1 : 0;
    const std::size_t point = s.find('.');
    const std::size_t int_end = point == std::string::npos ? s.size() : point;
    if (!digits_only(s, i, int_end)) return false;
    if (int_end - i > 1 && s[i] == '0') return false;
    if (point != std::string::npos && (!digits_only(s, point + 1, s.size()) || s.back() == '0')) return false;
    if (s == "-0") return false;
    return true;
}

// The value of a decimal string. Trailing fractional zeros are dropped first: money written
// with its minor digits may have more than the 36 digits Decimal::parse accepts.
inline Decimal dec_text(const std::string& text) {
    std::string s = text;
    if (s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
    }
    auto d = Decimal::parse(s);
    return d ? *d : Decimal::overflowed();
}
inline Decimal dec(const Json& v) { return dec_text(v.get_ref<const std::string&>()); }

class Checker {
public:
    Checker(int minor_digits, RoundingMode rounding, edgequote::OutputDetail detail)
        : digits_(minor_digits), rounding_(rounding), full_(detail == edgequote::OutputDetail::full) {}

    std::string run(const std::string& text) {
        Json doc = Json::parse(text, nullptr, false);
        if (doc.is_discarded()) return "output is not valid JSON / UTF-8";
        if (!doc.is_object()) return "output is not an object";
        document(doc);
        return problem_;
    }

private:
    int digits_;
    RoundingMode rounding_;
    bool full_;
    std::string problem_;
    Decimal standard_all_;  // sum over lines of the running amount after the term and commit steps

    bool fail(const std::string& path, const std::string& what) {
        if (problem_.empty()) problem_ = path + ": " + what;
        return false;
    }
    bool keys(const Json& obj, const std::string& path, const std::vector<const char*>& expected) {
        if (!obj.is_object()) return fail(path, "not an object");
        std::size_t i = 0;
        for (auto it = obj.begin(); it != obj.end(); ++it, ++i) {
            if (i >= expected.size()) return fail(path, "unexpected key " + it.key());
            if (it.key() != expected[i]) return fail(path, "key " + it.key() + " where " + expected[i] + " belongs");
        }
        if (i != expected.size()) return fail(path, std::string("missing key ") + expected[i]);
        return true;
    }
    bool money(const Json& v, const std::string& path) {
        return is_fixed(v, digits_) ? true : fail(path, "money not written with " + std::to_string(digits_) + " digits: " + v.dump());
    }
    bool money_or_null(const Json& v, const std::string& path) { return v.is_null() || money(v, path); }
    bool pct(const Json& v, const std::string& path) {
        return is_fixed(v, 2) ? true : fail(path, "percentage not written with 2 digits: " + v.dump());
    }
    bool pct_or_null(const Json& v, const std::string& path) { return v.is_null() || pct(v, path); }
    bool number(const Json& v, const std::string& path) {
        return is_shortest(v) ? true : fail(path, "decimal not in shortest exact form: " + v.dump());
    }
    bool number_or_null(const Json& v, const std::string& path) { return v.is_null() || number(v, path); }
    bool string_or_null(const Json& v, const std::string& path) {
        return v.is_null() || v.is_string() ? true : fail(path, "expected a string or null");
    }
    bool equal(const Decimal& actual, const Decimal& expected, const std::string& path, const char* what) {
        if (actual == expected) return true;
        return fail(path, std::string(what) + ": " + actual.to_string() + " != " + expected.to_string());
    }
    Decimal round(const Decimal& d) const { return d.round(digits_, rounding_); }

    void issues(const Json& list, const std::string& path) {
        if (!list.is_array()) {
            fail(path, "not an array");
            return;
        }
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string here = path + "/" + std::to_string(i);
            if (!keys(list[i], here, {"code", "path", "message"})) return;
            if (!list[i]["code"].is_string() || !list[i]["path"].is_string() || !list[i]["message"].is_string()) {
                fail(here, "code, path and message are strings");
                return;
            }
            const auto& p = list[i]["path"].get_ref<const std::string&>();
            if (!p.empty() && p[0] != '/') fail(here + "/path", "not a JSON Pointer: " + p);
            if (list[i]["code"].get_ref<const std::string&>().empty()) fail(here + "/code", "empty code");
        }
    }

    void document(const Json& doc) {
        // as_of only when the quote gave one; ramp only for a quote with periods.
        std::vector<const char*> top = {"schema_version", "pricebook", "customer", "term_months", "bundle", "commit_monthly_spend"};
        if (doc.is_object() && doc.contains("as_of")) top.push_back("as_of");
        for (const char* k : {"lines", "totals"}) top.push_back(k);
        const bool ramped = doc.is_object() && doc.contains("ramp");
        if (ramped) top.push_back("ramp");
        for (const char* k : {"guidance", "approval", "warnings", "errors"}) top.push_back(k);
        if (!keys(doc, "", top)) return;
        if (doc.contains("as_of") && !doc["as_of"].is_string()) return (void)fail("/as_of", "not a string");
        keys(doc["pricebook"], "/pricebook", {"id", "version", "currency"});
        keys(doc["customer"], "/customer", {"name", "segment", "incumbent_monthly"});
        money_or_null(doc["customer"]["incumbent_monthly"], "/customer/incumbent_monthly");
        if (!doc["term_months"].is_number_integer()) {
            fail("/term_months", "not an integer");
            return;
        }
        string_or_null(doc["bundle"], "/bundle");
        money_or_null(doc["commit_monthly_spend"], "/commit_monthly_spend");
        issues(doc["warnings"], "/warnings");
        issues(doc["errors"], "/errors");
        const Json& lines = doc["lines"];
        if (!lines.is_array()) {
            fail("/lines", "not an array");
            return;
        }
        if (!doc["errors"].empty() && !lines.empty()) fail("/lines", "a priced quote with errors has lines");
        const bool internal = !doc["approval"].is_null();
        Decimal list_monthly, net_monthly, one_time, list_all, net_all, cost_all;
        for (std::size_t i = 0; i < lines.size() && problem_.empty(); ++i) {
            const std::string path = "/lines/" + std::to_string(i);
            if (!line(lines[i], path, internal)) return;
            const Json& l = lines[i];
            const Decimal list = dec(l["list"]), net = dec(l["net"]);
            if (l["billing"] == "one_time") {
                one_time += net;
            } else {
                list_monthly += list;
                net_monthly += net;
            }
            list_all += list;
            net_all += net;
            if (internal && l["cost"].is_string()) cost_all += dec(l["cost"]);
        }
        if (!problem_.empty()) return;
        const Json& t = doc["totals"];
        std::vector<const char*> total_keys = {"list_monthly", "net_monthly", "one_time", "tcv", "discount_pct",
                                               "discretionary_discount_pct", "margin_pct"};
        if (internal) total_keys.push_back("cost_monthly");
        if (!keys(t, "/totals", total_keys)) return;
        if (!(money(t["list_monthly"], "/totals/list_monthly") && money(t["net_monthly"], "/totals/net_monthly") &&
              money(t["one_time"], "/totals/one_time") && money(t["tcv"], "/totals/tcv") &&
              pct(t["discount_pct"], "/totals/discount_pct") &&
              pct(t["discretionary_discount_pct"], "/totals/discretionary_discount_pct") && pct_or_null(t["margin_pct"], "/totals/margin_pct")))
            return;
        if (internal && !money_or_null(t["cost_monthly"], "/totals/cost_monthly")) return;
        equal(dec(t["list_monthly"]), list_monthly, "/totals/list_monthly", "not the sum of monthly lines' list");
        equal(dec(t["net_monthly"]), net_monthly, "/totals/net_monthly", "not the sum of monthly lines' net");
        equal(dec(t["one_time"]), one_time, "/totals/one_time", "not the sum of one-time lines' net");
        if (ramped) ramp(doc["ramp"], dec(t["tcv"]), doc["term_months"].get<int>(), internal);
        else equal(dec(t["tcv"]), net_monthly * Decimal::from_int(doc["term_months"].get<int>()) + one_time, "/totals/tcv",
                   "not net_monthly x term + one_time");
        const Decimal hundred = Decimal::from_int(100);
        const Decimal discount = list_all.sign() > 0
                                     ? ((list_all - net_all) * hundred).divide(list_all, 2, RoundingMode::half_up)
                                     : Decimal();
        equal(dec(t["discount_pct"]), discount, "/totals/discount_pct", "not (list - net) / list");
        if (full_) {  // the rep's own share: against the price after term and commit discounts
            const Decimal discretionary =
                standard_all_.sign() > 0 ? ((standard_all_ - net_all) * hundred).divide(standard_all_, 2, RoundingMode::half_up)
                                         : Decimal();
            equal(dec(t["discretionary_discount_pct"]), discretionary, "/totals/discretionary_discount_pct",
                  "not (standard - net) / standard, standard = the running amount after term and commit");
        }
        if (internal && t["cost_monthly"].is_string())
            equal(dec(t["cost_monthly"]), cost_all, "/totals/cost_monthly", "not the sum of line costs");
        guidance(doc["guidance"]);
        approval(doc["approval"], internal);
    }

    // A ramp: periods cover months 1..term in order; each period's value is net_monthly × months
    // + one_time, its net_monthly the sum of its monthly lines; the values add up to tcv.
    void ramp(const Json& r, const Decimal& tcv, int term, bool internal) {
        if (!keys(r, "/ramp", {"guidance_basis", "average_net_monthly", "periods"})) return;
        if (r["guidance_basis"] != "average") return (void)fail("/ramp/guidance_basis", "not \"average\"");
        if (!money(r["average_net_monthly"], "/ramp/average_net_monthly")) return;
        const Json& periods = r["periods"];
        if (!periods.is_array() || periods.empty()) return (void)fail("/ramp/periods", "not a non-empty array");
        const bool full = full_;
        full_ = false;  // period lines are written in summary form
        Decimal sum, one_time_all;
        int next = 1;
        for (std::size_t p = 0; p < periods.size() && problem_.empty(); ++p) {
            const std::string pp = "/ramp/periods/" + std::to_string(p);
            const Json& period = periods[p];
            if (!keys(period, pp, {"from_month", "to_month", "months", "commit_monthly_spend", "list_monthly", "net_monthly",
                                   "one_time", "value", "lines"}))
                break;
            if (!(money_or_null(period["commit_monthly_spend"], pp + "/commit_monthly_spend") &&
                  money(period["list_monthly"], pp + "/list_monthly") && money(period["net_monthly"], pp + "/net_monthly") &&
                  money(period["one_time"], pp + "/one_time") && money(period["value"], pp + "/value")))
                break;
            const int from = period["from_month"].get<int>(), to = period["to_month"].get<int>();
            if (from != next || to < from || period["months"].get<int>() != to - from + 1) {
                fail(pp, "periods not contiguous");
                break;
            }
            next = to + 1;
            Decimal net;
            for (std::size_t i = 0; i < period["lines"].size(); ++i) {
                const Json& l = period["lines"][i];
                if (!line(l, pp + "/lines/" + std::to_string(i), internal)) break;
                if (l["billing"] != "one_time") net += dec(l["net"]);
            }
            equal(dec(period["net_monthly"]), net, (pp + "/net_monthly").c_str(), "not the sum of the period's monthly lines");
            const Decimal value = dec(period["net_monthly"]) * Decimal::from_int(to - from + 1) + dec(period["one_time"]);
            equal(dec(period["value"]), value, pp + "/value", "not net_monthly x months + one_time");
            sum += value;
            one_time_all += dec(period["one_time"]);
        }
        full_ = full;
        if (!problem_.empty()) return;
        if (next != term + 1) fail("/ramp/periods", "the periods do not cover the term");
        equal(tcv, sum, "/totals/tcv", "not the sum of the periods' values");
        equal(dec(r["average_net_monthly"]), round((sum - one_time_all).divide(Decimal::from_int(term), 12, RoundingMode::half_even)),
              "/ramp/average_net_monthly", "not (tcv - one-time) / term");
    }

    bool plan(const Json& p, const std::string& path) {
        if (!keys(p, path, {"tier", "tier_name", "chosen_by", "usage"})) return false;
        if (!p["tier"].is_number_integer() || !p["chosen_by"].is_array() || !p["usage"].is_array())
            return fail(path, "plan malformed");
        for (std::size_t i = 0; i < p["usage"].size(); ++i) {
            const std::string up = path + "/usage/" + std::to_string(i);
            const Json& u = p["usage"][i];
            if (!keys(u, up, {"limit", "unit", "quantity", "up_to"})) return false;
            if (!number(u["quantity"], up + "/quantity") || !number_or_null(u["up_to"], up + "/up_to")) return false;
            if (u["up_to"].is_string() && dec(u["quantity"]) > dec(u["up_to"])) return fail(up, "usage past the chosen tier's bound");
        }
        return true;
    }

    bool line(const Json& l, const std::string& path, bool internal) {
        std::vector<const char*> expected = {"index", "kind", "sku", "name", "category", "billing", "quantity",
                                             "unit", "priced_quantity", "priced_unit", "allowance"};
        if (l.is_object() && l.contains("plan")) expected.push_back("plan");
        if (full_) expected.push_back("tiers");
        expected.push_back("list");
        if (full_) expected.push_back("waterfall");
        for (const char* k : {"net", "discount_pct"}) expected.push_back(k);
        if (internal)
            for (const char* k : {"cost", "floor", "target", "under_floor"}) expected.push_back(k);
        if (!keys(l, path, expected)) return false;
        if (!(l["index"].is_null() || l["index"].is_number_unsigned())) return fail(path + "/index", "not an index");
        const Json& kind = l["kind"];
        if (kind != "product" && kind != "bundle" && kind != "percentage" && kind != "true_up")
            return fail(path + "/kind", "unknown kind " + kind.dump());
        if (l["billing"] != "monthly" && l["billing"] != "one_time") return fail(path + "/billing", "unknown billing");
        if (!(number_or_null(l["quantity"], path + "/quantity") && number(l["priced_quantity"], path + "/priced_quantity") &&
              number(l["allowance"], path + "/allowance") && money(l["list"], path + "/list") &&
              money(l["net"], path + "/net") && pct(l["discount_pct"], path + "/discount_pct") &&
              string_or_null(l["unit"], path + "/unit") && string_or_null(l["priced_unit"], path + "/priced_unit")))
            return false;
        if (internal && !(money_or_null(l["cost"], path + "/cost") && money_or_null(l["floor"], path + "/floor") &&
                          money_or_null(l["target"], path + "/target") && l["under_floor"].is_boolean()))
            return fail(path, "internal fields malformed");
        const Decimal list = dec(l["list"]), net = dec(l["net"]);
        const Decimal hundred = Decimal::from_int(100);
        const Decimal discount = list.sign() > 0 ? ((list - net) * hundred).divide(list, 2, RoundingMode::half_up)
                                                 : Decimal();
        if (!equal(dec(l["discount_pct"]), discount, path + "/discount_pct", "not (list - net) / list")) return false;
        if (l.contains("plan") && !plan(l["plan"], path + "/plan")) return false;
        if (!full_) return true;
        Decimal slices;
        const Json& tiers = l["tiers"];
        if (!tiers.is_array()) return fail(path + "/tiers", "not an array");
        for (std::size_t k = 0; k < tiers.size(); ++k) {
            const std::string sp = path + "/tiers/" + std::to_string(k);
            const Json& s = tiers[k];
            const bool blocks = s.is_object() && s.contains("block_size");
            if (!keys(s, sp, blocks ? std::vector<const char*>{"region", "tier", "from", "to", "quantity", "unit_price", "flat",
                                                               "amount", "block_size", "blocks", "note"}
                                    : std::vector<const char*>{"region", "tier", "from", "to", "quantity", "unit_price", "flat",
                                                               "amount", "note"}))
                return false;
            if (blocks && !(number(s["block_size"], sp + "/block_size") && number(s["blocks"], sp + "/blocks"))) return false;
            if (!(string_or_null(s["region"], sp + "/region") && s["tier"].is_number_integer() &&
                  number(s["from"], sp + "/from") && number_or_null(s["to"], sp + "/to") &&
                  number(s["quantity"], sp + "/quantity") && number(s["unit_price"], sp + "/unit_price") &&
                  number(s["flat"], sp + "/flat") && number(s["amount"], sp + "/amount") &&
                  string_or_null(s["note"], sp + "/note")))
                return fail(sp, "slice malformed");
            if (kind != "percentage" && !blocks &&
                !equal(dec(s["amount"]), dec(s["quantity"]) * dec(s["unit_price"]) + dec(s["flat"]), sp + "/amount",
                       "not quantity x unit_price + flat"))
                return false;
            // A tier sold in blocks: whole blocks, at least enough for the slice's own quantity
            // less one block (the first block of a slice may have been started by the line before).
            if (blocks && !(equal(dec(s["amount"]), dec(s["blocks"]) * dec(s["unit_price"]) + dec(s["flat"]), sp + "/amount",
                                  "not blocks x unit_price + flat") &&
                            (dec(s["blocks"]).is_integer() ? true : fail(sp + "/blocks", "not a whole number of blocks"))))
                return false;
            if (s["to"].is_string() && dec(s["to"]) < dec(s["from"])) return fail(sp, "to < from");
            slices += dec(s["amount"]);
        }
        if (!equal(list, round(slices), path + "/list", "not the sum of the slices, rounded once")) return false;
        const Json& steps = l["waterfall"];
        if (!steps.is_array() || steps.size() < 2) return fail(path + "/waterfall", "needs list ... net");
        static const char* const order[] = {"list", "term", "commit", "rep", "quote", "net"};
        std::size_t at = 0;
        Decimal running, standard;
        for (std::size_t k = 0; k < steps.size(); ++k) {
            const std::string wp = path + "/waterfall/" + std::to_string(k);
            const Json& st = steps[k];
            if (!keys(st, wp, {"step", "pct", "amount", "running"})) return false;
            if (!(pct_or_null(st["pct"], wp + "/pct") && money(st["amount"], wp + "/amount") &&
                  money(st["running"], wp + "/running")))
                return false;
            while (at < 6 && st["step"] != order[at]) ++at;
            if (at == 6) return fail(wp + "/step", "step out of order or unknown: " + st["step"].dump());
            const bool first = k == 0, last = k + 1 == steps.size();
            if (first != (at == 0)) return fail(wp, "the waterfall starts with list");
            if (last != (at == 5)) return fail(wp, "the waterfall ends with net");
            ++at;
            const Decimal amount = dec(st["amount"]);
            if (st["step"] == "list" || st["step"] == "term" || st["step"] == "commit")
                standard = dec(st["running"]);
            if (first) {
                if (!equal(amount, list, wp + "/amount", "list step is not the line's list")) return false;
                running = amount;
            } else if (last) {
                if (!equal(amount, net, wp + "/amount", "net step is not the line's net")) return false;
            } else {
                running += amount;
            }
            if (!equal(dec(st["running"]), running, wp + "/running", "running is not the sum of the steps"))
                return false;
        }
        standard_all_ += standard;
        return equal(running, net, path + "/net", "the steps do not add up to the net");
    }

    void guidance(const Json& list) {
        if (!list.is_array()) {
            fail("/guidance", "not an array");
            return;
        }
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string p = "/guidance/" + std::to_string(i);
            const Json& f = list[i];
            if (!keys(f, p, {"code", "severity", "message", "value", "band", "line"})) return;
            number(f["value"], p + "/value");
            if (f["severity"] != "info" && f["severity"] != "warning" && f["severity"] != "critical")
                fail(p + "/severity", "unknown severity");
            if (!f["band"].is_null() && keys(f["band"], p + "/band", {"low", "target", "high"})) {
                number(f["band"]["low"], p + "/band/low");
                number_or_null(f["band"]["target"], p + "/band/target");
                number(f["band"]["high"], p + "/band/high");
            }
        }
    }

    void check(const Json& c, const std::string& p) {
        if (!keys(c, p, {"rule", "metric", "op", "value", "threshold", "level", "message", "fired", "distance"})) return;
        number_or_null(c["value"], p + "/value");
        number_or_null(c["threshold"], p + "/threshold");
        number_or_null(c["distance"], p + "/distance");
        if (!c["fired"].is_boolean()) fail(p + "/fired", "not a boolean");
    }

    void approval(const Json& a, bool internal) {
        if (!internal) return;
        if (!keys(a, "/approval", {"level", "fired", "next", "checks"})) return;
        for (std::size_t i = 0; i < a["fired"].size(); ++i) check(a["fired"][i], "/approval/fired/" + std::to_string(i));
        if (!a["next"].is_null()) check(a["next"], "/approval/next");
        for (std::size_t i = 0; i < a["checks"].size(); ++i) check(a["checks"][i], "/approval/checks/" + std::to_string(i));
    }
};

inline std::string priced_json(const std::string& text, int minor_digits, RoundingMode rounding,
                               edgequote::OutputDetail detail) {
    return Checker(minor_digits, rounding, detail).run(text);
}

// The summary must be the full output without each line's tiers and waterfall.
inline std::string summary_matches_full(const std::string& full, const std::string& summary) {
    Json a = Json::parse(full, nullptr, false), b = Json::parse(summary, nullptr, false);
    if (a.is_discarded() || b.is_discarded()) return "summary or full output is not JSON";
    for (auto& line : a["lines"]) {
        line.erase("tiers");
        line.erase("waterfall");
    }
    return a == b ? "" : "summary output is not the full output without tiers and waterfall";
}

// The page's side of a LiveQuote (web/engine/edgequote.js): applies one answer to its copies of
// the last good result's lines, guidance findings and warnings (arrays, updated in place) and returns the
// whole priced quote the answer stands for. An answer with errors is the canonical output as it
// is; the copies stay for the next good answer.
inline Json apply_live_answer(const std::string& answer, Json& lines, Json& findings, Json& warnings) {
    Json got = Json::parse(answer);
    if (!got.contains("changed")) return got;
    Json priced = std::move(got["priced"]);
    auto patch = [&](Json& list, const char* count, const char* changed, const char* key) {
        list.get_ref<Json::array_t&>().resize(got[count].get<std::size_t>());
        for (std::size_t k = 0; k < got[changed].size(); ++k) list[got[changed][k].get<std::size_t>()] = priced[key][k];
        priced[key] = list;
    };
    patch(lines, "count", "changed", "lines");
    patch(findings, "guidance_count", "guidance_changed", "guidance");
    // Warnings come whole, or not at all when they are the last good result's.
    if (got.contains("warnings_same")) priced["warnings"] = warnings;
    else warnings = priced["warnings"];
    return priced;
}

}  // namespace check
