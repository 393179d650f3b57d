// Canonical JSON output of a priced quote: keys in one fixed order, decimals as strings
// (money at the currency's minor digits), no whitespace.

#include "edgequote/engine.hpp"
#include "edgequote/json_writer.hpp"

namespace edgequote {
namespace {

// Formats decimals by kind, so that money always has the currency's minor digits. `Writer`: the
// compact JsonWriter, or the fast one for batch repricing (the same bytes).
template <class Writer>
class PricedWriter {
public:
    // `writer_args`: what the writer takes after the output (the fast one: the room to make).
    template <class Output, class... WriterArgs>
    PricedWriter(Output& out, const PricedQuote& q, OutputDetail detail, WriterArgs... writer_args)
        : w_(out, writer_args...), q_(q), detail_(detail) {}

    void write() {
        w_.begin_object();
        w_.field("schema_version", "1.0");
        w_.key("pricebook");
        w_.begin_object();
        w_.field("id", q_.pricebook_id);
        w_.field("version", q_.pricebook_version);
        w_.field("currency", q_.currency);
        w_.end_object();
        w_.key("customer");
        w_.begin_object();
        w_.field("name", q_.customer_name);
        w_.field("segment", q_.segment);
        w_.key("incumbent_monthly");
        optional_money(q_.incumbent_monthly);
        // Written only when named, so quotes without them keep their bytes.
        if (!q_.incumbent_vendor.empty()) w_.field("incumbent_vendor", q_.incumbent_vendor);
        if (q_.incumbent_estimate) {
            w_.key("incumbent_estimate");
            w_.begin_object();
            w_.field("vendor", q_.incumbent_estimate->vendor);
            w_.field("vendor_name", q_.incumbent_estimate->vendor_name);
            w_.key("monthly");
            money(q_.incumbent_estimate->monthly);
            if (q_.incumbent_estimate->lines) write_estimate_lines(*q_.incumbent_estimate->lines);
            w_.end_object();
        }
        w_.end_object();
        w_.key("term_months");
        w_.integer(q_.term_months);
        w_.field_or_null("bundle", q_.bundle);
        w_.key("commit_monthly_spend");
        optional_money(q_.commit_monthly_spend);
        if (!q_.as_of.empty()) w_.field("as_of", q_.as_of);  // only when the quote gave one
        w_.key("lines");
        w_.begin_array();
        for (const auto& line : q_.lines) write_line(line);
        w_.end_array();
        write_totals();
        if (!q_.periods.empty()) write_ramp();
        w_.key("guidance");
        w_.begin_array();
        for (const auto& f : q_.guidance) write_finding(f);
        w_.end_array();
        write_approval();
        w_.key("warnings");
        write_errors(q_.warnings);
        w_.key("errors");
        write_errors(q_.errors);
        w_.end_object();
    }

    void write_errors(const Errors& errors) {
        w_.begin_array();
        for (const auto& e : errors) {
            w_.begin_object();
            w_.field("code", e.code);
            w_.field("path", e.path);
            w_.field("message", e.message);
            w_.end_object();
        }
        w_.end_array();
    }

private:
    Writer w_;
    const PricedQuote& q_;
    OutputDetail detail_;

    void money(const Decimal& d) { w_.decimal_fixed(d, q_.minor_digits); }
    void optional_money(const std::optional<Decimal>& d) { d ? money(*d) : w_.null(); }
    void write_estimate_lines(const std::vector<EstimateLine>& lines) {
        w_.key("lines");
        w_.begin_array();
        for (const EstimateLine& e : lines) {
            w_.begin_object();
            w_.key("line"), w_.integer((long long)e.line);
            if (!e.regions.empty()) {
                w_.key("regions");
                w_.begin_array();
                for (const std::string& r : e.regions) w_.string(r);
                w_.end_array();
            }
            w_.end_object();
        }
        w_.end_array();
    }
    void number(const Decimal& d) { w_.decimal_shortest(d); }
    void optional_number(const std::optional<Decimal>& d) { d ? number(*d) : w_.null(); }
    void pct(const Decimal& d) { w_.decimal_fixed(d, 2); }
    void optional_pct(const std::optional<Decimal>& d) { d ? pct(*d) : w_.null(); }

