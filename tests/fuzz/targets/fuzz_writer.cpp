// Fuzz target: the canonical writer on its own. The input bytes build a PricedQuote directly
// (any strings — quotes, backslashes, control characters, multi-byte UTF-8 — and decimals of
// any scale and sign), so the writer sees shapes the pricing never produces. The output must
// be valid JSON that reads back to exactly the strings and values that were written, with
// money at the currency's minor digits and other decimals in shortest form.
#include <nlohmann/json.hpp>

#include "../check_priced.hpp"
#include "fuzz_common.hpp"

namespace {

constexpr const char* kTarget = "fuzz_writer";
using edgequote::Decimal;

std::string text(fuzz::Bytes& in) {
    static const char* const pieces[] = {
        "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\b", "\f", "\x01", "\x1f", "\x7f",
        "\xc3\xa9" /* é */, "\xe2\x82\xac" /* € */, "\xf0\x9f\x98\x80" /* emoji */, "\xe2\x80\xa8" /* U+2028 */,
        "<script>", "&amp;", "{}", "%s", "\\u0000"};
    std::string out;
    const std::size_t count = in.below(12);
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t k = in.below(sizeof pieces / sizeof *pieces + 1);
        if (k == sizeof pieces / sizeof *pieces) out.push_back('\0');
        else out += pieces[k];
    }
    return out;
}

Decimal number(fuzz::Bytes& in) {
    std::string digits = in.flag() ? "-" : "";
    const std::size_t whole = 1 + in.below(20), frac = in.below(14);
    for (std::size_t i = 0; i < whole; ++i) digits.push_back(char('0' + in.below(10)));
    if (frac) {
        digits.push_back('.');
        for (std::size_t i = 0; i < frac; ++i) digits.push_back(char('0' + in.below(10)));
    }
    Decimal d = *Decimal::parse(digits);
    switch (in.below(4)) {  // arithmetic leaves mantissas unnormalized and scales uneven
        case 1: d = d + Decimal::from_int(std::int64_t(in.byte())); break;
        case 2: d = d * *Decimal::parse("0.000" + std::to_string(in.byte())); break;
        case 3: d = d.divide(Decimal::from_int(1 + in.byte()), int(in.below(25)), edgequote::RoundingMode::half_even); break;
        default: break;
    }
    return d.is_overflow() ? Decimal() : d;
}

std::optional<Decimal> maybe(fuzz::Bytes& in) {
    if (in.flag()) return std::nullopt;
    return number(in);
}

edgequote::Errors issues(fuzz::Bytes& in) {
    edgequote::Errors out(in.below(3));
    for (auto& e : out) e = {text(in), text(in), text(in)};
    return out;
}

[[noreturn]] void fail(const std::string& what, const std::string& out) { fuzz::die(kTarget, what + "\noutput: " + out); }

void same_text(const nlohmann::json& v, const std::string& expected, const char* where, const std::string& out) {
    if (!v.is_string() || v.get_ref<const std::string&>() != expected) fail(std::string(where) + " does not read back", out);
}

void same_text_or_null(const nlohmann::json& v, const std::string& expected, const char* where, const std::string& out) {
    if (expected.empty() ? !v.is_null() : (!v.is_string() || v.get_ref<const std::string&>() != expected))
        fail(std::string(where) + " does not read back", out);
}

void same_number(const nlohmann::json& v, const Decimal& expected, const char* where, const std::string& out) {
    if (!check::is_shortest(v) || check::dec_text(v.get<std::string>()) != expected) fail(std::string(where) + " is not the shortest exact form", out);
}

