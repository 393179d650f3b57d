#pragma once
// Calendar dates (YYYY-MM-DD), validated in one place: the price book's effective dates, a
// quote's as_of, the quote log's timestamps and filters all go through parse_date.
#include <optional>
#include <string_view>

namespace edgequote {

struct Date {
    int year = 0;
    int month = 0;  // 1-12
    int day = 0;    // 1 to the month's length (February 29 only in leap years)
};

// Exactly "YYYY-MM-DD" with a real month and a day that month has; nullopt otherwise.
std::optional<Date> parse_date(std::string_view text);
// parse_date on the first ten characters (a timestamp's date part).
std::optional<Date> parse_date_prefix(std::string_view text);
inline bool is_date(std::string_view text) { return parse_date(text).has_value(); }
// A UTC timestamp as toISOString writes it: 2026-11-14T10:22:03Z or 2026-11-14T10:22:03.125Z.
bool is_utc_timestamp(std::string_view text);

bool is_leap_year(int year);
int days_in_month(int year, int month);

// Valid dates compare as their text does; these compare the fields.
inline bool operator<(const Date& a, const Date& b) {
    if (a.year != b.year) return a.year < b.year;
    if (a.month != b.month) return a.month < b.month;
    return a.day < b.day;
}
inline bool operator==(const Date& a, const Date& b) { return a.year == b.year && a.month == b.month && a.day == b.day; }

}  // namespace edgequote
