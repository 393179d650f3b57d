#pragma once
// What reading, aggregating and writing insights share (core/src/insights_*.cpp). Not public.
#include <algorithm>
#include <string>
#include <vector>

#include "edgequote/decimal.hpp"
#include "edgequote/finding_codes.hpp"

namespace edgequote::insights_detail {

// Discount off list in 5-point bands (0–5, ..., 45–50, 50+); our net as a share of the
// incumbent's price in 20-point bands (0–20 %, ..., 100–120 %, 120 %+).
constexpr int kDiscountStep = 5, kDiscountBands = 11;
constexpr int kIncumbentStep = 20, kIncumbentBands = 7;
// The guidance findings that mark a quote as under-quoted, in the order they are reported.
constexpr const char* kUnderFindings[2] = {findings::under_segment_band, findings::far_under_incumbent};

inline const Decimal kHundred = Decimal::from_int(100);

inline bool contains(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace edgequote::insights_detail
