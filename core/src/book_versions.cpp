// Which version of a price book is in effect on a date (see book_versions.hpp for the rule).
#include "edgequote/book_versions.hpp"

#include "edgequote/date.hpp"
#include "edgequote/engine.hpp"
#include "edgequote/error_codes.hpp"
#include "edgequote/json_writer.hpp"
#include "json_reader.hpp"

namespace edgequote {
namespace {

using detail::Json;

// A version with an unreadable date is never in effect (its error is reported on reading).
bool in_effect(const BookVersion& book, const Date& date) {
    const auto from = parse_date(book.effective_from);
    if (!from || date < *from) return false;
    if (book.effective_to.empty()) return true;
    const auto to = parse_date(book.effective_to);
    return to && !(*to < date);
}

// The first day both versions are in effect, or nothing when they never are together.
std::optional<std::string> first_shared_day(const BookVersion& a, const BookVersion& b) {
    const auto a_from = parse_date(a.effective_from), b_from = parse_date(b.effective_from);
    if (!a_from || !b_from) return std::nullopt;
    const BookVersion& later = *a_from < *b_from ? b : a;
    const Date start = *a_from < *b_from ? *b_from : *a_from;
    return in_effect(a, start) && in_effect(b, start) ? std::optional<std::string>(later.effective_from) : std::nullopt;
}

std::string range_text(const BookVersion& book) {
    return book.effective_from + (book.effective_to.empty() ? " on" : " to " + book.effective_to);
}

// A file beside the index: a plain name ending in .json, so an index cannot point a page
// anywhere else (another directory, another origin).
bool plain_file_name(const std::string& name) {
    if (name.size() < 6 || name.compare(name.size() - 5, 5, ".json") != 0 || name[0] == '.') return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
            return false;
    return true;
}

}  // namespace

Errors check_book_versions(const std::vector<BookVersion>& books) {
    Errors errors;
    for (std::size_t j = 0; j < books.size(); ++j) {
        for (std::size_t i = 0; i < j; ++i) {
            if (books[i].id != books[j].id) continue;
            const std::string at = pointer_append("/books", j);
            if (books[i].version == books[j].version) {
                errors.push_back({codes::duplicate_id, at + "/version",
                                  "Version " + books[j].version + " of " + books[j].id + " is listed twice."});
            } else if (auto day = first_shared_day(books[i], books[j])) {
                errors.push_back({codes::book_versions_overlap, at + "/effective_from",
                                  "Versions " + books[i].version + " (" + range_text(books[i]) + ") and " +
                                      books[j].version + " (" + range_text(books[j]) + ") of " + books[j].id +
                                      " are both in effect on " + *day +
                                      ": end the earlier one the day before the later one starts."});
            }
        }
    }
    return errors;
}

BookIndex read_book_index(std::string_view text) {
    BookIndex index;
    auto doc = detail::parse_document(text, index.errors);
    if (!doc) return index;
    detail::Reader r(index.errors);
    if (!r.expect_object(*doc, "")) return index;
    r.check_keys(*doc, "", {"books"});
    const Json* list = r.array(*doc, "books", "", true);
    if (!list) return index;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const Json& item = (*list)[i];
        const std::string path = pointer_append("/books", i);
        if (!r.expect_object(item, path)) continue;
        r.check_keys(item, path, {"id", "version", "effective_from", "effective_to", "file"});
        BookVersion book;
        book.id = r.string(item, "id", path, true).value_or("");
        book.version = r.string(item, "version", path, true).value_or("");
        book.effective_from = r.string(item, "effective_from", path, true).value_or("");
        book.effective_to = r.string(item, "effective_to", path, false).value_or("");
        book.file = r.string(item, "file", path, true).value_or("");
        const auto from = parse_date(book.effective_from);
        const auto to = parse_date(book.effective_to);
        if (item.contains("effective_from") && !from)
            r.error(codes::invalid_date, path + "/effective_from", "Dates are written YYYY-MM-DD.");
        if (!book.effective_to.empty() && !to)
            r.error(codes::invalid_date, path + "/effective_to", "Dates are written YYYY-MM-DD.");
        else if (from && to && *to < *from)
            r.error(codes::invalid_date, path + "/effective_to", "effective_to is before effective_from.");
        if (item.contains("file") && !plain_file_name(book.file))
            r.error(codes::unknown_value, path + "/file", "A book's file is a name ending in .json beside the index, with no directory.");
        index.books.push_back(std::move(book));
    }
    if (index.errors.empty()) index.errors = check_book_versions(index.books);
    return index;
}

VersionChoice book_in_effect(const std::vector<BookVersion>& books, std::string_view id, std::string_view date) {
    VersionChoice choice;
    const auto day = parse_date(date);
    if (!day) {
        choice.errors.push_back({codes::invalid_date, "/as_of", "\"" + std::string(date) + "\" is not a date YYYY-MM-DD."});
        return choice;
    }
    std::string known;
    for (std::size_t i = 0; i < books.size(); ++i) {
        if (books[i].id != id) continue;
        known += (known.empty() ? "" : "; ") + books[i].version + " from " + range_text(books[i]);
        if (!in_effect(books[i], *day)) continue;
        if (choice.index) {
            choice.errors.push_back({codes::book_versions_overlap, "/as_of",
                                     "Versions " + books[*choice.index].version + " and " + books[i].version + " of " +
                                         std::string(id) + " are both in effect on " + std::string(date) + "."});
            choice.index.reset();
            return choice;
        }
        choice.index = i;
    }
    if (!choice.index) {
        choice.errors.push_back({codes::pricebook_not_in_effect, "/as_of",
                                 "No version of price book " + std::string(id) + " is in effect on " + std::string(date) +
                                     (known.empty() ? " (the site lists none)." : " (the site has " + known + ").")});
    }
    return choice;
}

std::string book_in_effect_json(std::string_view index_text, std::string_view id, std::string_view date) {
    const BookIndex index = read_book_index(index_text);
    if (!index.errors.empty()) return write_errors(index.errors);
    const VersionChoice choice = book_in_effect(index.books, id, date);
    if (!choice.index) return write_errors(choice.errors);
    const BookVersion& book = index.books[*choice.index];
    std::string out;
    detail::JsonWriter w(out);
    w.begin_object();
    w.key("book");
    w.begin_object();
    w.field("id", book.id);
    w.field("version", book.version);
    w.field("effective_from", book.effective_from);
    w.field_or_null("effective_to", book.effective_to);
    w.field("file", book.file);
    w.end_object();
    w.end_object();
    return out;
}

std::string write_book_index(const std::vector<BookVersion>& books) {
    std::string out;
    detail::JsonWriter w(out);
    w.begin_object();
    w.key("books");
    w.begin_array();
    for (const BookVersion& book : books) {
        w.begin_object();
        w.field("id", book.id);
        w.field("version", book.version);
        w.field("effective_from", book.effective_from);
        if (!book.effective_to.empty()) w.field("effective_to", book.effective_to);
        w.field("file", book.file);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    out.push_back('\n');
    return out;
}

}  // namespace edgequote
