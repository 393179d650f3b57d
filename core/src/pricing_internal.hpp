#pragma once
#include <string>

#include "edgequote/pricebook.hpp"
#include "edgequote/quote.hpp"

namespace edgequote::detail {

// Guidance findings and the approval outcome, from the priced lines and totals (internal only).
void apply_guidance_and_approval(const PriceBook& book, const Quote& quote, PricedQuote& priced);

// "$12,000.00", "€1,500.00", "¥120,000", "CHF 99.00": for messages a person reads.
std::string format_money(const Decimal& amount, const PriceBook& book);

}  // namespace edgequote::detail
