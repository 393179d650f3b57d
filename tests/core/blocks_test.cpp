// Tiers sold in blocks (a tier's block_size; pricebooks/README.md, "Blocks inside tiers").
// Requests billed per 10,000 up to 1 billion, then per 1,000,000 above — the way CDN request
// prices are written (CloudFront lists HTTP requests per 10,000). Prices chosen so each block
// shows in cents: $1.00 per 10,000, $50.00 per 1,000,000. The arithmetic is beside each row.
#include "support.hpp"

using test::json;
using test::list_of;

namespace {

json requests_tiers() {
    return json::array({{{"up_to", "1000000000"}, {"block_size", "10000"}, {"unit_price", "1.00"}},
                        {{"up_to", nullptr}, {"block_size", "1000000"}, {"unit_price", "50.00"}}});
}

json model(const char* name, json tiers = requests_tiers()) { return {{"model", name}, {"tiers", std::move(tiers)}}; }

}  // namespace

TEST_CASE("graduated by blocks: each tier bills its own blocks, a partial block rounded up within the tier") {
    auto [quantity, expected] = GENERATE(table<std::string, std::string>({
        {"0", "0.00"},                          // no block
        {"1", "1.00"},                          // a partial block rounds up: 1 × 1.00
        {"10000", "1.00"},                      // exactly one block
        {"10001", "2.00"},                      // one block past: 2 × 1.00
        {"999990001", "100000.00"},             // ceil(999,990,001 / 10,000) = 100,000 blocks
        {"1000000000", "100000.00"},            // on the tier edge: 10^9 / 10^4 = 100,000 blocks
        {"1000000001", "100050.00"},            // 100,000 × 1.00 + 1 block of 10^6 × 50.00
        {"1001000000", "100050.00"},            // tier 2 holds exactly 10^6: one block
        {"1001000001", "100100.00"},            // one unit past: 2 blocks in tier 2
        // 10^18: 100,000 × 1.00 + (10^18 − 10^9) / 10^6 = 999,999,999,000 blocks × 50.00
        //        = 100,000 + 49,999,999,950,000
        {"1000000000000000000", "50000000050000.00"},
    }));
    CAPTURE(quantity);
    CHECK(list_of(model("graduated"), quantity) == expected);
}

TEST_CASE("graduated by blocks: a tier edge inside a block still closes the tier's last block") {
    // Tier 1 ends at 10 in blocks of 3 (0–3, 3–6, 6–9, 9–10: the last one partial); tier 2 counts
    // its blocks of 5 from 10.
    const json tiers = json::array({{{"up_to", "10"}, {"block_size", "3"}, {"unit_price", "1"}},
                                    {{"up_to", nullptr}, {"block_size", "5"}, {"unit_price", "2"}, {"flat", "7"}}});
    auto [quantity, expected] = GENERATE(table<std::string, std::string>({
        {"9", "3.00"},    // 3 blocks
        {"10", "4.00"},   // on the tier edge: ceil(10/3) = 4 blocks
        {"10.5", "13.00"},  // 4 + 1 block × 2 + flat 7 (tier 2 entered)
        {"15", "13.00"},  // tier 2 holds 5: exactly one block
        {"16", "15.00"},  // 4 + 2 × 2 + 7
    }));
    CAPTURE(quantity);
    CHECK(list_of(model("graduated", tiers), quantity) == expected);
}

TEST_CASE("volume by blocks: the tier reached bills all the quantity in its own block size") {
    auto [quantity, expected] = GENERATE(table<std::string, std::string>({
        {"0", "0.00"},
        {"1", "1.00"},                          // 1 block of 10^4
        {"10000", "1.00"},                      // exactly one block
        {"10001", "2.00"},                      // one block past
        {"1000000000", "100000.00"},            // on the edge: still tier 1, 100,000 blocks × 1.00
        {"1000000001", "50050.00"},             // tier 2: ceil((10^9 + 1) / 10^6) = 1,001 blocks × 50.00
        {"1001000000", "50050.00"},             // 1,001 blocks exactly
        {"1001000001", "50100.00"},             // 1,002 blocks
        {"1000000000000000000", "50000000000000.00"},  // 10^12 blocks × 50.00
    }));
    CAPTURE(quantity);
    CHECK(list_of(model("volume"), quantity) == expected);
}

