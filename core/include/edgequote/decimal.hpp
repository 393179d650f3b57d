#pragma once
// Exact decimal arithmetic for money, rates and quantities.
//
// A Decimal is an integer mantissa with a decimal scale: value = mantissa / 10^scale.
// Addition, subtraction and multiplication are exact; only division and explicit rounding
// lose digits, and they say how (a RoundingMode). Overflow is sticky, like a NaN: once an
// operation overflows, every result computed from it is overflowed too, so the engine can do
// its arithmetic plainly and check once, where it writes a result, that nothing overflowed.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace edgequote {

// GCC and Clang both provide 128-bit integers (natively and in wasm32); __extension__ says we mean it.
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

enum class RoundingMode { half_up, half_even, up, down };

class Decimal {
public:
    // Largest scale kept; products with more fractional digits are rounded half-even to it.
    static constexpr int kMaxScale = 24;
    // Largest mantissa magnitude: 10^36 leaves headroom below __int128's 1.7 * 10^38.
    static constexpr int kMaxDigits = 36;

    constexpr Decimal() = default;
    static Decimal from_int(std::int64_t value);
    static Decimal overflowed();
    // Strict grammar: -?[0-9]+(\.[0-9]+)?  (no exponent, no '+', no spaces, ≤ 36 digits).
    static std::optional<Decimal> parse(std::string_view text);

    bool is_overflow() const { return overflow_; }
    // How many overflowed values this thread has made (each operation that overflowed, or took
    // an overflowed operand, counts one). Only differences mean anything: the pricing step
    // compares the count before and after to prove that no overflow went unreported.
    static std::uint64_t overflow_count();
    bool is_zero() const { return !overflow_ && mantissa_ == 0; }
    int sign() const { return mantissa_ < 0 ? -1 : (mantissa_ > 0 ? 1 : 0); }
    int scale() const { return scale_; }
    bool is_integer() const;

    // Shortest exact form: "12.5", "0.00000075", "-3". Overflow prints "overflow".
    std::string to_string() const;
    // Exactly `digits` fractional digits, rounded with `mode` if needed: "12.50".
    std::string to_fixed(int digits, RoundingMode mode = RoundingMode::half_up) const;
    // The same, appended to `out` (no temporary strings: the writer's hot path).
    void append_string(std::string& out) const;
    void append_fixed(std::string& out, int digits, RoundingMode mode = RoundingMode::half_up) const;

    Decimal round(int digits, RoundingMode mode) const;
    // Quotient rounded to `digits` fractional digits. Division by zero overflows.
    Decimal divide(const Decimal& divisor, int digits, RoundingMode mode) const;
    // Exact division by 10^places (a percentage is divide_pow10(2)); beyond kMaxScale digits
    // the result is rounded half-even.
    Decimal divide_pow10(int places) const;
    // Integer quotient rounded up (ceil) or down (floor) — for package blocks.
    Decimal divide_integer(const Decimal& divisor, bool round_up) const;
    Decimal abs() const;
    Decimal operator-() const;
    // The same value without trailing fractional zeros ("10.500" -> "10.5"): what divide gives.
    Decimal normalized() const;

    friend Decimal operator+(const Decimal& a, const Decimal& b);
    friend Decimal operator-(const Decimal& a, const Decimal& b);
    friend Decimal operator*(const Decimal& a, const Decimal& b);
    Decimal& operator+=(const Decimal& b) { return *this = *this + b; }
    Decimal& operator-=(const Decimal& b) { return *this = *this - b; }

    // Ordering of values (overflowed values compare equal to each other and above all others).
    friend int compare(const Decimal& a, const Decimal& b);
    friend bool operator==(const Decimal& a, const Decimal& b) { return compare(a, b) == 0; }
    friend bool operator!=(const Decimal& a, const Decimal& b) { return compare(a, b) != 0; }
    friend bool operator<(const Decimal& a, const Decimal& b) { return compare(a, b) < 0; }
    friend bool operator<=(const Decimal& a, const Decimal& b) { return compare(a, b) <= 0; }
    friend bool operator>(const Decimal& a, const Decimal& b) { return compare(a, b) > 0; }
    friend bool operator>=(const Decimal& a, const Decimal& b) { return compare(a, b) >= 0; }
    // The same digits and scale, not only the same value ("7" and "7.0" are equal, not identical):
    // for deciding that an input is unchanged.
    friend bool identical(const Decimal& a, const Decimal& b) {
        return a.mantissa_ == b.mantissa_ && a.scale_ == b.scale_ && a.overflow_ == b.overflow_;
    }

private:
    constexpr Decimal(Int128 mantissa, int scale) : mantissa_(mantissa), scale_(scale) {}
    static Decimal make(Int128 mantissa, int scale);  // checks the digit limit
    Decimal fewer_digits(const Decimal& divisor, int digits, RoundingMode mode) const;

    Int128 mantissa_ = 0;
    int scale_ = 0;
    bool overflow_ = false;
};

Decimal min(const Decimal& a, const Decimal& b);
Decimal max(const Decimal& a, const Decimal& b);

}  // namespace edgequote
