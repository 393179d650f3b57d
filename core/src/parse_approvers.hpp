#pragma once
// The approvers of a book's approval policy (internal.approval.approvers): who may sign
// approvals, up to which level, with which ECDSA P-256 public key (a JWK).
#include <string>

#include "edgequote/pricebook.hpp"
#include "json_reader.hpp"

namespace edgequote::detail {

// Reads `list` (at `path`) into internal.approvers; the levels must already be read. Reports
// unknown levels, malformed or private keys, keys off the curve, and ids or keys listed twice.
void parse_approvers(Reader& reader, const Json& list, const std::string& path, Internal& internal);

}  // namespace edgequote::detail
