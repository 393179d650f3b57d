#include "p256_curve.hpp"

#include <array>
#include <cstdint>

namespace edgequote::detail {
namespace {

// 256-bit numbers as four 64-bit limbs, least significant first. Three multiplications per key
// are needed, so the plainest correct arithmetic (shift-and-add, conditional subtraction) is
// used rather than a fast reduction.
using U256 = std::array<std::uint64_t, 4>;

constexpr U256 kP = {0xFFFFFFFFFFFFFFFFull, 0x00000000FFFFFFFFull, 0x0000000000000000ull, 0xFFFFFFFF00000001ull};
constexpr U256 kB = {0x3BCE3C3E27D2604Bull, 0x651D06B0CC53B0F6ull, 0xB3EBBD55769886BCull, 0x5AC635D8AA3A93E7ull};

bool less(const U256& a, const U256& b) {
    for (int i = 3; i >= 0; --i)
        if (a[i] != b[i]) return a[i] < b[i];
    return false;
}

// a + b mod 2^256; returns the carry.
bool add(U256& a, const U256& b) {
    bool carry = false;
    for (int i = 0; i < 4; ++i) {
        const std::uint64_t sum = a[i] + b[i];
        const bool c1 = sum < a[i];
        a[i] = sum + (carry ? 1 : 0);
        carry = c1 || (carry && a[i] == 0);
    }
    return carry;
}

// a - b mod 2^256; returns the borrow.
bool sub(U256& a, const U256& b) {
    bool borrow = false;
    for (int i = 0; i < 4; ++i) {
        const std::uint64_t diff = a[i] - b[i];
        const bool b1 = a[i] < b[i];
        const bool b2 = borrow && diff == 0;
        a[i] = diff - (borrow ? 1 : 0);
        borrow = b1 || b2;
    }
    return borrow;
}

// Inputs below p; so is the result.
U256 add_mod(U256 a, const U256& b) {
    if (add(a, b) || !less(a, kP)) sub(a, kP);
    return a;
}

U256 sub_mod(U256 a, const U256& b) {
    if (sub(a, b)) add(a, kP);
    return a;
}

U256 mul_mod(const U256& a, const U256& b) {
    U256 r = {0, 0, 0, 0};
    for (int bit = 255; bit >= 0; --bit) {
        r = add_mod(r, r);
        if ((a[std::size_t(bit / 64)] >> (bit % 64)) & 1) r = add_mod(r, b);
    }
    return r;
}

U256 from_bytes(std::string_view bytes) {
    U256 n = {0, 0, 0, 0};
    for (std::size_t i = 0; i < 32; ++i)
        n[(31 - i) / 8] |= std::uint64_t(static_cast<unsigned char>(bytes[i])) << (8 * ((31 - i) % 8));
    return n;
}

}  // namespace

bool is_p256_point(std::string_view x_bytes, std::string_view y_bytes) {
    if (x_bytes.size() != 32 || y_bytes.size() != 32) return false;
    const U256 x = from_bytes(x_bytes), y = from_bytes(y_bytes);
    if (!less(x, kP) || !less(y, kP)) return false;
    const U256 three = {3, 0, 0, 0};
    const U256 rhs = add_mod(mul_mod(x, sub_mod(mul_mod(x, x), three)), kB);  // x(x² − 3) + b
    return mul_mod(y, y) == rhs;
}

}  // namespace edgequote::detail
