#include "edgequote/decimal.hpp"

#include <algorithm>
#include <cstring>

namespace edgequote {
namespace {

using i128 = Int128;
using u128 = UInt128;
using u64 = std::uint64_t;

constexpr u128 pow10_u128(int n) {
    u128 value = 1;
    for (int i = 0; i < n; ++i) value *= 10;
    return value;
}
constexpr u128 kMaxMantissa = pow10_u128(Decimal::kMaxDigits);  // exclusive bound

struct Pow10Table {
    u128 value[39];
    constexpr Pow10Table() : value() {
        for (int i = 0; i < 39; ++i) value[i] = pow10_u128(i);
    }
    constexpr u128 operator[](int i) const { return value[i]; }
};
constexpr Pow10Table kPow10;

u128 magnitude(i128 v) { return v < 0 ? u128(0) - u128(v) : u128(v); }

// The k with m = 10^k (0 <= k <= 18), or -1.
int power_of_ten(u128 m) {
#if EDGEQUOTE_DECIMAL_INLINE
    // Natively without the table's walk: 10^k = 2^k * 5^k with 5^k odd, so its trailing zero
    // bits are k, and one comparison says (every 10^k here is below 2^64).
    if (m == 0 || m > UINT64_MAX) return -1;
    const int k = __builtin_ctzll(u64(m));
    return k <= 18 && m == kPow10[k] ? k : -1;
#else
    for (int k = 0; k <= 18; ++k)
        if (m == kPow10[k]) return k;
    return -1;
#endif
}

// A 256-bit unsigned integer, just enough for the slow paths: a full 128×128 product, and
// numerators scaled up for division. Little-endian 64-bit limbs.
struct U256 {
    u64 limb[4] = {0, 0, 0, 0};

