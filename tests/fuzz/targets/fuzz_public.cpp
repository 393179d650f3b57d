// Fuzz target: the public price book. For any input, public_pricebook either refuses it with
// errors or returns JSON that has no "internal" part, is itself a valid price book, and is its
// own public book (making a public book twice changes nothing).
#include <nlohmann/json.hpp>

#include "fuzz_common.hpp"

namespace {
constexpr const char* kTarget = "fuzz_public";
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    edgequote::PublicBookResult result = edgequote::public_pricebook(text);
    fuzz::check_errors(kTarget, result.errors);
    if (result.json.empty() == result.errors.empty()) fuzz::die(kTarget, "either JSON or errors, never both or neither");
    if (!result.errors.empty()) return 0;
    auto doc = nlohmann::ordered_json::parse(result.json, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) fuzz::die(kTarget, "the public book is not a JSON object");
    if (doc.contains("internal")) fuzz::die(kTarget, "the public book has an internal part");
    auto reparsed = edgequote::parse_pricebook(result.json);
    if (!reparsed.book) fuzz::die(kTarget, "the public book is not a valid book: " + reparsed.errors.front().code + " at " +
                                                reparsed.errors.front().path);
    if (reparsed.book->internal) fuzz::die(kTarget, "the public book parses with internal data");
    auto original = edgequote::parse_pricebook(text);
    if (!original.book || original.book->products.size() != reparsed.book->products.size() ||
        original.book->bundles.size() != reparsed.book->bundles.size())
        fuzz::die(kTarget, "the public book lost products or bundles");
    auto twice = edgequote::public_pricebook(result.json);
    if (twice.json != result.json) fuzz::die(kTarget, "the public book of the public book differs");
    return 0;
}
