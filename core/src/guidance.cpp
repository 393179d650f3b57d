// Guidance (is this price sensible for this customer?) and approval (who must sign it off?).
// Under-quoting is flagged as loudly as over-discounting: both lose money.
#include <algorithm>

#include "edgequote/engine.hpp"
#include "comparable_net.hpp"
#include "typical_traffic.hpp"
#include "edgequote/finding_codes.hpp"
#include "pricing_internal.hpp"

namespace edgequote::detail {
namespace {

const Decimal kZero = Decimal::from_int(0);
const Decimal kHundred = Decimal::from_int(100);
// A net this many times the top of the segment's band is more likely a unit slip (PB for TB)
// than a deal: flagged so the rep checks the quantities.
const Decimal kFarAboveFactor = Decimal::from_int(10);

std::string percent_text(const Decimal& pct, int digits = 0) {
    return pct.to_fixed(digits, RoundingMode::half_up) + "%";
}

// (a - b) / b as a percentage.
Decimal relative_pct(const Decimal& a, const Decimal& b) {
    if (b.is_zero()) return kZero;
    return ((a - b) * kHundred).divide(b, 2, RoundingMode::half_up);
}

// kMessages false (ResultDetail::amounts): no text is made — each message below is
// `!messages_ ? "" : text` — and no rule checks are kept; codes, values, bands and the level are
// the same. A template, so the module that never asks for amounts alone holds none of it.
template <bool kMessages>
class Advisor {
public:
    Advisor(const PriceBook& book, const Quote& quote, PricedQuote& priced, GuidanceReuse* reuse)
        : book_(book), internal_(*book.internal), quote_(quote), priced_(priced), reuse_(reuse) {}

    void run() {
        for (Finding& f : typical_traffic_findings<kMessages>(book_, quote_, priced_))
            priced_.guidance.push_back(std::move(f));
        segment_band();
        incumbent();
        below_cost();
        features();
        approval();
    }

private:
    const PriceBook& book_;
    const Internal& internal_;
    const Quote& quote_;
    PricedQuote& priced_;
    GuidanceReuse* reuse_;
    static constexpr bool messages_ = kMessages;

    std::string money(const Decimal& d) const { return format_money(d, book_); }
    const std::string& segment_name() const { return book_.segments[quote_.customer.segment].name; }

    void add(std::string code, const char* severity, std::string message, Decimal value,
             std::optional<GuidanceBand> band = std::nullopt, std::optional<std::size_t> line = std::nullopt) {
        priced_.guidance.push_back({std::move(code), severity, std::move(message), value, band, line});
    }

    void segment_band() {
        auto it = internal_.deal_bands.find(quote_.customer.segment);
        if (it == internal_.deal_bands.end()) return;
        const Band& band = it->second;
        const Decimal& net = priced_.totals.net_monthly;
        const GuidanceBand shown{band.low, band.target, band.high};
        const std::string range = messages_ ? money(band.low) + "–" + money(band.high) + "/month" : "";
        if (net < band.low) {
            add(findings::under_segment_band, "critical",
                !messages_ ? "" : money(net) + "/month is " + percent_text(-relative_pct(net, band.low)) +
                    " under what " + segment_name() + " deals usually run: " + range + ". Raise the net by " +
                    money(band.low - net) + " to reach the band's low; check the feature set and volumes before sending.",
                net, shown);
        } else if (net > band.high * kFarAboveFactor) {
            add(findings::far_over_segment_band, "warning",
                !messages_ ? "" : money(net) + "/month is more than " + kFarAboveFactor.to_string() + "× the top of the " + segment_name() +
                    " band (" + range + "), " + money(net - band.high) +
                    " over its high: check the quantities and units (TB vs PB?).",
                net, shown);
        } else if (net > band.high) {
            add(findings::over_segment_band, "info",
                !messages_ ? "" : money(net) + "/month is " + money(net - band.high) + " above the usual " + segment_name() + " band (" +
                    range + ").",
                net, shown);
        }
    }