TEST_CASE("blocks count over the whole ladder: splitting a line never changes the price") {
    // One line of 10,001 sells 2 blocks. Two lines of 5,000 and 5,001 on the same ladder: the
    // first sells the block it starts (ceil(5,000/10,000) = 1), the second ceil(10,001/10,000) − 1 = 1.
    const json book = test::book_with(model("graduated"));
    auto whole = test::price(book, test::quote_for(json::array({{{"sku", "item"}, {"quantity", "10001"}}})));
    auto split = test::price(book, test::quote_for(json::array({{{"sku", "item"}, {"quantity", "5000"}},
                                                                {{"sku", "item"}, {"quantity", "5001"}}})));
    REQUIRE(split.lines.size() == 2);
    CHECK(whole.totals.list_monthly.to_fixed(2) == "2.00");
    CHECK(split.lines[0].list.to_fixed(2) == "1.00");
    CHECK(split.lines[1].list.to_fixed(2) == "1.00");
    CHECK(split.totals.list_monthly == whole.totals.list_monthly);
    // Volume: 3 lines of 1 = 3 units on one ladder = 1 block, carried by the line that starts it.
    const json volume_book = test::book_with(model("volume"));
    auto three = test::price(volume_book, test::quote_for(json::array({{{"sku", "item"}, {"quantity", "1"}},
                                                                       {{"sku", "item"}, {"quantity", "1"}},
                                                                       {{"sku", "item"}, {"quantity", "1"}}})));
    CHECK(three.totals.list_monthly.to_fixed(2) == "1.00");
}

TEST_CASE("the priced tier breakdown shows the blocks") {
    const json book = test::book_with(model("graduated"));
    auto priced = test::price(book, test::quote_for(json::array({{{"sku", "item"}, {"quantity", "1000000001"}}})));
    const auto out = json::parse(edgequote::write_priced_quote(priced));
    const json& tiers = out["lines"][0]["tiers"];
    REQUIRE(tiers.size() == 2);
    CHECK(tiers[0]["quantity"] == "1000000000");
    CHECK(tiers[0]["block_size"] == "10000");
    CHECK(tiers[0]["blocks"] == "100000");
    CHECK(tiers[0]["amount"] == "100000");
    CHECK(tiers[0]["note"] == "100000 blocks of 10000");
    CHECK(tiers[1]["quantity"] == "1");
    CHECK(tiers[1]["blocks"] == "1");
    CHECK(tiers[1]["amount"] == "50");
    // A tier without blocks writes neither key (outputs of books without blocks are unchanged).
    auto plain = test::price(test::book_with({{"model", "graduated"}, {"tiers", test::stripe_tiers()}}),
                             test::quote_for(json::array({{{"sku", "item"}, {"quantity", "12"}}})));
    const auto plain_out = json::parse(edgequote::write_priced_quote(plain));
    CHECK_FALSE(plain_out["lines"][0]["tiers"][0].contains("blocks"));
}

TEST_CASE("volume by blocks warns of the cliff in blocks") {
    // At 10^9: 100,000.00. Just past, all of it in blocks of 10^6: (1,000 + 1) × 50 = 50,050.00,
    // so the warning says 49,950.00 less.
    const json book = test::book_with(model("volume"));
    auto priced = test::price(book, test::quote_for(json::array({{{"sku", "item"}, {"quantity", "1000000000"}}})));
    REQUIRE(priced.warnings.size() == 1);
    CHECK(priced.warnings[0].code == std::string("volume_cliff"));
    CHECK(priced.warnings[0].message.find("$49,950.00 less") != std::string::npos);
}

TEST_CASE("a block size must be positive and, across regions, the same in every region") {
    json zero = requests_tiers();
    zero[1]["block_size"] = "0";
    auto result = edgequote::parse_pricebook(test::book_with(model("graduated", zero)).dump());
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].code == std::string("invalid_package_size"));
    CHECK(result.errors[0].path == "/products/0/price/tiers/1/block_size");

    json book = test::book_with(model("graduated"));
    json other = requests_tiers();
    other[0]["block_size"] = "1000";
    book["products"][0]["regional"] = true;
    book["products"][0]["tier_scope"] = "all_regions";
    book["products"][0]["region_prices"] = {{"eu", model("graduated", other)}};
    auto differ = edgequote::parse_pricebook(book.dump());
    REQUIRE(differ.errors.size() == 1);
    CHECK(differ.errors[0].code == std::string("region_tiers_differ"));
    CHECK(differ.errors[0].path == "/products/0/region_prices/eu");
}
