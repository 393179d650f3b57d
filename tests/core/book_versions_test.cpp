// Several versions of a book on one site (edgequote/book_versions.hpp): which one is in effect
// on a date. A version is in effect from its effective_from to its effective_to, both
// inclusive; two versions of one book in effect on the same day are refused.
#include "support.hpp"

#include "edgequote/book_versions.hpp"

using test::json;

namespace {

// The sample site: this year's book to 2027-10-31, next year's from 2027-11-01, open-ended.
json site_index() {
    return {{"books", json::array({
                          {{"id", "edge-cdn"}, {"version", "2026.11.0"}, {"effective_from", "2026-11-01"},
                           {"effective_to", "2027-10-31"}, {"file", "edge-cdn.json"}},
                          {{"id", "edge-cdn"}, {"version", "2027.11.0"}, {"effective_from", "2027-11-01"},
                           {"file", "edge-cdn-2027.json"}},
                          {{"id", "other"}, {"version", "1"}, {"effective_from", "2020-01-01"}, {"file", "other.json"}},
                      })}};
}

}  // namespace

TEST_CASE("book versions: the version in effect on each boundary day") {
    const auto index = edgequote::read_book_index(site_index().dump());
    REQUIRE(index.errors.empty());
    auto [date, version] = GENERATE(table<std::string, std::string>({
        {"2026-10-31", ""},           // the day before the first version: none in effect
        {"2026-11-01", "2026.11.0"},  // its first day (effective_from is inclusive)
        {"2027-02-28", "2026.11.0"},
        {"2027-10-31", "2026.11.0"},  // its last day (effective_to is inclusive)
        {"2027-11-01", "2027.11.0"},  // the day after: the next version's first day
        {"2999-12-31", "2027.11.0"},  // no effective_to: open-ended
    }));
    CAPTURE(date);
    const auto choice = edgequote::book_in_effect(index.books, "edge-cdn", date);
    if (version.empty()) {
        CHECK_FALSE(choice.index);
        REQUIRE(choice.errors.size() == 1);
        CHECK(choice.errors[0].code == "pricebook_not_in_effect");
        CHECK(choice.errors[0].path == "/as_of");
        CHECK(choice.errors[0].message ==
              "No version of price book edge-cdn is in effect on 2026-10-31 (the site has 2026.11.0 from 2026-11-01 "
              "to 2027-10-31; 2027.11.0 from 2027-11-01 on).");
    } else {
        REQUIRE(choice.index);
        CHECK(choice.errors.empty());
        CHECK(index.books[*choice.index].version == version);
    }
}

TEST_CASE("book versions: the day after the last version ends, nothing is in effect") {
    json site = site_index();
    site["books"][1]["effective_to"] = "2028-10-31";
    const auto index = edgequote::read_book_index(site.dump());
    REQUIRE(index.errors.empty());
    CHECK(index.books[*edgequote::book_in_effect(index.books, "edge-cdn", "2028-10-31").index].version == "2027.11.0");
    const auto after = edgequote::book_in_effect(index.books, "edge-cdn", "2028-11-01");
    CHECK_FALSE(after.index);
    REQUIRE(after.errors.size() == 1);
    CHECK(after.errors[0].code == "pricebook_not_in_effect");
    // Another book's versions are never picked, and a book the site lacks is said so.
    CHECK(index.books[*edgequote::book_in_effect(index.books, "other", "2026-01-01").index].id == "other");
    CHECK(edgequote::book_in_effect(index.books, "nope", "2026-01-01").errors[0].message ==
          "No version of price book nope is in effect on 2026-01-01 (the site lists none).");
    // A date that is not one (February 29 of a common year).
    const auto bad = edgequote::book_in_effect(index.books, "edge-cdn", "2027-02-29");
    REQUIRE(bad.errors.size() == 1);
    CHECK(bad.errors[0].code == "invalid_date");
    CHECK(bad.errors[0].path == "/as_of");
}

