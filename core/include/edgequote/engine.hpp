#pragma once
// The engine's front door: parse -> validate -> price -> canonical JSON.
// Pure functions of their arguments: no I/O, no clock, no globals, no exceptions.
#include <optional>
#include <string>
#include <string_view>

#include "edgequote/error.hpp"
#include "edgequote/pricebook.hpp"
#include "edgequote/quote.hpp"

namespace edgequote {

// Inputs larger than this are refused before parsing (a bound on time and memory).
constexpr std::size_t kMaxInputBytes = 16u << 20;
// Nesting deeper than this is refused before parsing (the documents need fewer than 10 levels).
constexpr int kMaxNestingDepth = 64;
constexpr std::size_t kMaxQuoteLines = 20000;

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

std::string write_priced_quote(const PricedQuote& priced, OutputDetail detail = OutputDetail::full);
std::string write_errors(const Errors& errors);  // {"errors":[...]}

PublicBookResult public_pricebook(std::string_view json_text);

}  // namespace edgequote
