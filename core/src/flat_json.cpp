#include "flat_json.hpp"

#include <algorithm>
#include <cstring>

#include "edgequote/engine.hpp"
#include "json_reader.hpp"
#include "json_reader_impl.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace edgequote::detail {

const FlatJson* FlatJsonReader::read(std::string_view text) {
    if (text.size() > kMaxInputBytes) return nullptr;
    if (nodes_.size() < text.size() + 1) {
        nodes_.resize(text.size() + 1);
        children_.resize(text.size() + 1);
        open_.resize(text.size() + 1);
    }
    // Compact first (most documents); read again the general way only when whitespace is what
    // stopped it.
    if (const FlatJson* root = document<true>(text)) return root;
    const bool stopped_at_space = p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t');
    return stopped_at_space ? document<false>(text) : nullptr;
}

template <bool Compact>
const FlatJson* FlatJsonReader::document(std::string_view text) {
    next_node_ = nodes_.data();
    next_child_ = children_.data();
    open_end_ = open_.data();
    p_ = text.data();
    end_ = text.data() + text.size();
    FlatJson& root = *next_node_++ = FlatJson();
    gap<Compact>();
    if (!value<Compact>(root, 0)) return nullptr;
    gap<Compact>();
    if (p_ != end_) return nullptr;
    return &root;
}

#if defined(__GNUC__) && !defined(__EMSCRIPTEN__)
__attribute__((always_inline))  // natively: the SIMD constants set up once per container
#endif
inline bool FlatJsonReader::string(std::string_view& out) {
    if (p_ >= end_ || *p_ != '"') return false;
    const char* start = ++p_;
    // At the first byte that is not plain: the string's end, or a byte refused.
    const auto closed = [&] {
        if (*p_ != '"') return false;
        out = std::string_view(start, std::size_t(p_ - start));
        ++p_;
        return true;
    };
    // Printable ASCII only: escapes and other bytes (UTF-8 to validate) are the ordinary parser's.
#if defined(__SSE2__)
    // Sixteen bytes at a time natively: as signed bytes, those below 0x20 and from 0x80 up are
    // exactly the ones less than 0x20.
    const __m128i space = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    while (end_ - p_ >= 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p_));
        const __m128i stops = _mm_or_si128(_mm_cmplt_epi8(bytes, space),
                                           _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)));
        if (const int mask = _mm_movemask_epi8(stops)) {
            p_ += __builtin_ctz(unsigned(mask));  // the first byte in memory is the lowest bit
            return closed();
        }
        p_ += 16;
    }
#endif
    while (p_ < end_ && static_cast<unsigned char>(*p_) >= 0x20 && static_cast<unsigned char>(*p_) < 0x80 &&
           *p_ != '"' && *p_ != '\\')
        ++p_;
    return p_ < end_ && closed();
}

namespace {
// a < b as std::string_view orders them (bytes unsigned), the first bytes compared inline: most
// keys of an object differ there.
bool key_less(std::string_view a, std::string_view b) {
    if (!a.empty() && !b.empty() && a[0] != b[0])
        return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]);
    return a < b;
}
}  // namespace

