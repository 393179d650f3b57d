// Ramped deals: year 1 at 100 TB a month, year 2 at 150, year 3 at 200, with commits that step
// up. Each period is priced as a month of its own (its lines and commit, or the quote's), so
// every tier ladder, minimum and commit true-up applies per month exactly as in a quote without
// periods. Then:
// - `lines` and the monthly totals of the result are the first period's (they add up from the
//   lines shown); `totals.tcv` is the contract: Σ net_monthly × months + one-time charges.
// - One-time lines bill once per list of lines: a period's own lines bill theirs in that period;
//   the quote's lines bill theirs in the first period that uses them.
// - Guidance and approval run once, on the contract's average month ("average"): net, list,
//   cost, discounts and margin are month-weighted over the term, TCV is the contract's, and line
//   findings are about the first period's lines (the ones shown). The line-level approval
//   metrics read every period (guidance.cpp): the deepest discount on any line in any period,
//   the most lines under their floor in any one period.
#include "ramp.hpp"

#include "edgequote/error_codes.hpp"
#include "pricing_internal.hpp"

namespace edgequote::detail {
namespace {

const Decimal kZero = Decimal::from_int(0);
const Decimal kHundred = Decimal::from_int(100);

Decimal pct_off(const Decimal& from, const Decimal& to) {
    return from.sign() > 0 ? ((from - to) * kHundred).divide(from, 2, RoundingMode::half_up) : kZero;
}

// An error about a period's own lines or commit gets the period's path; the same error from
// several periods that share the quote's lines is reported once.
void add_period_errors(const Errors& from, const RampPeriod& period, std::size_t index, Errors& to) {
    const std::string base = pointer_append("/periods", index);
    for (Error e : from) {
        const bool line_error = e.path.rfind("/lines", 0) == 0;
        const bool commit_error = e.path.rfind("/commit", 0) == 0;
        if ((line_error && period.own_lines) || (commit_error && period.own_commit)) e.path = base + e.path;
        e.message = "Months " + std::to_string(period.from_month) + "–" + std::to_string(period.to_month) + ": " + e.message;
        bool seen = false;
        for (const Error& other : to) seen = seen || (other.code == e.code && other.path == e.path);
        if (!seen) to.push_back(std::move(e));
    }
}

}  // namespace

PricedQuote price_ramped(const PriceBook& book, const Quote& quote, PriceMonth price_month) {
    PricedQuote out;
    Quote first_month;
    Errors errors, warnings;
    bool quote_one_time_billed = false;
    Decimal tcv, one_time_all, list_w, net_w, standard_w, cost_w;
    for (std::size_t p = 0; p < quote.periods.size(); ++p) {
        const RampPeriod& period = quote.periods[p];
        Quote month = quote;
        month.periods.clear();
        if (period.own_lines) month.lines = period.lines;
        if (period.own_commit) month.commit_monthly_spend = period.commit_monthly_spend;
        PricedQuote priced = price_month(book, month);
        add_period_errors(priced.errors, period, p, errors);
        add_period_errors(priced.warnings, period, p, warnings);
        if (!priced.errors.empty()) continue;

        PricedPeriod row;
        row.from_month = period.from_month;
        row.to_month = period.to_month;
        row.months = period.months();
        row.commit_monthly_spend = month.commit_monthly_spend;
        row.list_monthly = priced.totals.list_monthly;
        row.net_monthly = priced.totals.net_monthly;
        const bool bills_one_time = period.own_lines || !quote_one_time_billed;
        if (!period.own_lines) quote_one_time_billed = true;
        row.one_time = bills_one_time ? priced.totals.one_time : kZero;
        const Decimal months = Decimal::from_int(row.months);
        row.value = row.net_monthly * months + row.one_time;
        tcv += row.value;
        one_time_all += row.one_time;
        Decimal standard;
        for (const PricedLine& line : priced.lines)
            if (!line.one_time) standard += line.standard;
        list_w += row.list_monthly * months;
        net_w += row.net_monthly * months;
        standard_w += standard * months;
        cost_w += priced.totals.cost_monthly.value_or(kZero) * months;
        row.lines = priced.lines;
        if (p == 0) {
            out = std::move(priced);
            first_month = std::move(month);
        }
        out.periods.push_back(std::move(row));
    }
    out.warnings = std::move(warnings);
    if (!errors.empty()) {
        PricedQuote failed;
        failed.pricebook_id = book.id;
        failed.pricebook_version = book.version;
        failed.currency = book.currency;
        failed.minor_digits = book.minor_digits;
        failed.errors = std::move(errors);
        failed.warnings = std::move(out.warnings);
        return failed;
    }
    out.totals.tcv = tcv;
    if (tcv.is_overflow()) {
        out.errors.push_back({codes::overflow, "", "The contract value over the periods is too large to compute exactly."});
        out.lines.clear();
        out.periods.clear();
        out.totals = Totals{};
        return out;
    }
    const Decimal term = Decimal::from_int(quote.term_months);
    out.average_net_monthly = book.round_money((tcv - one_time_all).divide(term, 12, RoundingMode::half_even));
    out.guidance_basis = kRampGuidanceBasis;

    // Guidance and approval on the contract's average month: the shown totals (the first
    // period's) are set aside while they run (no copy of the whole result).
    Totals shown = out.totals;
    out.guidance.clear();
    out.approval = Approval{};
    Totals& basis = out.totals;
    basis.net_monthly = *out.average_net_monthly;
    basis.list_monthly = book.round_money(list_w.divide(term, 12, RoundingMode::half_even));
    basis.discount_pct = pct_off(list_w, net_w);
    basis.discretionary_discount_pct = pct_off(standard_w, net_w);
    if (book.internal) {
        basis.cost_monthly = book.round_money(cost_w.divide(term, 12, RoundingMode::half_even));
        basis.margin_pct = net_w.sign() > 0 ? ((net_w - cost_w) * kHundred).divide(net_w, 2, RoundingMode::half_up) : kZero;
    }
    apply_guidance_and_approval(book, first_month, out);
    out.totals = shown;
    return out;
}

}  // namespace edgequote::detail