    void write_line(const PricedLine& line) {
        w_.begin_object();
        w_.key("index");
        line.index ? w_.integer((long long)*line.index) : w_.null();
        w_.field("kind", line_kind_name(line.kind));
        w_.field("sku", line.sku);
        w_.field("name", line.name);
        w_.field("category", line.category);
        w_.field("billing", line.one_time ? "one_time" : "monthly");
        w_.key("quantity");
        optional_number(line.quantity);
        w_.field_or_null("unit", line.unit);
        w_.key("priced_quantity");
        number(line.priced_quantity);
        w_.field_or_null("priced_unit", line.priced_unit);
        w_.key("allowance");
        number(line.allowance);
        if (line.plan) write_plan(*line.plan);
        if (detail_ == OutputDetail::full) {
            w_.key("tiers");
            w_.begin_array();
            for (const auto& s : line.tiers) write_slice(s);
            w_.end_array();
        }
        w_.key("list");
        money(line.list);
        if (detail_ == OutputDetail::full) {
            w_.key("waterfall");
            w_.begin_array();
            for (const auto& step : line.waterfall) {
                w_.begin_object();
                w_.field("step", step.step);
                w_.key("pct");
                optional_pct(step.pct);
                w_.key("amount");
                money(step.amount);
                w_.key("running");
                money(step.running);
                w_.end_object();
            }
            w_.end_array();
        }
        w_.key("net");
        money(line.net);
        w_.key("discount_pct");
        pct(line.discount_pct);
        if (q_.internal) {
            w_.key("cost");
            optional_money(line.cost);
            w_.key("floor");
            optional_money(line.floor);
            w_.key("target");
            optional_money(line.target);
            w_.key("under_floor");
            w_.boolean(line.under_floor);
        }
        w_.end_object();
    }

    void write_slice(const TierSlice& s) {
        w_.begin_object();
        w_.field_or_null("region", s.region);
        w_.key("tier");
        w_.integer(s.tier);
        w_.key("from");
        number(s.from);
        w_.key("to");
        optional_number(s.to);
        w_.key("quantity");
        number(s.quantity);
        w_.key("unit_price");
        number(s.unit_price);
        w_.key("flat");
        number(s.flat);
        w_.key("amount");
        number(s.amount);
        if (s.block_size) {  // only for tiers sold in blocks
            w_.key("block_size");
            number(*s.block_size);
            w_.key("blocks");
            number(s.blocks);
        }
        w_.field_or_null("note", s.note);
        w_.end_object();
    }

    void write_plan(const PlanChoice& plan) {
        w_.key("plan");
        w_.begin_object();
        w_.key("tier");
        w_.integer(plan.tier);
        w_.field("tier_name", plan.tier_name);
        w_.key("chosen_by");
        w_.begin_array();
        for (const auto& limit : plan.chosen_by) w_.string(limit);
        w_.end_array();
        w_.key("usage");
        w_.begin_array();
        for (const auto& u : plan.usage) {
            w_.begin_object();
            w_.field("limit", u.limit);
            w_.field("unit", u.unit);
            w_.key("quantity");
            number(u.quantity);
            w_.key("up_to");
            optional_number(u.up_to);
            w_.end_object();
        }
        w_.end_array();
        w_.end_object();
    }

    // A ramped quote's periods, each priced as a month of its own (lines in summary form).
    void write_ramp() {
        w_.key("ramp");
        w_.begin_object();
        w_.field("guidance_basis", q_.guidance_basis);
        w_.key("average_net_monthly");
        optional_money(q_.average_net_monthly);
        w_.key("periods");
        w_.begin_array();
        const OutputDetail detail = detail_;
        detail_ = OutputDetail::summary;
        for (const PricedPeriod& p : q_.periods) {
            w_.begin_object();
            w_.key("from_month");
            w_.integer(p.from_month);
            w_.key("to_month");
            w_.integer(p.to_month);
            w_.key("months");
            w_.integer(p.months);
            w_.key("commit_monthly_spend");
            optional_money(p.commit_monthly_spend);
            w_.key("list_monthly");
            money(p.list_monthly);
            w_.key("net_monthly");
            money(p.net_monthly);
            w_.key("one_time");
            money(p.one_time);
            w_.key("value");
            money(p.value);
            w_.key("lines");
            w_.begin_array();
            for (const auto& line : p.lines) write_line(line);
            w_.end_array();
            w_.end_object();
        }
        detail_ = detail;
        w_.end_array();
        w_.end_object();
    }

