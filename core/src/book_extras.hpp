#pragma once
// Parts of the price book read outside parse_pricebook.cpp (each in its own file), hooked into
// the book parser with a line each.
#include <string>
#include <vector>

#include "json_reader.hpp"

namespace edgequote::detail {

// "replaces": ids of earlier books this one takes over from (parse_replaces.cpp).
std::vector<std::string> read_replaces(Reader& r, const Json& doc);

}  // namespace edgequote::detail
