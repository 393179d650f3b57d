#include "json_value.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "edgequote/error.hpp"  // pointer_append
#include "index_sort.hpp"

namespace edgequote::detail {

JsonValue::const_iterator JsonValue::find(std::string_view key) const {
    if (!is_object()) return end();
    auto it = std::lower_bound(keys_.begin(), keys_.end(), key,
                               [](const std::string& a, std::string_view b) { return std::string_view(a) < b; });
    if (it == keys_.end() || *it != key) return end();
    return {this, std::size_t(it - keys_.begin())};
}

namespace {

// Whether a number literal's double would be infinite, which nlohmann refuses as not JSON.
// `digits` are the literal's significant digits (no leading zeros), `exponent` the power of ten
// of the first one plus one (the value is 0.digits × 10^exponent). The limit is the smallest
// value glibc's strtod rounds to infinity: DBL_MAX plus half an ulp, 2^1024 - 2^970.
bool overflows_double(std::string_view digits, long long exponent) {
    static const char kLimit[] =
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977"
        "587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845"
        "817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559"
        "699508093042880177904174497792";
    constexpr long long kLimitExponent = 309;
    if (digits.empty() || exponent < kLimitExponent) return false;
    if (exponent > kLimitExponent) return true;
    const std::string_view limit(kLimit, sizeof kLimit - 1);
    for (std::size_t i = 0; i < std::max(digits.size(), limit.size()); ++i) {
        const char a = i < digits.size() ? digits[i] : '0', b = i < limit.size() ? limit[i] : '0';
        if (a != b) return a > b;
    }
    return true;  // exactly the limit rounds to infinity (ties to even)
}

struct Duplicate {
    std::size_t offset;
    std::string path;
};

}  // namespace

// Strings, numbers and literals as nlohmann's lexer reads them; arrays and objects by recursion.
class JsonParser {
public:
    JsonParser(std::string_view text, int max_depth)
        : at_(text.data()), end_(text.data() + text.size()), begin_(text.data()), max_depth_(max_depth) {}

    bool document(JsonValue& out) {
        if (end_ - at_ >= 1 && static_cast<unsigned char>(*at_) == 0xEF) {
            if (end_ - at_ < 3 || static_cast<unsigned char>(at_[1]) != 0xBB ||
                static_cast<unsigned char>(at_[2]) != 0xBF)
                return false;
            at_ += 3;
        }
        if (!value(out, 0)) return false;
        skip_whitespace();
        return at_ == end_;
    }

    std::vector<Duplicate> duplicates;

private:
    const char* at_;
    const char* const end_;
    const char* const begin_;
    const int max_depth_;
    // The path to the value being read: a key (objects) or an index (arrays) per open container.
    struct Step {
        const std::string* key;
        std::size_t index;
    };
    std::vector<Step> path_;

    void skip_whitespace() {
        while (at_ != end_ && (*at_ == ' ' || *at_ == '\t' || *at_ == '\n' || *at_ == '\r')) ++at_;
    }

    bool literal(const char* word, std::size_t length) {
        if (std::size_t(end_ - at_) < length || std::memcmp(at_, word, length) != 0) return false;
        at_ += length;
        return true;
    }

    bool value(JsonValue& out, int depth) {
        skip_whitespace();
        if (at_ == end_) return false;
        switch (*at_) {
            case '{': return object(out, depth + 1);
            case '[': return array(out, depth + 1);
            case '"':
                out.type_ = JsonValue::value_t::string;
                return string(out.text_);
            case 't':
                out.type_ = JsonValue::value_t::boolean;
                out.boolean_ = true;
                return literal("true", 4);
            case 'f':
                out.type_ = JsonValue::value_t::boolean;
                return literal("false", 5);
            case 'n': return literal("null", 4);
            default: return number(out);
        }
    }

    bool object(JsonValue& out, int depth) {
        if (depth > max_depth_) return false;
        ++at_;
        out.type_ = JsonValue::value_t::object;
        std::vector<std::size_t> key_offsets;
        skip_whitespace();
        if (at_ != end_ && *at_ == '}') {
            ++at_;
            return true;
        }
        for (;;) {
            skip_whitespace();
            if (at_ == end_ || *at_ != '"') return false;
            key_offsets.push_back(std::size_t(at_ - begin_));
            std::string key;
            if (!string(key)) return false;
            skip_whitespace();
            if (at_ == end_ || *at_ != ':') return false;
            ++at_;
            path_.push_back(Step{&key, 0});
            JsonValue item;
            const bool ok = value(item, depth);
            path_.pop_back();
            if (!ok) return false;
            out.keys_.push_back(std::move(key));
            out.items_.push_back(std::move(item));
            skip_whitespace();
            if (at_ == end_) return false;
            if (*at_ == ',') {
                ++at_;
                continue;
            }
            if (*at_ != '}') return false;
            ++at_;
            break;
        }
        sort_members(out, key_offsets);
        return true;
    }

