#pragma once
// The one canonical-JSON writer of the engine (priced quotes and insights): keys in the order
// they are written, strings escaped, no whitespace. Written by hand rather than through a JSON
// tree: it is the hot path of batch repricing and live editing, and writing in a fixed order is
// what makes the bytes identical natively and in wasm.
//
// Two writers, the same bytes: `JsonWriter` (compact code: what the wasm modules link, whose
// size is budgeted) and `FastJsonWriter` (batch repricing, natively only: written through a
// pointer into room made once per quote, strings scanned and copied eight bytes at a time).
// tests/core/json_writer_test.cpp holds both to one byte-by-byte escaper.
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include "edgequote/decimal.hpp"

namespace edgequote::detail {

// What the engine links everywhere (wasm included), and what writers built on it (insights,
// impact) name as their base. The batch path alone uses FastJsonWriter below.
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

    void literal(const char* text) { raw(text); }
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
};

#if !defined(__EMSCRIPTEN__)
// Batch repricing's output (natively only): bytes as a std::string holds them, but room made to
// be written is not cleared first. The fast writer makes room for a whole quote before writing
// it, and std::string::resize writes a zero over every byte it adds (about 5 % of the
// instructions of `reprice --summary`), all of them written over at once.
class OutputBuffer {
public:
    OutputBuffer() = default;
    OutputBuffer(const OutputBuffer&) = delete;
    OutputBuffer& operator=(const OutputBuffer&) = delete;

    char* data() { return bytes_.get(); }
    const char* data() const { return bytes_.get(); }
    std::size_t size() const { return size_; }
    std::string_view view() const { return {bytes_.get(), size_}; }
    void clear() { size_ = 0; }
    void push_back(char c) {
        if (size_ == capacity_) make_room(size_ + 1);
        bytes_[size_++] = c;
    }
    void append(std::string_view text) {
        if (text.empty()) return;
        const std::size_t at = size_;
        resize_for_overwrite(size_ + text.size());
        std::memcpy(bytes_.get() + at, text.data(), text.size());
    }
    // The size set to `size`: bytes already held below it are kept, those added are left for the
    // caller to write (their values unspecified until then).
    void resize_for_overwrite(std::size_t size) {
        if (size > capacity_) make_room(size);
        size_ = size;
    }

private:
    std::unique_ptr<char[]> bytes_;
    std::size_t size_ = 0, capacity_ = 0;

#if defined(__GNUC__)
    __attribute__((noinline))
#endif
    void make_room(std::size_t size) {
        const std::size_t capacity = size > 2 * capacity_ ? size : 2 * capacity_;
        std::unique_ptr<char[]> bytes(new char[capacity]);  // not value-initialised: not cleared
        if (size_ > 0) std::memcpy(bytes.get(), bytes_.get(), size_);
        bytes_ = std::move(bytes);
        capacity_ = capacity;
    }
};

// Batch repricing's writer (natively only; the wasm modules link JsonWriter alone): the same
// bytes, written through a pointer into room made in the output once per quote (and again only
// when a quote outgrows it), so that a key or a value is a few stores instead of a call into the
// string's append. Keys are the engine's literals, their lengths known where they are written.
// The output is cut back to what was written when the writer goes.
class FastJsonWriter {
public:
    // `expected`: about how many bytes the caller will write (more are made room for as needed).
    explicit FastJsonWriter(OutputBuffer& out, std::size_t expected = 256) : out_(out), start_(out.size()) {
        out_.resize_for_overwrite(start_ + expected + kSlack);
        reset(start_);
    }
    ~FastJsonWriter() { out_.resize_for_overwrite(std::size_t(at_ - out_.data())); }
    FastJsonWriter(const FastJsonWriter&) = delete;
    FastJsonWriter& operator=(const FastJsonWriter&) = delete;

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }

    template <std::size_t N>
    void key(const char (&name)[N]) {
        room(N + 3);
        comma();
        at_[0] = '"';
        std::memcpy(at_ + 1, name, N - 1);
        at_[N] = '"';
        at_[N + 1] = ':';
        at_ += N + 2;
        need_comma_ = false;
    }
    void string(const std::string& text) { write_string(text.data(), text.size()); }
    void decimal_fixed(const Decimal& value, int digits) {
        room(std::size_t(Decimal::kMaxWritten + (digits > 0 ? digits : 0) + 3));
        open_plain_string();
        at_ = value.write_fixed(at_, digits);
        close_plain_string();
    }
    void decimal_shortest(const Decimal& value) {
        room(std::size_t(Decimal::kMaxWritten + 3));
        open_plain_string();
        at_ = value.write_string(at_);
        close_plain_string();
    }
    void null() { literal("null"); }
    void boolean(bool value) { value ? literal("true") : literal("false"); }
    void integer(long long value) {
        room(22);
        comma();
        unsigned long long magnitude = value < 0 ? 0ull - static_cast<unsigned long long>(value) : value;
        if (value < 0) *at_++ = '-';
        int count = 1;
        for (unsigned long long rest = magnitude; rest >= 10; rest /= 10) ++count;
        at_ += count;
        char* digit = at_;
        do {
            *--digit = char('0' + int(magnitude % 10));
            magnitude /= 10;
        } while (magnitude != 0);
        need_comma_ = true;
    }

    template <std::size_t N>
    void field(const char (&name)[N], const std::string& value) {
        key(name);
        string(value);
    }
    // A value the engine names itself ("monthly", a line's kind): no std::string made of it.
    template <std::size_t N>
    void field(const char (&name)[N], const char* value) {
        key(name);
        write_string(value, std::strlen(value));
    }
    template <std::size_t N>
    void field_or_null(const char (&name)[N], const std::string& value) {
        key(name);
        value.empty() ? null() : string(value);
    }

