#include <catch2/catch.hpp>

#include "edgequote/engine.hpp"

TEST_CASE("placeholder") { REQUIRE(true); }