    // Members in key order, as nlohmann's std::map keeps them; a key seen before in the same
    // object is recorded as a duplicate (the first occurrence is kept).
    void sort_members(JsonValue& out, const std::vector<std::size_t>& key_offsets) {
        auto& keys = out.keys_;
        bool sorted = true;
        for (std::size_t i = 1; i < keys.size() && sorted; ++i) sorted = keys[i - 1] < keys[i];
        if (sorted) return;
        std::vector<std::size_t> order(keys.size());
        std::iota(order.begin(), order.end(), 0);
        stable_sort_indices(
            order,
            [](const void* context, std::size_t a, std::size_t b) {
                const auto& names = *static_cast<const std::vector<std::string>*>(context);
                return names[a] < names[b];
            },
            &keys);
        std::vector<std::string> sorted_keys;
        std::vector<JsonValue> sorted_items;
        sorted_keys.reserve(keys.size());
        sorted_items.reserve(keys.size());
        for (std::size_t k = 0; k < order.size(); ++k) {
            const std::size_t i = order[k];
            if (!sorted_keys.empty() && sorted_keys.back() == keys[i]) {
                duplicates.push_back(Duplicate{key_offsets[i], pointer_append(path_string(), keys[i])});
                continue;
            }
            sorted_keys.push_back(std::move(keys[i]));
            sorted_items.push_back(std::move(out.items_[i]));
        }
        keys = std::move(sorted_keys);
        out.items_ = std::move(sorted_items);
    }

    std::string path_string() const {
        std::string path;
        for (const Step& step : path_) path = step.key ? pointer_append(path, *step.key) : pointer_append(path, step.index);
        return path;
    }

    bool array(JsonValue& out, int depth) {
        if (depth > max_depth_) return false;
        ++at_;
        out.type_ = JsonValue::value_t::array;
        skip_whitespace();
        if (at_ != end_ && *at_ == ']') {
            ++at_;
            return true;
        }
        for (;;) {
            path_.push_back(Step{nullptr, out.items_.size()});
            JsonValue item;
            const bool ok = value(item, depth);
            path_.pop_back();
            if (!ok) return false;
            out.items_.push_back(std::move(item));
            skip_whitespace();
            if (at_ == end_) return false;
            if (*at_ == ',') {
                ++at_;
                continue;
            }
            if (*at_ != ']') return false;
            ++at_;
            return true;
        }
    }

