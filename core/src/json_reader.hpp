#pragma once
// Reading typed fields out of a parsed JSON document, collecting every error with its path.
// Used only by the parsers: nothing past validation ever sees JSON.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgequote/decimal.hpp"
#include "edgequote/error.hpp"

namespace edgequote::detail {

using Json = nlohmann::json;

enum class NumberKind {
    decimal_string,  // money and rates: strings only, never negative
    quantity,        // quantities and counts: strings or JSON integers, never negative
    signed_decimal,  // a string that may be negative (approval thresholds)
};

// Parses text with the size and depth bounds; on failure reports and returns nullopt. A key
// that appears twice in one object is refused (duplicate_key, with its path).
std::optional<Json> parse_document(std::string_view text, Errors& errors);

// Json::parse (no exceptions), and two things it does not do: every key that appears twice in
// one object is listed (as a JSON Pointer) in `duplicate_keys`, where nlohmann would silently
// keep the last value; and an integer too long for 64 bits, which nlohmann turns into a binary
// float, becomes NaN instead (no JSON text gives NaN), so the reader can tell it from "1.5"
// or "1e30" and refuse it as too large rather than as a fraction. Linear in the text.
struct ParsedJson {
    Json value;
    bool valid = false;  // false: not JSON (value is discarded)
    std::vector<std::string> duplicate_keys;
};
ParsedJson parse_json(std::string_view text);
// NaN as parse_json marks an integer literal beyond 64 bits.
bool is_oversized_integer(const Json& node);

// A JSON Pointer built only when an error needs it: reading a valid document allocates no paths.
struct LazyPath {
    const std::string& base;
    const char* key;  // null: `base` is the whole path
    std::string str() const { return key ? pointer_append(base, key) : base; }
};

class Reader {
public:
    explicit Reader(Errors& errors) : errors_(errors) {}

    void error(const char* code, const std::string& path, std::string message);
    std::size_t error_count() const { return errors_.size(); }

    // Each accessor reads obj[key]; a missing optional field gives nullopt silently, a missing
    // required one or a wrong type reports and gives nullopt.
    const Json* object(const Json& obj, const char* key, const std::string& path, bool required);
    const Json* array(const Json& obj, const char* key, const std::string& path, bool required);
    std::optional<std::string> string(const Json& obj, const char* key, const std::string& path,
                                      bool required);
    std::optional<Decimal> decimal(const Json& obj, const char* key, const std::string& path,
                                   bool required, NumberKind kind = NumberKind::decimal_string);
    std::optional<Decimal> decimal_value(const Json& node, const std::string& path, NumberKind kind);
    std::optional<bool> boolean(const Json& obj, const char* key, const std::string& path);
    std::optional<int> integer(const Json& obj, const char* key, const std::string& path, bool required);

    // Reports keys outside `allowed` (annotations "$schema", "$comment", "description" and
    // "x-..." extension keys are always allowed).
    void check_keys(const Json& obj, const std::string& path, std::initializer_list<const char*> allowed);
    bool expect_object(const Json& node, const std::string& path);

private:
    Errors& errors_;
    std::optional<Decimal> decimal_at(const Json& node, const LazyPath& path, NumberKind kind);
};

const char* json_type_name(const Json& node);

}  // namespace edgequote::detail
