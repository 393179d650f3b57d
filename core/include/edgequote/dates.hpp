#pragma once
// Calendar dates as the formats write them: YYYY-MM-DD. One rule for every document the engine
// reads (price books' effective dates, quote logs, insights filters).
#include <string_view>

namespace edgequote {

// Exactly ten characters YYYY-MM-DD naming a day that exists (months 01-12, the month's days,
// 29 February only in leap years).
bool is_iso_date(std::string_view text);

// A UTC timestamp as toISOString writes it: 2026-11-14T10:22:03Z or 2026-11-14T10:22:03.125Z.
bool is_utc_timestamp(std::string_view text);

}  // namespace edgequote
