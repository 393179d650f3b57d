// Quote logs in, product-management aggregates out (pricebooks/LOG-FORMAT.md).
//
// Reading is the expensive part: a record carries a whole priced quote, and the aggregates
// read a few dozen of its fields. Each line is therefore scanned into a pruned tree that holds
// only those fields (everything else is checked to be JSON and skipped without allocating),
// and the pruned tree is then read with the same Reader as the price book and the quote, so a
// bad record gets the same codes and JSON Pointers.
#include "edgequote/insights.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "edgequote/engine.hpp"
#include "edgequote/error_codes.hpp"
#include "json_reader.hpp"

namespace edgequote {
namespace {

using detail::Json;
using detail::NumberKind;
using detail::Reader;

// ---- A pruned parse: keep only the fields the aggregates read ---------------------------

enum class Keep {
    all,       // the whole value
    fields,    // an object: only the listed fields
    elements,  // an array of objects: only the listed fields of each
    shape,     // only the type (an empty object or array stands for the value)
};

struct Want {
    std::string_view key;  // empty ends a list
    Keep keep;
    const Want* children;
};

constexpr Want kLineFields[] = {{"kind", Keep::all, nullptr},     {"sku", Keep::all, nullptr},
                                {"name", Keep::all, nullptr},
                                {"category", Keep::all, nullptr}, {"list", Keep::all, nullptr},
                                {"net", Keep::all, nullptr},      {"", Keep::all, nullptr}};
constexpr Want kFindingFields[] = {{"code", Keep::all, nullptr}, {"", Keep::all, nullptr}};
constexpr Want kApprovalFields[] = {{"level", Keep::all, nullptr}, {"", Keep::all, nullptr}};
constexpr Want kPricebookFields[] = {{"currency", Keep::all, nullptr}, {"", Keep::all, nullptr}};
constexpr Want kCustomerFields[] = {{"segment", Keep::all, nullptr},
                                    {"incumbent_monthly", Keep::all, nullptr},
                                    {"", Keep::all, nullptr}};
constexpr Want kTotalsFields[] = {{"list_monthly", Keep::all, nullptr},
                                  {"net_monthly", Keep::all, nullptr},
                                  {"discount_pct", Keep::all, nullptr},
                                  {"", Keep::all, nullptr}};
constexpr Want kPricedFields[] = {{"pricebook", Keep::fields, kPricebookFields},
                                  {"customer", Keep::fields, kCustomerFields},
                                  {"lines", Keep::elements, kLineFields},
                                  {"totals", Keep::fields, kTotalsFields},
                                  {"guidance", Keep::elements, kFindingFields},
                                  {"approval", Keep::fields, kApprovalFields},
                                  {"errors", Keep::all, nullptr},
                                  {"", Keep::all, nullptr}};
constexpr Want kRecordFields[] = {{"log_version", Keep::all, nullptr},
                                  {"quote_id", Keep::all, nullptr},
                                  {"saved_at", Keep::all, nullptr},
                                  {"updated_at", Keep::all, nullptr},
                                  {"rep", Keep::all, nullptr},
                                  {"catalog", Keep::all, nullptr},
                                  {"quote", Keep::shape, nullptr},
                                  {"priced", Keep::fields, kPricedFields},
                                  {"outcome", Keep::all, nullptr},
                                  {"", Keep::all, nullptr}};

// Bytes that end a run of plain string content: the closing quote, an escape, a control character.
constexpr struct StringStops {
    bool stop[256] = {};
    constexpr StringStops() {
        for (int c = 0; c < 0x20; ++c) stop[c] = true;
        stop[int('"')] = true;
        stop[int('\\')] = true;
    }
    constexpr bool operator[](unsigned char c) const { return stop[c]; }
} kEndsPlainRun;

// A JSON scanner that builds the pruned tree: wanted values become Json nodes, everything
// else is checked against the JSON grammar and skipped without allocating. It is about four
// times faster than a full parse, which is what lets a page read 100,000 records at once.
// Strings with escapes, and every number, are decoded by nlohmann itself.
class PrunedScanner {
public:
    // `known_catalog`: the text of the catalog the previous record had; the same bytes again
    // are skipped rather than read (catalog_reused()).
    PrunedScanner(const char* begin, const char* end, std::string_view known_catalog)
        : p_(begin), end_(end), known_catalog_(known_catalog) {}

    bool catalog_reused() const { return catalog_reused_; }
    std::string_view catalog_text() const { return catalog_text_; }

    enum class Result { ok, invalid, too_deep };

    Result parse(Json& root) {
        ws();
        if (!value(&root, Keep::fields, kRecordFields, 0)) return failure_;
        ws();
        return p_ == end_ ? Result::ok : Result::invalid;
    }

private:
    const char* p_;
    const char* end_;
    std::string_view known_catalog_;
    bool catalog_reused_ = false;
    std::string_view catalog_text_;
    Result failure_ = Result::invalid;

    bool fail(Result why = Result::invalid) {
        failure_ = why;
        return false;
    }
    void ws() {
        const char* p = p_;
        while (p < end_ && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) ++p;
        p_ = p;
    }
    bool literal(const char* word, std::size_t n) {
        if (std::size_t(end_ - p_) < n || std::memcmp(p_, word, n) != 0) return fail();
        p_ += n;
        return true;
    }

    // A string token from the opening quote; `view` is its raw contents, `escaped` whether it
    // holds a backslash. Control characters and bad escapes are refused; UTF-8 is checked.
    bool string_token(std::string_view& view, bool& escaped) {
        const char* start = ++p_;
        escaped = false;
        bool ascii = true;
        while (true) {
            // Local copies: stores through `p_` would otherwise be reloaded at every byte.
            const char* p = p_;
            const char* const end = end_;
            unsigned char high = 0;
            while (p < end) {
                const auto c = static_cast<unsigned char>(*p);
                if (kEndsPlainRun[c]) break;
                high |= c;
                ++p;
            }
            p_ = p;
            ascii &= high < 0x80;
            if (p_ >= end_ || static_cast<unsigned char>(*p_) < 0x20) return fail();
            if (*p_ == '"') break;
            escaped = true;
            if (++p_ >= end_) return fail();
            const char c = *p_;
            if (c == 'u') {
                for (int i = 1; i <= 4; ++i)
                    if (p_ + i >= end_ || !std::isxdigit(static_cast<unsigned char>(p_[i]))) return fail();
                p_ += 5;
            } else if (c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' || c == 'r' || c == 't') {
                ++p_;
            } else {
                return fail();
            }
        }
        view = std::string_view(start, std::size_t(p_ - start));
        ++p_;
        return ascii || valid_utf8(view);
    }

    // Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past U+10FFFF.
    static bool valid_utf8(std::string_view s) {
        for (std::size_t i = 0; i < s.size();) {
            const auto c = static_cast<unsigned char>(s[i]);
            if (c < 0x80) {
                ++i;
                continue;
            }
            std::size_t n = 0;
            unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
            if (c >= 0xC2 && c <= 0xDF) n = 1;
            else if (c >= 0xE0 && c <= 0xEF) n = 2, low = c == 0xE0 ? 0xA0 : 0x80, high = c == 0xED ? 0x9F : 0xBF;
            else if (c >= 0xF0 && c <= 0xF4) n = 3, low = c == 0xF0 ? 0x90 : 0x80, high = c == 0xF4 ? 0x8F : 0xBF;
            else return false;
            if (i + n >= s.size()) return false;  // cut off
            const auto second = static_cast<unsigned char>(s[i + 1]);
            if (second < low || second > high) return false;
            for (std::size_t k = 2; k <= n; ++k)
                if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
            i += n + 1;
        }
        return true;
    }

    bool decode_string(std::string_view view, bool escaped, std::string& out) {
        if (!escaped) {
            out.assign(view.data(), view.size());
            return true;
        }
        Json decoded = Json::parse(view.data() - 1, view.data() + view.size() + 1, nullptr, false);
        if (!decoded.is_string()) return fail();
        out = decoded.get_ref<const std::string&>();
        return true;
    }

    bool number_token(std::string_view& view) {
        const char* start = p_;
        if (p_ < end_ && *p_ == '-') ++p_;
        if (p_ >= end_) return fail();
        if (*p_ == '0') {
            ++p_;
        } else if (*p_ >= '1' && *p_ <= '9') {
            while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
        } else {
            return fail();
        }
        if (p_ < end_ && *p_ == '.') {
            if (++p_ >= end_ || *p_ < '0' || *p_ > '9') return fail();
            while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
        }
        if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
            ++p_;
            if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
            if (p_ >= end_ || *p_ < '0' || *p_ > '9') return fail();
            while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
        }
        view = std::string_view(start, std::size_t(p_ - start));
        return true;
    }

    // One value. `out` null: check and skip it. Keep::shape keeps only an empty container.
    bool value(Json* out, Keep keep, const Want* children, int depth) {
        if (p_ >= end_) return fail();
        switch (*p_) {
            case '{': return object(out, keep, children, depth + 1);
            case '[': return array(out, keep, children, depth + 1);
            case '"': {
                std::string_view view;
                bool escaped = false;
                if (!string_token(view, escaped)) return false;
                if (!out) return true;
                std::string text;
                if (!decode_string(view, escaped, text)) return false;
                *out = std::move(text);
                return true;
            }
            case 't': return literal("true", 4) && (!out || (*out = true, true));
            case 'f': return literal("false", 5) && (!out || (*out = false, true));
            case 'n': return literal("null", 4) && (!out || (*out = nullptr, true));
            default: {
                std::string_view view;
                if (!number_token(view)) return false;
                if (out) *out = Json::parse(view.begin(), view.end(), nullptr, false);
                return true;
            }
        }
    }

    bool object(Json* out, Keep keep, const Want* children, int depth) {
        if (depth > kMaxNestingDepth) return fail(Result::too_deep);
        ++p_;
        if (out) *out = Json::object();
        if (keep == Keep::shape) out = nullptr;
        ws();
        if (p_ < end_ && *p_ == '}') {
            ++p_;
            return true;
        }
        std::string key;
        while (true) {
            ws();
            if (p_ >= end_ || *p_ != '"') return fail();
            std::string_view view;
            bool escaped = false;
            if (!string_token(view, escaped)) return false;
            ws();
            if (p_ >= end_ || *p_ != ':') return fail();
            ++p_;
            ws();
            Json* slot = nullptr;
            Keep child_keep = Keep::all;
            const Want* grandchildren = nullptr;
            if (out) {
                // Keys are decoded only when kept or escaped (a wanted key never needs escapes,
                // but "sk\u0075" is still "sku").
                if (escaped && !decode_string(view, escaped, key)) return false;
                const std::string_view name = escaped ? std::string_view(key) : view;
                if (keep == Keep::all) {
                    slot = &(*out)[std::string(name)];
                } else {
                    for (const Want* w = children; w && !w->key.empty(); ++w)
                        if (name == w->key) {
                            slot = &(*out)[std::string(name)];
                            child_keep = w->keep;
                            grandchildren = w->children;
                        }
                }
            }
            if (depth == 1 && slot && view == "catalog") {
                // A complete object identical to the known catalog ends exactly where it does.
                const char* start = p_;
                if (!known_catalog_.empty() && std::size_t(end_ - p_) >= known_catalog_.size() &&
                    std::memcmp(p_, known_catalog_.data(), known_catalog_.size()) == 0) {
                    p_ += known_catalog_.size();
                    out->erase("catalog");
                    catalog_reused_ = true;
                } else {
                    if (!value(slot, child_keep, grandchildren, depth)) return false;
                    catalog_reused_ = false;
                    catalog_text_ = std::string_view(start, std::size_t(p_ - start));
                }
            } else if (!value(slot, child_keep, grandchildren, depth)) {
                return false;
            }
            ws();
            if (p_ < end_ && *p_ == ',') {
                ++p_;
                continue;
            }
            if (p_ < end_ && *p_ == '}') {
                ++p_;
                return true;
            }
            return fail();
        }
    }

