// Approval statements and tokens: the canonical bytes an approver signs, and taking a token
// apart again. The signature itself is made and checked at the edges (WebCrypto, libcrypto).
#include <algorithm>

#include "edgequote/base64url.hpp"
#include "edgequote/approvals.hpp"
#include "edgequote/error_codes.hpp"
#include "edgequote/json_writer.hpp"
#include "json_reader.hpp"

namespace edgequote {
namespace {

constexpr std::string_view kTokenPrefix = "eqa1.";
constexpr std::size_t kSignatureBytes = 64;

bool is_sha256_hex(const std::string& s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// YYYY-MM-DDTHH:MM:SSZ: one spelling per second, so the signed bytes have one form.
bool is_utc_time(const std::string& s) {
    if (s.size() != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
        return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18})
        if (s[i] < '0' || s[i] > '9') return false;
    auto two = [&](std::size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); };
    return two(5) >= 1 && two(5) <= 12 && two(8) >= 1 && two(8) <= 31 && two(11) <= 23 && two(14) <= 59 && two(17) <= 59;
}

// What a statement must satisfy beyond its shape; the first problem, or an empty string.
std::string statement_problem(const ApprovalStatement& s) {
    if (s.decision != "approved" && s.decision != "rejected") return "The decision is \"approved\" or \"rejected\".";
    if (!is_sha256_hex(s.book_sha256)) return "The book's SHA-256 is 64 lowercase hex digits.";
    if (!is_sha256_hex(s.quote_sha256)) return "The priced quote's SHA-256 is 64 lowercase hex digits.";
    if (s.approver.empty() || s.approver.size() > 200) return "The approver id is missing or too long.";
    if (!is_utc_time(s.time)) return "The time is UTC, written YYYY-MM-DDTHH:MM:SSZ.";
    if (s.comment.size() > kMaxApprovalCommentBytes)
        return "The comment is longer than " + std::to_string(kMaxApprovalCommentBytes) + " bytes.";
    return "";
}

// Crockford's base32 of the signature's first 40 bits, as XXXX-XXXX: short enough to read out
// from a printed quote, and matched against the token by anyone re-verifying it.
std::string verification_code_of(std::string_view signature) {
    static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < 5 && i < signature.size(); ++i) bits = bits << 8 | static_cast<unsigned char>(signature[i]);
    std::string code;
    for (int i = 7; i >= 0; --i) {
        code.push_back(alphabet[(bits >> (5 * i)) & 31]);
        if (i == 4) code.push_back('-');
    }
    return code;
}

Error malformed(std::string message, std::string path = "") {
    return Error{codes::approval_token_malformed, std::move(path), std::move(message)};
}

// The statement in a token's JSON; on failure the first problem.
std::optional<ApprovalStatement> read_statement(const detail::Json& doc, Errors& problems) {
    detail::Reader r(problems);
    if (!r.expect_object(doc, "")) return std::nullopt;
    r.check_keys(doc, "", {"edgequote_approval", "decision", "book", "quote", "level", "rules", "approver", "time", "comment"});
    ApprovalStatement s;
    auto version = r.integer(doc, "edgequote_approval", "", true);
    if (version && *version != 1) r.error(codes::approval_token_malformed, "/edgequote_approval", "Only version 1 approvals are read.");
    s.decision = r.string(doc, "decision", "", true).value_or("");
    if (const detail::Json* book = r.object(doc, "book", "", true)) {
        r.check_keys(*book, "/book", {"id", "version", "sha256"});
        s.book_id = r.string(*book, "id", "/book", true).value_or("");
        s.book_version = r.string(*book, "version", "/book", true).value_or("");
        s.book_sha256 = r.string(*book, "sha256", "/book", true).value_or("");
    }
    if (const detail::Json* quote = r.object(doc, "quote", "", true)) {
        r.check_keys(*quote, "/quote", {"sha256", "customer", "segment"});
        s.quote_sha256 = r.string(*quote, "sha256", "/quote", true).value_or("");
        s.customer = r.string(*quote, "customer", "/quote", true).value_or("");
        s.segment = r.string(*quote, "segment", "/quote", true).value_or("");
    }
    s.level = r.string(doc, "level", "", true).value_or("");
    if (const detail::Json* rules = r.array(doc, "rules", "", true)) {
        for (std::size_t i = 0; i < rules->size(); ++i) {
            const std::string path = pointer_append("/rules", i);
            const detail::Json& node = (*rules)[i];
            if (!r.expect_object(node, path)) continue;
            r.check_keys(node, path, {"rule", "level", "value"});
            ApprovedRule rule;
            rule.rule = r.string(node, "rule", path, true).value_or("");
            rule.level = r.string(node, "level", path, true).value_or("");
            auto value = node.find("value");
            if (value == node.end()) r.error(codes::missing_field, pointer_append(path, "value"), "\"value\" is required (null for a finding).");
            else if (!value->is_null()) rule.value = r.decimal(node, "value", path, true);
            s.rules.push_back(std::move(rule));
        }
    }
    s.approver = r.string(doc, "approver", "", true).value_or("");
    s.time = r.string(doc, "time", "", true).value_or("");
    s.comment = r.string(doc, "comment", "", true).value_or("");
    if (!problems.empty()) return std::nullopt;
    return s;
}

}  // namespace

