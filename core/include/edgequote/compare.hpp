#pragma once
// The same traffic at a competitor's public list prices.
//
// A competitor book is an ordinary price book (the vendor's public list prices, in its own
// units and regions) with a `comparison` section that maps our book onto it: our regions to its
// region groups, our SKUs to its SKUs, each dimension of our units to one of its units. compare()
// translates a quote of ours through that mapping and prices the result with the ordinary engine
// on the competitor book, at list, monthly. What has no counterpart (a SKU, a region, volume
// past the vendor's published tiers, a quote in another currency) is listed as left out with a
// code and a path, never priced as zero. Pure functions, like the rest of the core.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edgequote/engine.hpp"

namespace edgequote {

struct UnitMapping {
    std::string dimension;      // one of our books' dimensions ("data", "requests", ...)
    std::size_t their_unit = 0; // index into the competitor book's units
    Decimal per_our_base;       // how many of their unit one of our dimension's base unit is
};

struct RegionMapping {
    std::string ours;                    // our region id (checked against our book at compare)
    std::optional<std::size_t> theirs;   // their region; none: declared without counterpart
};

struct ProductMapping {
    std::string ours;         // our SKU (checked against our book at compare)
    std::size_t theirs = 0;   // their product
};

struct Comparison {
    std::string vendor_id;    // what customer.incumbent_vendor names
    std::string vendor_name;
    std::string source_url;
    std::string source_snapshot;
    std::string compares_with;  // the id of the book of ours the mapping is written for
    std::optional<Decimal> monthly_minimum;  // billed as a commit shortfall below it
    std::vector<UnitMapping> units;
    std::vector<RegionMapping> regions;
    std::vector<ProductMapping> products;
    std::string left_out;     // what the vendor does not publish, in a sentence or two

    const UnitMapping* unit_for(const std::string& dimension) const;
    const RegionMapping* region_for(const std::string& ours) const;
    const ProductMapping* product_for(const std::string& ours) const;
};

struct CompetitorBook {
    PriceBook book;
    Comparison comparison;
};

struct CompetitorBookResult {
    std::optional<CompetitorBook> competitor;  // present only when `errors` is empty
    Errors errors;
};

// The book (as parse_pricebook reads it) and its comparison section, which is required here.
// Mapping targets are checked against the book itself (unknown_mapping_target); the mapping's
// own side (our SKUs and regions) only at compare(), against the book of ours it is used with.
CompetitorBookResult parse_competitor_book(std::string_view json_text);

// The mapping checked against the book of ours it is used with: every key names our SKU or
// region, every region of ours is mapped or declared without counterpart, dimensions agree.
Errors check_comparison(const PriceBook& ours, const CompetitorBook& competitor);

// The comparison of one quote with every competitor book, as canonical JSON:
//   {"quote":{pricebook,customer,list_monthly,net_monthly},
//    "basis":"...",
//    "competitors":[{"vendor","source","pricebook","status","monthly","from":[...],
//                    "priced":<the translated quote priced on their book>|null,
//                    "left_out":[{code,path,message}],"note","errors":[...]}],
//    "incumbent":{vendor,name,status,monthly,
//                 "lines":[{line,regions?}],   the quote lines `monthly` prices (whole, or only
//                                              those regions): customer.incumbent_estimate.lines
//                 "ours":{net_monthly,not_compared:[{name,net_monthly}]}}|null,
//                                              our net for that same part (like with like) and
//                                              what of our quote is left out of the comparison
//    "warnings":[...],"errors":[...]}
// `status` is "complete" (all of the quote's traffic priced), "partial", "not_comparable" or
// "invalid" (the mapping does not fit our book: `errors` says why). A quote with errors gives
// only `errors` (as pricing does). `detail` is the embedded priced quotes' (summary: without
// their tiers and waterfalls, for a live panel that shows the math only on demand).
std::string compare_json(const PriceBook& ours, std::string_view quote_json,
                         const std::vector<const CompetitorBook*>& competitors,
                         OutputDetail detail = OutputDetail::full);

}  // namespace edgequote
