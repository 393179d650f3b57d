#include <catch2/catch.hpp>

#include "edgequote/decimal.hpp"

using edgequote::Decimal;
TEST_CASE("decimal parses") { REQUIRE(Decimal::parse("0.085")->to_string() == "0.085"); }
