#pragma once
// The engine's front door: parse -> validate -> price -> canonical JSON.
// Pure functions of their arguments: no I/O, no clock, no globals, no exceptions.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edgequote/error.hpp"
#include "edgequote/pricebook.hpp"
#include "edgequote/quote.hpp"

namespace edgequote {

namespace detail {
struct PriceMemo;
}

// Inputs larger than this are refused before parsing (a bound on time and memory).
constexpr std::size_t kMaxInputBytes = 16u << 20;
// Nesting deeper than this is refused before parsing (the documents need fewer than 10 levels).
constexpr int kMaxNestingDepth = 64;
constexpr std::size_t kMaxQuoteLines = 20000;
// Price book limits (pricebooks/README.md, "Limits"): with the lines limit they bound the
// worst case of parsing and pricing (tests/bench/bench_limits.cpp).
constexpr std::size_t kMaxProducts = 10000;
// A line priced in a region mix counts once per region in it: what the tier ladders fill.
constexpr std::size_t kMaxQuoteShares = 100000;
constexpr std::size_t kMaxTiersPerModel = 1000;
constexpr std::size_t kMaxTiersPerBook = 20000;

struct PriceBookResult {
    std::optional<PriceBook> book;  // present only when `errors` is empty
    Errors errors;
};

struct QuoteResult {
    std::optional<Quote> quote;     // present only when `errors` is empty
    Errors errors;
    Errors warnings;
};

struct PublicBookResult {
    std::string json;  // the book without its internal part; empty when `errors` is not
    Errors errors;
};

enum class OutputDetail {
    full,     // every line with its tier breakdown and waterfall
    summary,  // lines without tiers and waterfall: for live editing of large quotes
};

PriceBookResult parse_pricebook(std::string_view json_text);
QuoteResult parse_quote(std::string_view json_text, const PriceBook& book);
PricedQuote price(const PriceBook& book, const Quote& quote);

// A priced quote, or a priced quote whose `errors` say why the quote could not be priced.
PricedQuote price_json(const PriceBook& book, std::string_view quote_json);
// The same, from a quote already parsed (its warnings come first in the result's).
PricedQuote price_parsed(const PriceBook& book, QuoteResult parsed);

// Parsing for live editing of a large quote. It remembers the text of each quote line and what
// that text parsed to (a line's result depends only on the book, its position and its text), so
// the next version of the quote, which differs in a line or two, parses only those lines and
// the small rest of the document. The result is always exactly parse_quote's: anything the
// fast path cannot vouch for (malformed JSON, a second "lines" key, escaped top-level keys,
// oversized or too deep input) goes through parse_quote itself.
class LiveQuoteParser {
public:
    explicit LiveQuoteParser(const PriceBook& book) : book_(&book) {}
    QuoteResult parse(std::string_view json_text);
    // How many quote lines the last parse read from their text (the rest came from memory);
    // for tests and benchmarks.
    std::size_t lines_read_last() const { return lines_read_last_; }

    struct CachedLine {
        std::string text;
        std::optional<QuoteLine> line;  // none: the line has errors
        Errors errors;
        Errors warnings;
    };

private:
    const PriceBook* book_;
    std::vector<CachedLine> lines_;
    std::size_t lines_read_last_ = 0;
};

// A quote being edited live: each price() parses only the lines whose text changed (through a
// LiveQuoteParser), prices again only the lines an edit can have changed (those of products
// with a changed line, percentage lines, generated lines; all of them when the term, commit,
// bundle, quote discount or segment changed) and writes only the lines and guidance findings
// whose output changed since the last good result:
//   {"count":N,"changed":[positions],"guidance_count":G,"guidance_changed":[positions],
//    "priced":<canonical output listing only those lines and findings>[,"warnings_same":true]}
// where "warnings_same" says the warnings are the last good result's (then listed as []).
// A line (finding) is unchanged when every field of it equals the one at the same position
// before, so its canonical JSON would be byte-identical. A quote with errors gives the
// canonical output with its errors (as price_json + write_priced_quote do) and leaves the last
// good result in place. The book must outlive the LiveQuote.
class LiveQuote {
public:
    LiveQuote(const PriceBook& book, OutputDetail detail);
    ~LiveQuote();
    LiveQuote(LiveQuote&&) noexcept;
    LiveQuote& operator=(LiveQuote&&) noexcept;
    std::string price(std::string_view quote_json);

private:
    const PriceBook* book_;
    OutputDetail detail_;
    LiveQuoteParser parser_;
    // The last good quote and result: lines an edit cannot have changed are taken from it
    // rather than priced again (a line's tier ladders are its product's).
    std::unique_ptr<detail::PriceMemo> memo_;
    std::vector<Finding> findings_;  // the last good result's guidance
    std::string warnings_;           // and its warnings, as written
};

std::string write_priced_quote(const PricedQuote& priced, OutputDetail detail = OutputDetail::full);
// The same bytes appended to `out`, through the writer's fast form (batch repricing natively:
// one buffer reused for many quotes; the wasm modules do not link it).
void append_priced_quote(std::string& out, const PricedQuote& priced, OutputDetail detail);
#if !defined(__EMSCRIPTEN__)
namespace detail {
class OutputBuffer;  // json_writer.hpp
}
// The same into the batch's own buffer, whose room is not cleared before it is written (the CLI).
void append_priced_quote(detail::OutputBuffer& out, const PricedQuote& priced, OutputDetail detail);
#endif
std::string write_errors(const Errors& errors);  // {"errors":[...]}

PublicBookResult public_pricebook(std::string_view json_text);

// What a user interface needs of a book, validated, as canonical JSON (core/src/book_view.cpp):
// products (unit, category, model, whether a switch), regions, segments, bundles and what they
// allow and include, terms, commits; deal bands and approval levels only for an internal book.
struct BookViewResult {
    std::string json;  // empty when `errors` is not
    Errors errors;
};
BookViewResult book_view(std::string_view json_text);
std::string write_book_view(const PriceBook& book);

}  // namespace edgequote
