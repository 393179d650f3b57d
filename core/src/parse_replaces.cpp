// The book's optional "replaces": ["edge-cdn-2026", ...], the ids of earlier price books this
// one takes over from. A price-change impact run (impact.cpp) re-prices quotes logged under
// those ids with this book; nothing else reads it, so the book parser only allows the key and
// the configurator's module does not carry this code.
#include "book_extras.hpp"

#include <nlohmann/json.hpp>

#include "edgequote/error_codes.hpp"

namespace edgequote::detail {

namespace {
template <class J>
std::vector<std::string> read_replaces_of(Reader& r, const J& doc) {
    std::vector<std::string> ids;
    const J* list = r.array(doc, "replaces", "", false);
    if (!list) return ids;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const J& item = (*list)[i];
        const std::string path = pointer_append("/replaces", i);
        if (!item.is_string()) r.error(codes::wrong_type, path, std::string("Expected a book id, found ") + json_type_name(item) + ".");
        else if (item.template get_ref<const std::string&>().empty()) r.error(codes::empty_string, path, "Must not be empty.");
        else ids.push_back(item.template get<std::string>());
    }
    return ids;
}
}  // namespace

std::vector<std::string> read_replaces(Reader& r, const Json& doc) { return read_replaces_of(r, doc); }
std::vector<std::string> read_replaces(Reader& r, const nlohmann::json& doc) { return read_replaces_of(r, doc); }

}  // namespace edgequote::detail