private:
    // Room past what `room` asks for: a string's words may be stored whole before they are checked.
    static constexpr std::size_t kSlack = 8;
    OutputBuffer& out_;
    std::size_t start_;    // where this writer's bytes begin in the output
    char* at_ = nullptr;   // where the next byte goes
    char* end_ = nullptr;  // the end of the room (kSlack bytes before the output's end)
    bool need_comma_ = false;

    void reset(std::size_t used) {
        at_ = out_.data() + used;
        end_ = out_.data() + out_.size() - kSlack;
    }
    void room(std::size_t bytes) {
        if (std::size_t(end_ - at_) < bytes) grow(bytes);
    }
#if defined(__GNUC__)
    __attribute__((noinline, cold))
#endif
    void grow(std::size_t bytes) {
        // This writer's room doubled (not the whole output's). Cut to what is written first, so
        // that only those bytes are copied if the buffer moves.
        const std::size_t used = std::size_t(at_ - out_.data()), written = used - start_;
        out_.resize_for_overwrite(used);
        out_.resize_for_overwrite(used + (bytes > written ? bytes : written) + kSlack);
        reset(used);
    }
    // A comma is stored always and kept when one is due.
    void comma() {
        *at_ = ',';
        at_ += need_comma_;
    }
    void open(char c) {
        room(2);
        comma();
        *at_++ = c;
        need_comma_ = false;
    }
    void close(char c) {
        room(1);
        *at_++ = c;
        need_comma_ = true;
    }
    void open_plain_string() {
        comma();
        *at_++ = '"';
    }
    void close_plain_string() {
        *at_++ = '"';
        need_comma_ = true;
    }
    template <std::size_t N>
    void literal(const char (&text)[N]) {
        room(N);
        comma();
        std::memcpy(at_, text, N - 1);
        at_ += N - 1;
        need_comma_ = true;
    }

    void write_string(const char* text, std::size_t size) {
        room(size + 3);
        open_plain_string();
        for (;;) {
            const std::size_t run = copy_plain_run(text, size);
            at_ += run;
            if (run == size) break;
            room(size - run + 6);  // the escape (at most six bytes), the rest and the closing quote
            escape(static_cast<unsigned char>(text[run]));
            text += run + 1;
            size -= run + 1;
        }
        close_plain_string();
    }
    // Per byte of a word, the zero-byte test sets the high bit for a byte below 0x20, '"' or
    // '\\'; a borrow may also set it in bytes above such a byte, never below, so the lowest one
    // set is the first byte to escape.
    template <class Word>
    static Word escape_marks(Word word) {
        constexpr Word kOnes = Word(~Word(0)) / 0xff, kHighs = kOnes * 0x80;
        const Word quote = word ^ (kOnes * '"'), backslash = word ^ (kOnes * '\\');
        return (((word - kOnes * 0x20) & ~word) | ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash)) &
               kHighs;
    }
    // Copies the bytes from `text` on that need no escaping to the output, and says how many
    // (bytes after them may be copied too: they are written over). Eight at a time; the last
    // word of a text of eight bytes or more is the one that ends it (its first bytes checked
    // again, plain); a shorter text four at a time the same way, or byte by byte.
    std::size_t copy_plain_run(const char* text, std::size_t size) {
        if (size >= 8) {
            std::size_t i = 0;
            for (;; i += 8) {
                if (i + 8 > size) i = size - 8;
                std::uint64_t word;
                std::memcpy(&word, text + i, 8);
                std::memcpy(at_ + i, &word, 8);
                if (const std::uint64_t marks = escape_marks(word))
                    return i + std::size_t(__builtin_ctzll(marks) >> 3);  // little-endian: lowest address
                if (i + 8 == size) return size;
            }
        }
        if (size >= 4) {
            for (std::size_t i : {std::size_t(0), size - 4}) {
                std::uint32_t word;
                std::memcpy(&word, text + i, 4);
                std::memcpy(at_ + i, &word, 4);
                if (const std::uint32_t marks = escape_marks(word)) return i + std::size_t(__builtin_ctz(marks) >> 3);
            }
            return size;
        }
        std::size_t i = 0;
        for (; i < size; ++i) {
            const unsigned char c = static_cast<unsigned char>(text[i]);
            if (c < 0x20 || c == '"' || c == '\\') break;
            at_[i] = char(c);
        }
        return i;
    }
    void escape(unsigned char c) {
        switch (c) {
            case '"': std::memcpy(at_, "\\\"", 2), at_ += 2; break;
            case '\\': std::memcpy(at_, "\\\\", 2), at_ += 2; break;
            case '\n': std::memcpy(at_, "\\n", 2), at_ += 2; break;
            case '\r': std::memcpy(at_, "\\r", 2), at_ += 2; break;
            case '\t': std::memcpy(at_, "\\t", 2), at_ += 2; break;
            default: {
                static const char hex[] = "0123456789abcdef";
                const char escape[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                std::memcpy(at_, escape, sizeof escape);
                at_ += sizeof escape;
            }
        }
    }
};
#endif

}  // namespace edgequote::detail
