#include "json_reader.hpp"

#include <cmath>
#include <cstring>
#include <limits>

#include "edgequote/engine.hpp"
#include "edgequote/error_codes.hpp"

namespace edgequote {

std::string pointer_append(const std::string& base, const std::string& key) {
    std::string out = base;
    out.push_back('/');
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out.push_back(c);
    }
    return out;
}

std::string pointer_append(const std::string& base, std::size_t index) {
    return base + "/" + std::to_string(index);
}

}  // namespace edgequote

namespace edgequote::detail {
namespace {

// Deepest nesting of arrays and objects, counted without parsing (strings skipped), so a
// hostile document cannot exhaust the stack in the parser or in the tree's destructor.
int nesting_depth(std::string_view text) {
    int depth = 0, deepest = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '{' || c == '[') deepest = std::max(deepest, ++depth);
        else if (c == '}' || c == ']') --depth;
    }
    return deepest;
}

// Builds the document as nlohmann's own DOM parser does (json_sax_dom_parser), noticing keys
// that are already in their object and integer literals that did not fit in 64 bits.
class CheckedDomBuilder {
public:
    CheckedDomBuilder(Json& root, std::vector<std::string>& duplicates) : root_(root), duplicates_(duplicates) {}

    bool null() { return add(nullptr); }
    bool boolean(bool value) { return add(value); }
    bool number_integer(Json::number_integer_t value) { return add(value); }
    bool number_unsigned(Json::number_unsigned_t value) { return add(value); }
    bool number_float(Json::number_float_t value, const std::string& text) {
        if (text.find_first_of(".eE") == std::string::npos)
            return add(std::copysign(std::numeric_limits<double>::quiet_NaN(), text[0] == '-' ? -1.0 : 1.0));
        return add(value);
    }
    bool string(std::string& value) { return add(std::move(value)); }
    bool binary(Json::binary_t&) { return false; }  // JSON text has no binary values
    bool start_object(std::size_t) { return open(Json::value_t::object); }
    bool start_array(std::size_t) { return open(Json::value_t::array); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }
    bool key(std::string& name) {
        Frame& frame = stack_.back();
        auto& members = frame.node->get_ref<Json::object_t&>();
        auto [it, inserted] = members.emplace(name, nullptr);
        if (!inserted) {
            duplicates_.push_back(pointer_append(path_to_top(), name));
            it->second = nullptr;  // read as if it were the only one (every error then has a path)
        }
        frame.member = &it->second;
        frame.key = &it->first;
        return true;
    }
    template <class Exception>
    bool parse_error(std::size_t, const std::string&, const Exception&) { return false; }

private:
    struct Frame {
        Json* node;
        Json* member = nullptr;           // objects: the value being read
        const std::string* key = nullptr;  // objects: its key
    };
    Json& root_;
    std::vector<std::string>& duplicates_;
    std::vector<Frame> stack_;

    template <class Value>
    Json* place(Value&& value) {
        if (stack_.empty()) {
            root_ = Json(std::forward<Value>(value));
            return &root_;
        }
        Frame& frame = stack_.back();
        if (frame.node->is_array()) {
            auto& items = frame.node->get_ref<Json::array_t&>();
            items.emplace_back(std::forward<Value>(value));
            return &items.back();
        }
        *frame.member = Json(std::forward<Value>(value));
        return frame.member;
    }
    template <class Value>
    bool add(Value&& value) {
        place(std::forward<Value>(value));
        return true;
    }
    bool open(Json::value_t type) {
        stack_.push_back(Frame{place(type)});
        return true;
    }
    bool close() {
        stack_.pop_back();
        return true;
    }
    // The JSON Pointer of the innermost open object (only built for a duplicate).
    std::string path_to_top() const {
        std::string path;
        for (std::size_t i = 0; i + 1 < stack_.size(); ++i) {
            const Frame& frame = stack_[i];
            if (frame.node->is_array()) path = pointer_append(path, frame.node->size() - 1);
            else path = pointer_append(path, *frame.key);
        }
        return path;
    }
};

}  // namespace

ParsedJson parse_json(std::string_view text) {
    ParsedJson out;
    CheckedDomBuilder builder(out.value, out.duplicate_keys);
    out.valid = Json::sax_parse(text.begin(), text.end(), &builder, Json::input_format_t::json, /*strict=*/true);
    if (!out.valid) out.value = Json(Json::value_t::discarded);
    return out;
}

bool is_oversized_integer(const Json& node) {
    return node.is_number_float() && std::isnan(node.get<double>());
}