void same_fixed(const nlohmann::json& v, const Decimal& expected, int digits, const char* where, const std::string& out) {
    if (!check::is_fixed(v, digits) || check::dec_text(v.get<std::string>()) != expected.round(digits, edgequote::RoundingMode::half_up))
        fail(std::string(where) + " is not written with " + std::to_string(digits) + " digits", out);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::Bytes in(data, size);
    edgequote::PricedQuote q;
    static const int minor[] = {0, 2, 3};
    q.minor_digits = minor[in.below(3)];
    q.internal = in.flag();
    q.pricebook_id = text(in);
    q.pricebook_version = text(in);
    q.currency = text(in);
    q.customer_name = text(in);
    q.segment = text(in);
    q.incumbent_monthly = maybe(in);
    q.term_months = int(in.below(61));
    q.bundle = text(in);
    q.commit_monthly_spend = maybe(in);
    q.lines.resize(in.below(5));
    for (auto& line : q.lines) {
        if (in.flag()) line.index = in.below(100);
        line.kind = edgequote::LineKind(in.below(4));
        line.sku = text(in);
        line.name = text(in);
        line.category = text(in);
        line.one_time = in.flag();
        line.quantity = maybe(in);
        line.unit = text(in);
        line.priced_quantity = number(in);
        line.priced_unit = text(in);
        line.allowance = number(in);
        line.tiers.resize(in.below(4));
        for (auto& s : line.tiers) {
            s.region = text(in);
            s.tier = int(in.below(10));
            s.from = number(in);
            s.to = maybe(in);
            s.quantity = number(in);
            s.unit_price = number(in);
            s.flat = number(in);
            s.amount = number(in);
            s.note = text(in);
        }
        line.list = number(in);
        line.waterfall.resize(in.below(4));
        for (auto& step : line.waterfall) step = {text(in), maybe(in), number(in), number(in)};
        line.net = number(in);
        line.discount_pct = number(in);
        line.cost = maybe(in);
        line.floor = maybe(in);
        line.target = maybe(in);
        line.under_floor = in.flag();
    }
    q.totals.list_monthly = number(in);
    q.totals.net_monthly = number(in);
    q.totals.one_time = number(in);
    q.totals.tcv = number(in);
    q.totals.discount_pct = number(in);
    q.totals.margin_pct = maybe(in);
    q.totals.cost_monthly = maybe(in);
    q.guidance.resize(in.below(3));
    for (auto& f : q.guidance) {
        f.code = text(in);
        f.severity = text(in);
        f.message = text(in);
        f.value = number(in);
        if (in.flag()) f.band = edgequote::GuidanceBand{number(in), maybe(in), number(in)};
        if (in.flag()) f.line = in.below(10);
    }
    q.approval.level = text(in);
    q.approval.checks.resize(in.below(3));
    for (auto& c : q.approval.checks) {
        c.rule = text(in);
        c.metric = text(in);
        c.op = text(in);
        c.value = maybe(in);
        c.threshold = maybe(in);
        c.level = text(in);
        c.message = text(in);
        c.fired = in.flag();
        c.distance = maybe(in);
    }
    if (!q.approval.checks.empty() && in.flag()) q.approval.next = q.approval.checks.front();
    q.warnings = issues(in);
    q.errors = issues(in);

    for (auto detail : {edgequote::OutputDetail::full, edgequote::OutputDetail::summary}) {
        const std::string out = edgequote::write_priced_quote(q, detail);
        const auto doc = nlohmann::json::parse(out, nullptr, false);
        if (doc.is_discarded()) fail("not valid JSON", out);
        same_text(doc["pricebook"]["id"], q.pricebook_id, "pricebook.id", out);
        same_text(doc["customer"]["name"], q.customer_name, "customer.name", out);
        same_text_or_null(doc["bundle"], q.bundle, "bundle", out);
        if (q.incumbent_monthly) same_fixed(doc["customer"]["incumbent_monthly"], *q.incumbent_monthly, q.minor_digits, "incumbent", out);
        if (doc["lines"].size() != q.lines.size()) fail("line count", out);
        for (std::size_t i = 0; i < q.lines.size(); ++i) {
            const auto& l = doc["lines"][i];
            const auto& line = q.lines[i];
            same_text(l["name"], line.name, "line name", out);
            same_text(l["sku"], line.sku, "line sku", out);
            same_text_or_null(l["unit"], line.unit, "line unit", out);
            same_number(l["priced_quantity"], line.priced_quantity, "priced_quantity", out);
            same_number(l["allowance"], line.allowance, "allowance", out);
            same_fixed(l["list"], line.list, q.minor_digits, "list", out);
            same_fixed(l["net"], line.net, q.minor_digits, "net", out);
            same_fixed(l["discount_pct"], line.discount_pct, 2, "discount_pct", out);
            if (line.quantity) same_number(l["quantity"], *line.quantity, "quantity", out);
            if (detail == edgequote::OutputDetail::summary) {
                if (l.contains("tiers") || l.contains("waterfall")) fail("summary with tiers or waterfall", out);
                continue;
            }
            for (std::size_t k = 0; k < line.tiers.size(); ++k) {
                const auto& s = l["tiers"][k];
                same_text_or_null(s["note"], line.tiers[k].note, "slice note", out);
                same_text_or_null(s["region"], line.tiers[k].region, "slice region", out);
                same_number(s["amount"], line.tiers[k].amount, "slice amount", out);
                same_number(s["unit_price"], line.tiers[k].unit_price, "slice unit_price", out);
                if (line.tiers[k].to) same_number(s["to"], *line.tiers[k].to, "slice to", out);
            }
            for (std::size_t k = 0; k < line.waterfall.size(); ++k) {
                same_text(l["waterfall"][k]["step"], line.waterfall[k].step, "step", out);
                same_fixed(l["waterfall"][k]["running"], line.waterfall[k].running, q.minor_digits, "running", out);
            }
        }
        same_fixed(doc["totals"]["tcv"], q.totals.tcv, q.minor_digits, "tcv", out);
        for (std::size_t i = 0; i < q.guidance.size(); ++i) {
            same_text(doc["guidance"][i]["message"], q.guidance[i].message, "finding message", out);
            same_number(doc["guidance"][i]["value"], q.guidance[i].value, "finding value", out);
        }
        if (q.internal) {
            for (std::size_t i = 0; i < q.approval.checks.size(); ++i)
                same_text(doc["approval"]["checks"][i]["message"], q.approval.checks[i].message, "check message", out);
        } else if (!doc["approval"].is_null()) {
            fail("approval without internal data", out);
        }
        for (std::size_t i = 0; i < q.errors.size(); ++i) {
            same_text(doc["errors"][i]["message"], q.errors[i].message, "error message", out);
            same_text(doc["errors"][i]["path"], q.errors[i].path, "error path", out);
        }
    }
    const std::string errors = edgequote::write_errors(q.errors);
    if (nlohmann::json::parse(errors, nullptr, false).is_discarded()) fail("write_errors is not valid JSON", errors);
    return 0;
}
