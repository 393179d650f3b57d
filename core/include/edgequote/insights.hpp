#pragma once
// Insights for product management: read quote logs (JSON Lines, one saved quote with its
// outcome per line; pricebooks/LOG-FORMAT.md) and aggregate them into the tables the insights
// page charts. Pure like the rest of the engine: texts in, values out, no I/O, no clock.
//
// Two steps, so a page can read each file once and re-aggregate on every filter change:
//   read_quote_log(text)            -> QuoteLog   (records + the errors of each bad line)
//   aggregate(logs, filter)         -> Insights   (exact decimal sums and counts)
//   write_insights(insights)        -> canonical JSON
// and one call doing all three for the CLI and the wasm binding: insights_json(texts, filter).
#include <cstddef>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "edgequote/decimal.hpp"
#include "edgequote/error.hpp"
#include "edgequote/outcomes.hpp"
#include "edgequote/quote.hpp"

namespace edgequote {

// The one log format version this engine reads.
constexpr const char* kLogVersion = "1";
// Bad lines listed in the output, at most (all of them are counted).
constexpr std::size_t kMaxListedLogErrors = 1000;

// ---- One log record, reduced to what the aggregates read --------------------------------

enum class OutcomeStatus { open, won, lost };

struct LoggedLine {
    LineKind kind = LineKind::product;
    std::string sku;
    std::string name;      // as the book named it when the quote was priced
    std::string category;
    Decimal list;
    Decimal net;
};

struct LoggedOutcome {
    OutcomeStatus status = OutcomeStatus::open;
    std::optional<std::string> reason;
    std::optional<std::string> competitor;
    std::optional<Decimal> competitor_monthly;
    std::vector<std::string> missing_features;      // free text, as typed
    std::vector<std::string> missing_feature_tags;  // short tags, e.g. "http3-prioritization"
};

// From the price book a quote was priced with; records of one log usually share one.
struct LogCatalog {
    std::vector<std::string> premium_skus;     // the book's premium SKUs
    std::vector<std::string> approval_levels;  // the book's levels, lowest first
};

struct LogRecord {
    std::size_t line = 0;  // 1-based line number in its log
    std::string quote_id;
    std::string saved_at;    // RFC 3339 UTC: 2026-11-14T10:22:03Z
    std::string updated_at;
    std::string rep;
    std::shared_ptr<const LogCatalog> catalog;  // shared by the records that repeat it
    std::string currency;
    int minor_digits = 2;  // of the money amounts in the snapshot
    std::string segment;
    std::optional<Decimal> incumbent_monthly;
    std::vector<LoggedLine> lines;
    Decimal list_monthly;
    Decimal net_monthly;
    Decimal discount_pct;
    std::vector<std::string> findings;           // guidance codes
    // The segment band's low when the quote was under it (the under_segment_band finding's
    // band): what money left on the table is measured against.
    std::optional<Decimal> under_band_low;
    std::optional<std::string> approval_level;   // none: priced without internal data
    LoggedOutcome outcome;

