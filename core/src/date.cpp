#include "edgequote/date.hpp"

namespace edgequote {
namespace {

bool digits(std::string_view s, std::size_t from, std::size_t count) {
    for (std::size_t i = from; i < from + count; ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

int number(std::string_view s, std::size_t from, std::size_t count) {
    int value = 0;
    for (std::size_t i = from; i < from + count; ++i) value = value * 10 + (s[i] - '0');
    return value;
}

}  // namespace

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

std::optional<Date> parse_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 0, 4) || !digits(s, 5, 2) || !digits(s, 8, 2))
        return std::nullopt;
    const Date date{number(s, 0, 4), number(s, 5, 2), number(s, 8, 2)};
    if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > days_in_month(date.year, date.month))
        return std::nullopt;
    return date;
}

std::optional<Date> parse_date_prefix(std::string_view s) {
    if (s.size() < 10) return std::nullopt;
    return parse_date(s.substr(0, 10));
}

// RFC 3339 in UTC: 2026-11-14T10:22:03Z or 2026-11-14T10:22:03.125Z (what toISOString writes),
// so that timestamps order as strings.
bool is_utc_timestamp(std::string_view s) {
    if (s.size() < 20 || !parse_date_prefix(s) || s[10] != 'T' || !digits(s, 11, 2) || s[13] != ':' ||
        !digits(s, 14, 2) || s[16] != ':' || !digits(s, 17, 2) || s.back() != 'Z')
        return false;
    if (number(s, 11, 2) > 23 || number(s, 14, 2) > 59 || number(s, 17, 2) > 60) return false;
    std::size_t i = 19;
    if (s[i] == '.') {
        ++i;
        if (i == s.size() - 1) return false;
        while (i < s.size() - 1)
            if (s[i] < '0' || s[i] > '9') return false;
            else ++i;
    }
    return i == s.size() - 1;
}

}  // namespace edgequote
