#pragma once
// Price-change impact: every logged quote (pricebooks/LOG-FORMAT.md) priced again under the
// current book and under a proposed one, and the differences summed by segment and product:
// net revenue before and after, approval levels that move, guidance findings that appear or
// clear, and deals lost on price that the proposed prices would have put inside their band.
// The format of the result is in pricebooks/LOG-FORMAT.md ("Price-change impact").
//
// Pure like the rest of the engine. Logs are read in pieces, so that a page can stream files of
// any size and show progress, in one pass or two:
//   ImpactRun run(current, proposed);
//   run.scan(file, piece)...    // one pass: each line skimmed once; the latest save of each
//   run.price_scanned()         // quote_id kept (its quote and outcome, ~a tenth of a line)
//                               // until all are read, then priced under both books, summed
// or, keeping no record in memory at the cost of reading every byte twice:
//   run.index(file, piece)...   // pass 1: which save of each quote_id counts (the latest)
//   run.price(file, piece)...   // pass 2: the counting saves priced under both books, summed
// then write_impact(run.result()). Both ways give the same bytes; a run uses one of them.
// Pieces of one file must end at line breaks and come in order; pass 2 must see the same bytes.
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "edgequote/decimal.hpp"
#include "edgequote/error.hpp"
#include "edgequote/insights.hpp"
#include "edgequote/pricebook.hpp"
#include "edgequote/quote.hpp"

namespace edgequote {

// The money of one side (current or proposed) of a group of quotes.
struct ImpactMoney {
    Decimal list_before, net_before, list_after, net_after;
};

struct ImpactSegmentRow {
    std::string segment;
    std::size_t quotes = 0;
    ImpactMoney money;
    std::size_t approval_up = 0, approval_down = 0;
    std::size_t lost_on_price = 0, now_in_band = 0;
};

struct ImpactProductRow {
    LineKind kind = LineKind::product;
    std::string sku;
    std::string name;
    std::size_t quotes_before = 0, quotes_after = 0;  // quotes with such a line
    ImpactMoney money;                                // sums over the lines
};

struct ImpactApprovalMove {
    std::string from, to;  // levels; "" when priced without an approval policy
    std::size_t from_rank = 0, to_rank = 0;
    std::size_t quotes = 0;
};

struct ImpactFindingRow {
    std::string code;
    std::size_t before = 0, after = 0;     // quotes with the finding
    std::size_t appeared = 0, cleared = 0;
};

// Quotes left out, grouped by why: another price book, or a quote one of the books cannot price.
struct ImpactSkipRow {
    std::string reason;  // other_book | not_priced_current | not_priced_proposed
    std::string key;     // the book id, or the error code
    std::size_t quotes = 0;
    Decimal net_before;  // not_priced_proposed: what those quotes brought under the current book
    std::string message; // the first one, in words
    std::size_t file = 0, line = 0;  // where the first one is
    std::string path;                // and the JSON Pointer of its error, when there is one
};

struct ImpactQuoteRow {  // the quotes whose net moves most
    std::string quote_id, segment;
    std::size_t file = 0, line = 0;
    Decimal net_before, net_after;
    std::string level_before, level_after;
};

struct Impact {
    std::string current_id, current_version, proposed_id, proposed_version;
    std::vector<std::string> proposed_replaces;
    std::string currency;
    int minor_digits = 2;
    std::size_t files = 0, lines_read = 0, records = 0, duplicates = 0, skipped_lines = 0;
    std::size_t repriced = 0;
    std::vector<ImpactSkipRow> skipped;
    std::size_t quotes = 0;  // == repriced
    ImpactMoney totals;
    std::vector<ImpactSegmentRow> by_segment;
    std::vector<ImpactProductRow> by_product;
    std::size_t approval_changed = 0, approval_up = 0, approval_down = 0;
    std::vector<ImpactApprovalMove> approval_moves;  // changed levels only
    std::vector<ImpactFindingRow> findings;
    std::size_t lost_on_price = 0, now_in_band = 0, now_at_or_under_competitor = 0, with_competitor_price = 0;
    ImpactMoney lost_on_price_money;
    std::vector<ImpactQuoteRow> largest_changes;
    std::vector<LogLineError> errors;  // malformed lines, at most kMaxListedLogErrors
};

// The quotes listed in Impact::largest_changes, at most.
constexpr std::size_t kImpactLargestChanges = 20;

// What a run reads from the books' texts besides the parsed books (prepare_impact).
struct ImpactOptions {
    std::vector<std::string> current_replaces, proposed_replaces;  // each book's "replaces"
    // The books differ only in what parsing a quote never reads (same_catalogue): each quote is
    // parsed once and the result priced under both.
    bool same_catalogue = false;
    // With same_catalogue: per product index, whether its entry differs, when nothing but some
    // products' entries does (products_changed_only); a quote with no line of a changed product
    // prices the same under both books and is priced once. Empty: every quote is priced twice.
    std::vector<bool> changed_products;
};

struct ImpactSetup {
    ImpactOptions options;
    Errors errors;           // in a book's "replaces", with paths (parse_pricebook checks the rest)
    std::string book;        // "current" or "proposed": the book the errors are about
};

// Reads both books' texts (each already valid for parse_pricebook) for the run's options.
ImpactSetup prepare_impact(std::string_view current_json, std::string_view proposed_json);

class ImpactRun {
public:
    // Both books must outlive the run. Quotes of a book id are priced when each book accepts
    // that id: its own, or one it lists in "replaces"; any version of it.
    ImpactRun(const PriceBook& current, const PriceBook& proposed, ImpactOptions options = {});
    ~ImpactRun();
    ImpactRun(const ImpactRun&) = delete;
    ImpactRun& operator=(const ImpactRun&) = delete;

