// One table per price model: zero, on a tier edge, just past it, between, and huge.
// Expected values are worked by hand from the semantics in pricebooks/README.md; the arithmetic is beside
// each row, and the Stripe rows come from Stripe's documented tiered-pricing example.
#include "support.hpp"

using test::json;
using test::list_of;

namespace {
json with_flag(json model, bool flat_at_zero) {
    model["flat_at_zero"] = flat_at_zero;
    return model;
}
}  // namespace

TEST_CASE("graduated: each unit in its tier, each tier entered adds its flat fee") {
    const json model = {{"model", "graduated"}, {"tiers", test::stripe_tiers()}};
    auto [quantity, expected] = GENERATE(table<std::string, std::string>({
        {"0", "0.00"},                    // nothing entered, flat_at_zero defaults to false
        {"1", "15.00"},                   // 1×5 + 10
        {"5", "35.00"},                   // on the edge: 5×5 + 10, tier 2 not entered
        {"5.5", "57.00"},                 // 35 + 0.5×4 + 20: decimals enter the next tier too
        {"6", "59.00"},                   // 35 + 1×4 + 20
        {"10", "75.00"},                  // 35 + 5×4 + 20
        {"11", "108.00"},                 // 75 + 1×3 + 30
        {"12", "111.00"},                 // Stripe's example: (5×5+10) + (5×4+20) + (2×3+30)
        {"1000000000000000", "3000000000000075.00"},  // 75 + (10^15 − 10)×3 + 30
    }));
    CAPTURE(quantity);
    CHECK(list_of(model, quantity) == expected);
}

TEST_CASE("graduated: flat_at_zero charges the first tier's fee at zero") {
    const json model = with_flag({{"model", "graduated"}, {"tiers", test::stripe_tiers()}}, true);
    CHECK(list_of(model, "0") == "10.00");
    CHECK(list_of(model, "12") == "111.00");
}

TEST_CASE("volume: the tier holding the quantity prices every unit, plus its flat fee") {
    const json model = {{"model", "volume"}, {"tiers", test::stripe_tiers()}};
    auto [quantity, expected] = GENERATE(table<std::string, std::string>({
        {"0", "0.00"},
        {"1", "15.00"},                   // 1×5 + 10
        {"5", "35.00"},                   // on the edge: 5×5 + 10
        {"5.5", "42.00"},                 // 5.5×4 + 20
        {"6", "44.00"},                   // 6×4 + 20
        {"10", "60.00"},                  // 10×4 + 20
        {"11", "63.00"},                  // 11×3 + 30: the total drops as quantity rises
        {"12", "66.00"},                  // Stripe's example: 12×3 + 30
        {"1000000000000000", "3000000000000030.00"},
    }));
    CAPTURE(quantity);
    CHECK(list_of(model, quantity) == expected);
}

TEST_CASE("volume: flat_at_zero charges tier 1's fee at zero") {
    CHECK(list_of(with_flag({{"model", "volume"}, {"tiers", test::stripe_tiers()}}, true), "0") == "10.00");
}

TEST_CASE("package: blocks of a size, partial blocks rounded up or down, minimum blocks") {
    auto [round, min_blocks, quantity, expected] = GENERATE(table<std::string, std::string, std::string, std::string>({
        {"up", "0", "0", "0.00"},
        {"up", "0", "1", "1.50"},               // a partial block rounds up: 1 block
        {"up", "0", "1000000", "1.50"},         // exactly one block
        {"up", "0", "1000001", "3.00"},         // just past: 2 blocks
        {"down", "0", "1999999", "1.50"},       // rounds down: 1 block
        {"down", "0", "999999", "0.00"},        // rounds down to no block
        {"up", "2", "1", "3.00"},               // minimum 2 blocks
        {"up", "2", "0", "0.00"},               // the minimum does not apply at zero by default
        {"up", "0", "1000000000000000", "1500000000.00"},  // 10^9 blocks × 1.50
    }));
    const json model = {{"model", "package"}, {"size", "1000000"}, {"price", "1.50"}, {"round", round},
                        {"min_blocks", min_blocks}};
    CAPTURE(round, min_blocks, quantity);
    CHECK(list_of(model, quantity) == expected);
}

TEST_CASE("package: flat_at_zero applies the minimum at zero") {
    const json model = {{"model", "package"}, {"size", "1000"}, {"price", "2"}, {"min_blocks", "3"}, {"flat_at_zero", true}};
    CHECK(list_of(model, "0") == "6.00");
}

TEST_CASE("stairstep: the tier holding the quantity gives one amount") {
    const json tiers = json::array({{{"up_to", "100"}, {"amount", "500"}},
                                    {{"up_to", "1000"}, {"amount", "2000"}},
                                    {{"up_to", nullptr}, {"amount", "5000"}}});
    const json model = {{"model", "stairstep"}, {"tiers", tiers}};
    auto [quantity, expected] = GENERATE(table<std::string, std::string>({
        {"0", "0.00"},
        {"1", "500.00"},
        {"100", "500.00"},        // on the edge
        {"100.01", "2000.00"},    // just past
        {"1000", "2000.00"},
        {"1001", "5000.00"},
        {"1000000000000000", "5000.00"},
    }));
    CAPTURE(quantity);
    CHECK(list_of(model, quantity) == expected);
    CHECK(list_of(with_flag(model, true), "0") == "500.00");
}

