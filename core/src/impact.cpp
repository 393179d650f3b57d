// Price-change impact (impact.hpp): every counting save of every logged quote priced under the
// current book and under the proposed one, and the differences summed.
//
// A log record carries ~5 KB, most of it the priced snapshot, which impact never reads: both
// prices are computed afresh, so a proposed book identical to the current one moves nothing.
// Each line is therefore only skimmed (checked to be JSON, the spans of the few top-level
// fields noted) and just the quote inputs (~0.5 KB) and the outcome are parsed.
#include "edgequote/impact.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <tuple>
#include <set>
#include <unordered_map>
#include <utility>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "edgequote/engine.hpp"
#include "edgequote/error_codes.hpp"
#include "edgequote/json_writer.hpp"
#include "book_extras.hpp"
#include <nlohmann/json.hpp>

#include "flat_json.hpp"
#include "json_reader.hpp"
#include "pricing_internal.hpp"

namespace edgequote {
namespace {

// Its own trees are nlohmann documents (the Reader reads both kinds).
using Json = nlohmann::json;

// ---- Skimming a line: JSON checked, spans of the top-level fields kept -----------------------

#if defined(__GNUC__)
#define EDGEQUOTE_SKIM_INLINE __attribute__((always_inline)) inline
#else
#define EDGEQUOTE_SKIM_INLINE inline
#endif

constexpr struct PlainBytes {
    bool plain[256] = {};
    constexpr PlainBytes() {
        for (int c = 0x20; c < 256; ++c) plain[c] = true;
        plain[int('"')] = false;
        plain[int('\\')] = false;
    }
} kPlain;

// The fields of a record that impact reads, as raw text (strings without their quotes).
struct RecordSpans {
    std::string_view log_version, quote_id, updated_at, quote, outcome;
    bool quote_id_escaped = false, updated_at_escaped = false;
    bool has_log_version = false, has_quote_id = false, has_updated_at = false, has_quote = false, has_outcome = false;
    bool quote_id_string = false, updated_at_string = false, log_version_string = false;
};

class Skimmer {
public:
    Skimmer(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

    // Where the skim stopped: after record(), the line break or the text's end that ended it.
    const char* position() const { return p_; }

    // The whole line: an object whose wanted members are noted. `ids_only`: stop as soon as
    // quote_id and updated_at are known (pass 1), without checking the rest. `ids`: set to the
    // spans as they stood at that moment (what an ids-only skim of the line would give), when
    // the whole line is skimmed (one pass does what pass 1 and pass 2 do).
    bool record(RecordSpans& out, bool ids_only, RecordSpans* ids = nullptr) {
        ws();
        if (p_ >= end_ || *p_ != '{') return false;
        ++p_;
        ws();
        if (p_ < end_ && *p_ == '}') return ++p_, finish();
        while (true) {
            ws();
            std::string_view key;
            bool escaped = false;
            if (!string(key, escaped)) return false;
            ws();
            if (p_ >= end_ || *p_ != ':') return false;
            ++p_;
            ws();
            const char* start = p_;
            const bool is_string = p_ < end_ && *p_ == '"';
            std::string_view text;
            bool text_escaped = false;
            if (is_string) {
                if (!string(text, text_escaped)) return false;
            } else if (!compact_value() && !value(1)) {
                return false;
            }
            const std::string_view raw(start, std::size_t(p_ - start));
            if (!escaped) {
                if (key == "log_version") out.has_log_version = true, out.log_version = text, out.log_version_string = is_string && !text_escaped;
                else if (key == "quote_id") out.has_quote_id = true, out.quote_id = is_string ? text : raw, out.quote_id_string = is_string, out.quote_id_escaped = text_escaped;
                else if (key == "updated_at") out.has_updated_at = true, out.updated_at = is_string ? text : raw, out.updated_at_string = is_string, out.updated_at_escaped = text_escaped;
                else if (key == "quote") out.has_quote = true, out.quote = raw;
                else if (key == "outcome") out.has_outcome = true, out.outcome = raw;
            }
            if (out.has_quote_id && out.has_updated_at) {
                if (ids_only) return true;
                if (ids) *ids = out, ids = nullptr;
            }
            ws();
            if (p_ < end_ && *p_ == ',') {
                ++p_;
                continue;
            }
            if (p_ < end_ && *p_ == '}') return ++p_, finish();
            return false;
        }
    }

    // Inside an object's text: the raw string values of `key` and, in its object `key`, of
    // `inner` (the quote's "pricebook": {"id", "version"}). Assumes the object is valid JSON.
    static std::string_view member(std::string_view object_text, std::string_view key) {
        Skimmer s(object_text);
        s.ws();
        if (s.p_ >= s.end_ || *s.p_ != '{') return {};
        ++s.p_;
        while (true) {
            s.ws();
            std::string_view name;
            bool escaped = false;
            if (!s.string(name, escaped)) return {};
            s.ws();
            if (s.p_ >= s.end_ || *s.p_ != ':') return {};
            ++s.p_;
            s.ws();
            const char* start = s.p_;
            if (!s.value(1)) return {};
            if (!escaped && name == key) return std::string_view(start, std::size_t(s.p_ - start));
            s.ws();
            if (s.p_ >= s.end_ || *s.p_ != ',') return {};
            ++s.p_;
        }
    }

private:
    const char* p_;
    const char* end_;

    Skimmer(const char* p, const char* end) : p_(p), end_(end) {}

    // A record ends at the end of its text or at a line break: scan() skims a record in the
    // whole piece, and the skim finds where its line ends.
    bool finish() {
        ws();
        return p_ == end_ || *p_ == '\n';
    }
    // JSON's whitespace but the line break: the texts skimmed are lines (or parts of them), so
    // no line break is inside one, and one ends a record skimmed in a piece.
    void ws() {
        while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\r')) ++p_;
    }
    bool string(std::string_view& view, bool& escaped) {
        if (p_ >= end_ || *p_ != '"') return false;
        const char* start = ++p_;
        escaped = false;
        while (true) {
            const char* p = p_;
            while (p < end_ && kPlain.plain[static_cast<unsigned char>(*p)]) ++p;
            p_ = p;
            if (p_ >= end_ || static_cast<unsigned char>(*p_) < 0x20) return false;
            if (*p_ == '"') break;
            escaped = true;  // a backslash: skip the escaped character (\uXXXX's digits are plain)
            if (++p_ >= end_ || *p_ == '\n') return false;  // not the line break that ends the text
            ++p_;
        }
        view = std::string_view(start, std::size_t(p_ - start));
        ++p_;
        return true;
    }
    // true, false or null: the word's bytes compared as one or two words (a call to memcmp cost
    // more than the comparison).
    template <std::size_t N>
    EDGEQUOTE_SKIM_INLINE bool literal(const char (&word)[N]) {
        constexpr std::size_t size = N - 1;
        static_assert(size == 4 || size == 5);
        if (std::size_t(end_ - p_) < size) return false;
        std::uint32_t have, want;
        std::memcpy(&have, p_, 4);
        std::memcpy(&want, word, 4);
        if (have != want || (size == 5 && p_[4] != word[4])) return false;
        p_ += size;
        return true;
    }
    bool number() {
        const char* start = p_;
        if (p_ < end_ && *p_ == '-') ++p_;
        while (p_ < end_ && ((*p_ >= '0' && *p_ <= '9') || *p_ == '.' || *p_ == 'e' || *p_ == 'E' || *p_ == '+' || *p_ == '-'))
            ++p_;
        return p_ > start && (p_[-1] >= '0' && p_[-1] <= '9');
    }
    // Of eight bytes, those that end a string's plain run (one below 0x20, a quote or a
    // backslash), as the high bit of each: exact for the first of them, which is all that is
    // read (a subtraction's borrow runs only from a flagged byte to those after it).
    static std::uint64_t run_stops(const char* p) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        constexpr std::uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
        const auto zero_byte = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
        return ((w - ones * 0x20) & ~w & highs) | zero_byte(w ^ (ones * '"')) | zero_byte(w ^ (ones * '\\'));
    }
    // Past a string's plain bytes, sixteen at a time with SSE2 (natively) or eight at a time
    // while that many remain (most of a log line is short keys and values inside the priced
    // snapshot: one block holds most of them).
    EDGEQUOTE_SKIM_INLINE void plain_run() {
#if defined(__SSE2__)
        const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), control = _mm_set1_epi8(0x1F);
        while (end_ - p_ >= 16) {
            const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p_));
            // A byte below 0x20 is one whose unsigned maximum with 0x1F is 0x1F.
            const __m128i stops = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)),
                                               _mm_cmpeq_epi8(_mm_max_epu8(bytes, control), control));
            if (const int mask = _mm_movemask_epi8(stops)) {
                p_ += __builtin_ctz(unsigned(mask));  // the first byte in memory is the lowest bit
                return;
            }
            p_ += 16;
        }
