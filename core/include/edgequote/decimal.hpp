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

// Natively, sums, differences, products and comparisons of values whose mantissas fit in 64
// bits at a common scale (nearly every amount, rate and quantity) are inline: no call, no
// 128-bit alignment, no digit-limit check (a 64-bit mantissa is far inside it). The wasm modules keep
// one out-of-line copy of each, for their size. Both give the same values, scales and overflows.
#if !defined(__EMSCRIPTEN__)
#define EDGEQUOTE_DECIMAL_INLINE 1
// Inlined even into long functions (the totals' loop), where the compiler would call a copy.
#if defined(__GNUC__)
#define EDGEQUOTE_DECIMAL_FAST __attribute__((always_inline)) inline
#else
#define EDGEQUOTE_DECIMAL_FAST inline
#endif
#else
#define EDGEQUOTE_DECIMAL_INLINE 0
#define EDGEQUOTE_DECIMAL_FAST inline
#endif

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
#if !defined(__EMSCRIPTEN__)
    // The same characters written at `out`, which has room for kMaxWritten + max(digits, 0) of
    // them; returns their end. Natively only: batch repricing's writer writes through a pointer.
    static constexpr int kMaxWritten = 48;  // a sign, 36 digits, a point, "0." before a small value
    char* write_string(char* out) const;
    char* write_fixed(char* out, int digits, RoundingMode mode = RoundingMode::half_up) const;
#endif

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

#if EDGEQUOTE_DECIMAL_INLINE
    friend EDGEQUOTE_DECIMAL_FAST Decimal operator+(const Decimal& a, const Decimal& b) {
        std::int64_t x, y, sum;
        int scale;
        if (aligned_small(a, b, x, y, scale) && !__builtin_add_overflow(x, y, &sum)) return Decimal(sum, scale);
        return add(a, b);
    }
    friend EDGEQUOTE_DECIMAL_FAST Decimal operator-(const Decimal& a, const Decimal& b) {
        std::int64_t x, y, difference;
        int scale;
        if (aligned_small(a, b, x, y, scale) && !__builtin_sub_overflow(x, y, &difference)) return Decimal(difference, scale);
        return subtract(a, b);
    }
    // A product of two 64-bit mantissas that fits in 64 bits, without its trailing zeros.
    friend EDGEQUOTE_DECIMAL_FAST Decimal operator*(const Decimal& a, const Decimal& b) {
        std::int64_t x = std::int64_t(a.mantissa_), y = std::int64_t(b.mantissa_), product;
        int scale = a.scale_ + b.scale_;
        if (a.overflow_ || b.overflow_ || Int128(x) != a.mantissa_ || Int128(y) != b.mantissa_ || scale > kMaxScale ||
            __builtin_mul_overflow(x, y, &product))
            return multiply(a, b);
        while (scale > 0 && product % 10 == 0) product /= 10, --scale;
        return Decimal(product, product == 0 ? 0 : scale);
    }
#else
    friend Decimal operator+(const Decimal& a, const Decimal& b);
    friend Decimal operator-(const Decimal& a, const Decimal& b);
    friend Decimal operator*(const Decimal& a, const Decimal& b);
#endif
    EDGEQUOTE_DECIMAL_FAST Decimal& operator+=(const Decimal& b) { return *this = *this + b; }
    EDGEQUOTE_DECIMAL_FAST Decimal& operator-=(const Decimal& b) { return *this = *this - b; }

    // Ordering of values (overflowed values compare equal to each other and above all others).
#if EDGEQUOTE_DECIMAL_INLINE
    friend EDGEQUOTE_DECIMAL_FAST int compare(const Decimal& a, const Decimal& b) {
        std::int64_t x, y;
        int scale;
        if (aligned_small(a, b, x, y, scale)) return (x > y) - (x < y);
        return compare_values(a, b);
    }
#else
    friend int compare(const Decimal& a, const Decimal& b);
#endif
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
#if EDGEQUOTE_DECIMAL_INLINE
    // The general forms, out of line (decimal.cpp), for what the inline fast paths leave.
    static Decimal add(const Decimal& a, const Decimal& b);
    static Decimal subtract(const Decimal& a, const Decimal& b);
    static Decimal multiply(const Decimal& a, const Decimal& b);
    static int compare_values(const Decimal& a, const Decimal& b);
    static constexpr std::int64_t kPow10Small[19] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
                                                     1000000000, 10000000000, 100000000000, 1000000000000,
                                                     10000000000000, 100000000000000, 1000000000000000,
                                                     10000000000000000, 100000000000000000, 1000000000000000000};
    // Both mantissas in 64 bits at the larger scale (`scale`): false when either is overflowed,
    // does not fit, or would not fit once scaled.
    static EDGEQUOTE_DECIMAL_FAST bool aligned_small(const Decimal& a, const Decimal& b, std::int64_t& x, std::int64_t& y, int& scale) {
        x = std::int64_t(a.mantissa_), y = std::int64_t(b.mantissa_);
        if (a.overflow_ || b.overflow_ || Int128(x) != a.mantissa_ || Int128(y) != b.mantissa_) return false;
        if (a.scale_ == b.scale_) return scale = a.scale_, true;
        if (a.scale_ < b.scale_) {
            scale = b.scale_;
            return b.scale_ - a.scale_ <= 18 && !__builtin_mul_overflow(x, kPow10Small[b.scale_ - a.scale_], &x);
        }
        scale = a.scale_;
        return a.scale_ - b.scale_ <= 18 && !__builtin_mul_overflow(y, kPow10Small[a.scale_ - b.scale_], &y);
    }
#endif
    Decimal fewer_digits(const Decimal& divisor, int digits, RoundingMode mode) const;

    Int128 mantissa_ = 0;
    int scale_ = 0;
    bool overflow_ = false;
};

#if EDGEQUOTE_DECIMAL_INLINE
// The inline friends, visible to qualified lookup as the out-of-line ones are.
Decimal operator+(const Decimal& a, const Decimal& b);
Decimal operator-(const Decimal& a, const Decimal& b);
Decimal operator*(const Decimal& a, const Decimal& b);
int compare(const Decimal& a, const Decimal& b);
#endif

Decimal min(const Decimal& a, const Decimal& b);
Decimal max(const Decimal& a, const Decimal& b);

}  // namespace edgequote
