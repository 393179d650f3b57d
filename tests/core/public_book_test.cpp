// The public book is the book without its internal part, wherever that part stands.
#include "support.hpp"

using test::json;

namespace {
json internal_part() {
    return {{"notes", "floor pricing is secret"},
            {"costs", {{"item", {{"model", "per_unit"}, {"unit_price", "0.0042"}}}}}};
}

// The book's members in a chosen order, with `internal` at `position`, written by hand so the
// order survives (nlohmann's json sorts keys).
std::string book_text_with_internal_at(std::size_t position) {
    const json book = test::book_with({{"model", "per_unit"}, {"unit_price", "1"}});
    std::vector<std::string> members;
    for (auto it = book.begin(); it != book.end(); ++it) members.push_back("\"" + it.key() + "\": " + it->dump());
    members.insert(members.begin() + long(position), "\"internal\": " + internal_part().dump(2));
    std::string text = "{\n";
    for (std::size_t i = 0; i < members.size(); ++i) text += "  " + members[i] + (i + 1 < members.size() ? ",\n" : "\n");
    return text + "}";
}
}  // namespace

TEST_CASE("the public book drops the internal part, first, middle or last, and nothing else") {
    const std::size_t member_count = test::book_with({}).size();
    const std::size_t position = GENERATE_COPY(std::size_t(0), std::size_t(3), member_count);
    const std::string text = book_text_with_internal_at(position);
    auto result = edgequote::public_pricebook(text);
    REQUIRE(result.errors.empty());
    CAPTURE(position, result.json);
    const json public_book = json::parse(result.json);  // still valid JSON
    json expected = json::parse(text);
    expected.erase("internal");
    CHECK(public_book == expected);
    CHECK(result.json.find("secret") == std::string::npos);
    CHECK(result.json.find("0.0042") == std::string::npos);
    CHECK(edgequote::parse_pricebook(result.json).errors.empty());
}

TEST_CASE("the public book of an invalid book is refused with the book's errors") {
    auto result = edgequote::public_pricebook("{\"internal\": {}}");
    CHECK(result.json.empty());
    CHECK_FALSE(result.errors.empty());
}
