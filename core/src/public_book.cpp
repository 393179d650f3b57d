// The public price book: the same document without its internal part (costs, floors,
// guidance bands, approval policy, notes). The prospect build ships only this.
#include "edgequote/engine.hpp"
#include "json_reader.hpp"

namespace edgequote {

PublicBookResult public_pricebook(std::string_view json_text) {
    PublicBookResult result;
    // Validate first: a public book is only ever made from a book the engine accepts.
    PriceBookResult checked = parse_pricebook(json_text);
    if (!checked.book) {
        result.errors = std::move(checked.errors);
        return result;
    }
    // Re-read preserving key order, so the public book reads like its source.
    auto doc = nlohmann::ordered_json::parse(json_text.begin(), json_text.end(), nullptr, false);
    doc.erase("internal");
    result.json = doc.dump(2);
    result.json.push_back('\n');
    return result;
}

}  // namespace edgequote
