#pragma once
// The engine's own JSON document: what the parsers read books, quotes and approval statements
// from. It replaces nlohmann::json on the engine's path (the page's module was ~18 KB gzip of
// nlohmann's parser and DOM templates, plus strtod and printf they pulled in) and keeps the part
// of nlohmann's interface the parsers use, with nlohmann's behaviour:
// - objects iterate their members in key order (std::string's), as nlohmann's std::map does, so
//   errors come in the same order;
// - positive integers that fit in 64 bits are unsigned, negative ones signed; a longer integer is a
//   fractional number marked as oversized (is_oversized_integer), as nlohmann turns it into a double;
// - the grammar is RFC 8259 as nlohmann's strict parser reads it: a leading UTF-8 byte order mark
//   is skipped, strings must be valid UTF-8 without control characters, lone surrogates are
//   refused, and a number whose double would be infinite ("1e400") is not JSON.
// Numbers other than integers keep no value: the formats refuse them (money is decimal strings).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace edgequote::detail {

class JsonValue {
public:
    enum class value_t : std::uint8_t {
        null, object, array, string, boolean, number_integer, number_unsigned, number_float, discarded
    };

    JsonValue() = default;
    explicit JsonValue(value_t type) : type_(type) {}

    value_t type() const { return type_; }
    bool is_null() const { return type_ == value_t::null; }
    bool is_object() const { return type_ == value_t::object; }
    bool is_array() const { return type_ == value_t::array; }
    bool is_string() const { return type_ == value_t::string; }
    bool is_boolean() const { return type_ == value_t::boolean; }
    bool is_number() const { return is_number_integer() || is_number_float(); }
    bool is_number_integer() const { return type_ == value_t::number_integer || type_ == value_t::number_unsigned; }
    bool is_number_unsigned() const { return type_ == value_t::number_unsigned; }
    bool is_number_float() const { return type_ == value_t::number_float; }
    bool is_discarded() const { return type_ == value_t::discarded; }
    // An integer literal too long for 64 bits (read as a fractional number, as nlohmann does).
    bool is_oversized_integer() const { return is_number_float() && oversized_; }

    // As nlohmann: null is empty, any other scalar has size 1.
    std::size_t size() const {
        if (is_object() || is_array()) return items_.size();
        return is_null() ? 0 : 1;
    }
    bool empty() const { return size() == 0; }

    // Arrays: the i-th item; objects: the i-th member's value in key order.
    const JsonValue& operator[](std::size_t i) const { return items_[i]; }
    // Objects: the member named `key` (a null value if there is none; nlohmann asserts).
    template <class T>
    const JsonValue& operator[](T* key) const {
        static const JsonValue missing;
        auto it = find(key);
        return it == end() ? missing : *it;
    }
    const JsonValue& front() const { return items_.front(); }
    const JsonValue& back() const { return items_.back(); }

    class const_iterator {
    public:
        const_iterator(const JsonValue* owner, std::size_t index) : owner_(owner), index_(index) {}
        const JsonValue& operator*() const { return owner_->items_[index_]; }
        const JsonValue* operator->() const { return &owner_->items_[index_]; }
        const JsonValue& value() const { return owner_->items_[index_]; }
        const std::string& key() const { return owner_->keys_[index_]; }  // objects only
        const_iterator& operator++() { ++index_; return *this; }
        bool operator==(const const_iterator& other) const { return index_ == other.index_ && owner_ == other.owner_; }
        bool operator!=(const const_iterator& other) const { return !(*this == other); }

    private:
        const JsonValue* owner_;
        std::size_t index_;
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, items_.size()}; }

    // Objects: the member named `key`, or end(). Anything else: end().
    const_iterator find(std::string_view key) const;
    bool contains(std::string_view key) const { return find(key) != end(); }
    std::size_t count(std::string_view key) const { return contains(key) ? 1 : 0; }

    // A string's text (as nlohmann's get_ref<const std::string&>()).
    template <class T>
    const std::string& get_ref() const {
        static_assert(std::is_same_v<T, const std::string&>, "only strings are read by reference");
        return text_;
    }
    // bool, the integer types (converted as nlohmann converts) and std::string.
    template <class T>
    T get() const {
        if constexpr (std::is_same_v<T, bool>) return boolean_;
        else if constexpr (std::is_same_v<T, std::string>) return text_;
        else {
            static_assert(std::is_integral_v<T>, "fractional numbers keep no value");
            return type_ == value_t::number_unsigned ? T(unsigned_) : T(integer_);
        }
    }

private:
    friend class JsonParser;
    value_t type_ = value_t::null;
    bool boolean_ = false;
    bool oversized_ = false;
    std::int64_t integer_ = 0;
    std::uint64_t unsigned_ = 0;
    std::string text_;               // strings
    std::vector<JsonValue> items_;   // array items, or object values in key order
    std::vector<std::string> keys_;  // object keys, sorted, parallel to items_
};

// Parses `text` (strict: nothing but whitespace after the value). `valid` false: not JSON.
// Every key that appears twice in one object is listed, as a JSON Pointer, in document order.
// Nesting deeper than `max_depth` is refused as not JSON (callers check depth first, with a
// message of their own; this bound only keeps the recursion finite).
struct JsonParseResult {
    JsonValue value;
    bool valid = false;
    std::vector<std::string> duplicate_keys;
};
JsonParseResult parse_json_value(std::string_view text, int max_depth);

}  // namespace edgequote::detail