    static U256 from(u128 v) {
        U256 r;
        r.limb[0] = u64(v);
        r.limb[1] = u64(v >> 64);
        return r;
    }
    static U256 product(u128 a, u128 b) {
        const u64 a0 = u64(a), a1 = u64(a >> 64), b0 = u64(b), b1 = u64(b >> 64);
        U256 r;
        const u128 p00 = u128(a0) * b0, p01 = u128(a0) * b1, p10 = u128(a1) * b0,
                   p11 = u128(a1) * b1;
        r.limb[0] = u64(p00);
        u128 mid = (p00 >> 64) + u64(p01) + u64(p10);
        r.limb[1] = u64(mid);
        u128 high = (mid >> 64) + (p01 >> 64) + (p10 >> 64) + u64(p11);
        r.limb[2] = u64(high);
        r.limb[3] = u64((high >> 64) + (p11 >> 64));
        return r;
    }
    bool is_zero() const { return !(limb[0] | limb[1] | limb[2] | limb[3]); }
    bool fits_u128() const { return limb[2] == 0 && limb[3] == 0; }
    u128 low() const { return (u128(limb[1]) << 64) | limb[0]; }
    // Divides in place by a small divisor; returns the remainder.
    u64 divide_small(u64 divisor) {
        u128 remainder = 0;
        for (int i = 3; i >= 0; --i) {
            const u128 current = (remainder << 64) | limb[i];
            limb[i] = u64(current / divisor);
            remainder = current % divisor;
        }
        return u64(remainder);
    }
    // Multiplies in place by a small factor; returns false when the result needs > 256 bits.
    bool multiply_small(u64 factor) {
        u128 carry = 0;
        for (auto& l : limb) {
            const u128 current = u128(l) * factor + carry;
            l = u64(current);
            carry = current >> 64;
        }
        return carry == 0;
    }
    int compare(const U256& o) const {
        for (int i = 3; i >= 0; --i)
            if (limb[i] != o.limb[i]) return limb[i] < o.limb[i] ? -1 : 1;
        return 0;
    }
    void subtract(const U256& o) {
        u64 borrow = 0;
        for (int i = 0; i < 4; ++i) {
            const u64 before = limb[i];
            const u64 diff = before - o.limb[i] - borrow;
            borrow = (before < o.limb[i] || (before - o.limb[i]) < borrow) ? 1 : 0;
            limb[i] = diff;
        }
    }
    void shift_left_one() {
        for (int i = 3; i > 0; --i) limb[i] = (limb[i] << 1) | (limb[i - 1] >> 63);
        limb[0] <<= 1;
    }
    bool bit(int index) const { return (limb[index / 64] >> (index % 64)) & 1; }
};

// Decides whether a truncated quotient moves one away from zero.
// `half` compares the discarded remainder with half the divisor: -1 below, 0 exact, 1 above.
bool rounds_away(RoundingMode mode, bool remainder_nonzero, int half, bool quotient_odd) {
    if (!remainder_nonzero) return false;
    switch (mode) {
        case RoundingMode::down: return false;
        case RoundingMode::up: return true;
        case RoundingMode::half_up: return half >= 0;
        case RoundingMode::half_even: return half > 0 || (half == 0 && quotient_odd);
    }
    return false;
}

// Divides a 256-bit magnitude by 10^count, rounding with `mode`; the result may not fit.
U256 shed_digits(U256 value, int count, RoundingMode mode) {
    bool sticky = false;  // any nonzero digit dropped before the last one
    u64 last = 0;
    for (int i = 0; i < count; ++i) {
        if (last != 0) sticky = true;
        last = value.divide_small(10);
    }
    if (count == 0) return value;
    const bool nonzero = last != 0 || sticky;
    const int half = last > 5 ? 1 : (last < 5 ? -1 : (sticky ? 1 : 0));
    if (rounds_away(mode, nonzero, half, value.limb[0] & 1)) {
        for (auto& l : value.limb)
            if (++l != 0) break;
    }
    return value;
}

}  // namespace

Decimal Decimal::make(i128 mantissa, int scale) {
    if (magnitude(mantissa) >= kMaxMantissa) return overflowed();
    return Decimal(mantissa, scale);
}

Decimal Decimal::from_int(std::int64_t value) { return make(value, 0); }

namespace {
thread_local std::uint64_t overflows_made = 0;
}  // namespace

std::uint64_t Decimal::overflow_count() { return overflows_made; }

Decimal Decimal::overflowed() {
    ++overflows_made;
    Decimal d;
    d.overflow_ = true;
    return d;
}

std::optional<Decimal> Decimal::parse(std::string_view text) {
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && text[i] == '-') {
        negative = true;
        ++i;
    }
    u128 mantissa = 0;
    int digits = 0, scale = 0;
    bool seen_point = false, digit_before_point = false, digit_after_point = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '.') {
            if (seen_point || !digit_before_point) return std::nullopt;
            seen_point = true;
            continue;
        }
        if (c < '0' || c > '9') return std::nullopt;
        if (seen_point) {
            digit_after_point = true;
            ++scale;
        } else {
            digit_before_point = true;
        }
        if (mantissa != 0 || c != '0') ++digits;
        if (digits > kMaxDigits || scale > kMaxScale) return std::nullopt;
        mantissa = mantissa * 10 + u128(c - '0');
    }
    if (!digit_before_point || (seen_point && !digit_after_point)) return std::nullopt;
    const i128 signed_mantissa = negative ? -i128(mantissa) : i128(mantissa);
    return Decimal(signed_mantissa, scale).normalized();
}

bool Decimal::is_integer() const { return !overflow_ && normalized().scale_ == 0; }

Decimal Decimal::normalized() const {
    if (overflow_) return *this;
    Decimal d = *this;
    if (d.mantissa_ >= INT64_MIN && d.mantissa_ <= INT64_MAX) {
        // Most values fit in 64 bits, where division is one instruction (in wasm too).
        std::int64_t m = std::int64_t(d.mantissa_);
        while (d.scale_ > 0 && m % 10 == 0) {
            m /= 10;
            --d.scale_;
        }
        d.mantissa_ = m;
        if (m == 0) d.scale_ = 0;
        return d;
    }
    while (d.scale_ > 0 && d.mantissa_ % 10 == 0) {
        d.mantissa_ /= 10;
        --d.scale_;
    }
    if (d.mantissa_ == 0) d.scale_ = 0;
    return d;
}