const char* json_type_name(const Json& node) {
    switch (node.type()) {
        case Json::value_t::null: return "null";
        case Json::value_t::object: return "an object";
        case Json::value_t::array: return "an array";
        case Json::value_t::string: return "a string";
        case Json::value_t::boolean: return "a boolean";
        case Json::value_t::number_float: return "a fractional number";
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned: return "an integer";
        default: return "an unknown value";
    }
}

std::optional<Json> parse_document(std::string_view text, Errors& errors) {
    if (text.size() > kMaxInputBytes) {
        errors.push_back({codes::input_too_large, "",
                          "The document is " + std::to_string(text.size()) +
                              " bytes; the limit is " + std::to_string(kMaxInputBytes) + "."});
        return std::nullopt;
    }
    if (nesting_depth(text) > kMaxNestingDepth) {
        errors.push_back({codes::too_deep, "",
                          "The document nests deeper than " + std::to_string(kMaxNestingDepth) +
                              " levels."});
        return std::nullopt;
    }
    ParsedJson parsed = parse_json(text);
    Json& doc = parsed.value;
    if (!parsed.valid) {
        errors.push_back({codes::invalid_json, "",
                          "The text is not valid JSON (check commas, quotes and brackets, and "
                          "that it is UTF-8)."});
        return std::nullopt;
    }
    if (!parsed.duplicate_keys.empty()) {
        for (const std::string& path : parsed.duplicate_keys)
            errors.push_back({codes::duplicate_key, path,
                              "This key appears more than once in its object; JSON readers would keep "
                              "only one of the values. Remove the others."});
        return std::nullopt;
    }
    if (!doc.is_object()) {
        errors.push_back({codes::wrong_type, "",
                          std::string("The document must be a JSON object, not ") +
                              json_type_name(doc) + "."});
        return std::nullopt;
    }
    return std::move(doc);
}

void Reader::error(const char* code, const std::string& path, std::string message) {
    errors_.push_back({code, path, std::move(message)});
}

bool Reader::expect_object(const Json& node, const std::string& path) {
    if (node.is_object()) return true;
    error(codes::wrong_type, path, std::string("Expected an object, found ") + json_type_name(node) + ".");
    return false;
}

namespace {
const Json* find(const Json& obj, const char* key) {
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}
}  // namespace

const Json* Reader::object(const Json& obj, const char* key, const std::string& path, bool required) {
    const LazyPath here{path, key};
    const Json* node = find(obj, key);
    if (!node) {
        if (required) error(codes::missing_field, here.str(), std::string("\"") + key + "\" is required.");
        return nullptr;
    }
    if (!node->is_object()) {
        error(codes::wrong_type, here.str(), std::string("\"") + key + "\" must be an object, not " +
                                           json_type_name(*node) + ".");
        return nullptr;
    }
    return node;
}

const Json* Reader::array(const Json& obj, const char* key, const std::string& path, bool required) {
    const LazyPath here{path, key};
    const Json* node = find(obj, key);
    if (!node) {
        if (required) error(codes::missing_field, here.str(), std::string("\"") + key + "\" is required.");
        return nullptr;
    }
    if (!node->is_array()) {
        error(codes::wrong_type, here.str(), std::string("\"") + key + "\" must be an array, not " +
                                           json_type_name(*node) + ".");
        return nullptr;
    }
    return node;
}

std::optional<std::string> Reader::string(const Json& obj, const char* key, const std::string& path,
                                          bool required) {
    const LazyPath here{path, key};
    const Json* node = find(obj, key);
    if (!node || (node->is_null() && !required)) {
        if (required) error(codes::missing_field, here.str(), std::string("\"") + key + "\" is required.");
        return std::nullopt;
    }
    if (!node->is_string()) {
        error(codes::wrong_type, here.str(), std::string("\"") + key + "\" must be a string, not " +
                                           json_type_name(*node) + ".");
        return std::nullopt;
    }
    return node->get_ref<const std::string&>();
}

namespace {
// An integer node as JSON writes it, without nlohmann's serializer (which the module leaves out).
std::string integer_text(const Json& node) {
    return node.is_number_unsigned() ? std::to_string(node.get<std::uint64_t>()) : std::to_string(node.get<std::int64_t>());
}
}  // namespace

