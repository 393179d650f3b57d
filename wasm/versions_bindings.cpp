// The book-versions module (edgequote-versions): which version of a price book is in effect on a
// date (edgequote/book_versions.hpp), for a site that holds several. A module of its own, as the
// other features are, so the engine the rep page loads first does not grow: the page imports it
// after its first priced total (or before opening a share link). Only web/engine/versions.js
// calls it.
#include <emscripten/bind.h>

#include <string>

#include "edgequote/book_versions.hpp"

namespace {

// Exactly what `edgequote versions --index INDEX --on DATE ID` prints (without the newline).
std::string book_in_effect(const std::string& index, const std::string& id, const std::string& date) {
    return edgequote::book_in_effect_json(index, id, date);
}

}  // namespace

EMSCRIPTEN_BINDINGS(edgequote_versions) {
    emscripten::function("bookInEffect", &book_in_effect);
}
