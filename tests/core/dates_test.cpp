// Dates are validated by one function (edgequote::parse_date) everywhere: a price book's
// effective dates, a quote's as_of, the quote log's timestamps. A quote priced for a date its
// book is not in effect on is refused with pricebook_not_in_effect at /as_of.
#include "edgequote/date.hpp"
#include "support.hpp"

using test::json;

TEST_CASE("parse_date accepts real calendar days only") {
    auto [text, valid] = GENERATE(table<std::string, bool>({
        {"2026-01-01", true},
        {"2026-12-31", true},
        {"2026-02-28", true},
        {"2026-02-29", false},  // 2026 is not a leap year
        {"2024-02-29", true},   // divisible by 4
        {"2100-02-29", false},  // divisible by 100, not 400
        {"2000-02-29", true},   // divisible by 400
        {"2026-02-31", false},  // the old book parser accepted any day up to 31
        {"2026-04-31", false},
        {"2026-13-01", false},
        {"2026-00-10", false},
        {"2026-01-00", false},
        {"2026-1-01", false},
        {"2026-01-01T00:00:00Z", false},  // a timestamp is not a date (parse_date_prefix reads its date)
        {"", false},
    }));
    CAPTURE(text);
    CHECK(edgequote::is_date(text) == valid);
}

TEST_CASE("a book's effective dates go through the same check") {
    json book = test::book_with({{"model", "flat"}, {"amount", "1"}});
    book["effective_from"] = "2026-02-31";
    auto result = edgequote::parse_pricebook(book.dump());
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].code == std::string("invalid_date"));
    CHECK(result.errors[0].path == "/effective_from");
}

TEST_CASE("as_of: pricing with a book not in effect on that date is an error at /as_of") {
    json book = test::book_with({{"model", "flat"}, {"amount", "1"}});
    book["effective_from"] = "2026-01-01";
    book["effective_to"] = "2026-12-31";
    const auto loaded = test::load(book);
    auto [as_of, code] = GENERATE(table<std::string, std::string>({
        {"2025-12-31", "pricebook_not_in_effect"},  // the day before effective_from
        {"2026-01-01", ""},                         // effective_from itself
        {"2026-12-31", ""},                         // effective_to itself (inclusive)
        {"2027-01-01", "pricebook_not_in_effect"},  // the day after
        {"2026-02-29", "invalid_date"},             // not a day of 2026
    }));
    CAPTURE(as_of);
    json quote = test::quote_for(json::array({{{"sku", "item"}}}));
    quote["as_of"] = as_of;
    auto priced = edgequote::price_json(loaded, quote.dump());
    if (code.empty()) {
        CHECK(priced.errors.empty());
        CHECK(json::parse(edgequote::write_priced_quote(priced))["as_of"] == as_of);
    } else {
        REQUIRE(priced.errors.size() == 1);
        CHECK(priced.errors[0].code == code);
        CHECK(priced.errors[0].path == "/as_of");
    }
}

TEST_CASE("as_of is optional: without it the output has no as_of and nothing is checked") {
    auto priced = test::price(test::book_with({{"model", "flat"}, {"amount", "1"}}),
                              test::quote_for(json::array({{{"sku", "item"}}})));
    CHECK_FALSE(json::parse(edgequote::write_priced_quote(priced)).contains("as_of"));
}
