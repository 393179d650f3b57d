// Reading quote logs (pricebooks/LOG-FORMAT.md): JSON Lines in, records and bad lines out.
//
// Reading is the expensive part: a record carries a whole priced quote, and the aggregates
// read a few dozen of its fields. Each line is therefore scanned into a pruned tree that holds
// only those fields (everything else is checked to be JSON and skipped without allocating),
// and the pruned tree is then read with the same Reader as the price book and the quote, so a
// bad record gets the same codes and JSON Pointers. What does not depend on the filter
// (bands, normalised text) is worked out here, once per record.
#include "edgequote/insights.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>

#include "edgequote/date.hpp"
#include "edgequote/engine.hpp"
#include "edgequote/error_codes.hpp"
#include "insights_internal.hpp"
#include <nlohmann/json.hpp>

#include "json_reader.hpp"

namespace edgequote {
namespace {

// Its own trees are nlohmann documents (the Reader reads both kinds).
using Json = nlohmann::json;
using detail::Reader;
using namespace insights_detail;

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
constexpr Want kFindingFields[] = {{"code", Keep::all, nullptr}, {"band", Keep::all, nullptr}, {"", Keep::all, nullptr}};
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
            r_.error(codes::unsupported_log_version, "/log_version",
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
        auto value = r_.decimal(obj, key, path, required, detail::NumberKind::signed_decimal);
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
            r_.error(codes::unpriced_quote, "/priced/errors",
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
                if (code == findings::under_segment_band) under_band((*guidance)[i], here);
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

    // The band an under_segment_band finding was measured against (money left on the table).
    void under_band(const Json& finding, const std::string& path) {
        const auto band = finding.find("band");
        if (band == finding.end() || band->is_null()) return;  // snapshots before bands were logged
        if (!r_.expect_object(*band, path + "/band")) return;
        out_.under_band_low = amount(*band, "low", path + "/band", true);
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
    // "other: <text>" (free text the rep typed) is grouped by its text.
    for (const auto& tag : r.outcome.missing_feature_tags) tags.insert(normalize_tag(std::string(outcome_free_text(tag))));
    for (const auto& text : r.outcome.missing_features) texts.insert(normalize_text(text));
    tags.erase("");
    texts.erase("");
    d.tags.assign(tags.begin(), tags.end());
    d.texts.assign(texts.begin(), texts.end());
    if (r.outcome.competitor) {
        const std::string text(outcome_free_text(*r.outcome.competitor));
        d.competitor_key = normalize_text(text);
        d.competitor_shown = trimmed(text);
    }
    if (r.outcome.reason) d.reason_key = normalize_text(std::string(outcome_free_text(*r.outcome.reason)));
}

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
        const detail::Json* list = r.array(*doc, key, "", false);
        if (!list) return;
        for (std::size_t i = 0; i < list->size(); ++i) {
            const detail::Json& item = (*list)[i];
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
        if (!is_date(*date))
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

}  // namespace edgequote