namespace {

// Appends mantissa / 10^scale: every digit of the mantissa, the point `scale` digits from the
// end ("0." first when the mantissa has fewer digits), then zeros until there are
// `fraction_digits` digits after the point. Written backwards into a stack buffer and appended
// once: at most 36 digits (plus "0." padding up to the scale), a point and a sign.
void append_digits(std::string& out, i128 mantissa, int scale, int fraction_digits) {
    char buffer[80];
    char* at = buffer + sizeof buffer;
    int written = 0;
    auto put = [&](char c) {
        *--at = c;
        if (++written == scale) *--at = '.';
    };
    u128 m = magnitude(mantissa);
    while (m > UINT64_MAX) {
        put(char('0' + int(m % 10)));
        m /= 10;
    }
    std::uint64_t small = std::uint64_t(m);  // 64-bit division for the common case
    do {
        put(char('0' + int(small % 10)));
        small /= 10;
    } while (small != 0);
    while (written <= scale) put('0');
    if (mantissa < 0) *--at = '-';
    out.append(at, buffer + sizeof buffer);
    if (fraction_digits > scale) {
        if (scale <= 0) out.push_back('.');
        out.append(std::size_t(fraction_digits - std::max(scale, 0)), '0');
    }
}

#if !defined(__EMSCRIPTEN__)
// "00", "01", … "99".
constexpr struct DigitPairs {
    char text[200] = {};
    constexpr DigitPairs() {
        for (int i = 0; i < 100; ++i) text[2 * i] = char('0' + i / 10), text[2 * i + 1] = char('0' + i % 10);
    }
} kDigitPairs;

// append_digits' characters written forwards at `out` (its length is known before the first
// digit: the digits are counted first), returning their end.
char* write_digits(char* out, i128 mantissa, int scale, int fraction_digits) {
    const u128 m = magnitude(mantissa);
    if (m > UINT64_MAX) {  // rare: through the string form
        std::string text;
        append_digits(text, mantissa, scale, fraction_digits);
        std::memcpy(out, text.data(), text.size());
        return out + text.size();
    }
    u64 small = u64(m);
    int count = 1;
    while (count < 20 && small >= u64(kPow10[count])) ++count;
    const int digits = scale > 0 ? std::max(count, scale + 1) : count;  // "0.0…" before a small value
    if (mantissa < 0) *out = '-';
    char* const end = out + (mantissa < 0) + digits + (scale > 0);
    // Right to left, two digits at a time (a division by 100 and a copy from a table): the
    // fraction's digits, the point, the whole part's.
    char* at = end;
    const auto put = [&](int n) {
        for (; n >= 2; n -= 2) {
            at -= 2;
            std::memcpy(at, kDigitPairs.text + 2 * (small % 100), 2);
            small /= 100;
        }
        if (n == 1) {
            *--at = char('0' + int(small % 10));
            small /= 10;
        }
    };
    if (scale > 0) {
        put(scale);
        *--at = '.';
        put(digits - scale);
    } else {
        put(digits);
    }
    out = end;
    if (fraction_digits > scale) {
        if (scale <= 0) *out++ = '.';
        for (int zeros = fraction_digits - std::max(scale, 0); zeros > 0; --zeros) *out++ = '0';
    }
    return out;
}

char* write_overflow(char* out) {
    std::memcpy(out, "overflow", 8);
    return out + 8;
}
#endif

}  // namespace

#if !defined(__EMSCRIPTEN__)
char* Decimal::write_string(char* out) const {
    if (overflow_) return write_overflow(out);
    const Decimal d = normalized();
    return write_digits(out, d.mantissa_, d.scale_, 0);
}

char* Decimal::write_fixed(char* out, int digits, RoundingMode mode) const {
    const Decimal r = overflow_ ? *this : round(digits, mode);
    if (r.overflow_) return write_overflow(out);
    return write_digits(out, r.mantissa_, r.scale_, digits);
}
#endif

void Decimal::append_string(std::string& out) const {
    if (overflow_) {
        out += "overflow";
        return;
    }
    const Decimal d = normalized();
    append_digits(out, d.mantissa_, d.scale_, 0);
}

void Decimal::append_fixed(std::string& out, int digits, RoundingMode mode) const {
    const Decimal r = overflow_ ? *this : round(digits, mode);
    if (r.overflow_) {
        out += "overflow";
        return;
    }
    // round() leaves a value with `digits` or fewer fractional digits as it is (its trailing
    // zeros print as the padding would); zero has no sign, so neither does a negative that
    // rounded to zero.
    append_digits(out, r.mantissa_, r.scale_, digits);
}

std::string Decimal::to_string() const {
    std::string out;
    append_string(out);
    return out;
}

std::string Decimal::to_fixed(int digits, RoundingMode mode) const {
    std::string out;
    append_fixed(out, digits, mode);
    return out;
}

