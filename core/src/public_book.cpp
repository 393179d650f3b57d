// The public price book: the same document without its internal part (costs, floors,
// guidance bands, approval policy, notes). The prospect build ships only this.
//
// The internal member is cut out of the original text rather than re-serialised: the public
// book keeps the author's key order and formatting, and the wasm module needs no second
// (order-preserving) JSON type just for this, which kept it ~25 KB gzip smaller.
#include "edgequote/engine.hpp"

namespace edgequote {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Index just past the JSON string starting at text[i] == '"'.
std::size_t skip_string(std::string_view text, std::size_t i) {
    for (++i; i < text.size(); ++i) {
        if (text[i] == '\\') ++i;
        else if (text[i] == '"') return i + 1;
    }
    return text.size();
}

// Index just past the JSON value starting at text[i] (already validated by the parser).
std::size_t skip_value(std::string_view text, std::size_t i) {
    if (text[i] == '"') return skip_string(text, i);
    if (text[i] != '{' && text[i] != '[') {
        while (i < text.size() && text[i] != ',' && text[i] != '}' && text[i] != ']' && !is_space(text[i])) ++i;
        return i;
    }
    int depth = 0;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            i = skip_string(text, i) - 1;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (--depth == 0) return i + 1;
        }
    }
    return text.size();
}

std::size_t skip_spaces(std::string_view text, std::size_t i) {
    while (i < text.size() && is_space(text[i])) ++i;
    return i;
}

// The top-level members of an object as [start, end) spans, each from its key to the end of
// its value, with the key's text.
struct Member {
    std::size_t start, end;
    std::string_view key;
};

std::vector<Member> top_level_members(std::string_view text) {
    std::vector<Member> members;
    std::size_t i = skip_spaces(text, 0);
    if (i >= text.size() || text[i] != '{') return members;
    i = skip_spaces(text, i + 1);
    while (i < text.size() && text[i] == '"') {
        const std::size_t key_end = skip_string(text, i);
        const std::string_view key = text.substr(i + 1, key_end - i - 2);
        std::size_t value = skip_spaces(text, skip_spaces(text, key_end) + 1);  // past ':'
        const std::size_t end = skip_value(text, value);
        members.push_back({i, end, key});
        i = skip_spaces(text, end);
        if (i < text.size() && text[i] == ',') i = skip_spaces(text, i + 1);
    }
    return members;
}

}  // namespace

PublicBookResult public_pricebook(std::string_view json_text) {
    PublicBookResult result;
    // Validate first: a public book is only ever made from a book the engine accepts.
    PriceBookResult checked = parse_pricebook(json_text);
    if (!checked.book) {
        result.errors = std::move(checked.errors);
        return result;
    }
    const auto members = top_level_members(json_text);
    std::string out(json_text);
    for (std::size_t m = members.size(); m-- > 0;) {
        if (members[m].key != "internal") continue;
        // Remove the member with the comma that separates it from its neighbour.
        std::size_t from = members[m].start, to = members[m].end;
        if (m > 0) from = members[m - 1].end;          // ", \"internal\": {...}"
        else if (m + 1 < members.size()) to = members[m + 1].start;  // "\"internal\": {...}, "
        out.erase(from, to - from);
    }
    if (out.empty() || out.back() != '\n') out.push_back('\n');
    result.json = std::move(out);
    return result;
}

}  // namespace edgequote
