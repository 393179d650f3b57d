#pragma once
// The CLI's edge of signed approvals: SHA-256 and ECDSA P-256 verification with OpenSSL's
// libcrypto. The engine (core/) never sees a key or a hash function.
#include <string>
#include <string_view>

namespace edgequote::cli {

// Lowercase hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

// Whether `signature` (64 bytes, r || s as WebCrypto makes it) is a valid ECDSA P-256 / SHA-256
// signature of `message` by the public key `public_point` (65 bytes: 04 || x || y).
bool verify_p256(std::string_view message, std::string_view signature, std::string_view public_point);

}  // namespace edgequote::cli