#elif defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        while (end_ - p_ >= 8) {
            if (const std::uint64_t stops = run_stops(p_)) {
                p_ += __builtin_ctzll(stops) / 8;  // the first byte in memory is the lowest
                return;
            }
            p_ += 8;
        }
#endif
        while (p_ < end_ && kPlain.plain[static_cast<unsigned char>(*p_)]) ++p_;
    }
    // string() without what it reads: the snapshot's strings are only checked. Inlined into
    // value()'s loop with member_key(), so the position stays in a register there.
    EDGEQUOTE_SKIM_INLINE bool skip_string() {
        if (p_ >= end_ || *p_ != '"') return false;
        ++p_;
        while (true) {
            plain_run();
            if (p_ >= end_) return false;
            if (*p_ == '"') return ++p_, true;  // most runs end there
            if (static_cast<unsigned char>(*p_) < 0x20) return false;
            // A backslash: the escaped character is skipped, unless it is a line break (the end
            // of the line: see finish()).
            if (++p_ >= end_ || *p_ == '\n') return false;
            ++p_;
        }
    }
    // Whitespace, skipped; in the compact walk (Compact) none is looked for, so a byte of it
    // where a token should be ends that walk.
    template <bool Compact>
    EDGEQUOTE_SKIM_INLINE void gap() {
        if constexpr (!Compact) ws();
    }
    // In an object, before a member's value: its key and colon.
    template <bool Compact = false>
    EDGEQUOTE_SKIM_INLINE bool member_key() {
        gap<Compact>();
        if (!skip_string()) return false;
        gap<Compact>();
        if (p_ >= end_ || *p_ != ':') return false;
        ++p_;
        gap<Compact>();
        return true;
    }
    // value(1) for text without whitespace between its tokens (a logged record's snapshot,
    // ~4 KB of short members): the same walk without looking for whitespace five times a
    // member. It takes only what value(1) takes, to the same end; when it stops (whitespace, or
    // text value(1) refuses too) the position goes back and value(1) reads the value, so the
    // verdict is always value(1)'s.
    //
    // The walk is made by a copy of the skimmer that lives only here: its position stays in a
    // register (walked by this skimmer, whose address the caller holds, the position was stored
    // and loaded again at every step, each load waiting on the store before it).
    bool compact_value() {
        Skimmer walk(p_, end_);
        if (!walk.value<true>(1)) return false;
        p_ = walk.p_;
        return true;
    }
    // One value nested `depth` deep, and everything inside it: without recursion, the open
    // containers kept as bits (1: an object), at most kMaxNestingDepth of them. The grammar is
    // the recursive one's: nothing deeper than kMaxNestingDepth, keys are strings, a comma
    // only between members, brackets matched.
    template <bool Compact = false>
    EDGEQUOTE_SKIM_INLINE bool value(int depth) {
        std::uint64_t objects = 0;
        int open = 0;
        bool in_object = false;  // the innermost open container is an object
        // Each value is at most kMaxNestingDepth deep: checked as a container opens, for the
        // values in it (the one at `depth` here).
        if (depth > kMaxNestingDepth) return false;
        while (true) {
            if (p_ >= end_) return false;
            const char c = *p_;
            if (c == '{' || c == '[') {
                const bool is_object = c == '{';
                ++p_;
                gap<Compact>();
                if (p_ < end_ && *p_ == (is_object ? '}' : ']')) {
                    ++p_;  // empty: a whole value
                } else {
                    if (depth + open + 1 > kMaxNestingDepth) return false;
                    if (is_object) objects |= std::uint64_t(1) << open;
                    else objects &= ~(std::uint64_t(1) << open);
                    ++open;
                    in_object = is_object;
                    if (is_object ? !member_key<Compact>() : (gap<Compact>(), false)) return false;
                    continue;  // its first member's value
                }
            } else if (c == '"') {
                if (!skip_string()) return false;
            } else if (c == 't') {
                if (!literal("true")) return false;
            } else if (c == 'f') {
                if (!literal("false")) return false;
            } else if (c == 'n') {
                if (!literal("null")) return false;
            } else if (!number()) {
                return false;
            }
            // A value is complete: a comma goes on to the next member, a bracket closes.
            while (true) {
                if (open == 0) return true;
                gap<Compact>();
                if (p_ < end_ && *p_ == ',') {
                    ++p_;
                    if (in_object ? !member_key<Compact>() : (gap<Compact>(), false)) return false;
                    break;
                }
                if (p_ < end_ && *p_ == (in_object ? '}' : ']')) {
                    ++p_;
                    --open;
                    in_object = open > 0 && ((objects >> (open - 1)) & 1);
                    continue;
                }
                return false;
            }
        }
    }
};

std::string unescape(std::string_view raw, bool escaped) {
    if (!escaped) return std::string(raw);
    Json decoded = Json::parse(raw.data() - 1, raw.data() + raw.size() + 1, nullptr, false);
    return decoded.is_string() ? decoded.get<std::string>() : std::string(raw);
}

// A string member's raw text without its quotes ("" when absent or not a string).
std::string string_member(std::string_view object_text, std::string_view key) {
    const std::string_view raw = Skimmer::member(object_text, key);
    if (raw.size() < 2 || raw.front() != '"') return {};
    const std::string_view inner = raw.substr(1, raw.size() - 2);
    return unescape(inner, inner.find('\\') != std::string_view::npos);
}

// Walks the lines of a piece, numbering them on from the file's pieces before.
template <typename OnLine>
void for_each_line(std::string_view piece, std::size_t& line_number, OnLine on_line) {
    std::size_t start = 0;
    if (line_number == 0 && piece.substr(0, 3) == "\xEF\xBB\xBF") start = 3;
    while (start < piece.size()) {
        std::size_t end = piece.find('\n', start);
        if (end == std::string_view::npos) end = piece.size();
        std::string_view line = piece.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        ++line_number;
        start = end + 1;
        if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
        on_line(line);
    }
}

// Asks for `size` bytes at `p` ahead of their use (natively; nothing in wasm).
inline void prefetch_bytes(const void* p, std::size_t size) {
#if defined(__GNUC__) && !defined(__EMSCRIPTEN__)
    const char* bytes = static_cast<const char*>(p);
    for (std::size_t at = 0; at < size; at += 64) __builtin_prefetch(bytes + at, 0, 3);
#else
    (void)p, (void)size;
#endif
}