std::optional<Decimal> Reader::decimal_at(const Json& node, const LazyPath& path, NumberKind kind) {
    if (is_oversized_integer(node)) {
        error(kind == NumberKind::quantity ? codes::quantity_too_large : codes::expected_decimal_string, path.str(),
              kind == NumberKind::quantity ? "The number has more digits than 64 bits hold: beyond any real traffic."
                                           : "Money and rates are decimal strings: write the digits in quotes.");
        return std::nullopt;
    }
    if (node.is_number_float()) {
        error(codes::float_not_allowed, path.str(),
              "Write this number as a decimal string (\"0.085\", not 0.085): binary fractions "
              "are not exact.");
        return std::nullopt;
    }
    if (node.is_number_integer()) {
        if (kind != NumberKind::quantity) {
            error(codes::expected_decimal_string, path.str(),
                  "Money and rates are decimal strings: write \"" + integer_text(node) + "\".");
            return std::nullopt;
        }
        if (node.is_number_unsigned()) {
            const auto value = node.get<std::uint64_t>();
            if (value > std::uint64_t(INT64_MAX)) {
                error(codes::quantity_too_large, path.str(), "The quantity is beyond any real traffic.");
                return std::nullopt;
            }
            return Decimal::from_int(std::int64_t(value));
        }
        return Decimal::from_int(node.get<std::int64_t>());
    }
    if (!node.is_string()) {
        error(codes::wrong_type, path.str(),
              std::string("Expected a decimal string, found ") + json_type_name(node) + ".");
        return std::nullopt;
    }
    const auto& text = node.get_ref<const std::string&>();
    auto value = Decimal::parse(text);
    if (!value) {
        std::string shown = text.size() > 40 ? text.substr(0, 40) + "..." : text;
        error(codes::invalid_decimal, path.str(),
              "\"" + shown + "\" is not a decimal number (digits with an optional '.' and "
              "fraction, at most 36 digits, no exponent).");
        return std::nullopt;
    }
    // "-0" is zero with a sign the formats do not allow where a value cannot be negative (the
    // schemas' patterns have no '-' there); the sign checks after reading cannot see it.
    if (kind != NumberKind::signed_decimal && text[0] == '-' && value->is_zero()) {
        error(codes::negative_value, path.str(), "\"" + text + "\" has a minus sign: write it without one.");
        return std::nullopt;
    }
    return value;
}

std::optional<Decimal> Reader::decimal_value(const Json& node, const std::string& path, NumberKind kind) {
    return decimal_at(node, LazyPath{path, nullptr}, kind);
}

std::optional<Decimal> Reader::decimal(const Json& obj, const char* key, const std::string& path,
                                       bool required, NumberKind kind) {
    const LazyPath here{path, key};
    const Json* node = find(obj, key);
    if (!node || (node->is_null() && !required)) {
        if (required) error(codes::missing_field, here.str(), std::string("\"") + key + "\" is required.");
        return std::nullopt;
    }
    return decimal_at(*node, here, kind);
}

std::optional<bool> Reader::boolean(const Json& obj, const char* key, const std::string& path) {
    const Json* node = find(obj, key);
    if (!node) return std::nullopt;
    if (!node->is_boolean()) {
        error(codes::wrong_type, pointer_append(path, key),
              std::string("\"") + key + "\" must be true or false, not " + json_type_name(*node) + ".");
        return std::nullopt;
    }
    return node->get<bool>();
}

std::optional<int> Reader::integer(const Json& obj, const char* key, const std::string& path, bool required) {
    const LazyPath here{path, key};
    const Json* node = find(obj, key);
    if (!node) {
        if (required) error(codes::missing_field, here.str(), std::string("\"") + key + "\" is required.");
        return std::nullopt;
    }
    auto value = decimal_at(*node, here, NumberKind::quantity);
    if (!value) return std::nullopt;
    if (!value->is_integer() || *value < Decimal::from_int(0) || *value > Decimal::from_int(1200)) {
        error(codes::wrong_type, here.str(), std::string("\"") + key + "\" must be a whole number from 0 to 1200.");
        return std::nullopt;
    }
    return std::stoi(value->to_string());
}

void Reader::check_keys(const Json& obj, const std::string& path, std::initializer_list<const char*> allowed) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        const std::string& key = it.key();
        if (key == "$schema" || key == "$comment" || key == "description" || key.rfind("x-", 0) == 0)
            continue;
        bool known = false;
        for (const char* a : allowed)
            if (key == a) known = true;
        if (!known) {
            std::string list;
            for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
            error(codes::unknown_field, pointer_append(path, key),
                  "\"" + key + "\" is not a field here (known: " + list + ").");
        }
    }
}

}  // namespace edgequote::detail
