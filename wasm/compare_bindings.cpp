// The comparison module (edgequote-compare): a quote priced at competitors' public list prices
// (edgequote/compare.hpp). A separate download from the pricing engine, like the insights
// module: the rep page loads it only after its first priced total, so the first load stays
// within its budget. Only web/engine/compare.js calls these functions.
//
// Books are parsed once and kept by handle: our book (the one quotes are written for) and the
// competitor books. compare() answers exactly what `edgequote compare` prints (canonical JSON).
#include <emscripten/bind.h>

#include <map>
#include <string>
#include <vector>

#include "edgequote/compare.hpp"
#include "edgequote/error_codes.hpp"
#include "edgequote/json_writer.hpp"

namespace {

using namespace edgequote;

std::map<int, PriceBook> books;
std::map<int, CompetitorBook> competitors;
int next_handle = 1;

std::string unknown_handle(int handle) {
    return write_errors({Error{"unknown_handle", "", "No price book has handle " + std::to_string(handle) + "."}});
}

std::string loaded(int handle, const PriceBook& book, const Comparison* comparison) {
    std::string out;
    detail::JsonWriter w(out);
    w.begin_object();
    w.key("handle"), w.integer(handle);
    w.field("id", book.id);
    w.field("version", book.version);
    w.field("currency", book.currency);
    if (comparison) {
        w.key("vendor");
        w.begin_object();
        w.field("id", comparison->vendor_id);
        w.field("name", comparison->vendor_name);
        w.end_object();
    }
    w.end_object();
    return out;
}

// {"handle","id","version","currency"} or {"errors":[...]}
std::string load_pricebook(std::string text) {
    PriceBookResult result = parse_pricebook(text);
    if (!result.book) return write_errors(result.errors);
    const int handle = next_handle++;
    std::string out = loaded(handle, *result.book, nullptr);
    books.emplace(handle, std::move(*result.book));
    return out;
}

// The same plus {"vendor":{"id","name"}}, or {"errors":[...]} (a book without a comparison
// section, or one whose mapping names what the book lacks).
std::string load_competitor_book(std::string text) {
    CompetitorBookResult result = parse_competitor_book(text);
    if (!result.competitor) return write_errors(result.errors);
    const int handle = next_handle++;
    std::string out = loaded(handle, result.competitor->book, &result.competitor->comparison);
    competitors.emplace(handle, std::move(*result.competitor));
    return out;
}

bool release(int handle) { return books.erase(handle) + competitors.erase(handle) == 1; }

// `handles` lists competitor handles as JSON integers ("[2,3]"), in the order to compare them.
std::string compare(int book, std::string quote, std::string handles, bool summary) {
    auto ours = books.find(book);
    if (ours == books.end()) return unknown_handle(book);
    std::vector<const CompetitorBook*> list;
    int value = -1;
    for (char c : handles + ",") {
        if (c >= '0' && c <= '9') {
            value = (value < 0 ? 0 : value) * 10 + (c - '0');
            if (value > 1000000000) return unknown_handle(value);
        } else if (value >= 0) {
            auto it = competitors.find(value);
            if (it == competitors.end()) return unknown_handle(value);
            list.push_back(&it->second);
            value = -1;
        }
    }
    return compare_json(ours->second, quote, list, summary ? OutputDetail::summary : OutputDetail::full);
}

// {"codes":[...]}: the codes only the comparison emits (`edgequote codes --comparison`); the
// engine's own come from the pricing module's errorCodes().
std::string error_codes() {
    std::string out;
    detail::JsonWriter w(out);
    w.begin_object();
    w.key("codes");
    w.begin_array();
    for (const auto& info : codes::kComparison) {
        w.begin_object();
        w.field("code", info.code);
        w.field("description", info.description);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    return out;
}

}  // namespace

EMSCRIPTEN_BINDINGS(edgequote_compare) {
    emscripten::function("errorCodes", &error_codes);
    emscripten::function("loadPricebook", &load_pricebook);
    emscripten::function("loadCompetitorBook", &load_competitor_book);
    emscripten::function("release", &release);
    emscripten::function("compare", &compare);
}