// The skim reads a piece's bytes once, in order, one dependent step at a time: on their first
// touch (hundreds of megabytes of logs, read from memory) it would wait for each cache line in
// turn. The bytes up to kSkimAhead past where it is (two records of ~4 KB) are asked for ahead,
// into every level of the cache, so they arrive while it reads those before them (the line
// split's search for line breaks used to touch them first). 8 and 16 KB, into every level, were
// quicker than 4 or 64 KB, or than a prefetch that keeps the bytes out of the outer caches.
constexpr std::size_t kSkimAhead = 8 * 1024;

// Asks for the bytes up to kSkimAhead past `at` that `fetched` (where the asking stopped last
// time) has not reached yet.
inline void prefetch_ahead(std::string_view piece, std::size_t at, std::size_t& fetched) {
    fetched = std::max(fetched, at);
    const std::size_t until = std::min(piece.size(), at + kSkimAhead);
    if (fetched >= until) return;
    prefetch_bytes(piece.data() + fetched, until - fetched);
    fetched += (until - fetched + 63) / 64 * 64;  // prefetch_bytes' steps of one cache line
}

const Decimal kHundred = Decimal::from_int(100);

// Whether a quote whose net moves by `a` (id `a_id`) comes before one that moves by `b`: larger
// moves first, ties by quote_id.
bool moves_more(const Decimal& a, const std::string& a_id, const Decimal& b, const std::string& b_id) {
    if (!(a == b)) return b < a;
    return a_id < b_id;
}

Decimal move_of(const ImpactQuoteRow& row) { return (row.net_after - row.net_before).abs(); }

// Keeps the kImpactLargestChanges quotes whose net moves most (ties: by quote_id).
void keep_largest_changes(std::vector<ImpactQuoteRow>& changes) {
    const auto larger = [](const ImpactQuoteRow& a, const ImpactQuoteRow& b) {
        return moves_more(move_of(a), a.quote_id, move_of(b), b.quote_id);
    };
    std::sort(changes.begin(), changes.end(), larger);
    if (changes.size() > kImpactLargestChanges) changes.resize(kImpactLargestChanges);
}

int kind_order(LineKind kind) {
    switch (kind) {
        case LineKind::bundle: return 0;
        case LineKind::product: return 1;
        case LineKind::percentage: return 2;
        case LineKind::true_up: return 3;
    }
    return 4;
}

}  // namespace

// ---- The run -----------------------------------------------------------------------------

struct ImpactRun::State {
    const PriceBook& current;
    const PriceBook& proposed;
    Errors setup_errors;
    // Copies of each book under the id/version a quote was logged with (so quotes of an earlier
    // version, or of a replaced id, parse against it) and without effective dates: a what-if
    // prices every logged quote under both books whatever its as_of. At most one per distinct
    // (book, id, version) seen.
    std::map<std::pair<std::string, std::string>, std::unique_ptr<PriceBook>> variants;

    // One pass (scan): a save's quote and outcome texts, kept from its line until it is priced;
    // views into the caller's bytes when the caller holds them, else a copy of the two.
    struct KeptSave {
        std::string_view quote, outcome;  // when copied, only their sizes count
        std::string copy;
        bool copied = false, has_outcome = false;

        void keep(const RecordSpans& spans, bool held) {
            has_outcome = spans.has_outcome;
            quote = spans.quote, outcome = spans.outcome;
            copied = !held;
            if (copied) copy.assign(quote.data(), quote.size()).append(outcome.data(), outcome.size());
        }
        std::string_view quote_text() const { return copied ? std::string_view(copy).substr(0, quote.size()) : quote; }
        std::string_view outcome_text() const { return copied ? std::string_view(copy).substr(quote.size()) : outcome; }
    };

    struct Latest {
        std::size_t file, line;
        std::string updated_at;
        KeptSave save;  // one pass: the texts of this save once it passed pass 2's checks
    };
    using LatestMap = std::unordered_map<std::string, Latest>;
    LatestMap latest;  // quote_id -> the save that counts
    std::map<std::size_t, std::size_t> index_lines, price_lines;  // per file: lines seen so far

    Impact out;
    std::map<std::string, ImpactSegmentRow> segments;
    // Keyed by (kind order, sku), looked up without copying the sku (std::less<> on pairs of
    // string and string_view).
    struct ProductKeyLess {
        using is_transparent = void;
        template <typename A, typename B>
        bool operator()(const A& a, const B& b) const {
            return a.first != b.first ? a.first < b.first : std::string_view(a.second) < std::string_view(b.second);
        }
    };
    std::map<std::pair<int, std::string>, ImpactProductRow, ProductKeyLess> products;
    std::map<std::pair<std::string, std::string>, ImpactApprovalMove> moves;
    std::map<std::string, ImpactFindingRow, std::less<>> findings;
    std::map<std::pair<std::string, std::string>, ImpactSkipRow> skipped;
    std::vector<ImpactQuoteRow> changes;

    ImpactOptions options;
    detail::FlatJsonReader flat_reader;  // its nodes reused from one quote to the next
#if !defined(__EMSCRIPTEN__)
    detail::QuoteLineCache line_cache;   // natively, lines read cleanly once are not read again
    detail::QuoteLineCache* lines_seen() { return &line_cache; }
#else
    detail::QuoteLineCache* lines_seen() { return nullptr; }
#endif
    // A loss on price: its reason names a loss reason the current book marks "lost_on_price".
    LostOnPrice lost_on_price_reason;

    std::vector<char> changed_products;  // options.changed_products as the pricing memo takes them

    State(const PriceBook& c, const PriceBook& p, ImpactOptions o)
        : current(c), proposed(p), options(std::move(o)), lost_on_price_reason(c.internal ? c.internal->outcomes.loss_reasons : OutcomeCatalog{}),
          changed_products(options.changed_products.begin(), options.changed_products.end()) {
        // Most lookups are of an id not seen yet: with half the buckets empty, most end at the
        // bucket without reading a node, which at 100,000 ids is out of the cache.
        latest.max_load_factor(0.5f);
    }

    // A quote none of whose lines is of a changed product, between books that differ only in
    // products: the proposed book prices it exactly as the current one did.
    bool products_changed_only() const {
        return options.same_catalogue && options.changed_products.size() == current.products.size();
    }
    bool prices_the_same(const Quote& quote) const {
        const auto& changed = options.changed_products;
        if (!products_changed_only()) return false;
        for (const QuoteLine& line : quote.lines)
            if (changed[line.product]) return false;
        return true;
    }

    // Most quotes of a log name the same book: the last variant of each side is looked up first.
    struct LastVariant {
        std::string id, version;
        const PriceBook* book = nullptr;
    } last_variant[2];

    const PriceBook& variant(const PriceBook& base, const std::string& id, const std::string& version) {
        LastVariant& last = last_variant[&base == &current ? 0 : 1];
        if (last.book && last.id == id && last.version == version) return *last.book;
        last.book = &variant_of(base, id, version);
        last.id = id, last.version = version;
        return *last.book;
    }

    const PriceBook& variant_of(const PriceBook& base, const std::string& id, const std::string& version) {
        auto key = std::make_pair(&base == &current ? "c:" + id : "p:" + id, version);
        auto& slot = variants[key];
        if (!slot) {
            slot = std::make_unique<PriceBook>(base);
            if (!id.empty()) slot->id = id;
            if (!version.empty()) slot->version = version;
            slot->effective_from.clear();
            slot->effective_to.clear();
        }
        return *slot;
    }

    static bool accepts(const PriceBook& book, const std::vector<std::string>& replaces, const std::string& id) {
        return id.empty() || id == book.id || std::find(replaces.begin(), replaces.end(), id) != replaces.end();
    }