std::string write_approval_statement(const ApprovalStatement& s) {
    std::string out;
    detail::JsonWriter w(out);
    w.begin_object();
    w.key("edgequote_approval"), w.integer(1);
    w.field("decision", s.decision);
    w.key("book");
    w.begin_object();
    w.field("id", s.book_id);
    w.field("version", s.book_version);
    w.field("sha256", s.book_sha256);
    w.end_object();
    w.key("quote");
    w.begin_object();
    w.field("sha256", s.quote_sha256);
    w.field("customer", s.customer);
    w.field("segment", s.segment);
    w.end_object();
    w.field("level", s.level);
    w.key("rules");
    w.begin_array();
    for (const auto& rule : s.rules) {
        w.begin_object();
        w.field("rule", rule.rule);
        w.field("level", rule.level);
        w.key("value");
        rule.value ? w.decimal_shortest(*rule.value) : w.null();
        w.end_object();
    }
    w.end_array();
    w.field("approver", s.approver);
    w.field("time", s.time);
    w.field("comment", s.comment);
    w.end_object();
    return out;
}

const Approver* find_approver(const PriceBook& book, const std::string& id) {
    if (!book.internal) return nullptr;
    for (const auto& approver : book.internal->approvers)
        if (approver.id == id) return &approver;
    return nullptr;
}

std::string public_point(const Approver& approver) {
    // Both coordinates were checked to decode to 32 bytes when the book was read.
    return "\x04" + base64url_decode(approver.key_x).value_or("") + base64url_decode(approver.key_y).value_or("");
}

StatementResult approval_statement(const PriceBook& book, const PricedQuote& priced, const StatementInput& input) {
    StatementResult result;
    auto fail = [&](const char* code, std::string path, std::string message) {
        result.errors.push_back(Error{code, std::move(path), std::move(message)});
        return result;
    };
    if (!priced.errors.empty()) return fail(priced.errors[0].code.c_str(), priced.errors[0].path, priced.errors[0].message);
    if (!book.internal || !priced.internal)
        return fail(codes::approval_unknown_approver, "", "This book has no internal part: it lists no approvers.");
    const Approver* approver = find_approver(book, input.approver);
    if (!approver)
        return fail(codes::approval_unknown_approver, "/approver",
                    "\"" + input.approver + "\" is not an approver in " + book.id + " " + book.version + ".");
    ApprovalStatement s;
    s.decision = input.decision;
    s.book_id = book.id;
    s.book_version = book.version;
    s.book_sha256 = input.book_sha256;
    s.quote_sha256 = input.quote_sha256;
    s.customer = priced.customer_name;
    s.segment = priced.segment;
    s.level = priced.approval.level;
    for (const RuleCheck& check : priced.approval.fired) s.rules.push_back(ApprovedRule{check.rule, check.level, check.value});
    s.approver = input.approver;
    s.time = input.time;
    s.comment = input.comment;
    const std::string problem = statement_problem(s);
    if (!problem.empty()) return fail(codes::approval_input_invalid, "", problem);
    const auto& levels = book.internal->levels;
    const auto required = std::size_t(std::find(levels.begin(), levels.end(), s.level) - levels.begin());
    if (s.decision == "approved" && approver->level < required)
        return fail(codes::approval_level_too_low, "/approver",
                    approver->name + " approves up to " + levels[approver->level] + "; this quote needs " + s.level + ".");
    result.text = write_approval_statement(s);
    return result;
}

