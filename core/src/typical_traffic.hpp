#pragma once
// Typical monthly traffic per customer segment: a second pair of eyes on the quantities a rep
// types. A customer says 261 TB, not 261 PB; a traffic line orders of magnitude past what the
// segment usually delivers is more likely a unit slip than a deal, and is flagged (finding
// unit_check, a warning) with the unit the rep probably meant, before it becomes money.
//
// In the book (internal.guidance.typical_traffic, format in pricebooks/README.md):
//   {"unit": "TB", "products": ["delivery"],
//    "bands": {"smb": {"low": "0.1", "high": "20"}, "enterprise": {"low": "20", "high": "3000"}}}
#include <string>
#include <vector>

#include "edgequote/engine.hpp"
#include "json_reader.hpp"

namespace edgequote::detail {

// Reads the section at `path`; the book's units, products and segments must already be read.
// Reports an unknown unit, SKU or segment, a product measured in another dimension than the
// unit, and a band out of order (low > high), each with its path.
std::optional<TypicalTraffic> parse_typical_traffic(Reader& r, const Json& node, const std::string& path,
                                                    const PriceBook& book);

// One finding per traffic line more than 10x over its segment's high edge ("did you mean" the
// next smaller unit) or more than 100x under its low edge (the next larger unit); exact decimal.
// `messages` false: the findings' texts are left empty (the caller reads codes and values only).
template <bool messages = true>
std::vector<Finding> typical_traffic_findings(const PriceBook& book, const Quote& quote, const PricedQuote& priced);

}  // namespace edgequote::detail
