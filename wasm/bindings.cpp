// The engine's WebAssembly face: JSON text in, JSON text out, errors as values. Its own JSON
// is written with the engine's JsonWriter: nlohmann's serializer would add ~8 KB of code to
// the module for three small objects.
//
// Nothing but numbers and booleans crosses the boundary, so JS never holds a C++ object it must
// .delete(). Text goes through the module's memory as UTF-8 bytes: JS encodes a document into
// the input buffer (TextEncoder.encodeInto) and passes its length; a function's JSON result is
// kept in the output buffer and its length returned, for JS to decode in place (TextDecoder).
// Embind's std::string would copy every byte in a JavaScript loop both ways (and scan for NULs
// twice on the way out): for a 500-line quote that was a sixth of an edit's time.
//
// The core is pure; the one piece of state lives here: price books parsed once and kept by
// handle, so repricing never re-sends or re-parses a book; and live quotes, which remember
// their last good quote and result so that an edit parses and prices only what it touched and
// returns only the lines and findings whose output changed. Only web/engine/edgequote.js calls
// these functions.
//
// No Embind: every function takes and returns numbers, so each is a plain C export named as JS
// calls it (EMSCRIPTEN_KEEPALIVE, below), and wasm/exports.js puts it on the module object under
// that name. Embind's runtime was ~4 KB gzip of glue and ~3.5 KB of wasm on the page's first
// load, for type conversions nothing here needs. To add a function: an export below and its
// name in wasm/exports.js.
#include <emscripten/emscripten.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "edgequote/engine.hpp"
#include "edgequote/error_codes.hpp"
#include "edgequote/json_writer.hpp"
#include "book_registry.hpp"
#include "handle_table.hpp"

