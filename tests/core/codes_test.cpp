// Codes are defined once in C++ (error_codes.hpp, finding_codes.hpp); where a format must
// repeat them (the JSON Schemas' enums), this test holds the copy to the table.
#include <set>

#include "support.hpp"

#include "edgequote/finding_codes.hpp"

using test::json;

namespace {

// Every enum in the document that lists a guidance finding: the schemas' copies of the table.
void finding_enums(const json& node, std::vector<std::set<std::string>>& found) {
    if (node.is_object()) {
        const auto e = node.find("enum");
        if (e != node.end() && e->is_array() && std::find(e->begin(), e->end(), json(edgequote::findings::under_segment_band)) != e->end())
            found.push_back(e->get<std::set<std::string>>());
        for (const auto& item : node.items()) finding_enums(item.value(), found);
    } else if (node.is_array()) {
        for (const auto& item : node) finding_enums(item, found);
    }
}

}  // namespace

TEST_CASE("the schemas list exactly the guidance findings the engine defines") {
    std::set<std::string> table;
    for (const auto& f : edgequote::findings::kAll) table.insert(f.code);
    const auto schema = GENERATE(as<std::string>{}, "pricebooks/schema/pricebook.schema.json",
                                 "pricebooks/schema/priced-quote.schema.json");
    CAPTURE(schema);
    std::vector<std::set<std::string>> enums;
    finding_enums(json::parse(test::read_text(schema)), enums);
    REQUIRE_FALSE(enums.empty());
    for (const auto& listed : enums) CHECK(listed == table);
}

TEST_CASE("an approval rule may name only a finding from the table") {
    json book = test::book_with({{"model", "per_unit"}, {"unit_price", "1"}});
    const auto rule = [](const char* finding) {
        return json{{"id", "r"}, {"metric", "finding"}, {"finding", finding}, {"op", ">"}, {"threshold", "0"}, {"level", "manager"}};
    };
    for (const auto& f : edgequote::findings::kAll) {
        book["internal"] = {{"approval", {{"levels", json::array({"rep", "manager"})}, {"rules", json::array({rule(f.code)})}}}};
        CAPTURE(f.code);
        CHECK(edgequote::parse_pricebook(book.dump()).errors.empty());
    }
    book["internal"]["approval"]["rules"] = json::array({rule("under_the_band")});
    const auto errors = edgequote::parse_pricebook(book.dump()).errors;
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == std::string("unknown_finding"));
}