    void write_totals() {
        const Totals& t = q_.totals;
        w_.key("totals");
        w_.begin_object();
        w_.key("list_monthly");
        money(t.list_monthly);
        w_.key("net_monthly");
        money(t.net_monthly);
        w_.key("one_time");
        money(t.one_time);
        w_.key("tcv");
        money(t.tcv);
        w_.key("discount_pct");
        pct(t.discount_pct);
        w_.key("discretionary_discount_pct");
        pct(t.discretionary_discount_pct);
        w_.key("margin_pct");
        optional_pct(t.margin_pct);
        if (q_.internal) {
            w_.key("cost_monthly");
            optional_money(t.cost_monthly);
        }
        w_.end_object();
    }

    void write_finding(const Finding& f) {
        w_.begin_object();
        w_.field("code", f.code);
        w_.field("severity", f.severity);
        w_.field("message", f.message);
        w_.key("value");
        number(f.value);
        w_.key("band");
        if (f.band) {
            w_.begin_object();
            w_.key("low");
            number(f.band->low);
            w_.key("target");
            optional_number(f.band->target);
            w_.key("high");
            number(f.band->high);
            w_.end_object();
        } else {
            w_.null();
        }
        w_.key("line");
        f.line ? w_.integer((long long)*f.line) : w_.null();
        if (f.estimate) w_.key("estimate"), w_.boolean(true);  // only on findings that rest on one
        w_.end_object();
    }

    void write_check(const RuleCheck& c) {
        w_.begin_object();
        w_.field("rule", c.rule);
        w_.field("metric", c.metric);
        w_.field("op", c.op);
        w_.key("value");
        optional_number(c.value);
        w_.key("threshold");
        optional_number(c.threshold);
        w_.field("level", c.level);
        w_.field("message", c.message);
        w_.key("fired");
        w_.boolean(c.fired);
        w_.key("distance");
        optional_number(c.distance);
        w_.end_object();
    }

    void write_approval() {
        w_.key("approval");
        if (!q_.internal) {
            w_.null();
            return;
        }
        const Approval& a = q_.approval;
        w_.begin_object();
        w_.field("level", a.level);
        w_.key("fired");
        w_.begin_array();
        for (const auto& c : a.fired) write_check(c);
        w_.end_array();
        w_.key("next");
        a.next ? write_check(*a.next) : w_.null();
        w_.key("checks");
        w_.begin_array();
        for (const auto& c : a.checks) write_check(c);
        w_.end_array();
        w_.end_object();
    }
};

}  // namespace

const char* line_kind_name(LineKind kind) {
    switch (kind) {
        case LineKind::product: return "product";
        case LineKind::bundle: return "bundle";
        case LineKind::percentage: return "percentage";
        case LineKind::true_up: return "true_up";
    }
    return "product";
}

std::string write_priced_quote(const PricedQuote& priced, OutputDetail detail) {
    std::string out;
    out.reserve(1024 + priced.lines.size() * (detail == OutputDetail::full ? 900 : 300));
    PricedWriter<detail::JsonWriter>(out, priced, detail).write();
    return out;
}

void append_priced_quote(std::string& out, const PricedQuote& priced, OutputDetail detail) {
#if !defined(__EMSCRIPTEN__)
    detail::OutputBuffer buffer;
    append_priced_quote(buffer, priced, detail);
    out.append(buffer.data(), buffer.size());
#else
    PricedWriter<detail::JsonWriter>(out, priced, detail).write();
#endif
}

#if !defined(__EMSCRIPTEN__)
void append_priced_quote(detail::OutputBuffer& out, const PricedQuote& priced, OutputDetail detail) {
    // Room for what most quotes write, made once (the writer makes more when a quote outgrows
    // it): on the bench's quotes a summary is ~650 bytes a line, 86 % of them fit in this, and a
    // full quote ~1,100 bytes a line, 88 % fit. The room is not cleared, so a larger guess costs
    // nothing but address space.
    std::size_t lines = priced.lines.size();
    for (const PricedPeriod& p : priced.periods) lines += p.lines.size();
    const std::size_t expected = 2048 + lines * (detail == OutputDetail::full ? 1400 : 800);
    PricedWriter<detail::FastJsonWriter>(out, priced, detail, expected).write();
}
#endif

std::string write_errors(const Errors& errors) {
    std::string out;
    PricedQuote empty;
    PricedWriter<detail::JsonWriter> writer(out, empty, OutputDetail::summary);
    out += "{\"errors\":";
    writer.write_errors(errors);
    out += "}";
    return out;
}

}  // namespace edgequote
