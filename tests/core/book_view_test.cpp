// The book view (core/src/book_view.cpp): what a user interface reads of a book, with the
// engine's answers — which products are switches, what each bundle allows — and nothing
// internal from a public book.
#include "support.hpp"

#include "edgequote/date.hpp"

using test::json;

namespace {

json view_of(const json& book) {
    auto result = edgequote::book_view(book.dump());
    if (!result.errors.empty()) FAIL_CHECK(result.errors[0].code << " at " << result.errors[0].path);
    REQUIRE(result.errors.empty());
    return json::parse(result.json);
}

const json* product_in(const json& view, const std::string& sku) {
    for (const auto& p : view["products"])
        if (p["sku"] == sku) return &p;
    return nullptr;
}

json product(const char* sku, const json& price, const char* unit = "unit") {
    return {{"sku", sku}, {"name", sku}, {"category", "feature"}, {"unit", unit}, {"price", price}};
}

// The sample book's products plus one of each model, so that `switch` is asked of all seven.
json book_with_every_model() {
    json book = test::book_with({{"model", "per_unit"}, {"unit_price", "1"}});
    book["products"].push_back(product("flat", {{"model", "flat"}, {"amount", "500"}}));
    book["products"].push_back(product("pct", {{"model", "percentage"}, {"rate", "10"}, {"of", "all"}, {"min", "1500"}}));
    book["products"].push_back(product("grad", {{"model", "graduated"}, {"tiers", test::stripe_tiers()}}));
    book["products"].push_back(product("vol", {{"model", "volume"}, {"tiers", test::stripe_tiers()}}));
    book["products"].push_back(product("pkg", {{"model", "package"}, {"size", "1000000"}, {"price", "2"}}, "GB"));
    book["products"].push_back(product("stair", {{"model", "stairstep"}, {"tiers", json::array({
        {{"up_to", "10"}, {"amount", "100"}}, {{"up_to", nullptr}, {"amount", "150"}}})}}));
    return book;
}

}  // namespace

TEST_CASE("the view says which products are switches, as quote parsing decides (quantity optional)") {
    // Table: sku -> switch. A switch's line may leave out its quantity: parse_quote accepts
    // {"sku": ...} alone for exactly these.
    const json view = view_of(book_with_every_model());
    const auto row = GENERATE(table<std::string, bool, std::string>({
        {"item", false, "per_unit"}, {"flat", true, "flat"}, {"pct", true, "percentage"},
        {"grad", false, "graduated"}, {"vol", false, "volume"}, {"pkg", false, "package"},
        {"stair", false, "stairstep"},
    }));
    const auto& [sku, is_switch, model] = row;
    CAPTURE(sku);
    const json* p = product_in(view, sku);
    REQUIRE(p != nullptr);
    CHECK((*p)["switch"] == is_switch);
    CHECK((*p)["list"]["model"] == model);
    // The engine agrees: a line without a quantity parses exactly for the switches.
    const auto book = test::load(book_with_every_model());
    const auto parsed = edgequote::parse_quote(test::quote_for(json::array({{{"sku", sku}}})).dump(), book);
    CHECK(parsed.errors.empty() == is_switch);
}

TEST_CASE("the view gives each model's headline figures as the book states them") {
    const json view = view_of(book_with_every_model());
    CHECK((*product_in(view, "flat"))["list"] == json({{"model", "flat"}, {"amount", "500"}}));
    CHECK((*product_in(view, "pct"))["list"] == json({{"model", "percentage"}, {"rate", "10"}, {"min", "1500"}}));
    // Tiered: the first tier (Stripe's example: 1-5 at $5 + $10 flat).
    CHECK((*product_in(view, "grad"))["list"] == json({{"model", "graduated"}, {"unit_price", "5"}, {"flat", "10"}, {"amount", "0"}}));
    CHECK((*product_in(view, "pkg"))["list"] == json({{"model", "package"}, {"price", "2"}, {"size", "1000000"}}));
    CHECK((*product_in(view, "stair"))["list"] == json({{"model", "stairstep"}, {"unit_price", "0"}, {"flat", "0"}, {"amount", "100"}}));
    CHECK((*product_in(view, "pkg"))["dimension"] == "data");
}

