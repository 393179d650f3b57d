// The writer's fast form (batch repricing) scans strings eight bytes at a time and writes a key
// in one append: both forms must write exactly the bytes a byte-by-byte escaper writes,
// wherever an escaped byte falls in or across the eight-byte words.
#include <catch2/catch.hpp>

#include <string>

#include "edgequote/engine.hpp"
#include "edgequote/json_writer.hpp"
#include "support.hpp"

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

// What `write` writes with the fast writer, into a batch buffer that held `held` before it
// (the writer's room, `expected`, is not cleared: whatever the buffer held there is written over).
template <class Write>
std::string fast_written(Write write, const std::string& held = "", std::size_t expected = 256) {
    edgequote::detail::OutputBuffer out;
    out.append(std::string(4096, '\x7f'));  // bytes past the size that the writer must write over
    out.clear();
    out.append(held);
    write(edgequote::detail::FastJsonWriter(out, expected));
    return std::string(out.view());
}

// The fast form's bytes, after checking that the compact form writes the same.
std::string written(const std::string& text) {
    const std::string fast = fast_written([&](auto writer) { writer.string(text); });
    std::string compact;
    edgequote::detail::JsonWriter(compact).string(text);
    REQUIRE(fast == compact);
    return fast;
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

TEST_CASE("both forms write keys, fields and values alike", "[json_writer]") {
    auto write = [](auto writer) {
        writer.begin_object();
        writer.field("billing", std::string("one \"time\""));
        writer.field("kind", "a \"literal\"\n");  // the fast form's overload for the engine's own names
        writer.key("n"), writer.null();
        writer.key("t"), writer.boolean(true);
        writer.key("discretionary_discount_pct"), writer.integer(-42);
        // Longer than the fast form's one-append key: written in parts, the same bytes.
        writer.key("a_key_longer_than_any_the_engine_writes_0123456789"), writer.begin_array();
        writer.decimal_fixed(edgequote::Decimal::from_int(7), 2), writer.null(), writer.end_array();
        writer.end_object();
    };
    std::string compact;
    write(edgequote::detail::JsonWriter(compact));
    const std::string fast = fast_written(write);
    CHECK(compact == R"({"billing":"one \"time\"","kind":"a \"literal\"\n","n":null,"t":true,"discretionary_discount_pct":-42,)"
                     R"("a_key_longer_than_any_the_engine_writes_0123456789":["7.00",null]})");
    CHECK(fast == compact);
}

TEST_CASE("batch repricing's output is write_priced_quote's, quote after quote in one buffer", "[json_writer]") {
    auto loaded = edgequote::parse_pricebook(test::read_text("pricebooks/edge-cdn.json"));
    REQUIRE(loaded.book.has_value());
    // The examples (a bundle, a ramp, an incumbent, findings, approvals) and a quote with errors.
    std::vector<edgequote::PricedQuote> quotes;
    for (const std::string& text : test::example_quote_texts()) quotes.push_back(edgequote::price_json(*loaded.book, text));
    quotes.push_back(edgequote::price_json(*loaded.book, R"({"schema_version":"1.0","lines":[{"sku":"no \"such\" sku"}]})"));
    REQUIRE(!quotes.back().errors.empty());
    for (const auto detail : {edgequote::OutputDetail::full, edgequote::OutputDetail::summary}) {
        // The CLI's buffer (its room not cleared: each quote writes over what the one before
        // left past its end) and the std::string form.
        edgequote::detail::OutputBuffer batch;
        batch.append("earlier output\n");
        std::string batch_string = "earlier output\n", expected = batch_string;
        for (int round = 0; round < 2; ++round) {
            for (const auto& priced : quotes) {
                edgequote::append_priced_quote(batch, priced, detail);
                batch.push_back('\n');
                edgequote::append_priced_quote(batch_string, priced, detail);
                batch_string.push_back('\n');
                expected += edgequote::write_priced_quote(priced, detail) + "\n";
            }
            // The buffer emptied and used again, as the CLI does after each write to stdout.
            CHECK(batch.view() == expected);
            CHECK(batch_string == expected);
            batch.clear();
            batch_string.clear();
            expected.clear();
        }
    }
}

TEST_CASE("the fast writer makes room as it goes, after what the output held", "[json_writer]") {
    // Room for nothing at first: every key, value and escape past it makes more (the room is
    // checked before each is written), and the bytes before the writer's are kept.
    for (std::size_t expected : {std::size_t(0), std::size_t(1), std::size_t(7), std::size_t(64)}) {
        std::string compact = "held";
        auto write = [](auto writer) {
            writer.begin_array();
            for (std::size_t size = 0; size <= 300; size += 13) {
                std::string text(size, 'x');
                for (std::size_t at = 0; at < size; at += 5) text[at] = "\"\\\n\x01"[at % 4];
                writer.string(text);
                writer.begin_object();
                writer.key("pricebook"), writer.integer(-static_cast<long long>(size) * 1000003);
                writer.key("list"), writer.decimal_fixed(edgequote::Decimal::from_int(static_cast<long long>(size)), 4);
                writer.key("q"), writer.decimal_shortest(*edgequote::Decimal::parse("-0.000120"));
                writer.field_or_null("unit", std::string());
                writer.end_object();
            }
            writer.end_array();
        };
        write(edgequote::detail::JsonWriter(compact));
        const std::string fast = fast_written(write, "held", expected);
        CHECK(fast == compact);
        CHECK(fast.compare(0, 5, "held[") == 0);
    }
}

TEST_CASE("the fast writer's decimals are append_fixed's and append_string's", "[json_writer]") {
    // Around every scale and fraction width the writer uses, signs, zero, and mantissas past 64 bits.
    for (const char* text : {"0", "-0", "5", "-5", "0.05", "-0.005", "0.000000000000000000000001", "12.5", "1234.5678",
                             "99.995", "-99.995", "18446744073709551615", "18446744073709551616.5",
                             "-123456789012345678901234567890.123456", "100000000000000000000", "0.10"}) {
        const edgequote::Decimal value = *edgequote::Decimal::parse(text);
        for (int digits = 0; digits <= 6; ++digits) {
            std::string compact;
            edgequote::detail::JsonWriter(compact).decimal_fixed(value, digits);
            CHECK(fast_written([&](auto writer) { writer.decimal_fixed(value, digits); }) == compact);
        }
        std::string compact;
        edgequote::detail::JsonWriter(compact).decimal_shortest(value);
        CHECK(fast_written([&](auto writer) { writer.decimal_shortest(value); }) == compact);
    }
    std::string compact;
    edgequote::detail::JsonWriter(compact).decimal_fixed(edgequote::Decimal::overflowed(), 2);
    const std::string fast = fast_written([](auto writer) { writer.decimal_fixed(edgequote::Decimal::overflowed(), 2); });
    CHECK(fast == "\"overflow\"");
    CHECK(fast == compact);
}
