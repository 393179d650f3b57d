#pragma once
// Whether two 32-byte big-endian coordinates are a point of the NIST P-256 curve
// (y² = x³ − 3x + b mod p). This is a shape check of a public key at validation time, so a
// mistyped key is refused when the book is checked rather than when a signature is; signing and
// verifying stay with WebCrypto and OpenSSL.
#include <string_view>

namespace edgequote::detail {

bool is_p256_point(std::string_view x_bytes, std::string_view y_bytes);

}  // namespace edgequote::detail