namespace {

using namespace edgequote;

// Conditions of the binding itself, listed by errorCodes() after the engine's own codes.
constexpr codes::CodeInfo kBindingCodes[] = {
    {"unknown_handle", "The price book is not loaded in the engine (released, or never loaded)."},
    {"engine_restarted", "The engine stopped on this input; it was restarted and the input refused."},
};

wasm::BookRegistry books;

// A quote being edited, on the book it was opened with.
struct OpenQuote {
    int book = 0;
    LiveQuote quote;
};

wasm::HandleTable<OpenQuote> live_quotes;

std::string input;   // the document JS wrote for the next call
std::string output;  // the last call's result, until the next call

// Room for `capacity` bytes of input; returns where JS writes them.
std::uintptr_t input_buffer(std::size_t capacity) {
    if (input.size() < capacity) input.resize(capacity);
    return reinterpret_cast<std::uintptr_t>(input.data());
}

std::string_view input_text(std::size_t length) { return std::string_view(input).substr(0, length); }

// Keeps a result for JS to read (output_pointer) and returns its length.
std::size_t put_output(std::string result) {
    output = std::move(result);
    return output.size();
}

std::uintptr_t output_pointer() { return reinterpret_cast<std::uintptr_t>(output.data()); }

std::string error_json(const char* code, std::string message) {
    return write_errors({Error{code, "", std::move(message)}});
}

std::string load_pricebook(std::string_view text) { return books.load(text); }

bool release_pricebook(int handle) { return books.release(handle); }

// Exactly the line `edgequote reprice BOOK [--summary]` prints for this quote (without the
// newline): a priced quote, or one whose `errors` say why it could not be priced.
std::string price_quote(int handle, std::string_view quote_text, bool summary) {
    const PriceBook* book = books.find(handle);
    if (!book) return wasm::BookRegistry::unknown(handle);
    return write_priced_quote(price_json(*book, quote_text),
                              summary ? OutputDetail::summary : OutputDetail::full);
}

// {"live":n}: a live quote on a loaded book (its handle is checked when it is priced).
std::string open_live_quote(int handle, bool summary) {
    const PriceBook* book = books.find(handle);
    if (!book) return wasm::BookRegistry::unknown(handle);
    const int id = live_quotes.add(OpenQuote{handle, LiveQuote(*book, summary ? OutputDetail::summary : OutputDetail::full)});
    return "{\"live\":" + std::to_string(id) + "}";
}

bool close_live_quote(int id) { return live_quotes.release(id); }

// What changed since the last good result (LiveQuote::price in core/include/edgequote/engine.hpp).
std::string price_live_quote(int id, std::string_view quote_text) {
    OpenQuote* live = live_quotes.find(id);
    if (!live) return error_json("unknown_handle", "No live quote has handle " + std::to_string(id) + ".");
    if (!books.find(live->book)) return error_json("unknown_handle", "The live quote's price book was released.");
    return live->quote.price(quote_text);
}

// The book without its internal part, exactly as `edgequote public BOOK` prints it; or
// {"errors":[...]} (a valid book cannot look like that: "errors" is not one of its fields).
std::string public_pricebook_json(std::string_view text) {
    PublicBookResult result = edgequote::public_pricebook(text);
    return result.errors.empty() ? result.json : write_errors(result.errors);
}

// {"codes":[{"code","description"}...]}: the same list as `edgequote codes`, plus the binding's.
std::string error_codes() {
    std::string out;
    detail::JsonWriter w(out);
    auto list = [&w](const auto& infos) {
        for (const auto& info : infos) {
            w.begin_object();
            w.field("code", info.code);
            w.field("description", info.description);
            w.end_object();
        }
    };
    w.begin_object();
    w.key("codes");
    w.begin_array();
    list(codes::kAll);
    list(kBindingCodes);
    w.end_array();
    w.end_object();
    return out;
}

// The bound functions: those that read a document take its length in the input buffer; those
// that answer with JSON return its length in the output buffer.
std::size_t load_pricebook_at(std::size_t length) { return put_output(load_pricebook(input_text(length))); }
std::size_t price_at(int handle, std::size_t length, bool summary) {
    return put_output(price_quote(handle, input_text(length), summary));
}
std::size_t open_live_quote_at(int handle, bool summary) { return put_output(open_live_quote(handle, summary)); }
std::size_t price_live_quote_at(int id, std::size_t length) {
    return put_output(price_live_quote(id, input_text(length)));
}
std::size_t public_pricebook_at(std::size_t length) { return put_output(public_pricebook_json(input_text(length))); }
std::size_t error_codes_at() { return put_output(error_codes()); }
// The loaded book's view for the page (core/src/book_view.cpp): from the book already parsed.
std::size_t book_view_at(int handle) {
    const PriceBook* book = books.find(handle);
    return put_output(book ? write_book_view(*book) : wasm::BookRegistry::unknown(handle));
}

}  // namespace

// The exports, under the names web/engine/edgequote.js calls (wasm/exports.js).
extern "C" {
EMSCRIPTEN_KEEPALIVE std::uintptr_t inputBuffer(std::size_t capacity) { return input_buffer(capacity); }
EMSCRIPTEN_KEEPALIVE std::uintptr_t outputPointer() { return output_pointer(); }
EMSCRIPTEN_KEEPALIVE std::size_t loadPricebook(std::size_t length) { return load_pricebook_at(length); }
EMSCRIPTEN_KEEPALIVE bool releasePricebook(int handle) { return release_pricebook(handle); }
EMSCRIPTEN_KEEPALIVE std::size_t price(int handle, std::size_t length, bool summary) {
    return price_at(handle, length, summary);
}
EMSCRIPTEN_KEEPALIVE std::size_t openLiveQuote(int handle, bool summary) { return open_live_quote_at(handle, summary); }
EMSCRIPTEN_KEEPALIVE std::size_t priceLiveQuote(int id, std::size_t length) { return price_live_quote_at(id, length); }
EMSCRIPTEN_KEEPALIVE bool closeLiveQuote(int id) { return close_live_quote(id); }
EMSCRIPTEN_KEEPALIVE std::size_t publicPricebook(std::size_t length) { return public_pricebook_at(length); }
EMSCRIPTEN_KEEPALIVE std::size_t bookView(int handle) { return book_view_at(handle); }
EMSCRIPTEN_KEEPALIVE std::size_t errorCodes() { return error_codes_at(); }
}
