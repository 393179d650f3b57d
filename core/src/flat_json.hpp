#pragma once
// A read-only JSON document over the text it was read from, for batch readers that parse many
// small documents (price-change impact's quotes): one array of nodes reused from one document to
// the next, strings and keys as views of the text, no allocation per value. It keeps the part of
// the engine's document interface (json_value.hpp) the Reader and the quote parser use, with the
// same answers, so the one quote parser reads either.
//
// It reads only what it can vouch for reading exactly as the engine's parser does: strings of
// printable ASCII without escapes, non-negative integers of at most 18 digits, true, false, null,
// objects without repeated keys, nesting within kMaxNestingDepth, nothing past kMaxInputBytes.
// Anything else (escapes, other bytes, signs, fractions, exponents, a repeated key, a byte order
// mark, text that is not JSON) is refused, and the caller reads the text the ordinary way, which
// gives every error, path and message.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "edgequote/engine.hpp"
#include "json_reader.hpp"
#include "json_value.hpp"

namespace edgequote::detail {

class FlatJson {
public:
    using value_t = JsonValue::value_t;

    value_t type() const { return type_; }
    bool is_null() const { return type_ == value_t::null; }
    bool is_object() const { return type_ == value_t::object; }
    bool is_array() const { return type_ == value_t::array; }
    bool is_string() const { return type_ == value_t::string; }
    bool is_boolean() const { return type_ == value_t::boolean; }
    bool is_number() const { return is_number_integer(); }
    bool is_number_integer() const { return type_ == value_t::number_unsigned; }
    bool is_number_unsigned() const { return type_ == value_t::number_unsigned; }
    bool is_number_float() const { return false; }
    bool is_discarded() const { return false; }
    bool is_oversized_integer() const { return false; }

    std::size_t size() const {
        if (is_object() || is_array()) return count_;
        return is_null() ? 0 : 1;
    }
    bool empty() const { return size() == 0; }

    // Arrays: the i-th item; objects: the i-th member's value in key order (as JsonValue).
    const FlatJson& operator[](std::size_t i) const { return *items_[i]; }
    template <class T>
    const FlatJson& operator[](T* key) const {
        static const FlatJson missing;
        auto it = find(key);
        return it == end() ? missing : *it;
    }
    const FlatJson& front() const { return *items_[0]; }
    const FlatJson& back() const { return *items_[count_ - 1]; }

    class const_iterator {
    public:
        explicit const_iterator(const FlatJson* const* at) : at_(at) {}
        const FlatJson& operator*() const { return **at_; }
        const FlatJson* operator->() const { return *at_; }
        const FlatJson& value() const { return **at_; }
        std::string key() const { return std::string((*at_)->key_); }  // objects only
        std::string_view key_view() const { return (*at_)->key_; }
        const_iterator& operator++() { ++at_; return *this; }
        bool operator==(const const_iterator& other) const { return at_ == other.at_; }
        bool operator!=(const const_iterator& other) const { return at_ != other.at_; }

    private:
        const FlatJson* const* at_;
    };
    const_iterator begin() const { return const_iterator(items_); }
    const_iterator end() const { return const_iterator(items_ + (is_object() || is_array() ? count_ : 0)); }

    const_iterator find(std::string_view key) const {
        if (!is_object()) return end();
        // Lengths and first bytes first: most members differ there (and memcmp is a call).
        for (std::uint32_t i = 0; i < count_; ++i) {
            const std::string_view k = items_[i]->key_;
            if (k.size() == key.size() && (k.empty() || (k[0] == key[0] && k == key))) return const_iterator(items_ + i);
        }
        return end();
    }
    // The Reader's lookups, by a key the program spells: compared where they stand, without
    // measuring the key first (a key read has no NUL, so a shorter `key` differs at its end).
    const_iterator find(const char* key) const {
        if (!is_object()) return end();
        for (std::uint32_t i = 0; i < count_; ++i) {
            const std::string_view k = items_[i]->key_;
            if (k.empty() ? key[0] == '\0' : k[0] == key[0] && same_key(k, key)) return const_iterator(items_ + i);
        }
        return end();
    }
    bool contains(std::string_view key) const { return find(key) != end(); }
    std::size_t count(std::string_view key) const { return contains(key) ? 1 : 0; }

    // Containers: their exact text, from the opening bracket to the closing one.
    std::string_view raw() const { return text_; }