    // Displacement: the quote against what the prospect pays its incumbent. A typed price always
    // wins and is the customer's whole bill, so the whole net is measured against it. Without one,
    // an estimate of the same traffic at the incumbent's public list prices
    // (customer.incumbent_estimate, from compare_json) stands in: it prices only what has a
    // counterpart there, so our net for that same part is measured against it (like with like,
    // comparable_net.hpp), the findings say what was left out and that it is an estimate. The
    // approval rules that name these findings fire on either.
    void incumbent() {
        if (!internal_.incumbent) return;
        const auto& customer = quote_.customer;
        const bool estimated = !customer.incumbent_monthly && customer.incumbent_estimate;
        if (!customer.incumbent_monthly && !estimated) return;
        const Decimal& theirs = estimated ? customer.incumbent_estimate->monthly : *customer.incumbent_monthly;
        if (theirs.is_zero()) return;
        Decimal net = priced_.totals.net_monthly;
        std::string ours = messages_ ? money(net) + "/month" : "";
        std::string left_out;
        if (estimated && customer.incumbent_estimate->lines) {
            const ComparableNet part = comparable_net(book_, priced_, *customer.incumbent_estimate->lines);
            if (part.lines == 0) return;  // it prices none of this quote (estimated before an edit)
            net = part.net;
            if (messages_) {
                ours = "Our net for the traffic compared, " + money(net) + "/month,";
                left_out = not_compared_text(part.not_compared, customer.incumbent_estimate->vendor_name);
            }
        }
        const std::string what = !messages_ ? "" : estimated ? "an estimated " + money(theirs) + "/month at " +
                                                 customer.incumbent_estimate->vendor_name +
                                                 "'s public list prices (an estimate from public list prices, not the "
                                                 "customer's bill)"
                                           : "the incumbent's " + money(theirs) + "/month";
        const Decimal ratio = (net * kHundred).divide(theirs, 2, RoundingMode::half_up);
        const Decimal low = book_.round_money((theirs * internal_.incumbent->low_pct).divide_pow10(2));
        const Decimal high = book_.round_money((theirs * internal_.incumbent->high_pct).divide_pow10(2));
        const GuidanceBand band{low, std::nullopt, high};
        const std::size_t before = priced_.guidance.size();
        if (ratio < internal_.incumbent->low_pct) {
            add(findings::far_under_incumbent, "critical",
                !messages_ ? "" : ours + " is " + percent_text(ratio) + " of " + what + ". Displacement deals land at " +
                    percent_text(internal_.incumbent->low_pct) + "–" + percent_text(internal_.incumbent->high_pct) +
                    " of it (" + money(low) + "–" + money(high) + "): the customer already pays far more. Raise the net by " +
                    money(low - net) + " to reach " + percent_text(internal_.incumbent->low_pct) + " of it." + left_out,
                ratio, band);
        } else if (ratio > internal_.incumbent->high_pct) {
            add(findings::over_incumbent, "warning",
                !messages_ ? "" : ours + " is " + percent_text(ratio) + " of " + what +
                    ": above what they pay today makes a switch hard to justify. Lower the net by " + money(net - high) +
                    " to come down to " + percent_text(internal_.incumbent->high_pct) + " of it." + left_out,
                ratio, band);
        }
        if (priced_.guidance.size() > before) priced_.guidance.back().estimate = estimated;
    }

    // " Not compared (no list price at VENDOR): A $x/month, B $y/month." — at most four named.
    std::string not_compared_text(const std::vector<NotCompared>& parts, const std::string& vendor) const {
        if (parts.empty()) return "";
        constexpr std::size_t kNamed = 4;
        std::string text = " Not compared (no comparable list price at " + vendor + "): ";
        Decimal rest;
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (i < kNamed) text += (i ? ", " : "") + parts[i].name + " " + money(parts[i].net) + "/month";
            else rest = rest + parts[i].net;
        }
        if (parts.size() > kNamed)
            text += " and " + std::to_string(parts.size() - kNamed) + " more lines (" + money(rest) + "/month)";
        return text + ".";
    }

    // Over-discounting as loud as under-quoting: a quote that does not cover what it costs to
    // serve loses money on every invoice, whatever the band or the incumbent say. One-time
    // charges and their costs count too (the margin does the same).
    void below_cost() {
        const Totals& t = priced_.totals;
        if (!t.cost_monthly) return;
        const Decimal net = t.net_monthly + t.one_time;
        const Decimal& cost = *t.cost_monthly;
        if (!(net < cost)) return;
        const Decimal loss = cost - net;
        const std::string margin = messages_ && t.margin_pct && net.sign() > 0 ? " (margin " + percent_text(*t.margin_pct, 2) + ")" : "";
        const bool monthly = t.one_time.is_zero();
        add(findings::below_cost, "critical",
            !messages_ ? "" : (monthly ? money(net) + "/month is under the " + money(cost) + "/month it costs to serve: the deal loses " +
                           money(loss) + " a month" + margin
                     : money(net) + " (monthly and one-time charges) is under the " + money(cost) +
                           " it costs to deliver: the deal loses " + money(loss) + margin) +
                ". Raise the net by " + money(loss) + " just to break even.",
            net);
    }

