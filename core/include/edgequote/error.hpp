#pragma once
// Errors are values: a stable machine code, a JSON Pointer into the input, and a sentence.
#include <string>
#include <vector>

namespace edgequote {

struct Error {
    std::string code;     // e.g. "unknown_sku"; stable, documented, shared with the JS wrapper
    std::string path;     // JSON Pointer into the document that was read, e.g. "/lines/2/sku"
    std::string message;  // for a person: what is wrong and, where possible, what would be right
};

using Errors = std::vector<Error>;

// JSON Pointer helpers: "/lines" + 2 -> "/lines/2"; keys are escaped per RFC 6901.
std::string pointer_append(const std::string& base, const std::string& key);
std::string pointer_append(const std::string& base, std::size_t index);

}  // namespace edgequote
