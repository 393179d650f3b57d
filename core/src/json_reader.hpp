#pragma once
// Reading typed fields out of a parsed JSON document, collecting every error with its path.
// Used only by the parsers: nothing past validation ever sees JSON.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edgequote/decimal.hpp"
#include "edgequote/error.hpp"
#include "json_value.hpp"

namespace edgequote::detail {

// The parsers' document: the engine's own (json_value.hpp). The Reader also reads nlohmann::json
// documents (json_reader_nlohmann.cpp), for the CLI's and the insights module's own readers.
using Json = JsonValue;

enum class NumberKind {
    decimal_string,  // money and rates: strings only, never negative
    quantity,        // quantities and counts: strings or JSON integers, never negative
    signed_decimal,  // a string that may be negative (approval thresholds)
};

// Parses text with the size and depth bounds; on failure reports and returns nullopt. A key
// that appears twice in one object is refused (duplicate_key, with its path).
std::optional<Json> parse_document(std::string_view text, Errors& errors);

// The JSON grammar as nlohmann's strict parser reads it, and two things nlohmann does not do:
// every key that appears twice in one object is listed (as a JSON Pointer) in `duplicate_keys`,
// where nlohmann would silently keep the last value; and an integer too long for 64 bits is
// marked (is_oversized_integer), so the reader can tell it from "1.5" or "1e30" and refuse it
// as too large rather than as a fraction. Linear in the text (sorting each object's keys aside).
using ParsedJson = JsonParseResult;
ParsedJson parse_json(std::string_view text);
// An integer literal beyond 64 bits: marked by parse_json in the engine's document; NaN in an
// nlohmann document.
template <class J>
bool is_oversized_integer(const J& node);

// A JSON Pointer built only when an error needs it: reading a valid document allocates no paths.
struct LazyPath {
    const std::string& base;
    const char* key;  // null: `base` is the whole path (or `key_string` its last step)
    const std::string* key_string = nullptr;  // a key read from the document
    std::string str() const {
        return key_string ? pointer_append(base, *key_string) : key ? pointer_append(base, key) : base;
    }
};

class Reader {
public:
    explicit Reader(Errors& errors) : errors_(errors) {}

    void error(const char* code, const std::string& path, std::string message);
    std::size_t error_count() const { return errors_.size(); }

    // Each accessor reads obj[key]; a missing optional field gives nullopt silently, a missing
    // required one or a wrong type reports and gives nullopt.
    // The accessors read either document type, Json or nlohmann::json (J is deduced); each is
    // instantiated for both in json_reader.cpp and json_reader_nlohmann.cpp.
    template <class J>
    const J* object(const J& obj, const char* key, const std::string& path, bool required);
    template <class J>
    const J* array(const J& obj, const char* key, const std::string& path, bool required);
    template <class J>
    std::optional<std::string> string(const J& obj, const char* key, const std::string& path, bool required);
    template <class J>
    std::optional<Decimal> decimal(const J& obj, const char* key, const std::string& path, bool required,
                                   NumberKind kind = NumberKind::decimal_string);
    template <class J>
    std::optional<Decimal> decimal_value(const J& node, const std::string& path, NumberKind kind);
    // The same for the member `key` of the object at `base`, its path made only for an error.
    template <class J>
    std::optional<Decimal> member_decimal(const J& node, const std::string& base, const std::string& key, NumberKind kind);
    template <class J>
    std::optional<bool> boolean(const J& obj, const char* key, const std::string& path);
    template <class J>
    std::optional<int> integer(const J& obj, const char* key, const std::string& path, bool required);

    // Reports keys outside `allowed` (annotations "$schema", "$comment", "description" and
    // "x-..." extension keys are always allowed).
    template <class J>
    void check_keys(const J& obj, const std::string& path, std::initializer_list<const char*> allowed);
    template <class J>
    bool expect_object(const J& node, const std::string& path);

private:
    Errors& errors_;
    template <class J>
    std::optional<Decimal> decimal_at(const J& node, const LazyPath& path, NumberKind kind);
    void report_unknown_key(const std::string& key, const std::string& path, std::initializer_list<const char*> allowed);
};

template <class J>
const char* json_type_name(const J& node);

}  // namespace edgequote::detail