Decimal Decimal::round(int digits, RoundingMode mode) const {
    if (overflow_ || scale_ <= digits) return *this;
    const int drop = scale_ - digits;
    const u128 mag = magnitude(mantissa_);
    if (mag <= UINT64_MAX && drop <= 19) {
        // In 64 bits (most amounts): the dropped part compared with half of 10^drop says what
        // shed_digits' last digit and sticky bit say.
        const u64 m = u64(mag), unit = u64(kPow10[drop]);
        u64 quotient = m / unit;
        const u64 dropped = m % unit, half_unit = unit / 2;
        const int half = dropped > half_unit ? 1 : (dropped < half_unit ? -1 : 0);
        if (rounds_away(mode, dropped != 0, half, quotient & 1)) ++quotient;
        return make(mantissa_ < 0 ? -i128(quotient) : i128(quotient), digits).normalized();
    }
    const U256 shed = shed_digits(U256::from(mag), drop, mode);
    const i128 m = i128(shed.low());
    return make(mantissa_ < 0 ? -m : m, digits).normalized();
}

Decimal Decimal::abs() const {
    if (overflow_) return *this;
    return Decimal(mantissa_ < 0 ? -mantissa_ : mantissa_, scale_);
}

Decimal Decimal::operator-() const {
    if (overflow_) return *this;
    return Decimal(-mantissa_, scale_);
}

namespace {
bool fits_i64(i128 v) { return v >= INT64_MIN && v <= INT64_MAX; }

// Brings both mantissas to the larger scale: one multiplication by a power of ten (scales are
// at most kMaxScale apart, well inside the table), false when it does not fit in 128 bits.
bool align(i128& a, int a_scale, i128& b, int b_scale, int& scale) {
    scale = std::max(a_scale, b_scale);
    const int apart = scale - std::min(a_scale, b_scale);
    if (apart <= 18 && fits_i64(a) && fits_i64(b)) {
        // |m| < 2^63 times 10^18 < 2^123: the product fits, no overflow check needed.
        if (a_scale < scale) a = i128(std::int64_t(a)) * std::int64_t(kPow10[apart]);
        if (b_scale < scale) b = i128(std::int64_t(b)) * std::int64_t(kPow10[apart]);
        return true;
    }
    if (apart > 38) return false;
    if (a_scale < scale && __builtin_mul_overflow(a, i128(kPow10[scale - a_scale]), &a)) return false;
    if (b_scale < scale && __builtin_mul_overflow(b, i128(kPow10[scale - b_scale]), &b)) return false;
    return true;
}
}  // namespace