    void bad_line(std::size_t file, std::size_t line, Error error) {
        ++out.skipped_lines;
        if (out.errors.size() < kMaxListedLogErrors) out.errors.push_back({file, line, std::move(error)});
    }

    void skip(const char* reason, const std::string& key, std::string message, std::size_t file, std::size_t line,
              std::string path, const Decimal* net_before = nullptr) {
        ImpactSkipRow& row = skipped[{reason, key}];
        if (row.quotes++ == 0) {
            row.reason = reason;
            row.key = key;
            row.message = std::move(message);
            row.file = file;
            row.line = line;
            row.path = std::move(path);
        }
        if (net_before) row.net_before = row.net_before + *net_before;
    }

    void index_line(std::size_t file, std::size_t line, std::string_view text) {
        RecordSpans spans;
        if (!Skimmer(text).record(spans, true) && !(spans.has_quote_id && spans.has_updated_at)) return;
        index_ids(file, line, spans);
    }

    // Pass 1's verdict from a line's ids-only spans: the entry of its quote_id (null when the
    // line has not both ids as strings), and whether this line is now that quote's latest save.
    std::pair<LatestMap::value_type*, bool> index_ids(std::size_t file, std::size_t line, const RecordSpans& spans) {
        if (!spans.quote_id_string || !spans.updated_at_string) return {nullptr, false};
        auto [it, fresh] = latest.try_emplace(unescape(spans.quote_id, spans.quote_id_escaped));
        Latest& kept = it->second;
        // The latest updated_at counts; on a tie the save read last (as `edgequote insights`).
        // Compared in place when it has no escape, and copied into the entry's own string (no
        // string of its own made for every line: a timestamp is longer than a short string).
        if (!fresh) {
            if (spans.updated_at_escaped ? unescape(spans.updated_at, true) < kept.updated_at : spans.updated_at < kept.updated_at)
                return {&*it, false};
        }
        kept.file = file, kept.line = line;
        if (spans.updated_at_escaped) kept.updated_at = unescape(spans.updated_at, true);
        else kept.updated_at.assign(spans.updated_at.data(), spans.updated_at.size());
        return {&*it, true};
    }

    // ---- One pass (scan, price_scanned): pass 1 and pass 2's checks on one skim of each line;
    // what pass 2 does with each line is noted in order and replayed, the counting saves priced
    // from their kept texts.
    struct Scanned {
        std::size_t file, line;
        enum class Kind : unsigned char { bad, save, odd } kind;
        std::size_t index = 0;                  // bad: in scan_errors; odd: in odd_saves
        LatestMap::value_type* entry = nullptr;  // save: its quote_id's entry in `latest`
    };
    std::vector<Scanned> scanned;
    std::size_t scan_next = 0;  // the first line price_scanned has not replayed
    std::vector<Error> scan_errors;
    // Saves whose quote_id pass 2 reads differently from pass 1 (a repeated "quote_id" key): looked
    // up by the id pass 2 reads, as it does.
    std::vector<std::pair<std::string, KeptSave>> odd_saves;
    std::map<std::size_t, std::size_t> scan_lines;  // per file: lines seen so far

    // Room for the lines of a piece about to be scanned, guessed from its first line's length:
    // the ids' table and the notes grow once per piece rather than rehashing and moving as they
    // fill (at 100,000 quote ids each rehash walks nodes scattered over the heap). Grown at
    // least twofold, so that a page's many pieces cost no more than doubling would.
    void expect_lines_of(std::string_view piece) {
        const std::size_t first = piece.substr(0, piece.find('\n')).size();
        const std::size_t lines = piece.size() / std::max<std::size_t>(first, 256) + 1;
        if (latest.size() + lines > latest.bucket_count() * latest.max_load_factor())
            latest.reserve(std::max(latest.size() + lines, 2 * latest.size()));
        if (scanned.size() + lines > scanned.capacity()) scanned.reserve(std::max(scanned.size() + lines, 2 * scanned.size()));
    }

    void scan_line(std::size_t file, std::size_t line, std::string_view text, bool held) {
        RecordSpans spans, ids;
        if (text.size() > kMaxInputBytes) {
            ++out.lines_read;
            if (Skimmer(text).record(ids, true) || (ids.has_quote_id && ids.has_updated_at)) index_ids(file, line, ids);
            scanned.push_back({file, line, Scanned::Kind::bad, scan_errors.size()});
            scan_errors.push_back(too_large());
            return;
        }
        const bool valid = Skimmer(text).record(spans, false, &ids);
        scan_skimmed(file, line, valid, spans, ids, held);
    }

    // The line that begins `rest` (the rest of a piece, at a '{'), skimmed to the line break
    // that ends it (found by the skim: the bytes are read once, not searched for the break
    // first). Returns where the line ends when it is a valid record within the size limit, and
    // then has scanned it as scan_line would; otherwise returns null having done nothing, and
    // the caller finds the line's end and hands it to scan_line (bad lines are rare).
    const char* scan_record(std::size_t file, std::size_t line, std::string_view rest, bool held) {
        RecordSpans spans, ids;
        Skimmer skim(rest);
        if (!skim.record(spans, false, &ids)) return nullptr;
        const char* end = skim.position();
        std::size_t size = std::size_t(end - rest.data());
        if (size > 0 && end[-1] == '\r') --size;  // as for_each_line cuts it
        if (size > kMaxInputBytes) return nullptr;
        scan_skimmed(file, line, true, spans, ids, held);
        return end;
    }

    // scan_line's verdict on a line of at most kMaxInputBytes, from its skim.
    void scan_skimmed(std::size_t file, std::size_t line, bool valid, const RecordSpans& spans, const RecordSpans& ids, bool held) {
        ++out.lines_read;
        Error error;
        if (!valid) error = not_json();
        const bool good = valid && check_fields(spans, error);
        auto [entry, latest_now] = ids.has_quote_id && ids.has_updated_at ? index_ids(file, line, ids)
                                                                           : std::pair<LatestMap::value_type*, bool>{};
        // The id pass 2 reads is the one pass 1 read unless the line repeats "quote_id".
        const bool same_id = entry && ids.quote_id.data() == spans.quote_id.data() && ids.quote_id.size() == spans.quote_id.size();
        if (good && same_id) {
            if (latest_now) entry->second.save.keep(spans, held);
            scanned.push_back({file, line, Scanned::Kind::save, 0, entry});
            return;
        }
        if (good) {
            odd_saves.emplace_back(unescape(spans.quote_id, spans.quote_id_escaped), KeptSave{});
            odd_saves.back().second.keep(spans, false);
            scanned.push_back({file, line, Scanned::Kind::odd, odd_saves.size() - 1});
            return;
        }
        scanned.push_back({file, line, Scanned::Kind::bad, scan_errors.size()});
        scan_errors.push_back(std::move(error));
    }

    // The saves replayed next are scattered over the logs and the ids' table, long out of the
    // cache when they are priced: the entry two ahead and the quote text of the next are asked
    // for while this one is priced.
    void prefetch_saves(std::size_t next) const {
        if (next + 2 < scanned.size() && scanned[next + 2].kind == Scanned::Kind::save)
            prefetch_bytes(scanned[next + 2].entry, sizeof(LatestMap::value_type));
        if (next + 1 < scanned.size() && scanned[next + 1].kind == Scanned::Kind::save) {
            const std::string_view quote = scanned[next + 1].entry->second.save.quote_text();
            prefetch_bytes(quote.data(), quote.size());
        }
    }