    // Errors that make a comparison meaningless (books in two currencies); empty when fine.
    const Errors& setup_errors() const;

    // Pass 1, over every log: finds the latest save of each quote_id (as `edgequote insights`).
    void index(std::size_t file, std::string_view piece);
    // Pass 2, over the same logs: prices the counting saves and adds them up. Returns the
    // number of quotes priced by this piece.
    std::size_t price(std::size_t file, std::string_view piece);

    // One pass, over every log: each line skimmed once, checked as pass 2 checks it, and the
    // latest save of each quote_id kept. `held`: the caller keeps every piece's bytes, unchanged,
    // until price_scanned has replayed every line (the CLI holds whole files), so the kept saves
    // are views into them; otherwise their quote and outcome texts are copied.
    void scan(std::size_t file, std::string_view piece, bool held = false);
    // Then what pass 2 would do with the next `lines` scanned lines, in order (bad lines noted,
    // duplicates counted, counting saves priced). Returns the number of quotes priced; call
    // until scanned_left() is 0, which frees what the scan kept.
    std::size_t price_scanned(std::size_t lines = static_cast<std::size_t>(-1));
    std::size_t scanned_left() const;

    Impact result() const;

    struct State;

private:
    std::unique_ptr<State> state_;
};

// Whether two valid books' texts differ only in what parsing a quote never reads: names and
// descriptions, ids, versions, dates, "replaces", price figures (each product's price model is
// compared by its name only; region prices, minimums), bundle prices and overage, term
// discounts, commits and the internal part. Anything else differing (a product, unit, region,
// segment, bundle option or constraint, term, or a field this list does not know) gives false.
bool same_catalogue(std::string_view current_json, std::string_view proposed_json);

// When the books' texts differ only in some products' entries (besides ids, versions, names,
// descriptions, dates and "replaces"), and list the same SKUs in the same order: per product
// index, whether its entry differs. Empty otherwise (the bundles, terms, commits, internal part
// or anything else differ), and then no quote is assumed to price the same.
std::vector<bool> products_changed_only(std::string_view current_json, std::string_view proposed_json);

std::string write_impact(const Impact& impact);

// The whole run at once, for the CLI and the parity test: book texts and log texts in, the
// canonical JSON out. A book that does not parse gives {"errors":[...],"book":"current"|"proposed"}.
std::string impact_json(std::string_view current_book, std::string_view proposed_book,
                        const std::vector<std::string_view>& logs);

}  // namespace edgequote