TEST_CASE("a bundle allows what it includes and its options, and nothing else") {
    json book = book_with_every_model();
    book["bundles"] = json::array({{{"id", "starter"}, {"name", "Starter"}, {"price", "99"},
                                    {"includes", json::array({{{"sku", "item"}, {"quantity", "10"}}})},
                                    {"options", json::array({"flat"})}}});
    const json view = view_of(book);
    REQUIRE(view["bundles"].size() == 1);
    const json& bundle = view["bundles"][0];
    CHECK(bundle["allows"] == json::array({"item", "flat"}));
    CHECK(bundle["includes"] == json::array({{{"sku", "item"}, {"quantity", "10"}, {"unit", "unit"}}}));
    CHECK(bundle["options"] == json::array({"flat"}));
    CHECK(bundle["price"] == "99");
    // The engine refuses what the view leaves out of `allows`.
    const auto loaded = test::load(book);
    json quote = test::quote_for(json::array({{{"sku", "pct"}}}));
    quote["bundle"] = "starter";
    CHECK_FALSE(edgequote::parse_quote(quote.dump(), loaded).errors.empty());
}

TEST_CASE("a public book's view has nothing internal; an internal book's has its bands and levels") {
    json book = test::book_with({{"model", "per_unit"}, {"unit_price", "1"}});
    const json public_view = view_of(book);
    CHECK(public_view["internal"] == false);
    CHECK(public_view["approval_levels"] == json::array());
    for (const auto& s : public_view["segments"]) CHECK_FALSE(s.contains("deal_band"));

    book["internal"] = {
        {"notes", "floor pricing is secret"},
        {"costs", {{"item", {{"model", "per_unit"}, {"unit_price", "0.0042"}}}}},
        {"guidance", {{"deal_bands", {{"smb", {{"low", "100"}, {"target", "500"}, {"high", "2500"}}}}}}},
        {"approval", {{"levels", json::array({"rep", "manager"})}, {"rules", json::array()}}},
    };
    const std::string text = edgequote::book_view(book.dump()).json;
    CHECK(text.find("secret") == std::string::npos);
    CHECK(text.find("0.0042") == std::string::npos);  // costs never reach a page
    const json view = json::parse(text);
    CHECK(view["internal"] == true);
    CHECK(view["approval_levels"] == json::array({"rep", "manager"}));
    CHECK(view["segments"][0]["deal_band"] == json({{"low", "100"}, {"target", "500"}, {"high", "2500"}}));
    CHECK(view["segments"][1]["deal_band"].is_null());  // f500 has no band in this book
}

TEST_CASE("an invalid book has no view, only its errors") {
    json book = test::book_with({{"model", "per_unit"}, {"unit_price", "-1"}});
    const auto result = edgequote::book_view(book.dump());
    CHECK(result.json.empty());
    REQUIRE_FALSE(result.errors.empty());
}

TEST_CASE("the sample book's view is the same bytes every time and names every product") {
    const std::string text = test::read_text("pricebooks/edge-cdn.json");
    const auto first = edgequote::book_view(text);
    REQUIRE(first.errors.empty());
    CHECK(edgequote::book_view(text).json == first.json);
    const json view = json::parse(first.json);
    CHECK(view["products"].size() == json::parse(text)["products"].size());
}

TEST_CASE("one date rule for books and logs: a day that exists, written YYYY-MM-DD") {
    // Table: text -> a date? (2028 and 2000 are leap years; 2100 and 2027 are not.)
    const auto row = GENERATE(table<std::string, bool>({
        {"2026-11-01", true}, {"2026-12-31", true}, {"2028-02-29", true}, {"2000-02-29", true},
        {"2027-02-29", false}, {"2100-02-29", false}, {"2026-04-31", false}, {"2026-02-30", false},
        {"2026-13-01", false}, {"2026-00-10", false}, {"2026-01-00", false}, {"2026-1-01", false},
        {"2026-01-01T00:00:00Z", false}, {"", false}, {"20260101xx", false},
    }));
    const auto& [text, valid] = row;
    CAPTURE(text);
    CHECK(edgequote::is_date(text) == valid);
    // A book's effective dates follow the same rule (it used to accept 31 April).
    if (text.empty()) return;
    json book = test::book_with({{"model", "per_unit"}, {"unit_price", "1"}});
    book["effective_from"] = text;
    const auto parsed = edgequote::parse_pricebook(book.dump());
    CHECK(parsed.errors.empty() == valid);
}

TEST_CASE("the view carries the book's prospect_comparison switch: off unless the book says true") {
    json book = test::book_with({{"model", "flat"}, {"amount", "10"}});
    CHECK(view_of(book)["prospect_comparison"] == false);
    book["prospect_comparison"] = true;
    CHECK(view_of(book)["prospect_comparison"] == true);
    book["prospect_comparison"] = "yes";
    const auto result = edgequote::parse_pricebook(book.dump());
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].code == "wrong_type");
    CHECK(result.errors[0].path == "/prospect_comparison");
}
