#pragma once
// Ramped deals (Quote::periods): each period is priced as a month of its own and the contract
// value sums the periods. See ramp.cpp for what the result's totals, guidance and approval mean.
#include "edgequote/pricebook.hpp"
#include "edgequote/quote.hpp"

namespace edgequote::detail {

// `price_month` prices one month of a quote without periods (the ordinary engine).
using PriceMonth = PricedQuote (*)(const PriceBook&, const Quote&);
PricedQuote price_ramped(const PriceBook& book, const Quote& quote, PriceMonth price_month);

// What guidance was computed on in a ramped quote (written into the output).
constexpr const char* kRampGuidanceBasis = "average";

}  // namespace edgequote::detail
