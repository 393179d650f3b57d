#pragma once
// Price books parsed once and kept by handle, so a page never re-sends or re-parses a book: the
// state the engine module (bindings.cpp) and the approvals module (approval_bindings.cpp) hold
// alike. A handle names one book until it is released; handles are never reused.
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "edgequote/engine.hpp"
#include "edgequote/json_writer.hpp"

namespace edgequote::wasm {

class BookRegistry {
public:
    // {"handle":n,"id":...,"version":...}, or {"errors":[...]} when the book is not valid.
    std::string load(std::string_view text) {
        PriceBookResult result = parse_pricebook(text);
        if (!result.book) return write_errors(result.errors);
        const int handle = next_handle_++;
        std::string out;
        detail::JsonWriter w(out);
        w.begin_object();
        w.key("handle"), w.integer(handle);
        w.field("id", result.book->id);
        w.field("version", result.book->version);
        w.end_object();
        books_.emplace(handle, std::move(*result.book));
        return out;
    }

    // The book, or nullptr for a handle released or never given.
    const PriceBook* find(int handle) const {
        auto it = books_.find(handle);
        return it == books_.end() ? nullptr : &it->second;
    }

    bool release(int handle) { return books_.erase(handle) == 1; }

    // The error a call with an unknown handle answers.
    static std::string unknown(int handle) {
        return write_errors({Error{"unknown_handle", "", "No price book has handle " + std::to_string(handle) + "."}});
    }

private:
    std::map<int, PriceBook> books_;
    int next_handle_ = 1;
};

}  // namespace edgequote::wasm