    // A string's text, copied (the engine's document returns a reference to its own copy).
    template <class T>
    std::string get_ref() const {
        static_assert(std::is_same_v<T, const std::string&>, "only strings are read");
        return std::string(text_);
    }
    template <class T>
    T get() const {
        if constexpr (std::is_same_v<T, bool>) return boolean_;
        else if constexpr (std::is_same_v<T, std::string>) return std::string(text_);
        else if constexpr (std::is_floating_point_v<T>) return T(0);  // never a fractional number
        else return T(unsigned_);
    }

private:
    friend class FlatJsonReader;
    value_t type_ = value_t::null;
    bool boolean_ = false;
    std::uint32_t count_ = 0;
    const FlatJson* const* items_ = nullptr;  // containers: their children, objects' in key order
    std::string_view key_;             // as an object's member: its key
    std::string_view text_;            // strings: the text between the quotes; containers: raw()
    std::uint64_t unsigned_ = 0;

public:
    // `k` (not empty) and `key`, whose first bytes are equal, are the same key (compared where
    // they are: no strlen, no call).
    static bool same_key(std::string_view k, const char* key) {
        for (std::size_t j = 1; j < k.size(); ++j)
            if (k[j] != key[j]) return false;
        return key[k.size()] == '\0';
    }
};

// Reads documents into FlatJson nodes it owns; each read() invalidates the last one's nodes.
class FlatJsonReader {
public:
    // The root of `text` (which must outlive it), or null for anything refused (see above).
    const FlatJson* read(std::string_view text);

private:
    // Each node is written once, where it stays, in the order the values begin in the text; a
    // container lists its children by address, in one run of `children_` made when it closes
    // (a nested container's children are listed before its parent's: `open_` holds the
    // parent's meanwhile). A value takes at least one byte of text, so the three are sized to
    // the text's bytes (grown only) and nothing in them moves while a document is read.
    std::vector<FlatJson> nodes_;
    std::vector<const FlatJson*> children_;
    std::vector<const FlatJson*> open_;
    FlatJson* next_node_ = nullptr;
    const FlatJson** next_child_ = nullptr;
    const FlatJson** open_end_ = nullptr;
    const char* p_ = nullptr;
    const char* end_ = nullptr;

    // `Compact`: text without whitespace between its tokens (what JSON.stringify and the
    // engine write), read without looking for any; whitespace stops that reading.
    template <bool Compact>
    const FlatJson* document(std::string_view text);
    template <bool Compact>
    bool value(FlatJson& out, int depth);
    template <bool Compact>
    bool container(FlatJson& out, int depth, bool object);
    inline bool string(std::string_view& out);  // inlined where a key or a string value is read
    void ws() {
        while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
    }
    template <bool Compact>
    void gap() {
        if constexpr (!Compact) ws();
    }
    // The byte `c`, after any whitespace.
    template <bool Compact>
    bool take(char c) {
        gap<Compact>();
        if (p_ >= end_ || *p_ != c) return false;
        ++p_;
        return true;
    }
};

// The Reader's key check over a flat document compares the keys where they are in the text.
template <>
void Reader::check_keys<FlatJson>(const FlatJson& obj, const std::string& path, std::initializer_list<const char*> allowed);

// Quote lines already read cleanly (no error, no warning), by book and exact text, for batch
// readers whose quotes repeat lines word for word (about half the lines of a log do): a line
// whose text and book are the same reads the same wherever it is (its position only enters
// error paths, and a clean line has none). Native only.
class QuoteLineCache {
public:
    const QuoteLine* find(const PriceBook& book, std::string_view text);
    // Kept on the second sighting of its text (most lines seen once are never seen again), while
    // there is room.
    void add(const PriceBook& book, std::string_view text, const QuoteLine& line);

private:
    // A few thousand lines of a book, in one open-addressed table that never grows: a batch's
    // frequent lines come early, and a small table keeps lookups in cache and leaves the
    // allocator's free lists to the per-quote work (a growing map of every distinct line was
    // slower than reading them).
    static constexpr std::size_t kSlots = 4096;    // a power of two
    static constexpr std::size_t kMaxLines = 2048;  // at most half full
    static constexpr std::size_t kSeen = 16384;     // fingerprints of lines seen once
    struct Entry {
        std::uint64_t hash = 0;
        std::uint32_t at = 0, size = 0;  // the text, in `texts`
        std::uint32_t line = 0;          // in `lines`, plus one (0: an empty slot)
    };
    struct Lines {
        const PriceBook* book = nullptr;
        std::vector<Entry> slots = std::vector<Entry>(kSlots);
        std::vector<std::uint32_t> seen = std::vector<std::uint32_t>(kSeen);
        std::vector<QuoteLine> lines;
        std::string texts;
    };
    // A batch names one book or a few (impact: each side's variants): found by address.
    std::vector<std::unique_ptr<Lines>> books_;
    Lines* last_ = nullptr;

    Lines& lines_of(const PriceBook& book);
    static std::uint64_t hash_of(std::string_view text) { return std::hash<std::string_view>()(text); }
};

// parse_quote(text, book) read from a flat document (parse_quote.cpp): the same result, or
// nullopt when the text is not one the flat reader vouches for (or holds a plan's usage), and
// then the caller calls parse_quote. With `lines` (natively), clean lines are taken from and
// kept in it.
std::optional<QuoteResult> parse_quote_flat(std::string_view json_text, const PriceBook& book, FlatJsonReader& reader,
                                            QuoteLineCache* lines = nullptr);

}  // namespace edgequote::detail