#if EDGEQUOTE_DECIMAL_INLINE
Decimal Decimal::add(const Decimal& a, const Decimal& b) {
#else
Decimal operator+(const Decimal& a, const Decimal& b) {
#endif
    if (a.overflow_ || b.overflow_) return Decimal::overflowed();
    i128 x = a.mantissa_, y = b.mantissa_, sum;
    // Sums of amounts at one scale (totals of money) need no alignment.
    if (a.scale_ == b.scale_) return __builtin_add_overflow(x, y, &sum) ? Decimal::overflowed() : Decimal::make(sum, a.scale_);
    int scale;
    if (!align(x, a.scale_, y, b.scale_, scale) || __builtin_add_overflow(x, y, &sum))
        return Decimal::overflowed();
    return Decimal::make(sum, scale);
}

#if EDGEQUOTE_DECIMAL_INLINE
Decimal Decimal::subtract(const Decimal& a, const Decimal& b) { return add(a, -b); }
#else
Decimal operator-(const Decimal& a, const Decimal& b) { return a + (-b); }
#endif

#if EDGEQUOTE_DECIMAL_INLINE
Decimal Decimal::multiply(const Decimal& a, const Decimal& b) {
#else
Decimal operator*(const Decimal& a, const Decimal& b) {
#endif
    if (a.overflow_ || b.overflow_) return Decimal::overflowed();
    i128 product;
    const int scale = a.scale_ + b.scale_;
    // Two 64-bit mantissas multiply without a 128-bit overflow check (|product| < 2^126).
    if (scale <= Decimal::kMaxScale && fits_i64(a.mantissa_) && fits_i64(b.mantissa_))
        return Decimal::make(i128(std::int64_t(a.mantissa_)) * std::int64_t(b.mantissa_), scale).normalized();
    if (scale <= Decimal::kMaxScale && !__builtin_mul_overflow(a.mantissa_, b.mantissa_, &product))
        return Decimal::make(product, scale).normalized();
    // Slow path: the exact product in 256 bits, then shed fractional digits until it fits.
    U256 exact = U256::product(magnitude(a.mantissa_), magnitude(b.mantissa_));
    int target = std::min(scale, Decimal::kMaxScale);
    U256 value = shed_digits(exact, scale - target, RoundingMode::half_even);
    while (!(value.fits_u128() && value.low() < kMaxMantissa)) {
        if (target == 0) return Decimal::overflowed();
        --target;
        value = shed_digits(exact, scale - target, RoundingMode::half_even);
    }
    const bool negative = (a.mantissa_ < 0) != (b.mantissa_ < 0);
    const i128 m = i128(value.low());
    return Decimal::make(negative ? -m : m, target).normalized();
}

Decimal Decimal::divide(const Decimal& divisor, int digits, RoundingMode mode) const {
    if (overflow_ || divisor.overflow_ || divisor.mantissa_ == 0) return overflowed();
    // quotient = (this.m * 10^(digits + d.scale - this.scale)) / d.m, computed in 256 bits
    // with one extra digit kept for rounding.
    int shift = digits + divisor.scale_ - scale_ + 1;
    const bool negative = (mantissa_ < 0) != (divisor.mantissa_ < 0);
    // A divisor that is a power of ten (a unit's factor: GB in TB) moves the point: when the
    // exact quotient has no more than `digits` fractional digits, it is the answer as it stands
    // (what the division below gives, with nothing to round) — without a 128-bit division and
    // the 128-bit loop that strips the zeros it leaves.
    if (divisor.mantissa_ > 0) {
        const int k = power_of_ten(u128(divisor.mantissa_));
        const int scale = scale_ + k - divisor.scale_;
        if (k >= 0 && scale >= 0 && scale <= digits && scale <= kMaxScale) return Decimal(mantissa_, scale).normalized();
    }
#if EDGEQUOTE_DECIMAL_INLINE
    // Natively, first in 64 bits alone when the scaled numerator fits there (a percentage of an
    // amount, most quantities): the steps below without their 128-bit multiplication.
    if (shift >= 0 && shift <= 18 && magnitude(mantissa_) <= UINT64_MAX && magnitude(divisor.mantissa_) <= UINT64_MAX) {
        u64 n;
        const u64 d = u64(magnitude(divisor.mantissa_));
        if (!__builtin_mul_overflow(u64(magnitude(mantissa_)), u64(kPow10[shift]), &n)) {
            const u64 q = n / d;
            const bool sticky = n % d != 0;
            const u64 last = q % 10;
            u64 quotient = q / 10;
            const int half = last > 5 ? 1 : (last < 5 ? -1 : (sticky ? 1 : 0));
            if (rounds_away(mode, last != 0 || sticky, half, quotient & 1)) ++quotient;
            return make(negative ? -i128(quotient) : i128(quotient), digits).normalized();
        }
    }
#endif
    // Fast path: everything fits in 128 bits (nearly always: amounts, percentages, unit factors).
    {
        u128 numerator = magnitude(mantissa_), denominator = magnitude(divisor.mantissa_);
        const int power = shift < 0 ? -shift : shift;
        bool fits = power <= 38 &&
                    !__builtin_mul_overflow(shift > 0 ? numerator : denominator, kPow10[power],
                                            shift > 0 ? &numerator : &denominator);
        if (fits) {
            u128 quotient;
            bool sticky;
            u64 last;
            if (numerator <= UINT64_MAX && denominator <= UINT64_MAX) {
                // 64-bit division is an instruction; 128-bit division is a library call (in wasm too).
                const u64 n = u64(numerator), q = n / u64(denominator);
                sticky = n % u64(denominator) != 0;
                last = q % 10;
                quotient = q / 10;
            } else {
                quotient = numerator / denominator;
                sticky = numerator % denominator != 0;
                last = u64(quotient % 10);
                quotient /= 10;
            }
            const int half = last > 5 ? 1 : (last < 5 ? -1 : (sticky ? 1 : 0));
            if (rounds_away(mode, last != 0 || sticky, half, quotient & 1)) ++quotient;
            if (quotient >= kMaxMantissa) return fewer_digits(divisor, digits, mode);
            return make(negative ? -i128(quotient) : i128(quotient), digits).normalized();
        }
    }
    U256 numerator = U256::from(magnitude(mantissa_));
    U256 denominator = U256::from(magnitude(divisor.mantissa_));
    for (; shift > 0; --shift)
        if (!numerator.multiply_small(10)) return overflowed();
    for (; shift < 0; ++shift)
        if (!denominator.multiply_small(10)) return overflowed();
    // Binary long division: quotient and remainder of numerator / denominator.
    U256 quotient, remainder;
    for (int bit = 255; bit >= 0; --bit) {
        remainder.shift_left_one();
        if (numerator.bit(bit)) remainder.limb[0] |= 1;
        quotient.shift_left_one();
        if (remainder.compare(denominator) >= 0) {
            remainder.subtract(denominator);
            quotient.limb[0] |= 1;
        }
    }
    // Drop the extra digit with rounding; a nonzero remainder is sticky.
    const u64 last = quotient.divide_small(10);
    const bool sticky = !remainder.is_zero();
    const int half = last > 5 ? 1 : (last < 5 ? -1 : (sticky ? 1 : 0));
    if (rounds_away(mode, last != 0 || sticky, half, quotient.limb[0] & 1)) {
        for (auto& l : quotient.limb)
            if (++l != 0) break;
    }
    if (!quotient.fits_u128() || quotient.low() >= kMaxMantissa) return fewer_digits(divisor, digits, mode);
    const i128 m = i128(quotient.low());
    return make(negative ? -m : m, digits).normalized();
}

// A quotient too long for `digits` fractional digits keeps as many as fit (36 significant
// digits in all); only a quotient whose integer part alone is too long overflows.
Decimal Decimal::fewer_digits(const Decimal& divisor, int digits, RoundingMode mode) const {
    if (digits <= 0) return overflowed();
    return divide(divisor, digits - 1, mode);
}

Decimal Decimal::divide_pow10(int places) const {
    if (overflow_ || places <= 0) return *this;
    const Decimal shifted(mantissa_, scale_ + places);
    return shifted.scale_ > kMaxScale ? shifted.round(kMaxScale, RoundingMode::half_even) : shifted.normalized();
}

Decimal Decimal::divide_integer(const Decimal& divisor, bool round_up) const {
    return divide(divisor, 0, round_up ? RoundingMode::up : RoundingMode::down);
}

#if EDGEQUOTE_DECIMAL_INLINE
int Decimal::compare_values(const Decimal& a, const Decimal& b) {
#else
int compare(const Decimal& a, const Decimal& b) {
#endif
    if (a.overflow_ || b.overflow_) return int(a.overflow_) - int(b.overflow_);
    if (a.scale_ == b.scale_) return a.mantissa_ < b.mantissa_ ? -1 : (a.mantissa_ > b.mantissa_);
    if (a.sign() != b.sign()) return a.sign() < b.sign() ? -1 : 1;
    if (a.sign() == 0) return 0;
    // Nearly always both fit in 128 bits at the larger scale: compare the aligned mantissas.
    {
        i128 x = a.mantissa_, y = b.mantissa_;
        int scale;
        if (align(x, a.scale_, y, b.scale_, scale)) return x < y ? -1 : (x > y);
    }
    // Same sign: compare integer parts, then fractional parts brought to the largest scale
    // (a fraction below 10^-24 times 10^24 always fits, unlike a whole rescaled mantissa).
    const i128 a_pow = i128(pow10_u128(a.scale_)), b_pow = i128(pow10_u128(b.scale_));
    const i128 a_int = a.mantissa_ / a_pow, b_int = b.mantissa_ / b_pow;
    if (a_int != b_int) return a_int < b_int ? -1 : 1;
    i128 a_frac = a.mantissa_ % a_pow, b_frac = b.mantissa_ % b_pow;
    for (int s = a.scale_; s < Decimal::kMaxScale; ++s) a_frac *= 10;
    for (int s = b.scale_; s < Decimal::kMaxScale; ++s) b_frac *= 10;
    return a_frac < b_frac ? -1 : (a_frac > b_frac);
}

Decimal min(const Decimal& a, const Decimal& b) { return b < a ? b : a; }
Decimal max(const Decimal& a, const Decimal& b) { return a < b ? b : a; }

}  // namespace edgequote