// `depth`: the containers around this value.
template <bool Compact>
bool FlatJsonReader::value(FlatJson& out, int depth) {
    if (p_ >= end_) return false;
    const char c = *p_;
    if (c == '{' || c == '[') return depth < kMaxNestingDepth && container<Compact>(out, depth + 1, c == '{');
    if (c == '"') {
        out.type_ = FlatJson::value_t::string;
        return string(out.text_);
    }
    const auto literal = [&](std::string_view word) {
        if (std::size_t(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
        p_ += word.size();
        return true;
    };
    if (c == 't' || c == 'f') {
        out.type_ = FlatJson::value_t::boolean;
        out.boolean_ = c == 't';
        return literal(c == 't' ? "true" : "false");
    }
    if (c == 'n') {
        out.type_ = FlatJson::value_t::null;
        return literal("null");
    }
    // A non-negative integer of at most 18 digits (it fits in 64 bits, as an unsigned value); what
    // follows is left to the grammar around it, so "1.5", "1e3" and "01" are refused there.
    if (c < '0' || c > '9') return false;
    const char* start = p_;
    std::uint64_t number = 0;
    if (c == '0') {
        ++p_;
    } else {
        while (p_ < end_ && *p_ >= '0' && *p_ <= '9' && p_ - start < 18) number = number * 10 + std::uint64_t(*p_++ - '0');
        if (p_ < end_ && *p_ >= '0' && *p_ <= '9') return false;  // 19 digits or more
    }
    out.type_ = FlatJson::value_t::number_unsigned;
    out.unsigned_ = number;
    out.text_ = std::string_view(start, std::size_t(p_ - start));
    return true;
}

template <bool Compact>
bool FlatJsonReader::container(FlatJson& out, int depth, bool object) {
    const char* opening = p_++;
    const FlatJson** const members = open_end_;
    const char close = object ? '}' : ']';
    bool in_order = true;  // each key after the one before (so none repeated)
    gap<Compact>();
    if (p_ < end_ && *p_ == close) {
        ++p_;
    } else {
        std::string_view last_key;
        while (true) {
            gap<Compact>();
            FlatJson& member = *next_node_++ = FlatJson();
            *open_end_++ = &member;
            if (object) {
                if (!string(member.key_)) return false;
                if (open_end_ - members > 1 && !key_less(last_key, member.key_)) in_order = false;
                last_key = member.key_;
                if (!take<Compact>(':')) return false;
                gap<Compact>();
            }
            if (!value<Compact>(member, depth)) return false;
            if (take<Compact>(',')) continue;
            if (p_ < end_ && *p_ == close) {
                ++p_;
                break;
            }
            return false;
        }
    }
    const std::size_t count = std::size_t(open_end_ - members);
    if (!in_order) {
        // Key order, as the engine's document iterates; a key seen twice is refused (the
        // ordinary parser reports it with its path).
        const auto by_key = [](const FlatJson* a, const FlatJson* b) { return key_less(a->key_, b->key_); };
        if (count <= 16) {
            for (std::size_t i = 1; i < count; ++i) {
                const FlatJson* moving = members[i];
                std::size_t j = i;
                for (; j > 0 && by_key(moving, members[j - 1]); --j) members[j] = members[j - 1];
                members[j] = moving;
            }
        } else {
            std::sort(members, members + count, by_key);
        }
        for (std::size_t i = 1; i < count; ++i)
            if (members[i]->key_ == members[i - 1]->key_) return false;
    }
    out.type_ = object ? FlatJson::value_t::object : FlatJson::value_t::array;
    out.count_ = std::uint32_t(count);
    out.text_ = std::string_view(opening, std::size_t(p_ - opening));
    out.items_ = next_child_;
    std::copy(members, open_end_, next_child_);
    next_child_ += count;
    open_end_ = members;
    return true;
}

// As the generic check (json_reader_impl.hpp), without a std::string made of every key.
template <>
void Reader::check_keys<FlatJson>(const FlatJson& obj, const std::string& path, std::initializer_list<const char*> allowed) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        const std::string_view key = it.key_view();
        bool known = false;
        for (const char* a : allowed)
            if (!key.empty() && key[0] == a[0] && FlatJson::same_key(key, a)) {
                known = true;
                break;
            }
        if (known || key == "$schema" || key == "$comment" || key == "description" || key.substr(0, 2) == "x-") continue;
        report_unknown_key(std::string(key), path, allowed);
    }
}

EDGEQUOTE_INSTANTIATE_READER_ACCESSORS(FlatJson)  // its check_keys is the specialisation above

}  // namespace edgequote::detail

#if !defined(__EMSCRIPTEN__)
namespace edgequote::detail {

QuoteLineCache::Lines& QuoteLineCache::lines_of(const PriceBook& book) {
    if (last_ && last_->book == &book) return *last_;
    for (auto& lines : books_)
        if (lines->book == &book) return *(last_ = lines.get());
    books_.push_back(std::make_unique<Lines>());
    books_.back()->book = &book;
    books_.back()->lines.reserve(kMaxLines);
    return *(last_ = books_.back().get());
}

const QuoteLine* QuoteLineCache::find(const PriceBook& book, std::string_view text) {
    Lines& lines = lines_of(book);
    const std::uint64_t hash = hash_of(text);
    for (std::size_t i = hash & (kSlots - 1);; i = (i + 1) & (kSlots - 1)) {
        const Entry& e = lines.slots[i];
        if (e.line == 0) return nullptr;
        if (e.hash == hash && e.size == text.size() && std::memcmp(lines.texts.data() + e.at, text.data(), text.size()) == 0)
            return &lines.lines[e.line - 1];
    }
}

void QuoteLineCache::add(const PriceBook& book, std::string_view text, const QuoteLine& line) {
    Lines& lines = lines_of(book);
    if (lines.lines.size() >= kMaxLines) return;
    const std::uint64_t hash = hash_of(text);
    // A fingerprint per slot of `seen`: a line is kept when its fingerprint is already there.
    std::uint32_t& seen = lines.seen[(hash >> 20) & (kSeen - 1)];
    const std::uint32_t fingerprint = std::uint32_t(hash >> 32) | 1;
    if (seen != fingerprint) {
        seen = fingerprint;
        return;
    }
    std::size_t i = hash & (kSlots - 1);
    while (lines.slots[i].line != 0) i = (i + 1) & (kSlots - 1);
    lines.slots[i] = {hash, std::uint32_t(lines.texts.size()), std::uint32_t(text.size()),
                      std::uint32_t(lines.lines.size() + 1)};
    lines.texts.append(text);
    lines.lines.push_back(line);
}

}  // namespace edgequote::detail
#endif