    bool array(Json* out, Keep keep, const Want* children, int depth) {
        if (depth > kMaxNestingDepth) return fail(Result::too_deep);
        ++p_;
        if (out) *out = Json::array();
        if (keep == Keep::shape) out = nullptr;
        // Elements of a Keep::elements array are objects with the listed fields.
        const Keep element_keep = keep == Keep::elements ? Keep::fields : Keep::all;
        ws();
        if (p_ < end_ && *p_ == ']') {
            ++p_;
            return true;
        }
        while (true) {
            ws();
            Json* slot = nullptr;
            if (out) {
                out->push_back(nullptr);
                slot = &out->back();
            }
            if (!value(slot, element_keep, element_keep == Keep::fields ? children : nullptr, depth)) return false;
            ws();
            if (p_ < end_ && *p_ == ',') {
                ++p_;
                continue;
            }
            if (p_ < end_ && *p_ == ']') {
                ++p_;
                return true;
            }
            return fail();
        }
    }
};

// ---- Reading one record ------------------------------------------------------------------

bool is_digits(std::string_view s, std::size_t from, std::size_t count) {
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

// YYYY-MM-DD with a real month and a day the month can have.
bool is_date(std::string_view s) {
    if (s.size() < 10 || !is_digits(s, 0, 4) || s[4] != '-' || !is_digits(s, 5, 2) || s[7] != '-' ||
        !is_digits(s, 8, 2))
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
    if (s.size() < 20 || !is_date(s) || s[10] != 'T' || !is_digits(s, 11, 2) || s[13] != ':' ||
        !is_digits(s, 14, 2) || s[16] != ':' || !is_digits(s, 17, 2) || s.back() != 'Z')
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

int fraction_digits(const Json* node) {
    if (!node || !node->is_string()) return 0;
    const auto& text = node->get_ref<const std::string&>();
    const auto dot = text.find('.');
    return dot == std::string::npos ? 0 : int(text.size() - dot - 1);
}

const Decimal kAmountLimit = Decimal::from_int(1000000000000000);  // 10^15

class RecordReader {
public:
    // `reused`: the catalog the scanner found repeated from the record before (null: read it).
    RecordReader(Reader& r, LogRecord& out, std::shared_ptr<const LogCatalog> reused)
        : r_(r), out_(out), reused_(std::move(reused)) {}

    void read(const Json& doc) {
        if (!r_.expect_object(doc, "")) return;
        auto version = r_.string(doc, "log_version", "", true);
        if (!version) return;
        if (*version != kLogVersion) {
            r_.error(codes::unsupported_schema_version, "/log_version",
                     "log_version \"" + shown(*version) + "\" is not one this engine reads (it reads \"" +
                         kLogVersion + "\"): the line was skipped.");
            return;
        }
        name(doc, "quote_id", "", out_.quote_id);
        timestamp(doc, "saved_at", out_.saved_at);
        timestamp(doc, "updated_at", out_.updated_at);
        name(doc, "rep", "", out_.rep);
        r_.object(doc, "quote", "", true);
        if (reused_) {
            out_.catalog = reused_;
        } else if (const Json* catalog = r_.object(doc, "catalog", "", true)) {
            auto read = std::make_shared<LogCatalog>();
            strings(*catalog, "premium_skus", "/catalog", true, read->premium_skus);
            strings(*catalog, "approval_levels", "/catalog", true, read->approval_levels);
            out_.catalog = std::move(read);
        }
        if (const Json* priced = r_.object(doc, "priced", "", true)) read_priced(*priced);
        if (const Json* outcome = r_.object(doc, "outcome", "", true)) read_outcome(*outcome);
    }

private:
    Reader& r_;
    LogRecord& out_;
    std::shared_ptr<const LogCatalog> reused_;

    static std::string shown(const std::string& text) {
        return text.size() > 20 ? text.substr(0, 20) + "..." : text;
    }

    void name(const Json& obj, const char* key, const std::string& path, std::string& out) {
        auto value = r_.string(obj, key, path, true);
        if (!value) return;
        if (value->empty()) {
            r_.error(codes::empty_string, pointer_append(path, key), std::string("\"") + key + "\" is empty.");
            return;
        }
        out = std::move(*value);
    }

    // An amount the aggregates add up: at most 15 digits before the point and 4 after, so that
    // the sums of any number of records stay exact (the engine writes money with the currency's
    // 0–3 minor digits; no monthly price comes near 10^15).
    std::optional<Decimal> amount(const Json& obj, const char* key, const std::string& path, bool required) {
        auto value = r_.decimal(obj, key, path, required);
        if (!value) return value;
        if (value->abs() >= kAmountLimit || value->scale() > 4) {
            r_.error(codes::overflow, pointer_append(path, key),
                     "\"" + shown(value->to_string()) + "\" is beyond any real amount here (at most 15 digits "
                     "before the point and 4 after).");
            return std::nullopt;
        }
        return value;
    }

    void timestamp(const Json& obj, const char* key, std::string& out) {
        auto value = r_.string(obj, key, "", true);
        if (!value) return;
        if (!is_utc_timestamp(*value)) {
            r_.error(codes::invalid_date, pointer_append("", key),
                     "\"" + shown(*value) + "\" is not a UTC timestamp such as \"2026-11-14T10:22:03Z\".");
            return;
        }
        out = std::move(*value);
    }

    void strings(const Json& obj, const char* key, const std::string& path, bool required,
                 std::vector<std::string>& out) {
        const Json* list = r_.array(obj, key, path, required);
        if (!list) return;
        const std::string here = pointer_append(path, key);
        for (std::size_t i = 0; i < list->size(); ++i) {
            const Json& item = (*list)[i];
            if (!item.is_string()) {
                r_.error(codes::wrong_type, pointer_append(here, i),
                         std::string("Expected a string, found ") + detail::json_type_name(item) + ".");
                continue;
            }
            out.push_back(item.get_ref<const std::string&>());
        }
    }

    void read_priced(const Json& priced) {
        const std::string path = "/priced";
        if (const Json* errors = r_.array(priced, "errors", path, true); errors && !errors->empty()) {
            const Json& first = errors->front();
            std::string code = first.is_object() && first.contains("code") && first["code"].is_string()
                                   ? first["code"].get<std::string>()
                                   : "?";
            r_.error(codes::unknown_value, "/priced/errors",
                     "The saved quote was not priced (" + code + "): there is nothing to aggregate.");
            return;
        }
        if (const Json* book = r_.object(priced, "pricebook", path, true))
            name(*book, "currency", "/priced/pricebook", out_.currency);
        if (const Json* customer = r_.object(priced, "customer", path, true)) {
            name(*customer, "segment", "/priced/customer", out_.segment);
            out_.incumbent_monthly = amount(*customer, "incumbent_monthly", "/priced/customer", false);
        }
        if (const Json* lines = r_.array(priced, "lines", path, true)) {
            const std::string lines_path = "/priced/lines";
            for (std::size_t i = 0; i < lines->size(); ++i) {
                const Json& line = (*lines)[i];
                const std::string here = pointer_append(lines_path, i);
                if (!r_.expect_object(line, here)) continue;
                LoggedLine logged;
                std::string kind;
                name(line, "kind", here, kind);
                if (kind == "product") logged.kind = LineKind::product;
                else if (kind == "bundle") logged.kind = LineKind::bundle;
                else if (kind == "percentage") logged.kind = LineKind::percentage;
                else if (kind == "true_up") logged.kind = LineKind::true_up;
                else if (!kind.empty())
                    r_.error(codes::unknown_value, here + "/kind",
                             "\"" + shown(kind) + "\" is not a line kind: product, bundle, percentage or true_up.");
                name(line, "sku", here, logged.sku);
                name(line, "category", here, logged.category);
                if (auto product_name = r_.string(line, "name", here, false)) logged.name = std::move(*product_name);
                auto list = amount(line, "list", here, true);
                auto net = amount(line, "net", here, true);
                if (list && net) {
                    logged.list = *list;
                    logged.net = *net;
                }
                out_.lines.push_back(std::move(logged));
            }
        }
        if (const Json* totals = r_.object(priced, "totals", path, true)) {
            const std::string here = "/priced/totals";
            auto list = amount(*totals, "list_monthly", here, true);
            auto net = amount(*totals, "net_monthly", here, true);
            auto discount = amount(*totals, "discount_pct", here, true);
            if (list && net && discount) {
                out_.list_monthly = *list;
                out_.net_monthly = *net;
                out_.discount_pct = *discount;
                const auto found = totals->find("list_monthly");
                out_.minor_digits = fraction_digits(found == totals->end() ? nullptr : &*found);
            }
        }
        if (const Json* guidance = r_.array(priced, "guidance", path, true)) {
            for (std::size_t i = 0; i < guidance->size(); ++i) {
                const std::string here = pointer_append("/priced/guidance", i);
                if (!r_.expect_object((*guidance)[i], here)) continue;
                std::string code;
                name((*guidance)[i], "code", here, code);
                out_.findings.push_back(std::move(code));
            }
        }
        const auto approval = priced.find("approval");
        if (approval == priced.end()) {
            r_.error(codes::missing_field, "/priced/approval", "\"approval\" is required (null without internal data).");
        } else if (!approval->is_null() && r_.expect_object(*approval, "/priced/approval")) {
            std::string level;
            name(*approval, "level", "/priced/approval", level);
            out_.approval_level = std::move(level);
        }
    }

    void read_outcome(const Json& outcome) {
        const std::string path = "/outcome";
        LoggedOutcome& o = out_.outcome;
        if (auto status = r_.string(outcome, "status", path, true)) {
            if (*status == "open") o.status = OutcomeStatus::open;
            else if (*status == "won") o.status = OutcomeStatus::won;
            else if (*status == "lost") o.status = OutcomeStatus::lost;
            else
                r_.error(codes::unknown_value, "/outcome/status",
                         "\"" + shown(*status) + "\" is not an outcome: open, won or lost.");
        }
        o.reason = r_.string(outcome, "reason", path, false);
        o.competitor = r_.string(outcome, "competitor", path, false);
        o.competitor_monthly = amount(outcome, "competitor_monthly", path, false);
        const auto has = [&](const char* key) {
            auto it = outcome.find(key);
            return it != outcome.end() && !it->is_null();
        };
        if (has("missing_features")) strings(outcome, "missing_features", path, false, o.missing_features);
        if (has("missing_feature_tags"))
            strings(outcome, "missing_feature_tags", path, false, o.missing_feature_tags);
    }
};

std::string_view trim_line(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

bool is_blank(std::string_view line) {
    for (char c : line)
        if (c != ' ' && c != '\t') return false;
    return true;
}

// What a record's aggregates need that does not depend on the filter (defined with them, below).
void derive(LogRecord& record);

}  // namespace

void read_quote_log_chunk(QuoteLog& log, std::string_view jsonl) {
    std::size_t start = 0;
    if (log.lines_seen == 0 && jsonl.substr(0, 3) == "\xEF\xBB\xBF") start = 3;  // a UTF-8 byte-order mark
    std::size_t& line_number = log.lines_seen;
    Errors errors;
    while (start < jsonl.size()) {
        std::size_t end = jsonl.find('\n', start);
        if (end == std::string_view::npos) end = jsonl.size();
        const std::string_view line = trim_line(jsonl.substr(start, end - start));
        ++line_number;
        start = end + 1;
        if (is_blank(line)) continue;
        ++log.lines_read;
        errors.clear();
        LogRecord record;
        record.line = line_number;
        if (line.size() > kMaxInputBytes) {
            errors.push_back({codes::input_too_large, "", "The line is longer than the engine accepts."});
        } else {
            Json tree;
            // A view of the stored text itself: `cond ? std::string : ""` would be a temporary copy,
            // destroyed before parse() reads it (heap-use-after-free, found by fuzz_insights).
            PrunedScanner scanner(line.data(), line.data() + line.size(),
                                  log.catalog ? std::string_view(log.catalog_text) : std::string_view());
            switch (scanner.parse(tree)) {
                case PrunedScanner::Result::too_deep:
                    errors.push_back({codes::too_deep, "", "The record nests deeper than any valid record does."});
                    break;
                case PrunedScanner::Result::invalid:
                    errors.push_back({codes::invalid_json, "",
                                      "The line is not valid JSON (check commas, quotes and brackets, and that "
                                      "it is UTF-8 and one record per line)."});
                    break;
                case PrunedScanner::Result::ok: {
                    Reader reader(errors);
                    RecordReader(reader, record, scanner.catalog_reused() ? log.catalog : nullptr).read(tree);
                    if (errors.empty() && !scanner.catalog_reused()) {
                        log.catalog = record.catalog;
                        log.catalog_text = std::string(scanner.catalog_text());
                    }
                }
            }
        }
        if (errors.empty()) {
            derive(record);
            log.segments.insert(record.segment);
            log.reps.insert(record.rep);
            log.currencies.insert(record.currency);
            for (const auto& logged : record.lines)
                if (logged.kind != LineKind::true_up) log.skus.insert(logged.sku);
            const std::string_view date = std::string_view(record.saved_at).substr(0, 10);
            if (log.first_date.empty() || date < log.first_date) log.first_date = std::string(date);
            if (log.last_date.empty() || date > log.last_date) log.last_date = std::string(date);
            log.minor_digits = std::max(log.minor_digits, record.minor_digits);
            log.records.push_back(std::move(record));
        } else {
            ++log.bad_lines;
            for (auto& e : errors) log.errors.push_back({0, line_number, std::move(e)});
        }
    }
}

QuoteLog read_quote_log(std::string_view jsonl) {
    QuoteLog log;
    read_quote_log_chunk(log, jsonl);
    return log;
}

// ---- The filter ----------------------------------------------------------------------------

InsightsFilterResult parse_insights_filter(std::string_view json_text) {
    InsightsFilterResult result;
    if (is_blank(json_text)) {
        result.filter = InsightsFilter{};
        return result;
    }
    auto doc = detail::parse_document(json_text, result.errors);
    if (!doc) return result;
    Reader r(result.errors);
    r.check_keys(*doc, "", {"segments", "reps", "from", "to", "sku"});
    InsightsFilter filter;
    const auto names = [&](const char* key, std::vector<std::string>& out) {
        const Json* list = r.array(*doc, key, "", false);
        if (!list) return;
        for (std::size_t i = 0; i < list->size(); ++i) {
            const Json& item = (*list)[i];
            if (!item.is_string())
                r.error(codes::wrong_type, pointer_append(pointer_append("", key), i),
                        std::string("Expected a string, found ") + detail::json_type_name(item) + ".");
            else
                out.push_back(item.get<std::string>());
        }
    };
    names("segments", filter.segments);
    names("reps", filter.reps);
    for (const char* key : {"from", "to"}) {
        auto date = r.string(*doc, key, "", false);
        if (!date || date->empty()) continue;
        if (date->size() != 10 || !is_date(*date))
            r.error(codes::invalid_date, pointer_append("", key), "\"" + *date + "\" is not a date YYYY-MM-DD.");
        (std::string(key) == "from" ? filter.from : filter.to) = *date;
    }
    if (filter.from && filter.to && *filter.from > *filter.to)
        r.error(codes::invalid_date, "/to", "The date range ends before it starts.");
    auto sku = r.string(*doc, "sku", "", false);
    if (sku && !sku->empty()) filter.sku = *sku;
    if (result.errors.empty()) result.filter = std::move(filter);
    return result;
}

// ---- Aggregation ---------------------------------------------------------------------------

void OutcomeCounts::add(OutcomeStatus status) {
    ++quotes;
    switch (status) {
        case OutcomeStatus::won: ++won; break;
        case OutcomeStatus::lost: ++lost; break;
        case OutcomeStatus::open: ++open; break;
    }
}

namespace {

const Decimal kHundred = Decimal::from_int(100);

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

// Free text as a grouping key: trimmed, lower case (ASCII), runs of white space made one space,
// trailing punctuation dropped: "  HTTP/3  support." and "http/3 support" are one request.
std::string normalize_text(const std::string& text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (is_space(c)) {
            space = !out.empty();
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(lower(c));
    }
    while (!out.empty() && (out.back() == '.' || out.back() == '!' || out.back() == ',' || out.back() == ';'))
        out.pop_back();
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// A tag: lower case, words joined by single dashes: "Edge KV", "edge_kv", "edge-kv " -> "edge-kv".
std::string normalize_tag(const std::string& text) {
    std::string out;
    bool dash = false;
    for (char c : text) {
        if (is_space(c) || c == '_' || c == '-') {
            dash = !out.empty();
            continue;
        }
        if (dash) out.push_back('-');
        dash = false;
        out.push_back(lower(c));
    }
    return out;
}

// Rows keyed by a string, counted once per quote.
class KeyTable {
public:
    void add(const std::string& key, const LogRecord& r) {
        KeyRow& row = rows_[key];
        row.key = key;
        row.outcomes.add(r.outcome.status);
        if (r.outcome.status == OutcomeStatus::lost) row.lost_net_monthly += r.net_monthly;
    }
    // Most quotes first; ties by key, so the order is stable.
    std::vector<KeyRow> by_count() const {
        std::vector<KeyRow> out;
        for (const auto& entry : rows_) out.push_back(entry.second);
        std::stable_sort(out.begin(), out.end(), [](const KeyRow& a, const KeyRow& b) {
            return a.outcomes.quotes > b.outcomes.quotes;
        });
        return out;
    }
    const std::map<std::string, KeyRow>& rows() const { return rows_; }
    KeyRow& row(const std::string& key) {
        KeyRow& r = rows_[key];
        r.key = key;
        return r;
    }

private:
    std::map<std::string, KeyRow> rows_;
};

std::vector<BandRow> bands(int step, int count) {
    std::vector<BandRow> out;
    for (int i = 0; i < count; ++i) {
        BandRow row;
        row.from = Decimal::from_int(std::int64_t(i) * step);
        if (i + 1 < count) row.to = Decimal::from_int(std::int64_t(i + 1) * step);
        out.push_back(row);
    }
    return out;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

// Discount off list in 5-point bands (0–5, ..., 45–50, 50+); our net as a share of the
// incumbent's price in 20-point bands (0–20 %, ..., 100–120 %, 120 %+).
constexpr int kDiscountStep = 5, kDiscountBands = 11;
constexpr int kIncumbentStep = 20, kIncumbentBands = 7;
const char* const kUnderFindings[2] = {"under_segment_band", "far_under_incumbent"};

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

void derive(LogRecord& r) {
    LogRecord::Derived& d = r.derived;
    d.discount_band = kDiscountBands - 1;
    for (int k = 0; k + 1 < kDiscountBands; ++k)
        if (r.discount_pct < Decimal::from_int((k + 1) * kDiscountStep)) {
            d.discount_band = std::size_t(k);
            break;
        }
    if (r.incumbent_monthly && r.incumbent_monthly->sign() > 0) {
        // net ÷ incumbent < to ÷ 100, compared without dividing: net × 100 < to × incumbent.
        const Decimal scaled = r.net_monthly * kHundred;
        d.incumbent_band = kIncumbentBands - 1;
        for (int k = 0; k + 1 < kIncumbentBands; ++k)
            if (scaled < Decimal::from_int((k + 1) * kIncumbentStep) * *r.incumbent_monthly) {
                d.incumbent_band = std::size_t(k);
                break;
            }
    }
    for (int i = 0; i < 2; ++i) d.findings[i] = contains(r.findings, kUnderFindings[i]);
    std::set<std::string> tags, texts;
    for (const auto& tag : r.outcome.missing_feature_tags) tags.insert(normalize_tag(tag));
    for (const auto& text : r.outcome.missing_features) texts.insert(normalize_text(text));
    tags.erase("");
    texts.erase("");
    d.tags.assign(tags.begin(), tags.end());
    d.texts.assign(texts.begin(), texts.end());
    if (r.outcome.competitor) {
        d.competitor_key = normalize_text(*r.outcome.competitor);
        d.competitor_shown = trimmed(*r.outcome.competitor);
    }
    if (r.outcome.reason) d.reason_key = normalize_text(*r.outcome.reason);
}

int kind_rank(LineKind kind) {
    switch (kind) {
        case LineKind::bundle: return 0;
        case LineKind::product: return 1;
        case LineKind::percentage: return 2;
        case LineKind::true_up: return 3;
    }
    return 3;
}

bool passes(const LogRecord& r, const InsightsFilter& f) {
    if (!f.segments.empty() && !contains(f.segments, r.segment)) return false;
    if (!f.reps.empty() && !contains(f.reps, r.rep)) return false;
    const std::string_view date = std::string_view(r.saved_at).substr(0, 10);
    if (f.from && date < std::string_view(*f.from)) return false;
    if (f.to && date > std::string_view(*f.to)) return false;
    if (f.sku) {
        bool found = false;
        for (const auto& line : r.lines)
            if (line.sku == *f.sku && line.kind != LineKind::true_up) found = true;
        if (!found) return false;
    }
    return true;
}

// The latest save of each quote_id (by updated_at; on a tie the one read last), in read order.
std::vector<const LogRecord*> latest_saves(const std::vector<const QuoteLog*>& logs, std::size_t& duplicates) {
    std::unordered_map<std::string_view, const LogRecord*> latest;
    duplicates = 0;
    for (const QuoteLog* log : logs)
        for (const auto& r : log->records) {
            auto [it, inserted] = latest.emplace(r.quote_id, &r);
            if (inserted) continue;
            ++duplicates;
            if (r.updated_at >= it->second->updated_at) it->second = &r;
        }
    std::vector<const LogRecord*> out;
    out.reserve(latest.size());
    for (const QuoteLog* log : logs)
        for (const auto& r : log->records)
            if (latest[r.quote_id] == &r) out.push_back(&r);
    return out;
}

// Hash maps keyed by views into the records (which outlive the aggregation); sorted at the end.
struct KindSkuHash {
    std::size_t operator()(const std::pair<LineKind, std::string_view>& p) const {
        return std::hash<std::string_view>()(p.second) * 5 + std::size_t(p.first);
    }
};

void add_money_row(std::unordered_map<std::string_view, MoneyRow>& rows, const std::string& key, const LogRecord& r) {
    MoneyRow& row = rows[key];
    if (row.outcomes.quotes == 0) row.key = key;
    row.outcomes.add(r.outcome.status);
    row.list_monthly += r.list_monthly;
    row.net_monthly += r.net_monthly;
}

std::vector<MoneyRow> money_rows_by_key(const std::unordered_map<std::string_view, MoneyRow>& rows) {
    std::vector<MoneyRow> out;
    out.reserve(rows.size());
    for (const auto& entry : rows) out.push_back(entry.second);
    std::sort(out.begin(), out.end(), [](const MoneyRow& a, const MoneyRow& b) { return a.key < b.key; });
    return out;
}

bool is_offered(LineKind kind) { return kind == LineKind::product || kind == LineKind::percentage; }

}  // namespace

Insights aggregate(const std::vector<const QuoteLog*>& logs, const InsightsFilter& filter) {
    Insights in;
    in.filter = filter;
    in.files = logs.size();
    for (std::size_t file = 0; file < logs.size(); ++file) {
        in.lines_read += logs[file]->lines_read;
        in.skipped_lines += logs[file]->bad_lines;
        for (const auto& e : logs[file]->errors) {
            if (in.errors.size() == kMaxListedLogErrors) break;
            in.errors.push_back(e);
            in.errors.back().file = file;
        }
    }
    const std::vector<const LogRecord*> records = latest_saves(logs, in.duplicates);
    in.records = records.size();

    std::set<std::string> segments, reps, skus, currencies;
    int digits = -1;  // money digits of the records (JPY 0, USD 2); 2 when there is no record
    for (const QuoteLog* log : logs) {
        segments.insert(log->segments.begin(), log->segments.end());
        reps.insert(log->reps.begin(), log->reps.end());
        skus.insert(log->skus.begin(), log->skus.end());
        currencies.insert(log->currencies.begin(), log->currencies.end());
        if (log->records.empty()) continue;
        if (!in.first_date || log->first_date < *in.first_date) in.first_date = log->first_date;
        if (!in.last_date || log->last_date > *in.last_date) in.last_date = log->last_date;
        digits = std::max(digits, log->minor_digits);
    }
    in.minor_digits = digits < 0 ? 2 : digits;
    in.segments.assign(segments.begin(), segments.end());
    in.reps.assign(reps.begin(), reps.end());
    in.skus.assign(skus.begin(), skus.end());
    in.currencies.assign(currencies.begin(), currencies.end());

    std::unordered_map<std::string_view, MoneyRow> by_segment, by_rep;
    std::unordered_map<std::pair<LineKind, std::string_view>, ProductRow, KindSkuHash> by_product;
    in.discount_bands = bands(kDiscountStep, kDiscountBands);
    in.incumbent_bands = bands(kIncumbentStep, kIncumbentBands);
    std::vector<std::string> level_order;  // catalog levels, lowest first, in order of appearance
    const LogCatalog* last_catalog = nullptr;
    KeyTable levels, tags, texts, reasons;
    KeyRow under_rows[2] = {{kUnderFindings[0], {}, {}}, {kUnderFindings[1], {}, {}}};
    struct Attach {
        AttachRow row;
        std::size_t offered_in = 0, attached_in = 0;
    };
    std::unordered_map<std::string_view, Attach> attach;
    std::size_t quote_number = 0;
    std::map<std::string, CompetitorRow> competitors;  // by normalized name
    std::map<std::string, KeyTable> competitor_reasons;
    std::map<std::string, std::map<std::string, std::size_t>> spellings;  // normalized -> as written -> uses
    std::vector<std::pair<LineKind, std::string_view>> seen;

    for (const LogRecord* rp : records) {
        const LogRecord& r = *rp;
        if (!passes(r, filter)) continue;
        const OutcomeStatus status = r.outcome.status;
        in.outcomes.add(status);
        in.list_monthly += r.list_monthly;
        in.net_monthly += r.net_monthly;
        add_money_row(by_segment, r.segment, r);
        add_money_row(by_rep, r.rep, r);

        // Each product row counts a quote once, however many lines of the SKU it has.
        seen.clear();
        for (const auto& line : r.lines) {
            const std::pair<LineKind, std::string_view> key{line.kind, line.sku};
            ProductRow& row = by_product[key];
            if (row.lines == 0) {
                row.kind = line.kind;
                row.sku = line.sku;
                row.category = line.category;
                row.name = line.name;
            }
            ++row.lines;
            row.list += line.list;
            row.net += line.net;
            if (std::find(seen.begin(), seen.end(), key) == seen.end()) {
                seen.push_back(key);
                row.outcomes.add(status);
            }
        }

        const LogRecord::Derived& d = r.derived;
        in.discount_bands[d.discount_band].outcomes.add(status);
        if (d.incumbent_band) in.incumbent_bands[*d.incumbent_band].outcomes.add(status);
        else ++in.without_incumbent;

        if (r.catalog.get() != last_catalog) {
            for (const auto& level : r.catalog->approval_levels)
                if (!contains(level_order, level)) level_order.push_back(level);
            last_catalog = r.catalog.get();
        }
        levels.add(r.approval_level ? *r.approval_level : std::string(), r);

        // Attach: the record's premium SKUs are offered; its lines of them are attached. Stamps
        // (the quote's number) count each at most once per quote without nested loops.
        ++quote_number;
        for (const auto& sku : r.catalog->premium_skus) {
            Attach& a = attach[sku];
            if (a.row.offered == 0) a.row.sku = sku;
            if (a.offered_in == quote_number) continue;
            a.offered_in = quote_number;
            ++a.row.offered;
        }
        for (const auto& line : r.lines) {
            if (!is_offered(line.kind)) continue;
            auto it = attach.find(line.sku);
            if (it == attach.end() || it->second.offered_in != quote_number || it->second.attached_in == quote_number)
                continue;
            it->second.attached_in = quote_number;
            it->second.row.attached.add(status);
        }

        for (const auto& tag : d.tags) tags.add(tag, r);
        for (const auto& text : d.texts) texts.add(text, r);

        bool under = false;
        for (int i = 0; i < 2; ++i) {
            if (!d.findings[i]) continue;
            under_rows[i].outcomes.add(status);
            if (status == OutcomeStatus::lost) under_rows[i].lost_net_monthly += r.net_monthly;
            under = true;
        }
        if (under) in.under_quoted.add(status);

        if (status == OutcomeStatus::lost) {
            const std::string& name = d.competitor_key;
            CompetitorRow& row = competitors[name];
            // Spellings of one competitor group together; the row shows the most used one (on a
            // tie, the first in byte order).
            const std::string& spelled = d.competitor_shown;
            std::size_t& uses = spellings[name][spelled];
            ++uses;
            const std::size_t shown_uses = spellings[name][row.competitor];
            if (row.lost == 0 || uses > shown_uses || (uses == shown_uses && spelled < row.competitor)) row.competitor = spelled;
            ++row.lost;
            row.our_net_monthly += r.net_monthly;
            if (r.outcome.competitor_monthly) {
                ++row.with_price;
                row.our_net_priced += r.net_monthly;
                row.competitor_monthly += *r.outcome.competitor_monthly;
            }
            competitor_reasons[name].add(d.reason_key, r);
            reasons.add(d.reason_key, r);
        }
    }

    in.by_segment = money_rows_by_key(by_segment);
    in.by_rep = money_rows_by_key(by_rep);
    for (auto& entry : by_product) {
        ProductRow& row = entry.second;
        row.premium = is_offered(row.kind) && attach.count(row.sku) > 0;
        in.by_product.push_back(row);
    }
    std::sort(in.by_product.begin(), in.by_product.end(), [](const ProductRow& a, const ProductRow& b) {
        const int ra = kind_rank(a.kind), rb = kind_rank(b.kind);
        return ra != rb ? ra < rb : a.sku < b.sku;
    });

    // Approval levels in the policy's order (levels no catalog names follow by name), then
    // quotes priced without an approval policy under the empty key.
    std::vector<std::string> order = level_order;
    for (const auto& entry : levels.rows())
        if (!entry.first.empty() && !contains(order, entry.first)) order.push_back(entry.first);
    if (levels.rows().count("")) order.push_back("");
    for (const auto& level : order) in.approval_mix.push_back(levels.row(level));

    for (const auto& entry : attach) in.premium_attach.push_back(entry.second.row);
    std::sort(in.premium_attach.begin(), in.premium_attach.end(),
              [](const AttachRow& a, const AttachRow& b) { return a.sku < b.sku; });
    in.missing_feature_tags = tags.by_count();
    in.missing_feature_text = texts.by_count();
    in.under_quoted_by_finding.assign(std::begin(under_rows), std::end(under_rows));
    for (auto& entry : competitors) {
        entry.second.reasons = competitor_reasons[entry.first].by_count();
        in.lost_to.push_back(entry.second);
    }
    std::stable_sort(in.lost_to.begin(), in.lost_to.end(),
                     [](const CompetitorRow& a, const CompetitorRow& b) { return a.lost > b.lost; });
    in.loss_reasons = reasons.by_count();
    return in;
}

Insights aggregate(const std::vector<QuoteLog>& logs, const InsightsFilter& filter) {
    std::vector<const QuoteLog*> pointers;
    for (const auto& log : logs) pointers.push_back(&log);
    return aggregate(pointers, filter);
}

// ---- Canonical JSON ------------------------------------------------------------------------

namespace {

class InsightsWriter {
public:
    InsightsWriter(std::string& out, const Insights& in) : out_(out), in_(in) {}

    void write() {
        open('{');
        field("insights_version", "1");
        write_filter();
        key("read");
        open('{');
        count("files", in_.files);
        count("lines", in_.lines_read);
        count("records", in_.records);
        count("duplicates", in_.duplicates);
        count("skipped_lines", in_.skipped_lines);
        close('}');
        write_facets();
        key("totals");
        open('{');
        outcomes(in_.outcomes);
        money_field("list_monthly", in_.list_monthly);
        money_field("net_monthly", in_.net_monthly);
        ratio_field("realization_pct", in_.net_monthly, in_.list_monthly);
        close('}');
        money_rows("by_segment", "segment", in_.by_segment);
        money_rows("by_rep", "rep", in_.by_rep);
        write_products();
        band_rows("discount_bands", in_.discount_bands);
        key("incumbent_ratio");
        open('{');
        band_rows("bands", in_.incumbent_bands);
        count("without_incumbent", in_.without_incumbent);
        close('}');
        key_rows("approval_mix", "level", in_.approval_mix, false);
        write_attach();
        key("missing_features");
        open('{');
        key_rows("tags", "feature", in_.missing_feature_tags, true);
        key_rows("text", "feature", in_.missing_feature_text, true);
        close('}');
        key("under_quoted");
        open('{');
        outcomes(in_.under_quoted);
        key_rows("by_finding", "code", in_.under_quoted_by_finding, true);
        close('}');
        write_competitors();
        key("loss_reasons");
        open('[');
        for (const auto& row : in_.loss_reasons) {
            open('{');
            text_or_null("reason", row.key);
            count("lost", row.outcomes.lost);
            money_field("lost_net_monthly", row.lost_net_monthly);
            close('}');
        }
        close(']');
        write_errors();
        close('}');
    }

private:
    std::string& out_;
    const Insights& in_;
    bool comma_ = false;

    void sep() {
        if (comma_) out_.push_back(',');
    }
    void open(char c) {
        sep();
        out_.push_back(c);
        comma_ = false;
    }
    void close(char c) {
        out_.push_back(c);
        comma_ = true;
    }
    void key(const char* name) {
        sep();
        out_.push_back('"');
        out_ += name;
        out_ += "\":";
        comma_ = false;
    }
    void string(const std::string& text) {
        sep();
        out_.push_back('"');
        for (unsigned char c : text) {
            switch (c) {
                case '"': out_ += "\\\""; break;
                case '\\': out_ += "\\\\"; break;
                case '\n': out_ += "\\n"; break;
                case '\r': out_ += "\\r"; break;
                case '\t': out_ += "\\t"; break;
                default:
                    if (c < 0x20) {
                        static const char kHex[] = "0123456789abcdef";
                        out_ += "\\u00";
                        out_.push_back(kHex[c >> 4]);
                        out_.push_back(kHex[c & 15]);
                    } else {
                        out_.push_back(char(c));
                    }
            }
        }
        out_.push_back('"');
        comma_ = true;
    }
    void raw(const std::string& literal) {
        sep();
        out_ += literal;
        comma_ = true;
    }
    void field(const char* name, const std::string& value) { key(name), string(value); }
    void text_or_null(const char* name, const std::string& value) {
        key(name);
        value.empty() ? raw("null") : string(value);
    }
    void optional_text(const char* name, const std::optional<std::string>& value) {
        key(name);
        value ? string(*value) : raw("null");
    }
    void count(const char* name, std::size_t value) { key(name), raw(std::to_string(value)); }
    void money_field(const char* name, const Decimal& value) {
        key(name), string(value.to_fixed(in_.minor_digits, RoundingMode::half_up));
    }
    // part ÷ whole as a percentage with two decimals; null when the whole is zero.
    void ratio_field(const char* name, const Decimal& part, const Decimal& whole) {
        key(name);
        if (whole.is_zero()) return raw("null");
        string((part * kHundred).divide(whole, 2, RoundingMode::half_up).to_fixed(2));
    }
    void strings(const char* name, const std::vector<std::string>& values) {
        key(name);
        open('[');
        for (const auto& v : values) string(v);
        close(']');
    }
    // quotes, won, lost, open and the win rate: won ÷ (won + lost), open quotes left out.
    void outcomes(const OutcomeCounts& o) {
        count("quotes", o.quotes);
        count("won", o.won);
        count("lost", o.lost);
        count("open", o.open);
        ratio_field("win_rate_pct", Decimal::from_int(std::int64_t(o.won)), Decimal::from_int(std::int64_t(o.won + o.lost)));
    }

    void write_filter() {
        const InsightsFilter& f = in_.filter;
        key("filter");
        open('{');
        strings("segments", f.segments);
        strings("reps", f.reps);
        optional_text("from", f.from);
        optional_text("to", f.to);
        optional_text("sku", f.sku);
        close('}');
    }

    void write_facets() {
        key("facets");
        open('{');
        strings("segments", in_.segments);
        strings("reps", in_.reps);
        strings("skus", in_.skus);
        strings("currencies", in_.currencies);
        optional_text("first_date", in_.first_date);
        optional_text("last_date", in_.last_date);
        close('}');
    }

    void money_rows(const char* name, const char* key_name, const std::vector<MoneyRow>& rows) {
        key(name);
        open('[');
        for (const auto& row : rows) {
            open('{');
            field(key_name, row.key);
            outcomes(row.outcomes);
            money_field("list_monthly", row.list_monthly);
            money_field("net_monthly", row.net_monthly);
            ratio_field("realization_pct", row.net_monthly, row.list_monthly);
            close('}');
        }
        close(']');
    }

    void write_products() {
        key("by_product");
        open('[');
        for (const auto& row : in_.by_product) {
            open('{');
            field("sku", row.sku);
            field("kind", line_kind_name(row.kind));
            field("name", row.name);
            field("category", row.category);
            key("premium");
            raw(row.premium ? "true" : "false");
            outcomes(row.outcomes);
            count("lines", row.lines);
            money_field("list", row.list);
            money_field("net", row.net);
            ratio_field("realization_pct", row.net, row.list);
            ratio_field("discount_pct", row.list - row.net, row.list);
            close('}');
        }
        close(']');
    }

    void band_rows(const char* name, const std::vector<BandRow>& rows) {
        key(name);
        open('[');
        for (const auto& row : rows) {
            open('{');
            field("from", row.from.to_string());
            key("to");
            row.to ? string(row.to->to_string()) : raw("null");
            outcomes(row.outcomes);
            close('}');
        }
        close(']');
    }

    void key_rows(const char* name, const char* key_name, const std::vector<KeyRow>& rows, bool lost_net) {
        key(name);
        open('[');
        for (const auto& row : rows) {
            open('{');
            text_or_null(key_name, row.key);
            outcomes(row.outcomes);
            if (lost_net) money_field("lost_net_monthly", row.lost_net_monthly);
            close('}');
        }
        close(']');
    }

    void write_attach() {
        key("premium_attach");
        open('[');
        for (const auto& row : in_.premium_attach) {
            open('{');
            field("sku", row.sku);
            count("offered", row.offered);
            count("attached", row.attached.quotes);
            ratio_field("attach_rate_pct", Decimal::from_int(std::int64_t(row.attached.quotes)),
                        Decimal::from_int(std::int64_t(row.offered)));
            count("won", row.attached.won);
            count("lost", row.attached.lost);
            count("open", row.attached.open);
            ratio_field("win_rate_pct", Decimal::from_int(std::int64_t(row.attached.won)),
                        Decimal::from_int(std::int64_t(row.attached.won + row.attached.lost)));
            close('}');
        }
        close(']');
    }

    void write_competitors() {
        key("lost_to");
        open('[');
        for (const auto& row : in_.lost_to) {
            open('{');
            text_or_null("competitor", row.competitor);
            count("lost", row.lost);
            money_field("our_net_monthly", row.our_net_monthly);
            count("with_price", row.with_price);
            money_field("our_net_priced", row.our_net_priced);
            money_field("competitor_monthly", row.competitor_monthly);
            // (ours − theirs) ÷ theirs over the quotes with their price: > 0 means we were dearer.
            ratio_field("price_gap_pct", row.our_net_priced - row.competitor_monthly, row.competitor_monthly);
            key("reasons");
            open('[');
            for (const auto& reason : row.reasons) {
                open('{');
                text_or_null("reason", reason.key);
                count("lost", reason.outcomes.lost);
                close('}');
            }
            close(']');
            close('}');
        }
        close(']');
    }

    void write_errors() {
        key("errors");
        open('[');
        for (const auto& e : in_.errors) {
            open('{');
            count("file", e.file);
            count("line", e.line);
            field("code", e.error.code);
            field("path", e.error.path);
            field("message", e.error.message);
            close('}');
        }
        close(']');
    }
};

}  // namespace

std::string write_insights(const Insights& insights) {
    std::string out;
    out.reserve(4096 + insights.errors.size() * 160);
    InsightsWriter(out, insights).write();
    return out;
}

std::string insights_json(const std::vector<std::string_view>& logs, std::string_view filter_json) {
    InsightsFilterResult filter = parse_insights_filter(filter_json);
    if (!filter.filter) return write_errors(filter.errors);
    std::vector<QuoteLog> read;
    read.reserve(logs.size());
    for (const auto& text : logs) read.push_back(read_quote_log(text));
    return write_insights(aggregate(read, *filter.filter));
}

}  // namespace edgequote
