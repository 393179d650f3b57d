#pragma once
// Signed approvals: what an approver signs, the token that carries it, and which fired rules of
// a priced quote the approvals cover. Pure like the rest of the engine: no clock, no hashing,
// no signatures. The edges (WebCrypto in the browser, OpenSSL's libcrypto in the CLI) hash the
// book and the priced quote, sign and verify; they pass their verdicts in here, so the browser
// and the CLI sign the same bytes and reach the same decision.
//
// A token is "eqa1." + base64url(statement) + "." + base64url(signature): the statement is the
// canonical JSON below, the signature ECDSA P-256 with SHA-256 over its exact bytes, as the
// 64 bytes r || s (WebCrypto's form).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edgequote/decimal.hpp"
#include "edgequote/error.hpp"
#include "edgequote/pricebook.hpp"
#include "edgequote/quote.hpp"

namespace edgequote {

constexpr std::size_t kMaxApprovalTokenBytes = 8192;
constexpr std::size_t kMaxApprovalCommentBytes = 1000;

// A fired rule as the approver saw it.
struct ApprovedRule {
    std::string rule;
    std::string level;
    std::optional<Decimal> value;  // none for finding rules
};

// What an approver signs. Written by write_approval_statement in this key order, no spaces:
// {"edgequote_approval":1,"decision","book":{"id","version","sha256"},
//  "quote":{"sha256","customer","segment"},"level","rules":[{"rule","level","value"}],
//  "approver","time","comment"}
struct ApprovalStatement {
    std::string decision;  // approved | rejected
    std::string book_id;
    std::string book_version;
    std::string book_sha256;   // of the book file's bytes, lowercase hex
    std::string quote_sha256;  // of the canonical priced quote (edgequote price BOOK QUOTE)
    std::string customer;      // the deal the approval is for: an approval does not move to another
    std::string segment;
    std::string level;         // the level the quote required when it was approved
    std::vector<ApprovedRule> rules;  // the rules that fired, with their values
    std::string approver;      // an approver id of the book
    std::string time;          // UTC, YYYY-MM-DDTHH:MM:SSZ, the signer's clock
    std::string comment;
};

std::string write_approval_statement(const ApprovalStatement& statement);

// What the approver's side adds to a priced quote to make a statement.
struct StatementInput {
    std::string decision = "approved";
    std::string book_sha256;
    std::string quote_sha256;
    std::string approver;
    std::string time;
    std::string comment;
};

struct StatementResult {
    std::string text;  // the canonical bytes to sign; empty when `errors` is not
    Errors errors;
};

// The one function that makes the bytes an approver signs, from the priced quote they looked
// at. Refuses a quote with errors, an approver not in the book, an approval above the
// approver's level (a rejection is anyone's), and malformed hashes, time or comment.
StatementResult approval_statement(const PriceBook& book, const PricedQuote& priced, const StatementInput& input);

// A token taken apart (no signature check: that needs the approver's key and happens at the edge).
struct OpenedToken {
    ApprovalStatement statement;
    std::string signed_bytes;       // exactly what the signature is over
    std::string signature;          // 64 bytes: r || s
    std::string verification_code;  // short, printable: from the signature (XXXX-XXXX)
};

struct OpenedTokenResult {
    std::optional<OpenedToken> token;
    Errors errors;  // approval_token_too_large or approval_token_malformed
};

OpenedTokenResult open_approval_token(std::string_view token);
// The token for a statement and its 64-byte signature; empty if the statement is not canonical.
std::string make_approval_token(std::string_view statement, std::string_view signature);

const Approver* find_approver(const PriceBook& book, const std::string& id);
// The approver's public key as an uncompressed point, 04 || x || y (65 bytes), for libcrypto
// or WebCrypto's "raw" import.
std::string public_point(const Approver& approver);

// ---- Coverage -------------------------------------------------------------------------

// One approval offered for a quote: its token taken apart (or why it could not be), and the
// edge's verdict on its signature against the approver's key in the book.
struct ApprovalEvidence {
    std::optional<OpenedToken> token;
    Error token_error;         // when `token` is empty
    bool signature_valid = false;
};

ApprovalEvidence evidence_from_token(std::string_view token, bool signature_valid);

struct ApprovalVerdict {
    bool valid = false;
    std::string code;     // why not valid (an approval_* code); empty when valid
    std::string message;
    std::optional<ApprovalStatement> statement;
    std::string approver_name;
    std::string approver_level;  // in the book
    bool same_quote = false;     // signed over exactly this priced quote
    std::string verification_code;
};

struct RuleCoverage {
    RuleCheck check;                  // the fired rule, as priced now
    bool covered = false;
    std::vector<std::string> by;      // approver ids whose approvals cover it
    std::optional<Decimal> approved_value;  // the value approved, when an approval named the rule
    std::string code;                 // open: approval_missing / _value_moved / _new_rule
    std::string message;              // why covered or why open, for a person
};

struct Coverage {
    std::string status;          // not_required | approved | open
    std::string required_level;  // the quote's approval level now
    std::vector<RuleCoverage> rules;        // every fired rule, in policy order
    std::vector<ApprovalVerdict> approvals; // one per evidence, in order
};

// Which fired rules of `priced` (priced with `book`, whose file hashes to `book_sha256`; the
// canonical priced quote hashes to `quote_sha256`) the approvals cover. An approval covers a
// fired rule when it is valid (signed by an approver of this book with a valid signature,
// approved, same book bytes, same customer and segment, within the approver's level) and
//   - it named the rule, and the rule's value is not further past the threshold than the value
//     approved (approved at 32% off: 31% covered, 33% open); a finding rule stays covered; or
//   - it did not name the rule (it fired since) and the rule's level is below the approved level.
Coverage approval_coverage(const PriceBook& book, const std::string& book_sha256, const PricedQuote& priced,
                           const std::string& quote_sha256, const std::vector<ApprovalEvidence>& evidence);

// {"status","required_level","rules":[...],"approvals":[...]}, canonical (the CLI's
// `edgequote verify` output and the wasm module's, byte for byte).
std::string write_coverage(const Coverage& coverage);

}  // namespace edgequote
