#pragma once
// The one canonical-JSON writer of the engine (priced quotes and insights): keys in the order
// they are written, strings escaped, no whitespace. Written by hand rather than through a JSON
// tree: it is the hot path of batch repricing and live editing, and writing in a fixed order is
// what makes the bytes identical natively and in wasm.
//
// Two forms of the same writer, the same bytes: `JsonWriter` (compact code: what the wasm
// modules link, whose size is budgeted) and `FastJsonWriter` (batch repricing natively: a key in
// one append, strings scanned eight bytes at a time). tests/core/json_writer_test.cpp holds
// both to one byte-by-byte escaper.
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

#include "edgequote/decimal.hpp"

namespace edgequote::detail {

enum class WriterForm { compact, fast };

template <WriterForm kForm>
class BasicJsonWriter {
public:
    explicit BasicJsonWriter(std::string& out) : out_(out) {}

    // '{' or '[' ... '}' or ']'.
    void open(char c) {
        comma();
        out_.push_back(c);
        need_comma_ = false;
    }
    void close(char c) {
        out_.push_back(c);
        need_comma_ = true;
    }
    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }

    void key(const char* name) {
        if constexpr (kForm == WriterForm::fast) {
            // Comma, quotes, name and colon as one append: a key is written for every field.
            char text[40];
            std::size_t size = 0;
            if (need_comma_) text[size++] = ',';
            text[size++] = '"';
            const std::size_t length = std::strlen(name);
            need_comma_ = false;
            if (length <= sizeof text - 4) {
                std::memcpy(text + size, name, length);
                size += length;
                text[size++] = '"';
                text[size++] = ':';
                out_.append(text, size);
                return;
            }
            out_.append(text, size);  // no key of the engine is this long; written all the same
        } else {
            comma();
            out_.push_back('"');
        }
        out_ += name;
        out_ += "\":";
        need_comma_ = false;
    }
    void string(const std::string& text) {
        if constexpr (kForm == WriterForm::fast) {
            fast_string(text.data(), text.size());
            return;
        }
        comma();
        out_.push_back('"');
        // Plain runs are appended whole: per-character push_back is a call each in wasm's libc++.
        std::size_t run = 0;
        for (std::size_t i = 0; i < text.size(); ++i) {
            const unsigned char c = static_cast<unsigned char>(text[i]);
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            out_.append(text, run, i - run);
            run = i + 1;
            escape(c);
        }
        out_.append(text, run, text.size() - run);
        out_.push_back('"');
        need_comma_ = true;
    }
    // A decimal as a JSON string: its digits, sign and point need no escaping, so they are
    // written straight into the output (money at `digits` fractional digits; `shortest`: the
    // shortest exact form).
    void decimal_fixed(const Decimal& value, int digits) {
        open_plain_string();
        value.append_fixed(out_, digits);
        close_plain_string();
    }
    void decimal_shortest(const Decimal& value) {
        open_plain_string();
        value.append_string(out_);
        close_plain_string();
    }
    void raw(const std::string& literal) {
        comma();
        out_ += literal;
        need_comma_ = true;
    }
    void null() { literal("null"); }
    void boolean(bool value) { literal(value ? "true" : "false"); }
    void integer(long long value) { raw(std::to_string(value)); }

    void field(const char* name, const std::string& value) { key(name), string(value); }
    // The fast form writes a value the engine names itself ("monthly", a line's kind) without
    // making a std::string of it; the compact form has no such overload (its call sites stay).
    template <WriterForm F = kForm, std::enable_if_t<F == WriterForm::fast, int> = 0>
    void field(const char* name, const char* value) {
        key(name);
        fast_string(value, std::strlen(value));
    }
    void field_or_null(const char* name, const std::string& value) {
        key(name);
        value.empty() ? null() : string(value);
    }

private:
    std::string& out_;
    bool need_comma_ = false;

    void comma() {
        if (need_comma_) out_.push_back(',');
    }
    void open_plain_string() {
        comma();
        out_.push_back('"');
    }
    void close_plain_string() {
        out_.push_back('"');
        need_comma_ = true;
    }

    void literal(const char* text) {
        if constexpr (kForm == WriterForm::fast) {
            comma();
            out_ += text;
            need_comma_ = true;
        } else {
            raw(text);
        }
    }
    void escape(unsigned char c) {
        switch (c) {
            case '"': out_ += "\\\""; break;
            case '\\': out_ += "\\\\"; break;
            case '\n': out_ += "\\n"; break;
            case '\r': out_ += "\\r"; break;
            case '\t': out_ += "\\t"; break;
            default: {
                static const char hex[] = "0123456789abcdef";
                const char escape[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                out_.append(escape, sizeof escape);
            }
        }
    }
    void fast_string(const char* text, std::size_t size) {
        comma();
        out_.push_back('"');
        for (;;) {
            const std::size_t run = plain_run(text, size);
            out_.append(text, run);
            if (run == size) break;
            escape(static_cast<unsigned char>(text[run]));
            text += run + 1;
            size -= run + 1;
        }
        out_.push_back('"');
        need_comma_ = true;
    }
    // How many bytes from `text` on need no escaping: eight at a time, then one at a time. Per
    // byte of a word, the zero-byte test sets the high bit for a byte below 0x20, '"' or '\\';
    // a borrow may also set it in bytes above such a byte, never below, so the lowest one set
    // is the first byte to escape.
    static std::size_t plain_run(const char* text, std::size_t size) {
        constexpr std::uint64_t kOnes = 0x0101010101010101u, kHighs = 0x8080808080808080u;
        std::size_t i = 0;
        for (; i + 8 <= size; i += 8) {
            std::uint64_t word;
            std::memcpy(&word, text + i, 8);
            const std::uint64_t quote = word ^ (kOnes * '"'), backslash = word ^ (kOnes * '\\');
            const std::uint64_t marks = (((word - kOnes * 0x20) & ~word) | ((quote - kOnes) & ~quote) |
                                         ((backslash - kOnes) & ~backslash)) &
                                        kHighs;
            if (marks) return i + std::size_t(__builtin_ctzll(marks) >> 3);  // little-endian: lowest address
        }
        for (; i < size; ++i) {
            const unsigned char c = static_cast<unsigned char>(text[i]);
            if (c < 0x20 || c == '"' || c == '\\') break;
        }
        return i;
    }
};

// What the engine links everywhere (wasm included): a class of its own, so that writers built
// on it (insights, impact) name it as their base. The batch path alone uses the fast form.
class JsonWriter : public BasicJsonWriter<WriterForm::compact> {
public:
    using BasicJsonWriter::BasicJsonWriter;
};
using FastJsonWriter = BasicJsonWriter<WriterForm::fast>;

}  // namespace edgequote::detail