    void features() {
        if (reuse_) reuse_->line_findings.assign(priced_.lines.size(), std::nullopt);
        for (std::size_t i = 0; i < priced_.lines.size(); ++i) {
            PricedLine& line = priced_.lines[i];
            if (line.kind != LineKind::product && line.kind != LineKind::percentage) continue;
            if (reuse_ && i < reuse_->reused.size() && reuse_->reused[i]) {
                // Kept from the last result, floor and target included: so is its finding.
                const std::optional<Finding>& before = reuse_->memo.line_findings[i];
                if (before) priced_.guidance.push_back(*before);
                reuse_->line_findings[i] = before;
                continue;
            }
            const std::size_t first = priced_.guidance.size();
            // Product and percentage lines are quote lines: their product is the quote line's.
            const std::size_t product = quote_.lines[*line.index].product;
            auto guidance = internal_.features.find(product);
            if (guidance == internal_.features.end()) continue;
            const FeatureBand* band = guidance->second.for_segment(quote_.customer.segment);
            if (!band || line.list.is_zero()) continue;
            const Decimal floor = book_.round_money((line.list * band->floor_pct).divide_pow10(2));
            const Decimal target = book_.round_money((line.list * band->target_pct).divide_pow10(2));
            line.floor = floor;
            line.target = target;
            const GuidanceBand shown{floor, target, line.list};
            if (line.net < floor) {
                line.under_floor = true;
                add(findings::line_under_floor, "critical",
                    !messages_ ? "" : line.name + " at " + money(line.net) + " is under its floor of " + money(floor) + " (" +
                        percent_text(band->floor_pct) + " of list " + money(line.list) + ") for " + segment_name() + ".",
                    line.net, shown, i);
            } else if (line.net < target) {
                add(findings::line_under_target, "warning",
                    !messages_ ? "" : line.name + " at " + money(line.net) + " is under its target of " + money(target) + " (" +
                        percent_text(band->target_pct) + " of list) for " + segment_name() + ".",
                    line.net, shown, i);
            }
            if (reuse_ && priced_.guidance.size() > first) reuse_->line_findings[i] = priced_.guidance.back();
        }
    }

    bool has_finding(const std::string& code) const {
        return std::any_of(priced_.guidance.begin(), priced_.guidance.end(),
                           [&](const Finding& f) { return f.code == code; });
    }

    // Line metrics read every line the contract bills. A ramp (periods) shows its first period's
    // lines, but each period was priced, floors included, as a month of its own: the deepest
    // discount on any line in any period, and the most lines under their floor in any one
    // period, drive the approval, so a discount hidden in year 3 is approved like one in year 1.
    Decimal deepest_line_discount() const {
        Decimal deepest;
        for (const auto& line : priced_.lines) deepest = max(deepest, line.discount_pct);
        for (const auto& period : priced_.periods)
            for (const auto& line : period.lines) deepest = max(deepest, line.discount_pct);
        return deepest;
    }

    Decimal most_lines_under_floor() const {
        const auto under_floor = [](const std::vector<PricedLine>& lines) {
            std::int64_t count = 0;
            for (const auto& line : lines) count += line.under_floor ? 1 : 0;
            return count;
        };
        std::int64_t most = under_floor(priced_.lines);
        for (const auto& period : priced_.periods) most = std::max(most, under_floor(period.lines));
        return Decimal::from_int(most);
    }

    std::optional<Decimal> metric_value(const ApprovalRule& rule) const {
        const Totals& t = priced_.totals;
        switch (rule.metric) {
            case Metric::overall_discount_pct: return t.discount_pct;
            case Metric::discretionary_discount_pct: return t.discretionary_discount_pct;
            case Metric::max_line_discount_pct: return deepest_line_discount();
            case Metric::margin_pct: return t.margin_pct;
            case Metric::net_monthly: return t.net_monthly;
            case Metric::tcv: return t.tcv;
            case Metric::term_months: return Decimal::from_int(quote_.term_months);
            case Metric::lines_under_floor: return most_lines_under_floor();
            case Metric::finding: return std::nullopt;
        }
        return std::nullopt;
    }