std::string make_approval_token(std::string_view statement, std::string_view signature) {
    if (signature.size() != kSignatureBytes || statement.size() > kMaxApprovalTokenBytes) return "";
    Errors problems;
    auto doc = detail::parse_document(statement, problems);
    if (!doc) return "";
    auto parsed = read_statement(*doc, problems);
    if (!parsed || write_approval_statement(*parsed) != statement) return "";
    return std::string(kTokenPrefix) + base64url_encode(statement) + "." + base64url_encode(signature);
}

OpenedTokenResult open_approval_token(std::string_view token) {
    OpenedTokenResult result;
    auto fail = [&](Error error) {
        result.errors.push_back(std::move(error));
        return result;
    };
    // Whitespace around a pasted token is the clipboard's, not the token's.
    while (!token.empty() && (token.front() == ' ' || token.front() == '\n' || token.front() == '\r' || token.front() == '\t'))
        token.remove_prefix(1);
    while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r' || token.back() == '\t'))
        token.remove_suffix(1);
    if (token.size() > kMaxApprovalTokenBytes)
        return fail(Error{codes::approval_token_too_large, "",
                          "The token is " + std::to_string(token.size()) + " bytes; approval tokens are at most " +
                              std::to_string(kMaxApprovalTokenBytes) + "."});
    if (token.substr(0, kTokenPrefix.size()) != kTokenPrefix)
        return fail(malformed("This is not an EdgeQuote approval token (they start with \"eqa1.\")."));
    token.remove_prefix(kTokenPrefix.size());
    const auto dot = token.find('.');
    if (dot == std::string_view::npos || token.find('.', dot + 1) != std::string_view::npos)
        return fail(malformed("The token is cut short or has extra parts: copy it again, whole."));
    auto statement = base64url_decode(token.substr(0, dot));
    auto signature = base64url_decode(token.substr(dot + 1));
    if (!statement || !signature) return fail(malformed("The token has characters that are not base64url: it was damaged in transit."));
    if (signature->size() != kSignatureBytes)
        return fail(malformed("The signature is " + std::to_string(signature->size()) + " bytes; a P-256 signature is 64."));
    Errors problems;
    auto doc = detail::parse_document(*statement, problems);
    std::optional<ApprovalStatement> parsed;
    if (doc) parsed = read_statement(*doc, problems);
    if (!parsed) {
        const Error& first = problems.front();
        return fail(malformed("The approval inside the token is malformed (" + first.code + " at " +
                                  (first.path.empty() ? "/" : first.path) + ": " + first.message + ")",
                              first.path));
    }
    if (write_approval_statement(*parsed) != *statement)
        return fail(malformed("The approval inside the token is not in the engine's canonical form: it was not made by EdgeQuote, or was edited."));
    if (const std::string problem = statement_problem(*parsed); !problem.empty()) return fail(malformed(problem));
    OpenedToken opened;
    opened.statement = std::move(*parsed);
    opened.signed_bytes = std::move(*statement);
    opened.verification_code = verification_code_of(*signature);
    opened.signature = std::move(*signature);
    result.token = std::move(opened);
    return result;
}

ApprovalEvidence evidence_from_token(std::string_view token, bool signature_valid) {
    ApprovalEvidence evidence;
    OpenedTokenResult opened = open_approval_token(token);
    if (opened.token) evidence.token = std::move(opened.token);
    else evidence.token_error = opened.errors.front();
    evidence.signature_valid = signature_valid;
    return evidence;
}

}  // namespace edgequote
