#include <catch2/catch.hpp>

#include "edgequote/decimal.hpp"

using edgequote::Decimal;
using edgequote::RoundingMode;

namespace {
Decimal d(const char* text) { return *Decimal::parse(text); }
}  // namespace

TEST_CASE("decimal: the strict grammar accepts plain decimals only") {
    auto [text, valid, shown] = GENERATE(table<std::string, bool, std::string>({
        {"0", true, "0"},
        {"0.085", true, "0.085"},
        {"-12.50", true, "-12.5"},
        {"0.00000075", true, "0.00000075"},
        {"1000000000000000", true, "1000000000000000"},
        {"000123.4500", true, "123.45"},
        {"999999999999999999999999999999999999", true, "999999999999999999999999999999999999"},  // 36 digits
        {"1000000000000000000000000000000000000", false, ""},  // 37 digits
        {"1e3", false, ""},
        {"+1", false, ""},
        {".5", false, ""},
        {"5.", false, ""},
        {"", false, ""},
        {"-", false, ""},
        {" 1", false, ""},
        {"1,000", false, ""},
        {"NaN", false, ""},
        {"0.0000000000000000000000001", false, ""},  // 25 fractional digits
    }));
    CAPTURE(text);
    auto value = Decimal::parse(text);
    REQUIRE(value.has_value() == valid);
    if (valid) CHECK(value->to_string() == shown);
}

TEST_CASE("decimal: sums and products are exact") {
    CHECK((d("0.1") + d("0.2")).to_string() == "0.3");
    CHECK((d("1000000000000000") * d("0.00000075")).to_string() == "750000000");
    CHECK((d("61440") * d("0.06")).to_string() == "3686.4");
    CHECK((d("-3") * d("0.5")).to_string() == "-1.5");
    CHECK((d("1") - d("1")).is_zero());
    // Many fractional digits on both sides: 24 kept, the rest rounded half-even.
    CHECK((d("0.000000000001") * d("0.000000000001")).to_string() == "0.000000000000000000000001");
    CHECK((d("0.0000000000001") * d("0.000000000001")).to_string() == "0");
}

TEST_CASE("decimal: overflow is detected and sticky, never wrapped") {
    const Decimal big = d("999999999999999999999999999999999999");
    CHECK((big + d("1")).is_overflow());
    CHECK((big * d("10")).is_overflow());
    const Decimal poisoned = big * big;
    CHECK(poisoned.is_overflow());
    CHECK((poisoned + d("1")).is_overflow());
    CHECK((poisoned * d("0")).is_overflow());
    CHECK(poisoned.to_string() == "overflow");
    // The exact product, 123456789012345678246913578.012345678123456789 (Python's decimal at
    // 80 digits), has 45 digits: fractional digits are shed (half-even) down to the 36 kept.
    CHECK((d("123456789012345678.123456789") * d("1000000000.000000001")).to_string() ==
          "123456789012345678246913578.012345678");
}

TEST_CASE("decimal: rounding to a number of digits") {
    auto [text, digits, mode, expected] = GENERATE(table<std::string, int, RoundingMode, std::string>({
        {"2.345", 2, RoundingMode::half_up, "2.35"},
        {"2.345", 2, RoundingMode::half_even, "2.34"},
        {"2.355", 2, RoundingMode::half_even, "2.36"},
        {"2.3450001", 2, RoundingMode::half_even, "2.35"},
        {"-2.345", 2, RoundingMode::half_up, "-2.35"},    // half away from zero
        {"-2.345", 2, RoundingMode::half_even, "-2.34"},
        {"0.5", 0, RoundingMode::half_even, "0"},
        {"1.5", 0, RoundingMode::half_even, "2"},
        {"1.01", 0, RoundingMode::up, "2"},
        {"1.99", 0, RoundingMode::down, "1"},
        {"7", 2, RoundingMode::half_up, "7"},
    }));
    CAPTURE(text, digits);
    CHECK(d(text.c_str()).round(digits, mode).to_string() == expected);
}