    std::size_t price_scanned(std::size_t lines) {
        std::size_t priced = 0;
        for (; scan_next < scanned.size() && lines > 0; ++scan_next, --lines) {
            prefetch_saves(scan_next);
            const Scanned& s = scanned[scan_next];
            if (s.kind == Scanned::Kind::bad) {
                bad_line(s.file, s.line, std::move(scan_errors[s.index]));
                continue;
            }
            const std::string* id = nullptr;
            const KeptSave* save = nullptr;
            Latest* counting = nullptr;
            if (s.kind == Scanned::Kind::save) {
                id = &s.entry->first, counting = &s.entry->second, save = &counting->save;
            } else {
                const auto& odd = odd_saves[s.index];
                id = &odd.first, save = &odd.second;
                if (auto it = latest.find(odd.first); it != latest.end()) counting = &it->second;
                else counting = nullptr;
            }
            if (counting && (counting->file != s.file || counting->line != s.line)) {
                ++out.duplicates;
                continue;
            }
            priced += price_save(s.file, s.line, *id, save->quote_text(), save->has_outcome, save->outcome_text());
            if (s.kind == Scanned::Kind::save) counting->save = KeptSave{};  // priced: its copy is no longer needed
        }
        if (scan_next == scanned.size()) {  // all replayed: the notes go
            scanned = {}, scan_errors = {}, odd_saves = {};
            scan_next = 0;
        }
        return priced;
    }

    std::size_t scanned_left() const { return scanned.size() - scan_next; }

    struct Side {
        PricedQuote priced;
        std::string level;
        std::size_t rank = 0;
        bool in_band = false;
    };

    // Parses the quote against `book` (or takes `parsed` from the other book when both share a
    // catalogue) and prices it.
    // With `memo`: what the other side can reuse is left there (the current side), or taken from
    // it (the proposed side, once the current side's lines are moved in); `reused` says which
    // priced lines were (detail::price_remembering).
    bool price_side(const PriceBook& book, std::string_view quote_text, Side& side, Error& error, QuoteResult& parsed,
                    bool reuse, detail::PriceMemo* memo, std::vector<char>& reused) {
        if (!reuse) {
            // Straight from the text when the flat reader vouches for it (most logged quotes).
            std::optional<QuoteResult> flat = detail::parse_quote_flat(quote_text, book, flat_reader, lines_seen());
            parsed = flat ? std::move(*flat) : parse_quote(quote_text, book);
        }
        if (!parsed.quote) {
            error = parsed.errors.front();
            return false;
        }
        // Impact reads amounts, finding codes and approval levels: no messages are made.
        constexpr auto amounts = detail::ResultDetail::amounts;
        side.priced = memo ? detail::price_remembering(book, *parsed.quote, amounts, *memo, reused)
                           : detail::price(book, *parsed.quote, amounts);
        if (!side.priced.errors.empty()) {
            error = side.priced.errors.front();
            return false;
        }
        if (side.priced.internal && book.internal) {
            side.level = side.priced.approval.level;
            const auto& levels = book.internal->levels;
            side.rank = std::size_t(std::find(levels.begin(), levels.end(), side.level) - levels.begin());
            auto band = book.internal->deal_bands.find(parsed.quote->customer.segment);
            const Decimal& net = side.priced.totals.net_monthly;
            side.in_band = band != book.internal->deal_bands.end() && !(net < band->second.low) && !(band->second.high < net);
        }
        return true;
    }

    static void add_money(ImpactMoney& m, const Side& before, const Side& after) {
        m.list_before = m.list_before + before.priced.totals.list_monthly;
        m.net_before = m.net_before + before.priced.totals.net_monthly;
        m.list_after = m.list_after + after.priced.totals.list_monthly;
        m.net_after = m.net_after + after.priced.totals.net_monthly;
    }

