#pragma once
// Price books parsed once and kept by handle, so a page never re-sends or re-parses a book: the
// state the engine module (bindings.cpp) and the approvals module (approval_bindings.cpp) hold
// alike. A handle names one book until it is released; handles are never reused.
#include <string>
#include <string_view>
#include <utility>

#include "edgequote/engine.hpp"
#include "edgequote/json_writer.hpp"
#include "handle_table.hpp"

namespace edgequote::wasm {

class BookRegistry {
public:
    // {"handle":n,"id":...,"version":...}, or {"errors":[...]} when the book is not valid.
    std::string load(std::string_view text) {
        PriceBookResult result = parse_pricebook(text);
        if (!result.book) return write_errors(result.errors);
        const int handle = books_.add(std::move(*result.book));
        std::string out;
        detail::JsonWriter w(out);
        w.begin_object();
        w.key("handle"), w.integer(handle);
        w.field("id", books_.find(handle)->id);
        w.field("version", books_.find(handle)->version);
        w.end_object();
        return out;
    }

    // The book, or nullptr for a handle released or never given.
    const PriceBook* find(int handle) const { return books_.find(handle); }

    bool release(int handle) { return books_.release(handle); }

    // The error a call with an unknown handle answers.
    static std::string unknown(int handle) {
        return write_errors({Error{"unknown_handle", "", "No price book has handle " + std::to_string(handle) + "."}});
    }

private:
    HandleTable<PriceBook> books_;
};

}  // namespace edgequote::wasm
