#pragma once
// The one canonical-JSON writer of the engine (priced quotes and insights): keys in the order
// they are written, strings escaped, no whitespace. Written by hand rather than through a JSON
// tree: it is the hot path of batch repricing and live editing, and writing in a fixed order is
// what makes the bytes identical natively and in wasm.
#include <string>

#include "edgequote/decimal.hpp"

namespace edgequote::detail {

class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}

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
        comma();
        out_.push_back('"');
        out_ += name;
        out_ += "\":";
        need_comma_ = false;
    }
    void string(const std::string& text) {
        comma();
        out_.push_back('"');
        // Plain runs are appended whole: per-character push_back is a call each in wasm's libc++.
        std::size_t run = 0;
        for (std::size_t i = 0; i < text.size(); ++i) {
            const unsigned char c = static_cast<unsigned char>(text[i]);
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            out_.append(text, run, i - run);
            run = i + 1;
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
    void null() { raw("null"); }
    void boolean(bool value) { raw(value ? "true" : "false"); }
    void integer(long long value) { raw(std::to_string(value)); }

    void field(const char* name, const std::string& value) { key(name), string(value); }
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
};

}  // namespace edgequote::detail
