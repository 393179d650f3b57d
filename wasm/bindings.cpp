// The engine's WebAssembly face: JSON text in, JSON text out, errors as values.
//
// Nothing but strings, numbers and booleans crosses the boundary, so JS never holds a C++
// object it must .delete(). The core is pure; the one piece of state lives here: price books
// parsed once and kept by handle, so repricing never re-sends or re-parses a book; and live
// quotes, which remember their last priced output so that an edit returns only the lines whose
// output changed. Only web/engine/edgequote.js calls these functions.
#include <emscripten/bind.h>

#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "edgequote/engine.hpp"
#include "edgequote/error_codes.hpp"

namespace {

using namespace edgequote;

// Conditions of the binding itself, listed by errorCodes() after the engine's own codes.
constexpr codes::CodeInfo kBindingCodes[] = {
    {"unknown_handle", "The price book is not loaded in the engine (released, or never loaded)."},
    {"engine_restarted", "The engine stopped on this input; it was restarted and the input refused."},
};

std::map<int, PriceBook> books;
int next_handle = 1;

// The byte ranges of the elements of the top-level "lines" array in canonical output.
struct LineSpans {
    std::size_t array_begin = 0;  // just after '['
    std::size_t array_end = 0;    // at ']'
    std::vector<std::pair<std::size_t, std::size_t>> lines;  // [begin, end) of each element
};

// Splits canonical output without parsing it. In canonical output (core/src/write_json.cpp) the
// key "lines" occurs once, every line object starts with the key "index", and "totals" follows
// the lines; a quote character inside a string is escaped, so these byte patterns cannot occur
// inside customer text. (tests/node/live.test.mjs checks the result against price().)
LineSpans split_lines(const std::string& json) {
    static constexpr std::string_view kArray = "\"lines\":[", kLine = "{\"index\":", kEnd = "],\"totals\":";
    LineSpans spans;
    const std::size_t array = json.find(kArray.data(), 0, kArray.size());
    if (array == std::string::npos) return spans;
    spans.array_begin = array + kArray.size();
    spans.array_end = json.find(kEnd.data(), spans.array_begin, kEnd.size());
    std::size_t at = json.find(kLine.data(), spans.array_begin, kLine.size());
    while (at < spans.array_end) {
        const std::size_t next = json.find(kLine.data(), at + 1, kLine.size());
        // A line ends before the comma that precedes the next one, or at the array's end.
        const std::size_t end = next < spans.array_end ? next - 1 : spans.array_end;
        spans.lines.emplace_back(at, end);
        at = next;
    }
    return spans;
}

// A quote being edited: its book and its last good canonical output.
struct LiveQuote {
    int book = 0;
    OutputDetail detail = OutputDetail::summary;
    std::string json;
    LineSpans spans;
};

std::map<int, LiveQuote> live_quotes;
int next_live_quote = 1;

std::string error_json(const char* code, std::string message) {
    return write_errors({Error{code, "", std::move(message)}});
}

// {"handle":n,"id":...,"version":...} or {"errors":[...]}
std::string load_pricebook(const std::string& text) {
    PriceBookResult result = parse_pricebook(text);
    if (!result.book) return write_errors(result.errors);
    const int handle = next_handle++;
    nlohmann::json out = {{"handle", handle}, {"id", result.book->id}, {"version", result.book->version}};
    books.emplace(handle, std::move(*result.book));
    return out.dump();
}

bool release_pricebook(int handle) { return books.erase(handle) == 1; }

// Exactly the line `edgequote reprice BOOK [--summary]` prints for this quote (without the
// newline): a priced quote, or one whose `errors` say why it could not be priced.
std::string price_quote(int handle, const std::string& quote_text, bool summary) {
    auto book = books.find(handle);
    if (book == books.end())
        return error_json("unknown_handle", "No price book has handle " + std::to_string(handle) + ".");
    return write_priced_quote(price_json(book->second, quote_text),
                              summary ? OutputDetail::summary : OutputDetail::full);
}

// {"live":n}: a live quote on a loaded book (its handle is checked when it is priced).
std::string open_live_quote(int handle, bool summary) {
    if (!books.count(handle))
        return error_json("unknown_handle", "No price book has handle " + std::to_string(handle) + ".");
    const int id = next_live_quote++;
    live_quotes[id] = LiveQuote{handle, summary ? OutputDetail::summary : OutputDetail::full, {}, {}};
    return "{\"live\":" + std::to_string(id) + "}";
}

bool close_live_quote(int id) { return live_quotes.erase(id) == 1; }

// Prices the whole quote; returns what changed since the last good result:
//   {"count":N,"changed":[positions],"priced":<canonical output listing only those lines>}
// A line is unchanged when its canonical JSON is byte-identical to the one at the same position
// before. A quote with errors gives the canonical output with its errors (as price does) and
// leaves the last good result in place.
std::string price_live_quote(int id, const std::string& quote_text) {
    auto live = live_quotes.find(id);
    if (live == live_quotes.end())
        return error_json("unknown_handle", "No live quote has handle " + std::to_string(id) + ".");
    auto book = books.find(live->second.book);
    if (book == books.end())
        return error_json("unknown_handle", "The live quote's price book was released.");
    const PricedQuote priced = price_json(book->second, quote_text);
    std::string json = write_priced_quote(priced, live->second.detail);
    if (!priced.errors.empty()) return json;

    LiveQuote& last = live->second;
    LineSpans spans = split_lines(json);
    std::string out = "{\"count\":" + std::to_string(spans.lines.size()) + ",\"changed\":[";
    std::string lines;
    bool first = true;
    for (std::size_t i = 0; i < spans.lines.size(); ++i) {
        const auto [begin, end] = spans.lines[i];
        if (i < last.spans.lines.size()) {
            const auto [old_begin, old_end] = last.spans.lines[i];
            if (end - begin == old_end - old_begin &&
                std::memcmp(json.data() + begin, last.json.data() + old_begin, end - begin) == 0)
                continue;
        }
        if (!first) {
            out.push_back(',');
            lines.push_back(',');
        }
        first = false;
        out += std::to_string(i);
        lines.append(json, begin, end - begin);
    }
    out += "],\"priced\":";
    out.append(json, 0, spans.array_begin);
    out += lines;
    out.append(json, spans.array_end, std::string::npos);
    out.push_back('}');
    last.json = std::move(json);
    last.spans = std::move(spans);
    return out;
}

// The book without its internal part, exactly as `edgequote public BOOK` prints it; or
// {"errors":[...]} (a valid book cannot look like that: "errors" is not one of its fields).
std::string public_pricebook_json(const std::string& text) {
    PublicBookResult result = edgequote::public_pricebook(text);
    return result.errors.empty() ? result.json : write_errors(result.errors);
}

// {"codes":[{"code","description"}...]}: the same list as `edgequote codes`, plus the binding's.
std::string error_codes() {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& info : codes::kAll) list.push_back({{"code", info.code}, {"description", info.description}});
    for (const auto& info : kBindingCodes) list.push_back({{"code", info.code}, {"description", info.description}});
    return nlohmann::json{{"codes", std::move(list)}}.dump();
}

}  // namespace

EMSCRIPTEN_BINDINGS(edgequote) {
    emscripten::function("loadPricebook", &load_pricebook);
    emscripten::function("releasePricebook", &release_pricebook);
    emscripten::function("price", &price_quote);
    emscripten::function("openLiveQuote", &open_live_quote);
    emscripten::function("priceLiveQuote", &price_live_quote);
    emscripten::function("closeLiveQuote", &close_live_quote);
    emscripten::function("publicPricebook", &public_pricebook_json);
    emscripten::function("errorCodes", &error_codes);
}