    static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
    // Four hex digits after "\u"; -1 if they are not.
    long code_unit() {
        if (end_ - at_ < 4) return -1;
        long unit = 0;
        for (int i = 0; i < 4; ++i) {
            const int digit = hex(at_[i]);
            if (digit < 0) return -1;
            unit = unit * 16 + digit;
        }
        at_ += 4;
        return unit;
    }
    static void append_utf8(std::string& out, unsigned long cp) {
        if (cp < 0x80) {
            out.push_back(char(cp));
        } else if (cp < 0x800) {
            out.push_back(char(0xC0 | (cp >> 6)));
            out.push_back(char(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(char(0xE0 | (cp >> 12)));
            out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(char(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(char(0xF0 | (cp >> 18)));
            out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(char(0x80 | (cp & 0x3F)));
        }
    }
    // `count` continuation bytes, the first within [low, high].
    bool continuation(std::size_t count, unsigned char low, unsigned char high) {
        if (std::size_t(end_ - at_) < count) return false;
        const auto first = static_cast<unsigned char>(at_[0]);
        if (first < low || first > high) return false;
        for (std::size_t i = 1; i < count; ++i) {
            const auto c = static_cast<unsigned char>(at_[i]);
            if (c < 0x80 || c > 0xBF) return false;
        }
        at_ += count;
        return true;
    }

    bool string(std::string& out) {
        ++at_;  // the opening quote
        for (;;) {
            // A run of plain characters is copied at once.
            const char* run = at_;
            while (at_ != end_) {
                const auto c = static_cast<unsigned char>(*at_);
                if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
                ++at_;
            }
            out.append(run, std::size_t(at_ - run));
            if (at_ == end_) return false;
            const auto c = static_cast<unsigned char>(*at_);
            if (c == '"') {
                ++at_;
                return true;
            }
            if (c < 0x20) return false;
            if (c == '\\') {
                ++at_;
                if (at_ == end_) return false;
                const char e = *at_++;
                switch (e) {
                    case '"': out.push_back('"'); break;
                    case '\\': out.push_back('\\'); break;
                    case '/': out.push_back('/'); break;
                    case 'b': out.push_back('\b'); break;
                    case 'f': out.push_back('\f'); break;
                    case 'n': out.push_back('\n'); break;
                    case 'r': out.push_back('\r'); break;
                    case 't': out.push_back('\t'); break;
                    case 'u': {
                        long unit = code_unit();
                        if (unit < 0) return false;
                        unsigned long cp = static_cast<unsigned long>(unit);
                        if (unit >= 0xD800 && unit <= 0xDBFF) {
                            if (end_ - at_ < 2 || at_[0] != '\\' || at_[1] != 'u') return false;
                            at_ += 2;
                            const long low = code_unit();
                            if (low < 0xDC00 || low > 0xDFFF) return false;
                            cp = 0x10000 + ((static_cast<unsigned long>(unit) - 0xD800) << 10) +
                                 (static_cast<unsigned long>(low) - 0xDC00);
                        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
                            return false;
                        }
                        append_utf8(out, cp);
                        break;
                    }
                    default: return false;
                }
                continue;
            }
            // UTF-8, as RFC 3629 allows it (nlohmann's lexer checks the same ranges).
            const char* start = at_++;
            bool ok;
            if (c >= 0xC2 && c <= 0xDF) ok = continuation(1, 0x80, 0xBF);
            else if (c == 0xE0) ok = continuation(2, 0xA0, 0xBF);
            else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) ok = continuation(2, 0x80, 0xBF);
            else if (c == 0xED) ok = continuation(2, 0x80, 0x9F);
            else if (c == 0xF0) ok = continuation(3, 0x90, 0xBF);
            else if (c >= 0xF1 && c <= 0xF3) ok = continuation(3, 0x80, 0xBF);
            else if (c == 0xF4) ok = continuation(3, 0x80, 0x8F);
            else ok = false;
            if (!ok) return false;
            out.append(start, std::size_t(at_ - start));
        }
    }

    static bool is_digit(char c) { return c >= '0' && c <= '9'; }

    bool number(JsonValue& out) {
        const char* start = at_;
        const bool negative = *at_ == '-';
        if (negative) ++at_;
        if (at_ == end_ || !is_digit(*at_)) return false;
        const char* int_begin = at_;
        if (*at_ == '0') ++at_;
        else
            while (at_ != end_ && is_digit(*at_)) ++at_;
        const char* int_end = at_;
        const char* frac_begin = at_;
        const char* frac_end = at_;
        bool fractional = false;
        long long exponent = 0;
        if (at_ != end_ && *at_ == '.') {
            fractional = true;
            ++at_;
            frac_begin = at_;
            if (at_ == end_ || !is_digit(*at_)) return false;
            while (at_ != end_ && is_digit(*at_)) ++at_;
            frac_end = at_;
        }
        if (at_ != end_ && (*at_ == 'e' || *at_ == 'E')) {
            fractional = true;
            ++at_;
            bool exponent_negative = false;
            if (at_ != end_ && (*at_ == '+' || *at_ == '-')) exponent_negative = *at_++ == '-';
            if (at_ == end_ || !is_digit(*at_)) return false;
            while (at_ != end_ && is_digit(*at_)) {
                if (exponent < 1000000000LL) exponent = exponent * 10 + (*at_ - '0');  // saturates far past any double
                ++at_;
            }
            if (exponent_negative) exponent = -exponent;
        }
        if (!fractional) {
            if (integer(out, negative, int_begin, int_end)) return true;
        }
        // A fractional number, or an integer beyond 64 bits: only whether its double is finite matters.
        std::string digits(int_begin, int_end);
        digits.append(frac_begin, frac_end);
        const std::size_t first = digits.find_first_not_of('0');
        if (first == std::string::npos) digits.clear();
        else digits.erase(0, first);
        const long long magnitude = (long long)(int_end - int_begin) - (long long)first + exponent;
        if (overflows_double(digits, magnitude)) return false;
        out.type_ = JsonValue::value_t::number_float;
        out.oversized_ = !fractional;
        (void)start;
        return true;
    }

    // Integers as strtoull/strtoll read them; false if beyond 64 bits.
    static bool integer(JsonValue& out, bool negative, const char* begin, const char* end) {
        std::uint64_t value = 0;
        for (const char* p = begin; p != end; ++p) {
            const unsigned digit = unsigned(*p - '0');
            if (value > (UINT64_MAX - digit) / 10) return false;
            value = value * 10 + digit;
        }
        if (!negative) {
            out.type_ = JsonValue::value_t::number_unsigned;
            out.unsigned_ = value;
            return true;
        }
        if (value > std::uint64_t(INT64_MAX) + 1) return false;
        out.type_ = JsonValue::value_t::number_integer;
        out.integer_ = value == std::uint64_t(INT64_MAX) + 1 ? INT64_MIN : -std::int64_t(value);
        return true;
    }
};

JsonParseResult parse_json_value(std::string_view text, int max_depth) {
    JsonParseResult result;
    JsonParser parser(text, max_depth);
    result.valid = parser.document(result.value);
    if (!result.valid) {
        result.value = JsonValue(JsonValue::value_t::discarded);
        return result;
    }
    std::vector<std::size_t> order(parser.duplicates.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    stable_sort_indices(
        order,
        [](const void* context, std::size_t a, std::size_t b) {
            const auto& found = *static_cast<const std::vector<Duplicate>*>(context);
            return found[a].offset < found[b].offset;
        },
        &parser.duplicates);
    for (std::size_t i : order) result.duplicate_keys.push_back(std::move(parser.duplicates[i].path));
    return result;
}

}  // namespace edgequote::detail
