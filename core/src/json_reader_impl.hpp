#pragma once
// The Reader's accessors, for any document type with nlohmann's interface (the engine's Json and
// nlohmann::json). Included only by json_reader.cpp and json_reader_nlohmann.cpp, which
// instantiate them (EDGEQUOTE_INSTANTIATE_READER), so the engine's module holds no nlohmann code.
#include <cmath>
#include <string>
#include <type_traits>

#include "edgequote/error_codes.hpp"
#include "json_reader.hpp"

namespace edgequote::detail {

template <class J>
bool is_oversized_integer(const J& node) {
    if constexpr (std::is_same_v<J, JsonValue>) return node.is_oversized_integer();
    else return node.is_number_float() && std::isnan(node.template get<double>());
}

template <class J>
const char* json_type_name(const J& node) {
    using T = typename J::value_t;
    switch (node.type()) {
        case T::null: return "null";
        case T::object: return "an object";
        case T::array: return "an array";
        case T::string: return "a string";
        case T::boolean: return "a boolean";
        case T::number_float: return "a fractional number";
        case T::number_integer:
        case T::number_unsigned: return "an integer";
        default: return "an unknown value";
    }
}

namespace reader_impl {
template <class J>
const J* find(const J& obj, const char* key) {
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}

// An integer node as JSON writes it, without nlohmann's serializer (which the module leaves out).
template <class J>
std::string integer_text(const J& node) {
    return node.is_number_unsigned() ? std::to_string(node.template get<std::uint64_t>())
                                     : std::to_string(node.template get<std::int64_t>());
}
}  // namespace reader_impl

template <class J>
bool Reader::expect_object(const J& node, const std::string& path) {
    if (node.is_object()) return true;
    error(codes::wrong_type, path, std::string("Expected an object, found ") + json_type_name(node) + ".");
    return false;
}

template <class J>
const J* Reader::object(const J& obj, const char* key, const std::string& path, bool required) {
    const LazyPath here{path, key};
    const J* node = reader_impl::find(obj, key);
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

template <class J>
const J* Reader::array(const J& obj, const char* key, const std::string& path, bool required) {
    const LazyPath here{path, key};
    const J* node = reader_impl::find(obj, key);
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

template <class J>
std::optional<std::string> Reader::string(const J& obj, const char* key, const std::string& path, bool required) {
    const LazyPath here{path, key};
    const J* node = reader_impl::find(obj, key);
    if (!node || (node->is_null() && !required)) {
        if (required) error(codes::missing_field, here.str(), std::string("\"") + key + "\" is required.");
        return std::nullopt;
    }
    if (!node->is_string()) {
        error(codes::wrong_type, here.str(), std::string("\"") + key + "\" must be a string, not " +
                                           json_type_name(*node) + ".");
        return std::nullopt;
    }
    return node->template get_ref<const std::string&>();
}

template <class J>
std::optional<Decimal> Reader::decimal_at(const J& node, const LazyPath& path, NumberKind kind) {
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
                  "Money and rates are decimal strings: write \"" + reader_impl::integer_text(node) + "\".");
            return std::nullopt;
        }
        if (node.is_number_unsigned()) {
            const auto value = node.template get<std::uint64_t>();
            if (value > std::uint64_t(INT64_MAX)) {
                error(codes::quantity_too_large, path.str(), "The quantity is beyond any real traffic.");
                return std::nullopt;
            }
            return Decimal::from_int(std::int64_t(value));
        }
        return Decimal::from_int(node.template get<std::int64_t>());
    }
    if (!node.is_string()) {
        error(codes::wrong_type, path.str(),
              std::string("Expected a decimal string, found ") + json_type_name(node) + ".");
        return std::nullopt;
    }
    const auto& text = node.template get_ref<const std::string&>();
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

template <class J>
std::optional<Decimal> Reader::decimal_value(const J& node, const std::string& path, NumberKind kind) {
    return decimal_at(node, LazyPath{path, nullptr}, kind);
}

template <class J>
std::optional<Decimal> Reader::member_decimal(const J& node, const std::string& base, const std::string& key,
                                              NumberKind kind) {
    return decimal_at(node, LazyPath{base, nullptr, &key}, kind);
}

template <class J>
std::optional<Decimal> Reader::decimal(const J& obj, const char* key, const std::string& path, bool required,
                                       NumberKind kind) {
    const LazyPath here{path, key};
    const J* node = reader_impl::find(obj, key);
    if (!node || (node->is_null() && !required)) {
        if (required) error(codes::missing_field, here.str(), std::string("\"") + key + "\" is required.");
        return std::nullopt;
    }
    return decimal_at(*node, here, kind);
}

template <class J>
std::optional<bool> Reader::boolean(const J& obj, const char* key, const std::string& path) {
    const J* node = reader_impl::find(obj, key);
    if (!node) return std::nullopt;
    if (!node->is_boolean()) {
        error(codes::wrong_type, pointer_append(path, key),
              std::string("\"") + key + "\" must be true or false, not " + json_type_name(*node) + ".");
        return std::nullopt;
    }
    return node->template get<bool>();
}

template <class J>
std::optional<int> Reader::integer(const J& obj, const char* key, const std::string& path, bool required) {
    const LazyPath here{path, key};
    const J* node = reader_impl::find(obj, key);
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
    // Its leading digits, as std::stoi would read them; std::stoi itself would bring printf into
    // the page's module (its out-of-range error message), for a number known to be 0..1200.
    int whole = 0;
    for (char c : value->to_string()) {
        if (c < '0' || c > '9') break;
        whole = whole * 10 + (c - '0');
    }
    return whole;
}

template <class J>
void Reader::check_keys(const J& obj, const std::string& path, std::initializer_list<const char*> allowed) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        const std::string& key = it.key();
        // First bytes first: most keys differ from most names there (key[0] of "" is '\0').
        bool known = false;
        for (const char* a : allowed)
            if (key[0] == a[0] && key == a) {
                known = true;
                break;
            }
        if (known || key == "$schema" || key == "$comment" || key == "description" || key.rfind("x-", 0) == 0)
            continue;
        report_unknown_key(key, path, allowed);
    }
}

}  // namespace edgequote::detail