    // Strictly past the threshold: "up to 10% is the rep's own call".
    static bool fires(const ApprovalRule& rule, const Decimal& value) {
        return rule.fires_above ? value > rule.threshold : value < rule.threshold;
    }

    // Amounts alone: the level the rules reach, without a RuleCheck per rule and with the
    // line metrics (a walk over every line) read once. The same comparisons, and the same
    // distance arithmetic, so a value too large to compare exactly overflows here as there.
    void level() {
        std::size_t required = 0;
        std::optional<Decimal> deepest, most_under;
        for (const ApprovalRule& rule : internal_.rules) {
            bool fired = false;
            if (rule.metric == Metric::finding) {
                fired = has_finding(rule.finding);
            } else {
                std::optional<Decimal> value;
                if (rule.metric == Metric::max_line_discount_pct) value = deepest ? deepest : deepest = deepest_line_discount();
                else if (rule.metric == Metric::lines_under_floor) value = most_under ? most_under : most_under = most_lines_under_floor();
                else value = metric_value(rule);
                if (value) {
                    fired = fires(rule, *value);
                    (void)(*value - rule.threshold).abs();
                }
            }
            if (fired) required = std::max(required, rule.level);
        }
        priced_.approval.level = internal_.levels.empty() ? "" : internal_.levels[required];
    }

    void approval() {
        if constexpr (!kMessages) return level();
        Approval& a = priced_.approval;
        std::size_t required = 0;
        for (const ApprovalRule& rule : internal_.rules) {
            RuleCheck check;
            if (messages_) {
                check.rule = rule.id;
                check.metric = metric_name(rule.metric);
                check.level = internal_.levels[rule.level];
                check.message = rule.message;
            }
            check.level_rank = rule.level;
            if (rule.metric == Metric::finding) {
                check.op = "present";
                if (messages_) check.metric = "finding:" + rule.finding;
                check.fired = has_finding(rule.finding);
            } else {
                check.op = rule.fires_above ? ">" : "<";
                check.value = metric_value(rule);
                check.threshold = rule.threshold;
                if (check.value) {
                    check.fired = fires(rule, *check.value);
                    check.distance = (*check.value - rule.threshold).abs();
                }
            }
            if (check.fired) required = std::max(required, rule.level);
            if (messages_) a.checks.push_back(std::move(check));  // otherwise only the level is read
        }
        a.level = internal_.levels.empty() ? "" : internal_.levels[required];
        for (const RuleCheck& check : a.checks) {
            if (check.fired) a.fired.push_back(check);
        }
        // The next rule that would raise the level: the first rule, in policy order, of the
        // lowest level above the current one (distances of different metrics don't compare).
        for (const RuleCheck& check : a.checks) {
            if (check.fired || !check.distance || check.level_rank <= required) continue;
            if (!a.next || check.level_rank < a.next->level_rank) a.next = check;
        }
    }
};

}  // namespace

std::string group_thousands(const std::string& digits) {
    std::string out;
    const std::size_t n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(digits[i]);
        if ((n - i - 1) % 3 == 0 && i + 1 != n) out.push_back(',');
    }
    return out;
}

std::string format_money(const Decimal& amount, const PriceBook& book) {
    std::string fixed = amount.abs().to_fixed(book.minor_digits, book.rounding);
    const auto point = fixed.find('.');
    std::string whole = point == std::string::npos ? fixed : fixed.substr(0, point);
    std::string frac = point == std::string::npos ? "" : fixed.substr(point);
    std::string symbol;
    if (book.currency == "USD") symbol = "$";
    else if (book.currency == "EUR") symbol = "€";
    else if (book.currency == "GBP") symbol = "£";
    else if (book.currency == "JPY") symbol = "¥";
    else symbol = book.currency + " ";
    return std::string(amount.sign() < 0 ? "-" : "") + symbol + group_thousands(whole) + frac;
}

void apply_guidance_and_approval(const PriceBook& book, const Quote& quote, PricedQuote& priced, GuidanceReuse* reuse) {
    if (!book.internal) return;
    Advisor<true>(book, quote, priced, reuse).run();
}

void apply_guidance_codes_and_level(const PriceBook& book, const Quote& quote, PricedQuote& priced, GuidanceReuse* reuse) {
    if (!book.internal) return;
    Advisor<false>(book, quote, priced, reuse).run();
}

}  // namespace edgequote::detail
