// The Reader over nlohmann::json documents: the insights reader and price-change impact build
// nlohmann trees of their own and read them with the same accessors (and messages) as the engine's
// parsers. A separate object file, so the engine's module, which reads only its own Json, links
// none of nlohmann.
#include <nlohmann/json.hpp>

#include "json_reader_impl.hpp"

namespace edgequote::detail {

EDGEQUOTE_INSTANTIATE_READER(nlohmann::json)

}  // namespace edgequote::detail
