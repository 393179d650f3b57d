#pragma once
// Our net for the part of a quote that an incumbent estimate covers (like with like).
//
// An estimate from a competitor's public list prices (customer.incumbent_estimate) prices only
// the traffic that has a counterpart on that competitor's book: a WAF, support or a region the
// vendor does not publish is left out of it. Displacement guidance must then measure the same
// part of our quote, not the whole net. The estimate names the quote lines it covers, each whole
// or for some of its regions; this file works out our net for exactly that part, and what of our
// quote is left out of the comparison. One function, used by guidance (guidance.cpp) and by the
// comparison's own output (compare.cpp), so both say the same figures.
#include <string>
#include <vector>

#include "edgequote/engine.hpp"

namespace edgequote::detail {

struct NotCompared {
    std::string name;  // the priced line's name, with the regions left out when only some are
    Decimal net;       // our monthly net for what is left out
};

struct ComparableNet {
    Decimal net;                          // our monthly net for the covered part, to the minor unit
    std::vector<NotCompared> not_compared;  // every other monthly line with a net, in quote order
    std::size_t lines = 0;                // priced lines the estimate covers (0: it covers none of this quote)
};

// `covered`: the estimate's lines. A line covered for some regions counts for the share of its
// list that those regions' tiers make, at the line's own net-to-list ratio (rounded once to the
// minor unit): a region's price is its own, so its share of the list is its share of the money.
// A bundle fee counts in full when any line is covered: it pays for the traffic it includes,
// which the competitor is priced on. One-time charges are not monthly and do not count.
ComparableNet comparable_net(const PriceBook& book, const PricedQuote& priced, const std::vector<EstimateLine>& covered);

}  // namespace edgequote::detail
