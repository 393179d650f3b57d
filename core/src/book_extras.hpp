#pragma once
// Parts of the price book read outside parse_pricebook.cpp, each in its own file. "replaces"
// is read only by a price-change impact run (the configurator's module does not carry it).
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "json_reader.hpp"

namespace edgequote::detail {

// "replaces": ids of earlier books this one takes over from (parse_replaces.cpp).
// Reads the engine's Json or an nlohmann document (impact.cpp reads the books as nlohmann's).
std::vector<std::string> read_replaces(Reader& r, const Json& doc);
std::vector<std::string> read_replaces(Reader& r, const nlohmann::json& doc);

}  // namespace edgequote::detail