TEST_CASE("book versions: overlapping versions of one book are refused, with the first shared day") {
    auto [from, to, shared] = GENERATE(table<std::string, std::string, std::string>({
        {"2027-10-31", "", "2027-10-31"},           // one day of overlap: the first version's last day
        {"2026-11-01", "", "2026-11-01"},           // the same first day
        {"2026-12-01", "2027-01-31", "2026-12-01"}, // inside the first version
        {"2025-01-01", "", "2026-11-01"},           // starts earlier, open-ended: covers all of the first
    }));
    json site = site_index();
    site["books"][1]["effective_from"] = from;
    if (!to.empty()) site["books"][1]["effective_to"] = to;
    CAPTURE(from, to);
    const auto index = edgequote::read_book_index(site.dump());
    REQUIRE(index.errors.size() == 1);
    CHECK(index.errors[0].code == "book_versions_overlap");
    CHECK(index.errors[0].path == "/books/1/effective_from");
    CHECK(index.errors[0].message.find("both in effect on " + shared + ":") != std::string::npos);
    // The pick itself never chooses between two: should unchecked books reach it, it refuses.
    const auto choice = edgequote::book_in_effect(index.books, "edge-cdn", shared);
    CHECK_FALSE(choice.index);
    CHECK(choice.errors[0].code == "book_versions_overlap");
}

TEST_CASE("book versions: an index is refused with the path of what is wrong") {
    auto [edit, code, path] = GENERATE(table<std::string, std::string, std::string>({
        {R"({"books":[{"id":"a","version":"1","effective_from":"2026-02-30","file":"a.json"}]})", "invalid_date", "/books/0/effective_from"},
        {R"({"books":[{"id":"a","version":"1","effective_from":"2026-02-01","effective_to":"2026-01-31","file":"a.json"}]})", "invalid_date", "/books/0/effective_to"},
        {R"({"books":[{"id":"a","version":"1","effective_from":"2026-02-01","file":"../a.json"}]})", "unknown_value", "/books/0/file"},
        {R"({"books":[{"id":"a","version":"1","effective_from":"2026-02-01","file":"https://x.example/a.json"}]})", "unknown_value", "/books/0/file"},
        {R"({"books":[{"id":"a","version":"1","effective_from":"2026-02-01"}]})", "missing_field", "/books/0/file"},
        {R"({"books":[{"id":"a","version":"1","effective_from":"2026-01-01","effective_to":"2026-01-31","file":"a.json"},
                      {"id":"a","version":"1","effective_from":"2026-02-01","file":"b.json"}]})", "duplicate_id", "/books/1/version"},
        {R"({"books":[],"extra":1})", "unknown_field", "/extra"},
        {R"([])", "wrong_type", ""},
    }));
    CAPTURE(edit);
    const auto index = edgequote::read_book_index(edit);
    REQUIRE_FALSE(index.errors.empty());
    CHECK(index.errors[0].code == code);
    CHECK(index.errors[0].path == path);
}

TEST_CASE("book versions: the JSON answer names the file to load, or the errors") {
    CHECK(edgequote::book_in_effect_json(site_index().dump(), "edge-cdn", "2027-11-01") ==
          R"({"book":{"id":"edge-cdn","version":"2027.11.0","effective_from":"2027-11-01","effective_to":null,"file":"edge-cdn-2027.json"}})");
    const auto refused = json::parse(edgequote::book_in_effect_json(site_index().dump(), "edge-cdn", "2026-10-31"));
    CHECK(refused["errors"][0]["code"] == "pricebook_not_in_effect");
    // The index the CLI writes reads back as the same books.
    const auto index = edgequote::read_book_index(site_index().dump());
    const auto again = edgequote::read_book_index(edgequote::write_book_index(index.books));
    REQUIRE(again.errors.empty());
    CHECK(json::parse(edgequote::write_book_index(again.books)) == site_index());
}