// Instantiates every accessor for one document type; a type with its own key check (FlatJson)
// instantiates the accessors alone.
#define EDGEQUOTE_INSTANTIATE_READER(J)                                                                     \
    EDGEQUOTE_INSTANTIATE_READER_ACCESSORS(J)                                                               \
    template void Reader::check_keys<J>(const J&, const std::string&, std::initializer_list<const char*>);
#define EDGEQUOTE_INSTANTIATE_READER_ACCESSORS(J)                                                           \
    template bool is_oversized_integer<J>(const J&);                                                        \
    template const char* json_type_name<J>(const J&);                                                       \
    template bool Reader::expect_object<J>(const J&, const std::string&);                                   \
    template const J* Reader::object<J>(const J&, const char*, const std::string&, bool);                   \
    template const J* Reader::array<J>(const J&, const char*, const std::string&, bool);                    \
    template std::optional<std::string> Reader::string<J>(const J&, const char*, const std::string&, bool); \
    template std::optional<Decimal> Reader::decimal<J>(const J&, const char*, const std::string&, bool,     \
                                                       NumberKind);                                         \
    template std::optional<Decimal> Reader::decimal_value<J>(const J&, const std::string&, NumberKind);     \
    template std::optional<Decimal> Reader::member_decimal<J>(const J&, const std::string&, const std::string&, \
                                                              NumberKind);                                  \
    template std::optional<bool> Reader::boolean<J>(const J&, const char*, const std::string&);             \
    template std::optional<int> Reader::integer<J>(const J&, const char*, const std::string&, bool);