    // `lines`, but where `reused[i]` its line i is `kept[i]` (moved there, and equal).
    void add_lines(const std::vector<PricedLine>& lines, bool after, const std::vector<char>* reused = nullptr,
                   const std::vector<PricedLine>* kept = nullptr) {
        std::vector<const ImpactProductRow*>& seen = seen_rows;  // a quote has a few lines: a list, not a set
        seen.clear();
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const PricedLine& line = reused && i < reused->size() && (*reused)[i] ? (*kept)[i] : lines[i];
            ImpactProductRow& row = product_row(kind_order(line.kind), line.sku);
            if (row.sku.empty()) {
                row.kind = line.kind;
                row.sku = line.sku;
                row.name = line.name;
            }
            if (after) {
                row.money.list_after = row.money.list_after + line.list;
                row.money.net_after = row.money.net_after + line.net;
            } else {
                row.money.list_before = row.money.list_before + line.list;
                row.money.net_before = row.money.net_before + line.net;
            }
            if (std::find(seen.begin(), seen.end(), &row) == seen.end()) {
                seen.push_back(&row);
                ++(after ? row.quotes_after : row.quotes_before);
            }
        }
    }

    // The row of (kind order, sku): found in a flat list of the rows made so far (a book has a
    // few dozen products), compared by kind and length before bytes; made in `products` when new.
    struct ProductSlot {
        int kind;
        std::string_view sku;  // the row's own key
        ImpactProductRow* row;
    };
    std::vector<ProductSlot> product_slots;
    std::vector<const ImpactProductRow*> seen_rows;  // add_lines' list, reused

    ImpactProductRow& product_row(int kind, std::string_view sku) {
        for (const ProductSlot& slot : product_slots)
            if (slot.kind == kind && slot.sku.size() == sku.size() && slot.sku == sku) return *slot.row;
        auto found = products.find(std::pair<int, std::string_view>(kind, sku));
        if (found == products.end()) found = products.emplace(std::make_pair(kind, std::string(sku)), ImpactProductRow{}).first;
        product_slots.push_back({kind, found->first.second, &found->second});
        return found->second;
    }

    ImpactFindingRow& finding(std::string_view code) {
        auto it = findings.find(code);
        if (it == findings.end()) it = findings.emplace(std::string(code), ImpactFindingRow{std::string(code)}).first;
        return it->second;
    }

    // The distinct finding codes, sorted (as a std::set of them would iterate).
    static void codes_of(const PricedQuote& priced, std::vector<std::string_view>& codes) {
        codes.clear();
        for (const auto& f : priced.guidance) codes.push_back(f.code);
        std::sort(codes.begin(), codes.end());
        codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    }
    std::vector<std::string_view> codes_before, codes_after;  // price_save's, reused
    // The last quote's "pricebook" text and the id and version read from it.
    std::string last_book_ref, last_book_id, last_book_version;
    bool book_ref_read = false;

    static Error too_large() { return {codes::input_too_large, "", "The line is longer than the engine accepts."}; }
    static Error not_json() {
        return {codes::invalid_json, "",
                "The line is not valid JSON (check commas, quotes and brackets, and that it is one record per line)."};
    }

    // The fields impact reads, checked as `edgequote insights` checks them (pass 2, before the
    // quote_id is looked up): false and why when the line is bad.
    static bool check_fields(const RecordSpans& spans, Error& error) {
        const auto bad = [&](Error e) { return error = std::move(e), false; };
        if (!spans.has_log_version) return bad({codes::missing_field, "/log_version", "\"log_version\" is required."});
        if (!spans.log_version_string || spans.log_version != kLogVersion)
            return bad({codes::unsupported_log_version, "/log_version",
                        std::string("log_version is not one this engine reads (it reads \"") + kLogVersion + "\"): the line was skipped."});
        if (!spans.has_quote_id) return bad({codes::missing_field, "/quote_id", "\"quote_id\" is required."});
        if (!spans.quote_id_string) return bad({codes::wrong_type, "/quote_id", "Expected a string."});
        if (!spans.has_updated_at) return bad({codes::missing_field, "/updated_at", "\"updated_at\" is required."});
        if (!spans.updated_at_string) return bad({codes::wrong_type, "/updated_at", "Expected a string."});
        if (!spans.has_quote) return bad({codes::missing_field, "/quote", "\"quote\" is required."});
        if (spans.quote.empty() || spans.quote.front() != '{') return bad({codes::wrong_type, "/quote", "Expected an object."});
        return true;
    }

    std::size_t price_line(std::size_t file, std::size_t line, std::string_view text) {
        RecordSpans spans;
        if (text.size() > kMaxInputBytes) return bad_line(file, line, too_large()), 0;
        if (!Skimmer(text).record(spans, false)) return bad_line(file, line, not_json()), 0;
        Error error;
        if (!check_fields(spans, error)) return bad_line(file, line, std::move(error)), 0;

        const std::string quote_id = unescape(spans.quote_id, spans.quote_id_escaped);
        if (auto it = latest.find(quote_id); it != latest.end() && (it->second.file != file || it->second.line != line)) {
            ++out.duplicates;
            return 0;
        }
        return price_save(file, line, quote_id, spans.quote, spans.has_outcome, spans.outcome);
    }

    // A save that counts (pass 2 after the duplicates): its outcome read, its quote priced under
    // both books and added up; 1 when priced.
    std::size_t price_save(std::size_t file, std::size_t line, const std::string& quote_id, std::string_view quote_text,
                           bool has_outcome, std::string_view outcome_text) {
        // The outcome: small, parsed whole.
        OutcomeStatus status = OutcomeStatus::open;
        std::string reason;
        std::optional<Decimal> competitor_monthly;
        if (has_outcome && outcome_text != "null") {
            Errors errors;
            detail::Reader r(errors);
            const auto read = [&](const auto& outcome) {
                if (auto s = r.string(outcome, "status", "/outcome", true)) {
                    if (*s == "won") status = OutcomeStatus::won;
                    else if (*s == "lost") status = OutcomeStatus::lost;
                    else if (*s != "open") r.error(codes::unknown_value, "/outcome/status", "The outcome is open, won or lost.");
                }
                reason = r.string(outcome, "reason", "/outcome", false).value_or("");
                competitor_monthly = r.decimal(outcome, "competitor_monthly", "/outcome", false);
            };
            // The engine's own document reads the same as nlohmann's but for numbers (an integer
            // past 64 bits) and repeated keys: an outcome with either among what is read goes
            // the old way, so every verdict and message stays as it was.
            // The flat document reads only what the engine's reads the same (no number but small
            // integers, no repeated key) and allocates nothing: tried first.
            const auto plain = [&](const auto& doc, const char* key) {
                auto it = doc.find(key);
                return it == doc.end() || !it->is_number();
            };
            const auto plain_outcome = [&](const auto& doc) {
                return doc.is_object() && plain(doc, "status") && plain(doc, "reason") && plain(doc, "competitor_monthly");
            };
            const detail::FlatJson* flat = flat_reader.read(outcome_text);
            detail::ParsedJson fast;
            if (flat && plain_outcome(*flat)) {
                read(*flat);
            } else if (fast = detail::parse_json(outcome_text); fast.valid && fast.duplicate_keys.empty() && plain_outcome(fast.value)) {
                read(fast.value);
            } else {
                Json outcome = Json::parse(outcome_text.begin(), outcome_text.end(), nullptr, false);
                if (!outcome.is_object()) return bad_line(file, line, {codes::wrong_type, "/outcome", "Expected an object."}), 0;
                read(outcome);
            }
            if (!errors.empty()) return bad_line(file, line, std::move(errors.front())), 0;
        }
        ++out.records;

        // Which book the quote was made with, and whether both books take it.
        const std::string_view book_ref = Skimmer::member(quote_text, "pricebook");
        if (!book_ref_read || book_ref != last_book_ref) {  // most quotes of a log name the last one's book
            last_book_ref.assign(book_ref);
            book_ref_read = true;
            last_book_id = book_ref.empty() ? std::string() : string_member(book_ref, "id");
            last_book_version = book_ref.empty() ? std::string() : string_member(book_ref, "version");
        }
        const std::string& book_id = last_book_id;
        const std::string& book_version = last_book_version;
        if (!accepts(proposed, options.proposed_replaces, book_id)) {
            skip("other_book", book_id,
                 "Logged with price book \"" + book_id + "\"; the proposed book \"" + proposed.id +
                     "\" does not list it in \"replaces\".",
                 file, line, "/quote/pricebook/id");
            return 0;
        }
        if (!accepts(current, options.current_replaces, book_id)) {
            skip("other_book", book_id,
                 "Logged with price book \"" + book_id + "\", which the current book \"" + current.id +
                     "\" neither is nor replaces: there is no price to compare with.",
                 file, line, "/quote/pricebook/id");
            return 0;
        }
        Side before, priced_after;
        const Side* after_side = &priced_after;
        Error error;
        QuoteResult parsed;
        // Between books that differ only in some products' prices, the proposed side reprices
        // only those products' lines (and the lines computed from others: percentages,
        // true-ups), totals, guidance and approval; the rest are the current side's lines.
        detail::PriceMemo memo;
        std::vector<char> reused;
        const bool incremental = products_changed_only();
        if (!price_side(variant(current, book_id, book_version), quote_text, before, error, parsed, false,
                        incremental ? &memo : nullptr, reused)) {
            skip("not_priced_current", error.code, error.message, file, line, "/quote" + error.path);
            return 0;
        }
        if (prices_the_same(*parsed.quote)) {
            after_side = &before;  // read, not copied
        } else {
            if (incremental) {
                memo.valid = true;
                memo.changed_products = &changed_products;
                memo.lines = std::move(before.priced.lines);  // the reused ones move on to the proposed side
            }
            if (!price_side(variant(proposed, book_id, book_version), quote_text, priced_after, error, parsed,
                            options.same_catalogue, incremental ? &memo : nullptr, reused)) {
                skip("not_priced_proposed", error.code, error.message, file, line, "/quote" + error.path,
                     &before.priced.totals.net_monthly);
                return 0;
            }
        }
        const bool split = incremental && after_side == &priced_after;  // the current lines: memo + reused
        const Side& after = *after_side;
        ++out.repriced;
        add_money(out.totals, before, after);
        ImpactSegmentRow& seg = segments[before.priced.segment];
        seg.segment = before.priced.segment;
        ++seg.quotes;
        add_money(seg.money, before, after);
        if (split) add_lines(memo.lines, false, &reused, &after.priced.lines);
        else add_lines(before.priced.lines, false);
        add_lines(after.priced.lines, true);

        if (before.level != after.level) {
            ++out.approval_changed;
            ImpactApprovalMove& move = moves[{before.level, after.level}];
            move.from = before.level, move.to = after.level;
            move.from_rank = before.rank, move.to_rank = after.rank;
            ++move.quotes;
            if (after.rank > before.rank) ++out.approval_up, ++seg.approval_up;
            if (after.rank < before.rank) ++out.approval_down, ++seg.approval_down;
        }
        codes_of(before.priced, codes_before);
        codes_of(after.priced, codes_after);
        const auto has = [](const std::vector<std::string_view>& codes, std::string_view code) {
            return std::binary_search(codes.begin(), codes.end(), code);
        };
        for (const auto& code : codes_before) {
            ImpactFindingRow& row = finding(code);
            ++row.before;
            if (!has(codes_after, code)) ++row.cleared;
        }
        for (const auto& code : codes_after) {
            ImpactFindingRow& row = finding(code);
            ++row.after;
            if (!has(codes_before, code)) ++row.appeared;
        }
        if (status == OutcomeStatus::lost && lost_on_price_reason(reason)) {
            ++out.lost_on_price, ++seg.lost_on_price;
            add_money(out.lost_on_price_money, before, after);
            if (!before.in_band && after.in_band) ++out.now_in_band, ++seg.now_in_band;
            if (competitor_monthly) {
                ++out.with_competitor_price;
                if (*competitor_monthly < before.priced.totals.net_monthly &&
                    !(*competitor_monthly < after.priced.totals.net_monthly))
                    ++out.now_at_or_under_competitor;
            }
        }
        const Decimal& net_before = before.priced.totals.net_monthly;
        const Decimal& net_after = after.priced.totals.net_monthly;
        if (!(net_before == net_after)) {
            const Decimal move = (net_after - net_before).abs();
            if (!change_floor || moves_more(move, quote_id, change_floor->move, change_floor->quote_id)) {
                changes.push_back({quote_id, before.priced.segment, file, line, net_before, net_after, before.level, after.level});
                if (changes.size() >= 8 * kImpactLargestChanges) keep_largest();
            }
        }
        return 1;
    }

    // Once kImpactLargestChanges are kept, the last of them: a quote that does not move more
    // can never be among the largest, and is not kept at all (most quotes, in a large log).
    struct ChangeFloor {
        Decimal move;
        std::string quote_id;
    };
    std::optional<ChangeFloor> change_floor;

    void keep_largest() {
        keep_largest_changes(changes);
        if (changes.size() == kImpactLargestChanges) change_floor = ChangeFloor{move_of(changes.back()), changes.back().quote_id};
    }
};

