#pragma once
// Reading typed fields out of a parsed JSON document, collecting every error with its path.
// Used only by the parsers: nothing past validation ever sees JSON.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "edgequote/decimal.hpp"
#include "edgequote/error.hpp"

namespace edgequote::detail {

using Json = nlohmann::json;

enum class NumberKind {
    decimal_string,  // money and rates: strings only
    quantity,        // quantities and counts: strings or JSON integers
};

// Parses text with the size and depth bounds; on failure reports and returns nullopt.
std::optional<Json> parse_document(std::string_view text, Errors& errors);

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
