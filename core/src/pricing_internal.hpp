#pragma once
#include <optional>
#include <string>
#include <vector>

#include "edgequote/engine.hpp"
#include "edgequote/pricebook.hpp"
#include "edgequote/quote.hpp"

namespace edgequote::detail {

// What the last good pricing of a quote being edited leaves for the next one (LiveQuote).
// An edit that keeps the term, commit, bundle, quote discount and segment changes no line whose
// input is unchanged and whose product has no changed line: its tier ladders (per product,
// allowances included), waterfall, cost and guidance band depend on nothing else. Such lines are
// taken from here; the rest of the quote is priced as price() prices it.
struct PriceMemo {
    bool valid = false;
    Quote quote;                          // the last quote priced without errors
    // Set: the memo is of this very quote (`quote` is not kept) priced under another book that
    // differs from this one only in these products (price-change impact's proposed side). The
    // lines of every other product are taken from the memo, as a live quote's unchanged ones.
    // By product index, 1 where changed (as plan_reuse marks a product whose lines changed).
    const std::vector<char>* changed_products = nullptr;
    std::vector<PricedLine> lines;        // its priced lines
    std::vector<Errors> ladder_warnings;  // its tier-ladder warnings, by product
    std::vector<std::optional<Finding>> line_findings;  // its guidance finding about each line
};

// What guidance may take from the last result: the lines kept from it (`reused`, by priced
// line) and their findings then (`memo.line_findings`); the new findings by line are left in
// `line_findings` for the memo.
struct GuidanceReuse {
    const std::vector<char>& reused;
    const PriceMemo& memo;
    std::vector<std::optional<Finding>>& line_findings;
};

// price(), reusing the memo's lines where the edit cannot have changed them; `reused[i]` says
// line i of the result is one of them (so equal to the memo's line i). On success the memo's
// ladder warnings and line findings are the new ones and its reused lines are moved out: the
// caller stores the new quote and lines (remember()). With errors the memo is left as it was.
PricedQuote price_incremental(const PriceBook& book, const Quote& quote, PriceMemo& memo, std::vector<char>& reused);
void remember(PriceMemo& memo, Quote quote, std::vector<PricedLine> lines);

// What a caller reads of a priced quote. `amounts`: the header, the lines, the totals, each
// guidance finding's code, value, band and line, and the approval level — what price-change
// impact reads. Guidance messages are then left empty and the approval's rule checks (`checks`,
// `fired`, `next`) out: the same verdicts, without the text nobody writes. Natively, a priced
// line's `waterfall` steps are left out too (its standard, net and discount are as ever), and
// so are the tier slices of a line priced on a ladder (its list is their sum); a ramp, priced
// in full, true-up lines and the lines of a quote with an estimated incumbent by line keep
// theirs. `summary` (natively): everything but those steps and slices — what
// OutputDetail::summary writes (the batch's `reprice --summary`).
enum class ResultDetail { all, amounts, summary };

// price() for a caller that reads only `detail` of the result.
PricedQuote price(const PriceBook& book, const Quote& quote, ResultDetail detail);
#if !defined(__EMSCRIPTEN__)
// price_parsed() for a caller that reads only `detail` of the result.
PricedQuote price_parsed(const PriceBook& book, QuoteResult parsed, ResultDetail detail);
#endif
// The same, leaving in `memo` what pricing the same quote under a book that differs only in
// some products needs (its ladder warnings and line findings; the caller moves the lines in).
// With `memo.valid` and `memo.changed_products` set, the lines of unchanged products are taken
// from the memo (`reused`, as price_incremental). A ramp is priced afresh (reused all 0).
PricedQuote price_remembering(const PriceBook& book, const Quote& quote, ResultDetail detail, PriceMemo& memo,
                              std::vector<char>& reused);

// Guidance findings and the approval outcome, from the priced lines and totals (internal only).
// A line kept from the last result keeps its finding (its list, net, name and the segment's
// band are what they were), rather than having its message written again.
void apply_guidance_and_approval(const PriceBook& book, const Quote& quote, PricedQuote& priced,
                                 GuidanceReuse* reuse = nullptr);
// The same for ResultDetail::amounts: findings without messages, the approval level without its
// rule checks.
void apply_guidance_codes_and_level(const PriceBook& book, const Quote& quote, PricedQuote& priced,
                                    GuidanceReuse* reuse = nullptr);

// "$12,000.00", "€1,500.00", "¥120,000", "CHF 99.00": for messages a person reads.
std::string format_money(const Decimal& amount, const PriceBook& book);
std::string group_thousands(const std::string& digits);  // "1234567" -> "1,234,567" (whole digits only)

}  // namespace edgequote::detail