ImpactRun::ImpactRun(const PriceBook& current, const PriceBook& proposed, ImpactOptions options)
    : state_(std::make_unique<State>(current, proposed, std::move(options))) {
    if (current.currency != proposed.currency)
        state_->setup_errors.push_back({codes::pricebook_mismatch, "/currency",
                                        "The proposed book is in " + proposed.currency + " and the current one in " +
                                            current.currency + ": their prices cannot be compared."});
}
ImpactRun::~ImpactRun() = default;

const Errors& ImpactRun::setup_errors() const { return state_->setup_errors; }

void ImpactRun::index(std::size_t file, std::string_view piece) {
    std::size_t& line_number = state_->index_lines[file];
    for_each_line(piece, line_number, [&](std::string_view line) { state_->index_line(file, line_number, line); });
}

std::size_t ImpactRun::price(std::size_t file, std::string_view piece) {
    std::size_t& line_number = state_->price_lines[file];
    std::size_t priced = 0;
    for_each_line(piece, line_number, [&](std::string_view line) {
        ++state_->out.lines_read;
        priced += state_->price_line(file, line_number, line);
    });
    state_->out.files = std::max(state_->out.files, file + 1);
    return priced;
}

void ImpactRun::scan(std::size_t file, std::string_view piece, bool held) {
    std::size_t& line_number = state_->scan_lines[file];
    state_->expect_lines_of(piece);
    // for_each_line's walk, but a line that begins with '{' (every record as logged) is skimmed
    // from its start to the line break that ends it, in one pass over its bytes.
    std::size_t start = line_number == 0 && piece.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    std::size_t fetched = start;  // the bytes before it asked of memory ahead of the skim
    while (start < piece.size()) {
        ++line_number;
        prefetch_ahead(piece, start, fetched);
        if (piece[start] == '{') {
            if (const char* end = state_->scan_record(file, line_number, piece.substr(start), held)) {
                start = std::size_t(end - piece.data()) + 1;
                continue;
            }
        }
        std::size_t end = piece.find('\n', start);
        if (end == std::string_view::npos) end = piece.size();
        std::string_view line = piece.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        start = end + 1;
        if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
        state_->scan_line(file, line_number, line, held);
    }
    state_->out.files = std::max(state_->out.files, file + 1);
}

std::size_t ImpactRun::price_scanned(std::size_t lines) { return state_->price_scanned(lines); }

std::size_t ImpactRun::scanned_left() const { return state_->scanned_left(); }

Impact ImpactRun::result() const {
    State& s = *state_;
    Impact out = s.out;
    out.current_id = s.current.id, out.current_version = s.current.version;
    out.proposed_id = s.proposed.id, out.proposed_version = s.proposed.version;
    out.proposed_replaces = s.options.proposed_replaces;
    out.currency = s.proposed.currency;
    out.minor_digits = s.proposed.minor_digits;
    out.quotes = out.repriced;
    for (auto& [key, row] : s.segments) out.by_segment.push_back(row);
    for (auto& [key, row] : s.products) out.by_product.push_back(row);
    for (auto& [key, row] : s.moves) out.approval_moves.push_back(row);
    std::stable_sort(out.approval_moves.begin(), out.approval_moves.end(), [](const auto& a, const auto& b) {
        return std::tie(a.from_rank, a.to_rank) < std::tie(b.from_rank, b.to_rank);
    });
    for (auto& [key, row] : s.findings) out.findings.push_back(row);
    for (auto& [key, row] : s.skipped) out.skipped.push_back(row);
    out.largest_changes = s.changes;
    keep_largest_changes(out.largest_changes);
    return out;
}

// ---- Writing -----------------------------------------------------------------------------

namespace {

class ImpactWriter : public detail::JsonWriter {
public:
    ImpactWriter(std::string& out, const Impact& in) : JsonWriter(out), in_(in) {}

    void write() {
        begin_object();
        field("impact_version", "1");
        key("books");
        begin_object();
        key("current");
        begin_object();
        field("id", in_.current_id);
        field("version", in_.current_version);
        end_object();
        key("proposed");
        begin_object();
        field("id", in_.proposed_id);
        field("version", in_.proposed_version);
        key("replaces");
        begin_array();
        for (const auto& id : in_.proposed_replaces) string(id);
        end_array();
        end_object();
        end_object();
        field("currency", in_.currency);
        key("read");
        begin_object();
        count("files", in_.files);
        count("lines", in_.lines_read);
        count("records", in_.records);
        count("duplicates", in_.duplicates);
        count("skipped_lines", in_.skipped_lines);
        count("repriced", in_.repriced);
        end_object();
        key("totals");
        begin_object();
        count("quotes", in_.quotes);
        money(in_.totals);
        end_object();
        key("by_segment");
        begin_array();
        for (const auto& row : in_.by_segment) {
            begin_object();
            field("segment", row.segment);
            count("quotes", row.quotes);
            money(row.money);
            count("approval_up", row.approval_up);
            count("approval_down", row.approval_down);
            count("lost_on_price", row.lost_on_price);
            count("now_in_band", row.now_in_band);
            end_object();
        }
        end_array();
        key("by_product");
        begin_array();
        for (const auto& row : in_.by_product) {
            begin_object();
            field("kind", line_kind_name(row.kind));
            field("sku", row.sku);
            field("name", row.name);
            count("quotes_before", row.quotes_before);
            count("quotes_after", row.quotes_after);
            money(row.money);
            end_object();
        }
        end_array();
        key("approval");
        begin_object();
        count("changed", in_.approval_changed);
        count("up", in_.approval_up);
        count("down", in_.approval_down);
        key("moves");
        begin_array();
        for (const auto& move : in_.approval_moves) {
            begin_object();
            field_or_null("from", move.from);
            field_or_null("to", move.to);
            count("quotes", move.quotes);
            end_object();
        }
        end_array();
        end_object();
        key("findings");
        begin_array();
        for (const auto& row : in_.findings) {
            begin_object();
            field("code", row.code);
            count("before", row.before);
            count("after", row.after);
            count("appeared", row.appeared);
            count("cleared", row.cleared);
            end_object();
        }
        end_array();
        key("lost_on_price");
        begin_object();
        count("quotes", in_.lost_on_price);
        money(in_.lost_on_price_money);
        count("now_in_band", in_.now_in_band);
        count("with_competitor_price", in_.with_competitor_price);
        count("now_at_or_under_competitor", in_.now_at_or_under_competitor);
        end_object();
        key("largest_changes");
        begin_array();
        for (const auto& row : in_.largest_changes) {
            begin_object();
            field("quote_id", row.quote_id);
            field("segment", row.segment);
            count("file", row.file);
            count("line", row.line);
            amount("net_before", row.net_before);
            amount("net_after", row.net_after);
            amount("net_change", row.net_after - row.net_before);
            field_or_null("level_before", row.level_before);
            field_or_null("level_after", row.level_after);
            end_object();
        }
        end_array();
        key("skipped");
        begin_array();
        for (const auto& row : in_.skipped) {
            begin_object();
            field("reason", row.reason);
            field("key", row.key);
            count("quotes", row.quotes);
            if (row.reason == "not_priced_proposed") amount("net_before", row.net_before);
            field("message", row.message);
            key("first");
            begin_object();
            count("file", row.file);
            count("line", row.line);
            field("path", row.path);
            end_object();
            end_object();
        }
        end_array();
        key("errors");
        begin_array();
        for (const auto& e : in_.errors) {
            begin_object();
            count("file", e.file);
            count("line", e.line);
            field("code", e.error.code);
            field("path", e.error.path);
            field("message", e.error.message);
            end_object();
        }
        end_array();
        end_object();
    }

private:
    const Impact& in_;

