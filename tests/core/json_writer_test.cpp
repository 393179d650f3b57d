// The writer's string escaping scans eight bytes at a time: it must find exactly the bytes a
// byte-by-byte reading escapes, wherever they fall in or across the eight-byte words.
#include <catch2/catch.hpp>

#include <string>

#include "edgequote/json_writer.hpp"

namespace {

// JSON string escaping byte by byte, as the writer's rule says: '"', '\\' and bytes below 0x20
// escaped (the usual short forms, else \u00XX), every other byte as it is.
std::string escaped_byte_by_byte(const std::string& text) {
    static const char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (unsigned char c : text) {
        if (c == '"') out += "\\\"";
        else if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (c < 0x20) out += std::string("\\u00") + hex[c >> 4] + hex[c & 15];
        else out.push_back(static_cast<char>(c));
    }
    return out + "\"";
}

std::string written(const std::string& text) {
    std::string out;
    edgequote::detail::JsonWriter(out).string(text);
    return out;
}

}  // namespace

TEST_CASE("the writer escapes every byte value at every position of a word", "[json_writer]") {
    // Fillers next to the escaped bytes: plain ASCII, the bytes just past each escaped range
    // (a borrow from the byte below must not mark them), and bytes with the high bit set.
    for (const char filler : {'a', ' ', '!', '#', '[', ']', '\x7f', '\x80', '\xa0', '\xff'}) {
        for (int value = 0; value < 256; ++value) {
            for (std::size_t size = 1; size <= 19; ++size) {
                for (std::size_t at = 0; at < size; ++at) {
                    std::string text(size, filler);
                    text[at] = static_cast<char>(value);
                    REQUIRE(written(text) == escaped_byte_by_byte(text));
                }
            }
        }
    }
}

TEST_CASE("the writer escapes bytes side by side and in long texts", "[json_writer]") {
    const std::string specials = std::string("\"\\\n\r\t\x01\x1f", 7) + std::string(1, '\0');
    for (char a : specials)
        for (char b : specials)
            for (std::size_t gap = 0; gap <= 9; ++gap)
                for (std::size_t at = 0; at + gap + 1 < 26; ++at) {
                    std::string text(26, 'x');
                    text[at] = a;
                    text[at + gap + 1] = b;
                    REQUIRE(written(text) == escaped_byte_by_byte(text));
                }
    std::string all;
    for (int round = 0; round < 3; ++round)
        for (int value = 0; value < 256; ++value) all.push_back(static_cast<char>(value));
    CHECK(written(all) == escaped_byte_by_byte(all));
    CHECK(written("") == "\"\"");
    CHECK(written("Edge delivery — North America") == "\"Edge delivery — North America\"");
}

TEST_CASE("a field named by the engine is written as the same field from a string", "[json_writer]") {
    std::string from_literal, from_string;
    edgequote::detail::JsonWriter a(from_literal), b(from_string);
    a.begin_object(), b.begin_object();
    a.field("billing", "one \"time\""), b.field("billing", std::string("one \"time\""));
    a.key("n"), b.key("n");
    a.null(), b.raw(std::string("null"));
    a.key("t"), b.key("t");
    a.boolean(true), b.raw(std::string("true"));
    a.end_object(), b.end_object();
    CHECK(from_literal == R"({"billing":"one \"time\"","n":null,"t":true})");
    CHECK(from_literal == from_string);
}
