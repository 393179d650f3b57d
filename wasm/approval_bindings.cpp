// The approvals module's WebAssembly face (signed approvals: core/include/edgequote/approvals.hpp).
// Built as its own module (edgequote-approvals.mjs/.wasm), loaded by the approver page and by
// the rep page only when an approval is requested or opened, so the configurator's first
// download stays as it is. JSON text in and out, errors as values; only
// web/engine/approvals.js calls these functions. The signatures themselves are WebCrypto's, in
// that wrapper: nothing here holds a key.
#include <emscripten/bind.h>

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "edgequote/approvals.hpp"
#include "edgequote/base64url.hpp"
#include "edgequote/engine.hpp"
#include "edgequote/error_codes.hpp"
#include "edgequote/json_writer.hpp"
#include "book_registry.hpp"

namespace {

using namespace edgequote;
using nlohmann::json;

wasm::BookRegistry books;

std::string error_json(const char* code, std::string message) { return write_errors({Error{code, "", std::move(message)}}); }

const PriceBook* book_at(int handle) { return books.find(handle); }

std::string unknown_book(int handle) { return wasm::BookRegistry::unknown(handle); }

// {"handle","id","version"} or {"errors":[...]}
std::string load_pricebook(std::string text) { return books.load(text); }

bool release_pricebook(int handle) { return books.release(handle); }

// Exactly `edgequote price BOOK QUOTE`'s output: what the quote hash is taken over.
std::string price_canonical(int handle, std::string quote) {
    const PriceBook* book = book_at(handle);
    return book ? write_priced_quote(price_json(*book, quote)) : unknown_book(handle);
}

std::string string_field(const json& doc, const char* key) {
    auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// {"statement": the canonical bytes to sign} or {"errors":[...]}.
// input: {"decision","book_sha256","quote_sha256","approver","time","comment"}
std::string statement(int handle, std::string quote, std::string input_text) {
    const PriceBook* book = book_at(handle);
    if (!book) return unknown_book(handle);
    const json input = json::parse(input_text, nullptr, false);
    if (!input.is_object()) return error_json(codes::approval_input_invalid, "The approval's details are not a JSON object.");
    StatementInput in;
    in.decision = string_field(input, "decision");
    in.book_sha256 = string_field(input, "book_sha256");
    in.quote_sha256 = string_field(input, "quote_sha256");
    in.approver = string_field(input, "approver");
    in.time = string_field(input, "time");
    in.comment = string_field(input, "comment");
    StatementResult result = approval_statement(*book, price_json(*book, quote), in);
    if (!result.errors.empty()) return write_errors(result.errors);
    std::string out;
    detail::JsonWriter w(out);
    w.begin_object();
    w.field("statement", result.text);
    w.end_object();
    return out;
}

// {"token"} or {"errors":[...]}: the statement must be the engine's and the signature 64 bytes.
std::string make_token(std::string statement_text, std::string signature_base64url) {
    auto signature = base64url_decode(signature_base64url);
    std::string token = signature ? make_approval_token(statement_text, *signature) : std::string();
    if (token.empty())
        return error_json(codes::approval_token_malformed, "Not an engine statement with a 64-byte P-256 signature.");
    return "{\"token\":\"" + token + "\"}";
}

// A token taken apart for the signature check: {"approver": {"id","name","level","public_key":
// JWK} or null, "signed": base64url of the signed bytes, "signature": base64url of r || s,
// "verification_code", "statement": the statement JSON} or {"errors":[...]}.
std::string open_token(int handle, std::string token) {
    const PriceBook* book = book_at(handle);
    if (!book) return unknown_book(handle);
    OpenedTokenResult opened = open_approval_token(token);
    if (!opened.token) return write_errors(opened.errors);
    std::string out;
    detail::JsonWriter w(out);
    w.begin_object();
    w.key("approver");
    if (const Approver* approver = find_approver(*book, opened.token->statement.approver)) {
        w.begin_object();
        w.field("id", approver->id);
        w.field("name", approver->name);
        w.field("level", book->internal->levels[approver->level]);
        w.key("public_key");
        w.begin_object();
        w.field("kty", "EC");
        w.field("crv", "P-256");
        w.field("x", approver->key_x);
        w.field("y", approver->key_y);
        w.end_object();
        w.end_object();
    } else {
        w.null();
    }
    w.field("signed", base64url_encode(opened.token->signed_bytes));
    w.field("signature", base64url_encode(opened.token->signature));
    w.field("verification_code", opened.token->verification_code);
    w.key("statement");
    w.raw(opened.token->signed_bytes);
    w.end_object();
    return out;
}

// The engine's coverage (write_coverage: the same bytes as `edgequote verify`).
// context: {"book_sha256","quote_sha256","approvals":[{"token","signature_valid"}]}
std::string coverage(int handle, std::string quote, std::string context_text) {
    const PriceBook* book = book_at(handle);
    if (!book) return unknown_book(handle);
    const json context = json::parse(context_text, nullptr, false);
    if (!context.is_object()) return error_json(codes::approval_input_invalid, "The verification context is not a JSON object.");
    PricedQuote priced = price_json(*book, quote);
    if (!priced.errors.empty()) return write_errors(priced.errors);
    std::vector<ApprovalEvidence> evidence;
    auto approvals = context.find("approvals");
    if (approvals != context.end() && approvals->is_array()) {
        for (const json& item : *approvals) {
            const bool valid = item.is_object() && item.contains("signature_valid") && item["signature_valid"].is_boolean() &&
                               item["signature_valid"].get<bool>();
            evidence.push_back(evidence_from_token(item.is_object() ? string_field(item, "token") : std::string(), valid));
        }
    }
    return write_coverage(approval_coverage(*book, string_field(context, "book_sha256"), priced,
                                            string_field(context, "quote_sha256"), evidence));
}

}  // namespace

EMSCRIPTEN_BINDINGS(edgequote_approvals) {
    emscripten::function("loadPricebook", &load_pricebook);
    emscripten::function("releasePricebook", &release_pricebook);
    emscripten::function("priceCanonical", &price_canonical);
    emscripten::function("statement", &statement);
    emscripten::function("makeToken", &make_token);
    emscripten::function("openToken", &open_token);
    emscripten::function("coverage", &coverage);
}
