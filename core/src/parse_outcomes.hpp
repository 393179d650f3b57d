#pragma once
// A book's outcome catalogues (internal.outcomes, edgequote/outcomes.hpp): loss reasons, win
// reasons, competitors and known feature requests.
#include <string>

#include "edgequote/outcomes.hpp"
#include "json_reader.hpp"

namespace edgequote::detail {

// Reads `node` (at `path`) into `out`. Reports ids that are empty, malformed or listed twice,
// empty names and synonyms, and a spelling (id, name or synonym, compared as
// outcome_match_key compares them) that two entries of one catalogue share.
void parse_outcomes(Reader& reader, const Json& node, const std::string& path, OutcomeCatalogs& out);

}  // namespace edgequote::detail