    // Worked out once as the record is read, so that a new filter does not redo it.
    struct Derived {
        std::size_t discount_band = 0;               // index into Insights::discount_bands
        std::optional<std::size_t> incumbent_band;   // into Insights::incumbent_bands; none: no incumbent
        bool findings[2] = {false, false};           // under_segment_band, far_under_incumbent
        std::vector<std::string> tags, texts;        // missing features, normalised, distinct
        std::string competitor_key, competitor_shown, reason_key;
    } derived;
};

struct LogLineError {
    std::size_t file = 0;  // the log's position among those aggregated together
    std::size_t line = 0;  // 1-based
    Error error;
};

struct QuoteLog {
    std::size_t lines_seen = 0;  // every line, blank or not: where the next chunk's numbering starts
    std::size_t lines_read = 0;  // non-blank lines
    std::vector<LogRecord> records;
    std::vector<LogLineError> errors;  // every error of every bad line; bad lines are skipped
    std::size_t bad_lines = 0;
    // Facets of the valid records (every save), kept as they are read so that aggregating with
    // a new filter does not walk them again.
    std::set<std::string> segments, reps, skus, currencies;
    std::string first_date, last_date;  // of saved_at; empty while there is no record
    int minor_digits = 0;
    // The last catalog read and its text: a record repeating it byte for byte shares it.
    std::string catalog_text;
    std::shared_ptr<const LogCatalog> catalog;
};

// Reads a JSON Lines log. Blank lines are ignored; a line ending in "\r" is read without it.
QuoteLog read_quote_log(std::string_view jsonl);
// Reads one more piece of a log into `log`, numbering lines on from the pieces before; a piece
// must end at a line break (or the end of the log). For files too large for one string.
void read_quote_log_chunk(QuoteLog& log, std::string_view jsonl);

// ---- Filters ---------------------------------------------------------------------------

struct InsightsFilter {
    std::vector<std::string> segments;  // empty: every segment
    std::vector<std::string> reps;      // empty: every rep
    std::optional<std::string> from;    // YYYY-MM-DD, inclusive, on saved_at's date
    std::optional<std::string> to;      // YYYY-MM-DD, inclusive
    std::optional<std::string> sku;     // only quotes with a line of this SKU (or bundle id)
};

struct InsightsFilterResult {
    std::optional<InsightsFilter> filter;  // present only when `errors` is empty
    Errors errors;
};

// {"segments": [...], "reps": [...], "from": "2026-01-01", "to": "2026-03-31", "sku": "waf"};
// every key optional, "" or "{}" for no filter.
InsightsFilterResult parse_insights_filter(std::string_view json_text);

// ---- The aggregates --------------------------------------------------------------------

struct OutcomeCounts {
    std::size_t quotes = 0;
    std::size_t won = 0;
    std::size_t lost = 0;
    std::size_t open = 0;
    void add(OutcomeStatus status);
};

struct MoneyRow {  // by segment, by rep
    std::string key;
    OutcomeCounts outcomes;
    Decimal list_monthly;
    Decimal net_monthly;
};

struct ProductRow {
    LineKind kind = LineKind::product;
    std::string sku;
    std::string name;        // of the first line read
    std::string category;
    bool premium = false;
    OutcomeCounts outcomes;  // quotes with at least one such line
    std::size_t lines = 0;
    Decimal list;            // sums over the lines
    Decimal net;
};

struct BandRow {
    Decimal from;
    std::optional<Decimal> to;  // exclusive; none: no upper bound
    OutcomeCounts outcomes;
};

struct KeyRow {  // approval levels, findings, features, reasons
    std::string key;
    OutcomeCounts outcomes;
    Decimal lost_net_monthly;  // our net on the lost quotes of this row
    Decimal won_net_monthly;   // our net on the won quotes of this row
    // Rows of values matched against an outcome catalogue (reasons, competitors, features):
    enum class Match { none, catalogue, other } match = Match::none;
    std::string name;          // the catalogue's name (catalogue), the text as written (other)
};

struct AttachRow {
    std::string sku;
    std::size_t offered = 0;  // quotes whose catalog lists the SKU as premium
    OutcomeCounts attached;   // of those, quotes with a line of it
};

struct CompetitorRow {
    std::string competitor;
    std::string id;                 // the catalogue's id; empty: not in the catalogue
    KeyRow::Match match = KeyRow::Match::none;
    std::size_t lost = 0;
    Decimal our_net_monthly;        // over every lost quote
    std::size_t with_price = 0;     // lost quotes that recorded the competitor's price
    Decimal our_net_priced;         // our net over those quotes
    Decimal competitor_monthly;     // their price over those quotes
    std::vector<KeyRow> reasons;
};

struct Insights {
    InsightsFilter filter;
    // Totals over every log read.
    std::size_t files = 0;
    std::size_t lines_read = 0;
    std::size_t records = 0;      // valid records after duplicates were dropped
    std::size_t duplicates = 0;   // older saves of a quote_id seen again
    std::size_t skipped_lines = 0;
    // Facets of every valid record, for the filter controls.
    std::vector<std::string> segments, reps, skus, currencies;
    std::optional<std::string> first_date, last_date;
    int minor_digits = 2;
    // The filtered quotes.
    OutcomeCounts outcomes;
    Decimal list_monthly;
    Decimal net_monthly;
    std::vector<MoneyRow> by_segment, by_rep;
    std::vector<ProductRow> by_product;
    std::vector<BandRow> discount_bands;
    std::vector<BandRow> incumbent_bands;   // our net as % of the incumbent's price
    std::size_t without_incumbent = 0;
    std::vector<KeyRow> approval_mix;
    std::vector<AttachRow> premium_attach;
    std::vector<KeyRow> missing_feature_tags, missing_feature_text;
    OutcomeCounts under_quoted;
    std::vector<KeyRow> under_quoted_by_finding;
    std::vector<CompetitorRow> lost_to;
    std::vector<KeyRow> loss_reasons, win_reasons;
    // Won deals under their segment's band: max(0, min(band low, list) - net), summed.
    struct MoneyLeft {
        std::string segment;
        std::size_t won = 0;         // won quotes
        std::size_t under_band = 0;  // of those, under their segment's band when quoted
        Decimal amount;
    };
    MoneyLeft money_left;
    std::vector<MoneyLeft> money_left_by_segment;
    bool catalogued = false;  // aggregated with a book's outcome catalogues
    std::vector<LogLineError> errors;  // at most kMaxListedLogErrors
};

// The logs' order gives the `file` of their errors; on equal updated_at the later save wins.
// `catalogs`: a book's outcome catalogues (null: none): reasons, competitors and feature tags
// that name an entry (OutcomeCatalog::find) are counted under its id, the rest as "other".
Insights aggregate(const std::vector<const QuoteLog*>& logs, const InsightsFilter& filter,
                   const OutcomeCatalogs* catalogs = nullptr);
Insights aggregate(const std::vector<QuoteLog>& logs, const InsightsFilter& filter,
                   const OutcomeCatalogs* catalogs = nullptr);
std::string write_insights(const Insights& insights);

// Reads every log, aggregates with the filter (JSON, see parse_insights_filter) and writes the
// canonical JSON; a bad filter gives {"errors":[...]} instead.
// `catalogs` as for aggregate.
std::string insights_json(const std::vector<std::string_view>& logs, std::string_view filter_json,
                          const OutcomeCatalogs* catalogs = nullptr);

}  // namespace edgequote
