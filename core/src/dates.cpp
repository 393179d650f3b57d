#include "edgequote/dates.hpp"

namespace edgequote {
namespace {

bool digits_at(std::string_view s, std::size_t from, std::size_t count) {
    if (from + count > s.size()) return false;
    for (std::size_t i = from; i < from + count; ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

int number_at(std::string_view s, std::size_t from, std::size_t count) {
    int value = 0;
    for (std::size_t i = from; i < from + count; ++i) value = value * 10 + (s[i] - '0');
    return value;
}

}  // namespace

bool is_iso_date(std::string_view s) {
    if (s.size() != 10 || !digits_at(s, 0, 4) || s[4] != '-' || !digits_at(s, 5, 2) || s[7] != '-' || !digits_at(s, 8, 2))
        return false;
    const int year = number_at(s, 0, 4), month = number_at(s, 5, 2), day = number_at(s, 8, 2);
    static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) return false;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return !(month == 2 && day == 29 && !leap);
}

// RFC 3339 in UTC: 2026-11-14T10:22:03Z or 2026-11-14T10:22:03.125Z (what toISOString writes),
// so that timestamps order as strings.
bool is_utc_timestamp(std::string_view s) {
    if (s.size() < 20 || !is_iso_date(s.substr(0, 10)) || s[10] != 'T' || !digits_at(s, 11, 2) || s[13] != ':' ||
        !digits_at(s, 14, 2) || s[16] != ':' || !digits_at(s, 17, 2) || s.back() != 'Z')
        return false;
    if (number_at(s, 11, 2) > 23 || number_at(s, 14, 2) > 59 || number_at(s, 17, 2) > 60) return false;
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
