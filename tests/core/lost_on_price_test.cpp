// "Lost on price" by the book's loss-reason catalogue (pricebooks/README.md, "Outcome
// catalogues"): a lost deal counts when its recorded reason names a loss reason the book marks
// "lost_on_price": true, by id or by text the catalogue's one matching rule leads to it; other
// text does not, even text that starts like "price". Checked on LostOnPrice alone and through the
// price-change impact, whose lost_on_price section counts those deals.
#include <string>
#include <vector>

#include "edgequote/error_codes.hpp"
#include "edgequote/impact.hpp"
#include "edgequote/outcomes.hpp"
#include "support.hpp"

using test::json;
using namespace edgequote;

namespace {

json sample_book() { return json::parse(test::read_text("pricebooks/edge-cdn.json")); }

// Each row: a recorded loss reason, whether the sample book's catalogue calls it a loss on price,
// and why. The sample book marks only "price" (name "Price", synonyms "Too expensive",
// "Pricing", "Price too high", "Cheaper elsewhere").
struct Row {
    const char* reason;
    bool on_price;
    const char* why;
};
const std::vector<Row> kRows = {
    {"price", true, "the marked entry's id, as the form saves it"},
    {"Price", true, "its name, as old logs typed it"},
    {"Too expensive", true, "a synonym"},
    {"Cheaper elsewhere", true, "a synonym that does not start with \"pric\" (the old prefix rule missed it)"},
    {" PRICE-too_high. ", true, "a synonym once case, spaces, - _ and a trailing . are set aside"},
    {"other: Pricing", true, "free text kept as \"other: ...\" that names the entry"},
    {"Principal left the company", false, "starts with \"pric\" but names no entry"},
    {"Pricey", false, "starts with \"pric\" but names no entry"},
    {"prices", false, "close to a spelling is not a spelling"},
    {"other: price is not why", false, "free text that mentions price but is not a spelling"},
    {"feature-gap", false, "another entry's id"},
    {"Feature gap", false, "another entry's synonym"},
    {"other:", false, "nothing after the prefix"},
    {"", false, "no reason"},
};

// An SMB quote: WAF + one certificate on 12 months, (2,500 + 600) x 0.95 = 2,945.00 a month.
json smb_quote() {
    return {{"schema_version", "1.0"},
            {"pricebook", {{"id", "edge-cdn"}, {"version", "2026.11.0"}}},
            {"customer", {{"name", "Small Co"}, {"segment", "smb"}}},
            {"term_months", 12},
            {"lines", json::array({{{"sku", "waf"}, {"quantity", 1}},
                                   {{"sku", "custom-certificates"}, {"quantity", 1}, {"unit", "each"}}})}};
}

std::string lost_record(const std::string& id, const json& reason, const char* status = "lost") {
    return json{{"log_version", "1"},
                {"quote_id", id},
                {"saved_at", "2026-11-20T09:00:00Z"},
                {"updated_at", "2026-12-01T10:00:00Z"},
                {"rep", "Alex Morgan"},
                {"quote", smb_quote()},
                {"priced", {{"not", "read by impact"}}},
                {"outcome", {{"status", status}, {"reason", reason}}}}
               .dump() +
           "\n";
}

json impact_of(const json& current, const std::string& log) {
    json proposed = current;
    for (auto& product : proposed["products"])
        if (product["sku"] == "waf") product["price"]["amount"] = "1900";
    const std::vector<std::string_view> logs = {log};
    return json::parse(impact_json(current.dump(), proposed.dump(), logs));
}

}  // namespace

TEST_CASE("lost on price: a reason counts when it names a loss reason the book marks", "[impact][outcomes]") {
    const PriceBook book = test::load(sample_book());
    REQUIRE(book.internal.has_value());
    const LostOnPrice lost_on_price(book.internal->outcomes.loss_reasons);
    for (const Row& row : kRows) {
        INFO(row.reason << ": " << row.why);
        CHECK(lost_on_price(row.reason) == row.on_price);
    }
}

TEST_CASE("lost on price: the impact counts only the lost deals whose reason the catalogue marks", "[impact][outcomes]") {
    std::string log;
    std::size_t expected = 0;
    for (std::size_t i = 0; i < kRows.size(); ++i) {
        log += lost_record("q-" + std::to_string(i), kRows[i].reason);
        expected += kRows[i].on_price ? 1 : 0;
    }
    // A null reason, and a won deal whose reason is "price": neither is a loss on price.
    log += lost_record("q-null", nullptr);
    log += lost_record("q-won", "price", "won");
    const json out = impact_of(sample_book(), log);
    REQUIRE(out["read"]["repriced"] == kRows.size() + 2);
    CHECK(expected == 6);
    CHECK(out["lost_on_price"]["quotes"] == expected);
    // Each of them: 2,945.00 -> (1,900 + 600) x 0.95 = 2,375.00, into the SMB band (to 2,500).
    CHECK(out["lost_on_price"]["now_in_band"] == expected);
    CHECK(out["lost_on_price"]["net_before"] == "17670.00");  // 6 x 2,945.00
    CHECK(out["lost_on_price"]["net_after"] == "14250.00");   // 6 x 2,375.00
}

TEST_CASE("lost on price: a book that marks no loss reason counts none; another mark moves the count", "[impact][outcomes]") {
    std::string log;
    for (std::size_t i = 0; i < kRows.size(); ++i) log += lost_record("q-" + std::to_string(i), kRows[i].reason);

    json unmarked = sample_book();
    for (auto& entry : unmarked["internal"]["outcomes"]["loss_reasons"]) entry.erase("lost_on_price");
    CHECK(impact_of(unmarked, log)["lost_on_price"]["quotes"] == 0);

    // "feature-gap" marked as well: its id and its synonym "Feature gap" now count too (6 + 2).
    json both = sample_book();
    for (auto& entry : both["internal"]["outcomes"]["loss_reasons"])
        if (entry["id"] == "feature-gap") entry["lost_on_price"] = true;
    CHECK(impact_of(both, log)["lost_on_price"]["quotes"] == 8);
}

TEST_CASE("lost on price: the flag is a boolean, on loss reasons only", "[outcomes]") {
    struct Bad {
        const char* what;
        const char* list;
        json value;
        const char* code;
    };
    const std::vector<Bad> rows = {
        {"a string", "loss_reasons", "yes", codes::wrong_type},
        {"a number", "loss_reasons", 1, codes::wrong_type},
        {"on a win reason", "win_reasons", true, codes::unknown_field},
        {"on a competitor", "competitors", true, codes::unknown_field},
    };
    for (const Bad& row : rows) {
        SECTION(row.what) {
            json book = sample_book();
            book["internal"]["outcomes"][row.list][0]["lost_on_price"] = row.value;
            const auto result = parse_pricebook(book.dump());
            CHECK_FALSE(result.book.has_value());
            REQUIRE(result.errors.size() == 1);
            CHECK(result.errors[0].code == row.code);
            CHECK(result.errors[0].path == std::string("/internal/outcomes/") + row.list + "/0/lost_on_price");
        }
    }
    SECTION("false is the same as leaving it out") {
        json book = sample_book();
        book["internal"]["outcomes"]["loss_reasons"][1]["lost_on_price"] = false;
        CHECK(parse_pricebook(book.dump()).errors.empty());
    }
}
