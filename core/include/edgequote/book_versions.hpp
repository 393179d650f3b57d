#pragma once
// Several versions of a price book on one site, and which one is in effect on a date.
//
// A site lists its books in an index (`edgequote versions BOOK...` writes it from the books, so
// the dates cannot drift from them):
//   {"books": [{"id", "version", "effective_from", "effective_to"?, "file"}, ...]}
// A page asks the engine which version of its book is in effect on the quote's date
// (book_in_effect) and loads that file. The rule: version V of book B is in effect on D when
// V.effective_from <= D <= V.effective_to (both inclusive; no effective_to: open-ended). Two
// versions of one book in effect on the same day are refused when the index is read
// (book_versions_overlap): the site must say which one prices a day, the engine does not guess.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edgequote/error.hpp"

namespace edgequote {

struct BookVersion {
    std::string id;
    std::string version;
    std::string effective_from;  // YYYY-MM-DD
    std::string effective_to;    // YYYY-MM-DD; empty: open-ended
    std::string file;            // the book's file name beside the index (no directory)
};

struct BookIndex {
    std::vector<BookVersion> books;
    Errors errors;  // paths into the index (/books/1/effective_from)
};

// Reads and checks an index: shape, dates (edgequote::parse_date), file names, and that no two
// versions of one book share a version string or a day in effect.
BookIndex read_book_index(std::string_view text);

// The overlap and duplicate checks alone, for an index being built from books.
Errors check_book_versions(const std::vector<BookVersion>& books);

struct VersionChoice {
    std::optional<std::size_t> index;  // into the books given
    Errors errors;                     // invalid_date or pricebook_not_in_effect at /as_of
};

// The version of book `id` in effect on `date` (YYYY-MM-DD). The books are assumed checked
// (read_book_index); should two still cover the date, the refusal names both.
VersionChoice book_in_effect(const std::vector<BookVersion>& books, std::string_view id, std::string_view date);

// read_book_index + book_in_effect, as JSON: {"book": {"id", "version", "effective_from",
// "effective_to" (null when open-ended), "file"}} or {"errors": [...]}. The CLI
// (`edgequote versions --index INDEX --on DATE ID`) and the wasm module give the same bytes.
std::string book_in_effect_json(std::string_view index_text, std::string_view id, std::string_view date);

// The index as JSON (the books in the order given), for `edgequote versions BOOK...`.
std::string write_book_index(const std::vector<BookVersion>& books);

}  // namespace edgequote