    void count(const char* name, std::size_t value) { key(name), integer(static_cast<long long>(value)); }
    void amount(const char* name, const Decimal& value) { key(name), decimal_fixed(value, in_.minor_digits); }
    // part ÷ whole as a percentage with two decimals; null when the whole is zero.
    void ratio(const char* name, const Decimal& part, const Decimal& whole) {
        key(name);
        if (whole.is_zero()) return null();
        decimal_fixed((part * kHundred).divide(whole, 2, RoundingMode::half_up), 2);
    }
    void money(const ImpactMoney& m) {
        amount("list_before", m.list_before);
        amount("list_after", m.list_after);
        amount("net_before", m.net_before);
        amount("net_after", m.net_after);
        amount("net_change", m.net_after - m.net_before);
        ratio("net_change_pct", m.net_after - m.net_before, m.net_before);
    }
};

std::string book_errors(const Errors& errors, const char* which) {
    std::string out = write_errors(errors);
    out.pop_back();  // the closing brace: the book the errors are about goes beside them
    out += ",\"book\":\"";
    out += which;
    out += "\"}";
    return out;
}

}  // namespace

std::string write_impact(const Impact& impact) {
    std::string out;
    out.reserve(8192);
    ImpactWriter(out, impact).write();
    return out;
}

namespace {

// What parsing a quote never reads, taken out of a book (see same_catalogue in impact.hpp).
void keep_catalogue(Json& book) {
    if (!book.is_object()) return;
    for (const char* key : {"id", "version", "name", "description", "effective_from", "effective_to", "replaces",
                            "commits", "internal", "$schema", "$comment"})
        book.erase(key);
    if (auto products = book.find("products"); products != book.end() && products->is_array())
        for (Json& product : *products) {
            if (!product.is_object()) continue;
            for (const char* key : {"name", "description", "region_prices", "minimum_monthly"}) product.erase(key);
            if (auto price = product.find("price"); price != product.end() && price->is_object())
                *price = Json{{"model", price->value("model", Json())}};
        }
    if (auto bundles = book.find("bundles"); bundles != book.end() && bundles->is_array())
        for (Json& bundle : *bundles)
            if (bundle.is_object())
                for (const char* key : {"name", "description", "price", "overage"}) bundle.erase(key);
    if (auto terms = book.find("terms"); terms != book.end() && terms->is_array())
        for (Json& term : *terms)
            if (term.is_object()) term.erase("discount_pct");
}

bool same_catalogue_of(Json current, Json proposed) {
    keep_catalogue(current);
    keep_catalogue(proposed);
    return current == proposed;
}

std::vector<bool> products_changed_only_of(Json current, Json proposed) {
    if (!current.is_object() || !proposed.is_object()) return {};
    for (Json* book : {&current, &proposed})
        for (const char* key : {"id", "version", "name", "description", "effective_from", "effective_to", "replaces",
                                "$schema", "$comment"})
            book->erase(key);
    const auto a = current.find("products"), b = proposed.find("products");
    if (a == current.end() || b == proposed.end() || !a->is_array() || !b->is_array() || a->size() != b->size())
        return {};
    std::vector<bool> changed(a->size(), false);
    for (std::size_t i = 0; i < a->size(); ++i) {
        const Json &x = (*a)[i], &y = (*b)[i];
        if (!x.is_object() || !y.is_object() || x.value("sku", Json()) != y.value("sku", Json())) return {};
        changed[i] = x != y;
    }
    current.erase("products");
    proposed.erase("products");
    if (current != proposed) return {};
    return changed;
}

Json parse_text(std::string_view text) { return Json::parse(text.begin(), text.end(), nullptr, false); }

}  // namespace

bool same_catalogue(std::string_view current_json, std::string_view proposed_json) {
    Json current = parse_text(current_json), proposed = parse_text(proposed_json);
    return !current.is_discarded() && !proposed.is_discarded() && same_catalogue_of(std::move(current), std::move(proposed));
}

std::vector<bool> products_changed_only(std::string_view current_json, std::string_view proposed_json) {
    return products_changed_only_of(parse_text(current_json), parse_text(proposed_json));
}

ImpactSetup prepare_impact(std::string_view current_json, std::string_view proposed_json) {
    ImpactSetup setup;
    Json current = parse_text(current_json), proposed = parse_text(proposed_json);
    if (!current.is_object() || !proposed.is_object()) {
        setup.errors.push_back({codes::invalid_json, "", "The price book is not valid JSON."});
        setup.book = current.is_object() ? "proposed" : "current";
        return setup;
    }
    for (auto [doc, out, name] : {std::tuple{&current, &setup.options.current_replaces, "current"},
                                  std::tuple{&proposed, &setup.options.proposed_replaces, "proposed"}}) {
        detail::Reader reader(setup.errors);
        *out = detail::read_replaces(reader, *doc);
        if (!setup.errors.empty()) {
            setup.book = name;
            return setup;
        }
    }
    // Each of the two reads its own copy; the second takes the documents themselves.
    setup.options.same_catalogue = same_catalogue_of(current, proposed);
    if (setup.options.same_catalogue)
        setup.options.changed_products = products_changed_only_of(std::move(current), std::move(proposed));
    return setup;
}

std::string impact_json(std::string_view current_book, std::string_view proposed_book,
                        const std::vector<std::string_view>& logs) {
    PriceBookResult current = parse_pricebook(current_book);
    if (!current.book) return book_errors(current.errors, "current");
    PriceBookResult proposed = parse_pricebook(proposed_book);
    if (!proposed.book) return book_errors(proposed.errors, "proposed");
    ImpactSetup setup = prepare_impact(current_book, proposed_book);
    if (!setup.errors.empty()) return book_errors(setup.errors, setup.book.c_str());
    ImpactRun run(*current.book, *proposed.book, std::move(setup.options));
    if (!run.setup_errors().empty()) return book_errors(run.setup_errors(), "proposed");
    for (std::size_t i = 0; i < logs.size(); ++i) run.scan(i, logs[i], true);
    run.price_scanned();
    return write_impact(run.result());
}

}  // namespace edgequote