// Dividing by a power of ten (a unit's factor: TB on a GB ladder is 1000) moves the point. Each
// row is the quotient written out by hand; the rows where the exact quotient has more digits than
// asked, or the divisor carries a scale, take the general path and must round the same way.
TEST_CASE("decimal: division by a power of ten, exact and rounded") {
    struct Row { const char* a; const char* b; int digits; RoundingMode mode; const char* expected; };
    const Row rows[] = {
        {"0", "1000", 18, RoundingMode::half_even, "0"},
        {"261", "1000", 18, RoundingMode::half_even, "0.261"},                // 261 GB = 0.261 TB
        {"-261", "1000", 18, RoundingMode::half_even, "-0.261"},
        {"7", "1", 0, RoundingMode::half_up, "7"},                            // 10^0
        {"1000", "1000", 2, RoundingMode::half_up, "1"},                      // trailing zeros dropped
        {"12.5", "10", 2, RoundingMode::half_up, "1.25"},                     // exactly `digits` places
        {"12.5", "100", 2, RoundingMode::half_up, "0.13"},                    // 0.125: one place too many, rounds up
        {"12.5", "100", 2, RoundingMode::half_even, "0.12"},                  // ... or to even
        {"-12.5", "100", 2, RoundingMode::half_up, "-0.13"},
        {"5", "0.1", 2, RoundingMode::half_up, "50"},                         // a scaled divisor: 5 / 0.1
        {"1", "1000000000000000000", 18, RoundingMode::half_even, "0.000000000000000001"},  // 10^18
        {"1", "1000000000000000000", 17, RoundingMode::half_even, "0"},       // 1e-18 to 17 places
        {"123456789012345678", "1000000000000000000", 18, RoundingMode::half_even, "0.123456789012345678"},
        // Not powers of ten, though as many binary zeros end them as end one (10^k = 2^k * 5^k).
        {"3", "1024", 18, RoundingMode::half_even, "0.0029296875"},
        {"3", "20", 2, RoundingMode::half_up, "0.15"},
        {"7", "40", 1, RoundingMode::half_up, "0.2"},
        {"5", "10000000000000000000", 18, RoundingMode::half_up, "0.000000000000000001"},  // 10^19: past the table
    };
    for (const Row& row : rows) {
        INFO(row.a << " / " << row.b << " to " << row.digits);
        CHECK(d(row.a).divide(d(row.b), row.digits, row.mode).to_string() == row.expected);
    }
}

TEST_CASE("decimal: fixed formatting pads to the minor unit and never prints -0") {
    CHECK(d("12.5").to_fixed(2) == "12.50");
    CHECK(d("12").to_fixed(2) == "12.00");
    CHECK(d("12.345").to_fixed(0) == "12");
    CHECK(d("-0.001").to_fixed(2) == "0.00");
    CHECK(d("-1.5").to_fixed(2) == "-1.50");
}

TEST_CASE("decimal: division rounds at the requested digits") {
    CHECK(d("1").divide(d("3"), 4, RoundingMode::half_up).to_string() == "0.3333");
    CHECK(d("2").divide(d("3"), 4, RoundingMode::half_up).to_string() == "0.6667");
    CHECK(d("1").divide(d("1024"), 18, RoundingMode::half_even).to_string() == "0.0009765625");
    CHECK(d("25").divide(d("2"), 0, RoundingMode::half_even).to_string() == "12");
    CHECK(d("1000001").divide_integer(d("1000000"), true).to_string() == "2");
    CHECK(d("1999999").divide_integer(d("1000000"), false).to_string() == "1");
    CHECK(d("1").divide(d("0"), 2, RoundingMode::half_up).is_overflow());
}

TEST_CASE("decimal: comparison across scales and magnitudes") {
    CHECK(d("1.50") == d("1.5"));
    CHECK(d("0.1") < d("0.10000000001"));
    CHECK(d("-1") < d("0"));
    CHECK(d("-2.5") < d("-2.4"));
    CHECK(d("999999999999999999999999999999999999") > d("0.000000000000000000000001"));
    CHECK(d("99999999999.5") < d("99999999999.500000000000000000000001"));  // 35 digits
}

TEST_CASE("decimal: a quotient keeps as many fractional digits as fit, and overflows only when its integer part does") {
    // 10^24 / 10^6 = 10^18: asked for 18 fractional digits that would make 37 digits in all.
    CHECK(d("1000000000000000000000000").divide(d("1000000"), 18, RoundingMode::half_even).to_string() ==
          "1000000000000000000");
    CHECK(d("999999999999999999999999999999999999").divide(d("0.1"), 2, RoundingMode::half_even).is_overflow());
}
