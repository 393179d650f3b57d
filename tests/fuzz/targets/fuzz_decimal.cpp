// Fuzz target: exact decimal arithmetic, the base of every amount. Input: up to three decimal
// strings separated by newlines, then a byte choosing digits and a rounding mode. Checks the
// algebra that must hold exactly (a+b = b+a, (a+b)-b = a, a·b = b·a, a−a = 0, ordering agrees
// with subtraction), printing round-trips, rounding bounds and the division remainder bound.
#include <vector>

#include "../check_priced.hpp"
#include "fuzz_common.hpp"

namespace {

constexpr const char* kTarget = "fuzz_decimal";
using edgequote::Decimal;
using edgequote::RoundingMode;

[[noreturn]] void fail(const std::string& what, const Decimal& a, const Decimal& b) {
    fuzz::die(kTarget, what + " (a=" + a.to_string() + ", b=" + b.to_string() + ")");
}

Decimal ulp(int digits) {
    return *Decimal::parse(digits == 0 ? "1" : "0." + std::string(std::size_t(digits - 1), '0') + "1");
}

// Significant digits of the (normalized) mantissa: a product is exact when the operands'
// digits sum to at most Decimal::kMaxDigits and their scales to at most Decimal::kMaxScale.
int mantissa_digits(const Decimal& d) {
    int count = 0;
    bool leading = true;
    for (char c : d.to_string()) {
        if (c < '0' || c > '9') continue;
        if (leading && c == '0') continue;
        leading = false;
        ++count;
    }
    return count;
}

bool exact_product(const Decimal& a, const Decimal& b) {
    return mantissa_digits(a) + mantissa_digits(b) <= Decimal::kMaxDigits && a.scale() + b.scale() <= Decimal::kMaxScale;
}

void single(const Decimal& a, int digits, RoundingMode mode) {
    const std::string s = a.to_string();
    if (!check::is_shortest(nlohmann::ordered_json(s))) fail("to_string is not the shortest form: " + s, a, a);
    auto back = Decimal::parse(s);
    if (!back || *back != a) fail("to_string does not parse back", a, a);
    const Decimal r = a.round(digits, mode);
    if (r.is_overflow()) return;
    const std::string fixed = a.to_fixed(digits, mode);
    if (!check::is_fixed(nlohmann::ordered_json(fixed), digits)) fail("to_fixed format: " + fixed, a, r);
    if (check::dec_text(fixed) != r) fail("to_fixed is not round()", a, r);
    const Decimal error = (r - a).abs();
    const Decimal step = ulp(digits);
    const bool half = mode == RoundingMode::half_up || mode == RoundingMode::half_even;
    if (half ? error * Decimal::from_int(2) > step : error >= step) fail("rounding error too large", a, r);
    if (mode == RoundingMode::down && r.abs() > a.abs()) fail("round down grew", a, r);
    if (mode == RoundingMode::up && r.abs() < a.abs()) fail("round up shrank", a, r);
    if (!(a - a).is_zero()) fail("a - a != 0", a, a);
    if (-(-a) != a) fail("-(-a) != a", a, a);
}

void pair(const Decimal& a, const Decimal& b, int digits, RoundingMode mode) {
    const Decimal sum = a + b;
    if (sum != b + a) fail("a + b != b + a", a, b);
    if (!sum.is_overflow()) {
        const Decimal back = sum - b;
        if (!back.is_overflow() && back != a) fail("(a + b) - b != a", a, b);
    }
    const Decimal difference = a - b;
    if (!difference.is_overflow()) {
        const int c = compare(a, b);
        if (c != difference.sign()) fail("compare disagrees with subtraction", a, b);
        if (compare(b, a) != -c) fail("compare is not antisymmetric", a, b);
    }
    const Decimal product = a * b;
    if (product != b * a) fail("a * b != b * a", a, b);
    if (exact_product(a, b) && !b.is_zero() && !product.is_overflow()) {
        const Decimal back = product.divide(b, a.scale(), RoundingMode::down);
        if (back != a) fail("(a * b) / b != a for an exact product", a, b);
    }
    if (b.is_zero()) {
        if (!a.divide(b, digits, mode).is_overflow()) fail("division by zero did not overflow", a, b);
        return;
    }
    // Positive operands: q = a / b truncated to `digits` satisfies q·b <= a < (q + ulp)·b,
    // checked only where those products are exact (no rounding past the maximum scale).
    if (a.sign() > 0 && b.sign() > 0) {
        const Decimal q = a.divide(b, digits, RoundingMode::down);
        if (q.is_overflow() || !exact_product(q + ulp(digits), b) || !exact_product(q, b)) return;
        const Decimal low = q * b, high = (q + ulp(digits)) * b;
        if (low.is_overflow() || high.is_overflow()) return;
        if (low > a || high <= a) fail("division remainder out of bounds, q=" + q.to_string(), a, b);
        const Decimal up = a.divide(b, digits, RoundingMode::up);
        if (up != q && up != q + ulp(digits)) fail("divide up is not q or q + ulp", a, b);
        const Decimal rounded = a.divide(b, digits, mode);
        if (rounded != q && rounded != q + ulp(digits)) fail("divide rounded is not q or q + ulp", a, b);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 512) return 0;
    const std::string input(reinterpret_cast<const char*>(data), size);
    std::vector<Decimal> values;
    std::size_t start = 0;
    unsigned char control = 0;
    while (start <= input.size() && values.size() < 3) {
        std::size_t end = input.find('\n', start);
        if (end == std::string::npos) end = input.size();
        const std::string token = input.substr(start, end - start);
        if (auto d = Decimal::parse(token)) values.push_back(*d);
        else if (token.size() == 1) control = static_cast<unsigned char>(token[0]);
        start = end + 1;
    }
    const int digits = control % 13;
    const RoundingMode mode = RoundingMode((control / 13) % 4);
    for (const auto& a : values) single(a, digits, mode);
    for (const auto& a : values)
        for (const auto& b : values) pair(a, b, digits, mode);
    if (values.size() == 3) {
        const Decimal& a = values[0];
        const Decimal& b = values[1];
        const Decimal& c = values[2];
        const Decimal left = (a + b) + c, right = a + (b + c);
        if (!left.is_overflow() && !right.is_overflow() && left != right) fail("addition is not associative", a, b);
        const Decimal ab_c = a * (b + c), ab_ac = a * b + a * c;
        // Exact when nothing had to be rounded to the maximum scale.
        if (exact_product(a, b) && exact_product(a, c) && exact_product(a, b + c) && !ab_c.is_overflow() &&
            !ab_ac.is_overflow() && ab_c != ab_ac)
            fail("multiplication does not distribute", a, b);
    }
    return 0;
}
