#include "json_reader.hpp"
#include "json_reader_impl.hpp"

#include <cmath>
#include <cstring>
#include <limits>

#include "edgequote/engine.hpp"
#include "edgequote/error_codes.hpp"

namespace edgequote {

std::string pointer_append(const std::string& base, const std::string& key) {
    std::string out = base;
    out.push_back('/');
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out.push_back(c);
    }
    return out;
}

std::string pointer_append(const std::string& base, std::size_t index) {
    return base + "/" + std::to_string(index);
}

}  // namespace edgequote

namespace edgequote::detail {
namespace {

// Deepest nesting of arrays and objects, counted without parsing (strings skipped), so a
// hostile document cannot exhaust the stack in the parser or in the tree's destructor.
int nesting_depth(std::string_view text) {
    int depth = 0, deepest = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '{' || c == '[') deepest = std::max(deepest, ++depth);
        else if (c == '}' || c == ']') --depth;
    }
    return deepest;
}

}  // namespace

ParsedJson parse_json(std::string_view text) {
    // Deeper documents are refused before parsing (parse_document, the live quote's scanner);
    // the bound here only keeps the recursion finite for any other caller.
    return parse_json_value(text, 4 * kMaxNestingDepth);
}

std::optional<Json> parse_document(std::string_view text, Errors& errors) {
    if (text.size() > kMaxInputBytes) {
        errors.push_back({codes::input_too_large, "",
                          "The document is " + std::to_string(text.size()) +
                              " bytes; the limit is " + std::to_string(kMaxInputBytes) + "."});
        return std::nullopt;
    }
    if (nesting_depth(text) > kMaxNestingDepth) {
        errors.push_back({codes::too_deep, "",
                          "The document nests deeper than " + std::to_string(kMaxNestingDepth) +
                              " levels."});
        return std::nullopt;
    }
    ParsedJson parsed = parse_json(text);
    Json& doc = parsed.value;
    if (!parsed.valid) {
        errors.push_back({codes::invalid_json, "",
                          "The text is not valid JSON (check commas, quotes and brackets, and "
                          "that it is UTF-8)."});
        return std::nullopt;
    }
    if (!parsed.duplicate_keys.empty()) {
        for (const std::string& path : parsed.duplicate_keys)
            errors.push_back({codes::duplicate_key, path,
                              "This key appears more than once in its object; JSON readers would keep "
                              "only one of the values. Remove the others."});
        return std::nullopt;
    }
    if (!doc.is_object()) {
        errors.push_back({codes::wrong_type, "",
                          std::string("The document must be a JSON object, not ") +
                              json_type_name(doc) + "."});
        return std::nullopt;
    }
    return std::move(doc);
}

void Reader::error(const char* code, const std::string& path, std::string message) {
    errors_.push_back({code, path, std::move(message)});
}

void Reader::report_unknown_key(const std::string& key, const std::string& path,
                                std::initializer_list<const char*> allowed) {
    std::string list;
    for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
    error(codes::unknown_field, pointer_append(path, key), "\"" + key + "\" is not a field here (known: " + list + ").");
}

EDGEQUOTE_INSTANTIATE_READER(Json)

}  // namespace edgequote::detail
