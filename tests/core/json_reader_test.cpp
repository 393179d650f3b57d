// The engine reads JSON with its own parser (core/src/json_value.cpp), not nlohmann's. It must
// accept exactly what nlohmann's strict parser accepts: these tests hold the two to the same
// verdict on tricky fragments and on seeded random corruptions of real documents. A document is
// "not JSON" for the engine when parsing reports invalid_json.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "support.hpp"

namespace {

bool engine_refuses_as_not_json(const std::string& text) {
    const auto result = edgequote::parse_pricebook(text);
    return std::any_of(result.errors.begin(), result.errors.end(),
                       [](const edgequote::Error& e) { return e.code == "invalid_json"; });
}

bool nlohmann_accepts(const std::string& text) { return test::json::accept(text); }

// Each fragment is tried alone and as a member's value inside an object.
const std::vector<std::string> kFragments = {
    "0", "-0", "01", "-01", "1.", ".5", "1.5", "-1.5e3", "1e", "1e+", "1E-2", "+1", "--1", "1x", "0x10",
    "18446744073709551615", "18446744073709551616", "-9223372036854775808", "-9223372036854775809",
    "123456789012345678901234567890", std::string(308, '9'), std::string(309, '9'), std::string(310, '9'),
    "1e308", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1e309", "1e400",
    "0.0000000000000000000000000000001e340", "17976931348623158079372897140530341507993413271003782693617377898044496829276475094664736e216",
    "1e-400", "0e999999999999999999999", "-1e400",
    "true", "false", "null", "tru", "nul", "True", "NaN", "Infinity",
    "\"\"", "\"a\"", "\"\\u00e9\"", "\"\\uD83D\\uDE00\"", "\"\\uD83D\"", "\"\\uDE00\"", "\"\\uD83Dx\"", "\"\\uD83D\\u0041\"",
    "\"\\u12\"", "\"\\uZZZZ\"", "\"\\x\"", "\"\\/\"", "\"\\b\\f\\n\\r\\t\"", "\"tab\there\"", "\"nl\nhere\"",
    std::string("\"nul\0x\"", 7), "\"\x7f\"", "\"\xc3\xa9\"", "\"\xc3\"", "\"\xc0\x80\"", "\"\xc1\xbf\"",
    "\"\xe0\x80\x80\"", "\"\xe0\xa0\x80\"", "\"\xed\xa0\x80\"", "\"\xed\x9f\xbf\"", "\"\xef\xbf\xbf\"",
    "\"\xf0\x8f\xbf\xbf\"", "\"\xf0\x90\x80\x80\"", "\"\xf4\x8f\xbf\xbf\"", "\"\xf4\x90\x80\x80\"", "\"\xf5\x80\x80\x80\"",
    "\"\xff\"", "\"unterminated",
    "[]", "[1,]", "[,1]", "[1 2]", "[1,2]", "[[]]", "[", "]", "{}", "{,}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}",
    "{\"a\" 1}", "{a:1}", "{'a':1}", "{\"a\":1 \"b\":2}", "{\"a\":1}}", "{\"a\":[1,{\"b\":null}]}",
    " \t\r\n1 \t\r\n", "\f1", "\v1", "1 2", "/* c */1", "1 // c",
    "\xef\xbb\xbf{}", "\xef\xbb{}", "\xef{}", "\xef\xbb\xbf", "\xef\xbb\xbf\xef\xbb\xbf{}", " \xef\xbb\xbf{}",
    "", " ",
};

}  // namespace

TEST_CASE("the engine's JSON parser accepts exactly what nlohmann's strict parser accepts") {
    for (const std::string& fragment : kFragments) {
        for (const std::string& text : {fragment, "{\"x\": " + fragment + "}", "{\"a\": [" + fragment + ", 1]}"}) {
            INFO("text: " << text);
            CHECK(engine_refuses_as_not_json(text) == !nlohmann_accepts(text));
        }
    }
}

TEST_CASE("random corruptions of a real price book get the same verdict from both parsers") {
    const std::string book = test::read_text("pricebooks/edge-cdn.json");
    std::mt19937 random(20261206);
    const std::string alphabet = "{}[]\",:\\-+.0123456789eEtrufalsn \t\n\xc3\xa9\xff\x01u";
    int disagreements = 0;
    for (int round = 0; round < 400; ++round) {
        std::string text = book;
        const int edits = 1 + int(random() % 3);
        for (int e = 0; e < edits; ++e) {
            const std::size_t at = random() % text.size();
            const char c = alphabet[random() % alphabet.size()];
            switch (random() % 3) {
                case 0: text[at] = c; break;
                case 1: text.insert(text.begin() + std::ptrdiff_t(at), c); break;
                default: text.erase(at, 1 + random() % 4); break;
            }
        }
        if (engine_refuses_as_not_json(text) != !nlohmann_accepts(text)) {
            ++disagreements;
            INFO("round " << round);
            CHECK(engine_refuses_as_not_json(text) == !nlohmann_accepts(text));
        }
    }
    CHECK(disagreements == 0);
}

TEST_CASE("members are read in key order and duplicates reported in document order") {
    // Both duplicates are reported, the earlier in the text first, though the inner object is
    // finished parsing before the outer one.
    const auto result = edgequote::parse_pricebook(R"({"b": 1, "b": 2, "a": {"y": 1, "x": 2, "y": 3}})");
    REQUIRE(result.errors.size() == 2);
    CHECK(result.errors[0].code == "duplicate_key");
    CHECK(result.errors[0].path == "/b");
    CHECK(result.errors[1].path == "/a/y");
    // Unknown fields come in key order (as nlohmann's sorted objects gave them), not text order.
    const auto unknown = edgequote::parse_pricebook(R"({"zz": 1, "aa": 2})");
    std::vector<std::string> paths;
    for (const auto& e : unknown.errors)
        if (e.code == "unknown_field") paths.push_back(e.path);
    CHECK(paths == std::vector<std::string>{"/aa", "/zz"});
}