TEST_CASE("per_unit: quantity × unit price, rounded once per line") {
    const json model = {{"model", "per_unit"}, {"unit_price", "0.00000075"}};
    auto [quantity, expected] = GENERATE(table<std::string, std::string>({
        {"0", "0.00"},
        {"1", "0.00"},                              // 0.00000075 rounds to 0.00
        {"6667", "0.01"},                           // 0.00500025 rounds half up to 0.01
        {"6666", "0.00"},                           // 0.0049995 rounds to 0.00
        {"1000000000000000", "750000000.00"},       // 10^15 requests × $0.00000075
    }));
    CAPTURE(quantity);
    CHECK(list_of(model, quantity) == expected);
}

TEST_CASE("flat: a fixed amount per period, none at zero unless declared") {
    const json model = {{"model", "flat"}, {"amount", "600"}};
    CHECK(list_of(model, "1") == "600.00");
    CHECK(list_of(model, "0") == "0.00");
    CHECK(list_of(with_flag(model, true), "0") == "600.00");
}

TEST_CASE("rounding: half_up and half_even, in currencies with 2 and 0 minor digits") {
    auto [currency, rounding, unit_price, quantity, expected] =
        GENERATE(table<std::string, std::string, std::string, std::string, std::string>({
            {"USD", "half_up", "0.005", "1", "0.01"},    // 0.005 -> up
            {"USD", "half_even", "0.005", "1", "0.00"},  // 0.005 -> even 0.00
            {"USD", "half_even", "0.005", "3", "0.02"},  // 0.015 -> even 0.02
            {"USD", "half_even", "0.0051", "1", "0.01"}, // past the half: up
            {"JPY", "half_up", "0.5", "1", "1"},         // yen has no minor unit
            {"JPY", "half_even", "0.5", "1", "0"},
            {"JPY", "half_even", "0.5", "3", "2"},       // 1.5 -> 2
            {"JPY", "half_even", "0.5", "5", "2"},       // 2.5 -> 2
        }));
    const json model = {{"model", "per_unit"}, {"unit_price", unit_price}};
    CAPTURE(currency, rounding, unit_price, quantity);
    CHECK(list_of(model, quantity, currency.c_str(), rounding.c_str()) == expected);
}

TEST_CASE("percentage: a rate of other lines' net, clamped to min and max") {
    json book = test::book_with({{"model", "per_unit"}, {"unit_price", "1"}});
    book["products"].push_back({{"sku", "support"}, {"name", "Support"}, {"category", "support"}, {"unit", "unit"},
                                {"price", {{"model", "percentage"}, {"rate", "10"}, {"of", "all"}, {"min", "1500"}, {"max", "20000"}}}});
    auto [base, expected] = GENERATE(table<std::string, std::string>({
        {"0", "1500.00"},        // the minimum applies to a support line on its own
        {"10000", "1500.00"},    // 10% = 1,000, raised to the 1,500 minimum
        {"15000", "1500.00"},    // exactly on the minimum
        {"20000", "2000.00"},    // 10% of 20,000
        {"123456.78", "12345.68"},  // 12,345.678 rounded half up
        {"300000", "20000.00"},  // 30,000 capped at the maximum
    }));
    auto priced = test::price(book, test::quote_for(json::array({{{"sku", "item"}, {"quantity", base}}, {{"sku", "support"}}})));
    REQUIRE(priced.lines.size() == 2);
    CAPTURE(base);
    CHECK(priced.lines[1].list.to_fixed(2) == expected);
}

TEST_CASE("units are declared: 60 TB at 1,024 GB costs $86.40 more than at 1,000 GB on CloudFront's NA tiers") {
    // CloudFront North America, USD per GB, edges at 10,240 / 51,200 / 153,600 GB
    // (CloudFront pricing page; the same ladder is pricebooks/competitors/aws-cloudfront.json). 61,440 GB: 10,240×0.085 + 40,960×0.080 + 10,240×0.060 = 4,761.60;
    // 60,000 GB: 870.40 + 3,276.80 + 8,800×0.060 = 4,675.20; the difference is 86.40.
    const json model = {{"model", "graduated"},
                        {"tiers", json::array({{{"up_to", "10240"}, {"unit_price", "0.085"}},
                                               {{"up_to", "51200"}, {"unit_price", "0.080"}},
                                               {{"up_to", "153600"}, {"unit_price", "0.060"}},
                                               {{"up_to", nullptr}, {"unit_price", "0.040"}}})}};
    json book = test::book_with(model);
    book["products"][0]["unit"] = "GB";
    auto priced_in = [&](const char* quantity, const char* unit) {
        auto priced = test::price(book, test::quote_for(json::array({{{"sku", "item"}, {"quantity", quantity}, {"unit", unit}}})));
        return priced.lines.at(0).list.to_fixed(2);
    };
    CHECK(priced_in("60", "TiB") == "4761.60");
    CHECK(priced_in("60000", "GB") == "4675.20");
    CHECK(priced_in("60", "TB") == "4675.20");
}
