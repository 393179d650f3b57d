// Signed approvals in the engine: approvers in the book, the statement an approver signs, the
// token that carries it, and which fired rules the approvals cover after an edit. Signatures
// are the edges' business (the CLI and browser tests check real ones); here the edge's verdict
// is passed in as a boolean.
#include <functional>

#include "edgequote/approvals.hpp"
#include "edgequote/error_codes.hpp"
#include "support.hpp"

using test::json;
using namespace edgequote;

namespace {

// Public halves of the test keys (private halves: tests/node/fixtures/approver-keys.TEST-ONLY.json).
json key(const char* x, const char* y) { return {{"kty", "EC"}, {"crv", "P-256"}, {"x", x}, {"y", y}}; }
json manager_key() { return key("L3ZnS1vs59S4p_dVBCeHC8Evn2WgNjoaXLmwMZttvjc", "8XcOrKT-LlmDohRakMd-ExWRz-s8p6ie1L3jkEFmuPk"); }
json director_key() { return key("DHIIzgGSTtSIasBfMe3Splc0fs23er4jutinNMfgCbs", "hu7CEP_ymN9gtEUJkB6POcJMn0rjaLfQMRO_2zMtBZg"); }
json vp_key() { return key("KHrB4VX1E06w_hTiTtY2unt3VdtQK7ea24ayHWiQvd8", "X1Pq4UFY2jksvjnTz3QrC-MryrOY9RbtMJpOnbG-2Ko"); }

json rule(const char* id, const char* metric, const char* op, const char* threshold, const char* level) {
    return {{"id", id}, {"metric", metric}, {"op", op}, {"threshold", threshold}, {"level", level}};
}

// "item" at $100 a unit. Discount rules at 10 / 20 / 30 % (manager / director / vp), and a "<"
// rule: a deal under $500 a month needs a manager.
json approvals_book() {
    json book = test::book_with({{"model", "per_unit"}, {"unit_price", "100"}});
    book["internal"] = {{"approval",
                         {{"levels", json::array({"rep", "manager", "director", "vp"})},
                          {"approvers", json::array({{{"id", "mgr"}, {"name", "Mo Manager"}, {"level", "manager"}, {"public_key", manager_key()}},
                                                     {{"id", "dir"}, {"name", "Di Director"}, {"level", "director"}, {"public_key", director_key()}},
                                                     {{"id", "vp"}, {"name", "Vi VP"}, {"level", "vp"}, {"public_key", vp_key()}}})},
                          {"rules", json::array({rule("d10", "discretionary_discount_pct", ">", "10", "manager"),
                                                 rule("d20", "discretionary_discount_pct", ">", "20", "director"),
                                                 rule("d30", "discretionary_discount_pct", ">", "30", "vp"),
                                                 rule("small", "net_monthly", "<", "500", "manager")})}}}};
    return book;
}

json quote_at(const char* discount_pct, int units = 10, const char* customer = "Test Co") {
    json quote = test::quote_for(json::array({{{"sku", "item"}, {"quantity", units}}}));
    quote["discount_pct"] = discount_pct;
    quote["customer"]["name"] = customer;
    return quote;
}

const std::string kBookHash(64, 'b');
const std::string kQuoteHash(64, 'a');
const std::string kSignature(64, '\x5a');

// A token signed (in the test's imagination) by `approver` over `quote` as priced with `book`.
std::string token_for(const PriceBook& book, const json& quote, const char* approver, const char* decision = "approved",
                      const std::string& book_hash = kBookHash) {
    const PricedQuote priced = price_json(book, quote.dump());
    StatementInput input;
    input.decision = decision;
    input.book_sha256 = book_hash;
    input.quote_sha256 = kQuoteHash;
    input.approver = approver;
    input.time = "2026-12-06T15:46:09Z";
    input.comment = "ok for this renewal";
    const StatementResult statement = approval_statement(book, priced, input);
    INFO((statement.errors.empty() ? "" : statement.errors[0].message));
    REQUIRE(statement.errors.empty());
    const std::string token = make_approval_token(statement.text, kSignature);
    REQUIRE_FALSE(token.empty());
    return token;
}

Coverage coverage_of(const PriceBook& book, const json& quote, const std::vector<std::string>& tokens, bool signatures_valid = true) {
    const PricedQuote priced = price_json(book, quote.dump());
    REQUIRE(priced.errors.empty());
    std::vector<ApprovalEvidence> evidence;
    for (const auto& t : tokens) evidence.push_back(evidence_from_token(t, signatures_valid));
    return approval_coverage(book, kBookHash, priced, std::string(64, 'c'), evidence);
}

const RuleCoverage* rule_in(const Coverage& c, const std::string& id) {
    for (const auto& r : c.rules)
        if (r.check.rule == id) return &r;
    return nullptr;
}

std::string describe(const Coverage& c) { return write_coverage(c); }

}  // namespace

// ---- Approvers in the book ------------------------------------------------------------------

TEST_CASE("approvers are read with their level and key") {
    const PriceBook book = test::load(approvals_book());
    REQUIRE(book.internal->approvers.size() == 3);
    CHECK(book.internal->approvers[1].id == "dir");
    CHECK(book.internal->approvers[1].name == "Di Director");
    CHECK(book.internal->levels[book.internal->approvers[1].level] == "director");
    CHECK(public_point(book.internal->approvers[1]).size() == 65);
    CHECK(public_point(book.internal->approvers[1])[0] == '\x04');
}

TEST_CASE("the sample book's approvers are valid, and the public book leaves them out") {
    const std::string text = test::read_text("pricebooks/edge-cdn.json");
    auto book = parse_pricebook(text);
    REQUIRE(book.errors.empty());
    REQUIRE(book.book->internal->approvers.size() >= 2);
    auto public_book = public_pricebook(text);
    REQUIRE(public_book.errors.empty());
    CHECK(public_book.json.find("approvers") == std::string::npos);
    for (const auto& approver : book.book->internal->approvers) {
        CHECK(public_book.json.find(approver.key_x) == std::string::npos);
        CHECK(public_book.json.find(approver.name) == std::string::npos);
    }
}

TEST_CASE("bad approvers are refused with a code and a path") {
    struct Case {
        const char* name;
        std::function<void(json&)> change;
        const char* code;
        const char* path;
    };
    const std::string at = "/internal/approval/approvers/1";
    // One character of x changed: still 32 bytes of base64url, no longer a point of the curve.
    json off_curve = director_key();
    std::string x = off_curve["x"];
    x[5] = x[5] == 'A' ? 'B' : 'A';
    off_curve["x"] = x;
    const Case cases[] = {
        {"unknown level", [](json& a) { a["level"] = "cfo"; }, codes::unknown_level, "/level"},
        {"duplicate id", [](json& a) { a["id"] = "mgr"; }, codes::duplicate_id, "/id"},
        {"empty id", [](json& a) { a["id"] = ""; }, codes::empty_string, "/id"},
        {"no key", [](json& a) { a.erase("public_key"); }, codes::missing_field, "/public_key"},
        {"key not an object", [](json& a) { a["public_key"] = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE"; }, codes::wrong_type, "/public_key"},
        {"RSA key", [](json& a) { a["public_key"]["kty"] = "RSA"; }, codes::invalid_public_key, "/public_key/kty"},
        {"other curve", [](json& a) { a["public_key"]["crv"] = "P-384"; }, codes::invalid_public_key, "/public_key/crv"},
        {"x too short", [](json& a) { a["public_key"]["x"] = "DHIIzgGSTtSIasBfMe3Splc0fs23er4jutinNMfgCb"; }, codes::invalid_public_key, "/public_key/x"},
        {"y padded", [](json& a) { a["public_key"]["y"] = std::string(a["public_key"]["y"]) + "="; }, codes::invalid_public_key, "/public_key/y"},
        {"y in plain base64", [](json& a) { a["public_key"]["y"] = "hu7CEP/ymN9gtEUJkB6POcJMn0rjaLfQMRO/2zMtBZg"; }, codes::invalid_public_key, "/public_key/y"},
        {"point off the curve", [&](json& a) { a["public_key"] = off_curve; }, codes::invalid_public_key, "/public_key"},
        {"private key", [](json& a) { a["public_key"]["d"] = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0czI"; }, codes::invalid_public_key, "/public_key/d"},
        {"unknown key field", [](json& a) { a["public_key"]["use"] = "sig"; }, codes::unknown_field, "/public_key/use"},
        {"same key as another approver", [](json& a) { a["public_key"] = manager_key(); }, codes::duplicate_id, "/public_key"},
        {"unknown approver field", [](json& a) { a["email"] = "di@example.com"; }, codes::unknown_field, "/email"},
    };
    for (const auto& c : cases) {
        json book = approvals_book();
        c.change(book["internal"]["approval"]["approvers"][1]);
        auto result = parse_pricebook(book.dump());
        INFO(c.name);
        CHECK_FALSE(result.book.has_value());
        bool found = false;
        for (const auto& e : result.errors) {
            INFO(e.code << " at " << e.path << ": " << e.message);
            if (e.code == c.code && e.path == at + c.path) found = true;
            CHECK(e.message.find("c2VjcmV0") == std::string::npos);  // a private key is never echoed
        }
        CHECK(found);
    }
}

TEST_CASE("WebCrypto's own JWK export (ext, key_ops) is accepted as it comes") {
    json book = approvals_book();
    book["internal"]["approval"]["approvers"][0]["public_key"]["ext"] = true;
    book["internal"]["approval"]["approvers"][0]["public_key"]["key_ops"] = json::array({"verify"});
    CHECK(parse_pricebook(book.dump()).errors.empty());
}

// ---- Statements and tokens ------------------------------------------------------------------

TEST_CASE("the statement is the canonical bytes of what the approver saw") {
    const PriceBook book = test::load(approvals_book());
    const PricedQuote priced = price_json(book, quote_at("25").dump());
    StatementInput input{"approved", kBookHash, kQuoteHash, "dir", "2026-12-06T15:46:09Z", "fine \"for now\""};
    const StatementResult result = approval_statement(book, priced, input);
    REQUIRE(result.errors.empty());
    // Written out by hand: the key order and the form of every value are the contract the
    // browser and the CLI sign and verify.
    CHECK(result.text ==
          "{\"edgequote_approval\":1,\"decision\":\"approved\",\"book\":{\"id\":\"test-book\",\"version\":\"1\",\"sha256\":\"" + kBookHash +
              "\"},\"quote\":{\"sha256\":\"" + kQuoteHash + "\",\"customer\":\"Test Co\",\"segment\":\"smb\"},\"level\":\"director\","
              "\"rules\":[{\"rule\":\"d10\",\"level\":\"manager\",\"value\":\"25\"},{\"rule\":\"d20\",\"level\":\"director\",\"value\":\"25\"}],"
              "\"approver\":\"dir\",\"time\":\"2026-12-06T15:46:09Z\",\"comment\":\"fine \\\"for now\\\"\"}");
}

TEST_CASE("statements are refused for what no approver may sign") {
    const PriceBook book = test::load(approvals_book());
    const PricedQuote priced = price_json(book, quote_at("25").dump());
    struct Case {
        const char* name;
        std::function<void(StatementInput&)> change;
        const char* code;
    };
    const Case cases[] = {
        {"not an approver", [](StatementInput& i) { i.approver = "eve"; }, codes::approval_unknown_approver},
        {"manager approving a director quote", [](StatementInput& i) { i.approver = "mgr"; }, codes::approval_level_too_low},
        {"local time", [](StatementInput& i) { i.time = "2026-12-06 15:46:09"; }, codes::approval_input_invalid},
        {"milliseconds", [](StatementInput& i) { i.time = "2026-12-06T15:46:09.120Z"; }, codes::approval_input_invalid},
        {"month 13", [](StatementInput& i) { i.time = "2026-13-06T15:46:09Z"; }, codes::approval_input_invalid},
        {"uppercase hash", [](StatementInput& i) { i.book_sha256 = std::string(64, 'B'); }, codes::approval_input_invalid},
        {"short hash", [](StatementInput& i) { i.quote_sha256 = std::string(63, 'a'); }, codes::approval_input_invalid},
        {"decision", [](StatementInput& i) { i.decision = "maybe"; }, codes::approval_input_invalid},
        {"comment too long", [](StatementInput& i) { i.comment = std::string(kMaxApprovalCommentBytes + 1, 'x'); }, codes::approval_input_invalid},
    };
    for (const auto& c : cases) {
        StatementInput input{"approved", kBookHash, kQuoteHash, "dir", "2026-12-06T15:46:09Z", ""};
        c.change(input);
        const StatementResult result = approval_statement(book, priced, input);
        INFO(c.name);
        REQUIRE(result.errors.size() == 1);
        CHECK(result.errors[0].code == c.code);
        CHECK(result.text.empty());
    }
    // A manager may reject what they cannot approve.
    StatementInput reject{"rejected", kBookHash, kQuoteHash, "mgr", "2026-12-06T15:46:09Z", "too deep"};
    CHECK(approval_statement(book, priced, reject).errors.empty());
    // A comment of exactly the limit is fine.
    StatementInput longest{"approved", kBookHash, kQuoteHash, "dir", "2026-12-06T15:46:09Z", std::string(kMaxApprovalCommentBytes, 'x')};
    CHECK(approval_statement(book, priced, longest).errors.empty());
}

TEST_CASE("a token opens to exactly the statement and signature it was made of") {
    const PriceBook book = test::load(approvals_book());
    const std::string token = token_for(book, quote_at("25"), "dir");
    CHECK(token.rfind("eqa1.", 0) == 0);
    auto opened = open_approval_token("  " + token + "\n");  // as pasted
    REQUIRE(opened.errors.empty());
    CHECK(opened.token->signature == kSignature);
    CHECK(write_approval_statement(opened.token->statement) == opened.token->signed_bytes);
    CHECK(opened.token->statement.approver == "dir");
    CHECK(opened.token->verification_code == "B9D5-MPJT");  // 5A 5A 5A 5A 5A in Crockford base32: 01011 01001 ...
}

TEST_CASE("malformed and oversized tokens are refused with a reason") {
    const PriceBook book = test::load(approvals_book());
    const std::string good = token_for(book, quote_at("25"), "dir");
    const std::string payload = good.substr(5, good.rfind('.') - 5);
    const std::string signature = good.substr(good.rfind('.') + 1);
    auto encode = [](const std::string& text) {
        // Re-encode an edited statement as the token's base64url (no padding).
        static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        std::string out;
        std::size_t i = 0;
        for (; i + 3 <= text.size(); i += 3) {
            unsigned n = unsigned((unsigned char)text[i]) << 16 | unsigned((unsigned char)text[i + 1]) << 8 | (unsigned char)text[i + 2];
            out += {a[n >> 18], a[(n >> 12) & 63], a[(n >> 6) & 63], a[n & 63]};
        }
        if (text.size() - i == 1) {
            unsigned n = unsigned((unsigned char)text[i]) << 16;
            out += {a[n >> 18], a[(n >> 12) & 63]};
        } else if (text.size() - i == 2) {
            unsigned n = unsigned((unsigned char)text[i]) << 16 | unsigned((unsigned char)text[i + 1]) << 8;
            out += {a[n >> 18], a[(n >> 12) & 63], a[(n >> 6) & 63]};
        }
        return out;
    };
    const std::string statement = open_approval_token(good).token->signed_bytes;
    struct Case {
        const char* name;
        std::string token;
        const char* code;
    };
    std::string spaced = statement;
    spaced.insert(1, " ");
    std::string decimal_trailing_zero = statement;
    decimal_trailing_zero.replace(decimal_trailing_zero.find("\"25\""), 4, "\"25.0\"");
    std::string extra_field = statement;
    extra_field.insert(extra_field.size() - 1, ",\"admin\":true");
    const Case cases[] = {
        {"empty", "", codes::approval_token_malformed},
        {"not a token", "Dana Whitfield, Director", codes::approval_token_malformed},
        {"wrong version prefix", "eqa2." + payload + "." + signature, codes::approval_token_malformed},
        {"no signature", "eqa1." + payload, codes::approval_token_malformed},
        {"three parts", good + ".x", codes::approval_token_malformed},
        {"not base64url", "eqa1." + payload + "." + signature.substr(0, 40) + "+/" + signature.substr(42), codes::approval_token_malformed},
        {"short signature", "eqa1." + payload + "." + signature.substr(0, 84), codes::approval_token_malformed},
        {"statement not JSON", "eqa1." + encode("approved!") + "." + signature, codes::approval_token_malformed},
        {"statement not canonical (a space)", "eqa1." + encode(spaced) + "." + signature, codes::approval_token_malformed},
        {"value not canonical (25.0)", "eqa1." + encode(decimal_trailing_zero) + "." + signature, codes::approval_token_malformed},
        {"extra field", "eqa1." + encode(extra_field) + "." + signature, codes::approval_token_malformed},
        {"oversized", "eqa1." + std::string(kMaxApprovalTokenBytes, 'A') + "." + signature, codes::approval_token_too_large},
    };
    for (const auto& c : cases) {
        auto opened = open_approval_token(c.token);
        INFO(c.name);
        CHECK_FALSE(opened.token.has_value());
        REQUIRE(opened.errors.size() == 1);
        CHECK(opened.errors[0].code == c.code);
        CHECK_FALSE(opened.errors[0].message.empty());
        // And a quote with that token stays open, saying why.
        const Coverage coverage = coverage_of(book, quote_at("25"), {c.token});
        CHECK(coverage.status == "open");
        CHECK(coverage.approvals[0].code == c.code);
    }
}

// ---- Coverage: smart re-approval ------------------------------------------------------------

TEST_CASE("an approval covers its rules while their values stay within what was approved") {
    const PriceBook book = test::load(approvals_book());
    struct Row {
        const char* approved;  // discount approved
        const char* approver;
        const char* now;       // discount after the edit
        const char* status;
        const char* open_rule;  // the rule reported open, if any
        const char* code;
    };
    // The example: approved at 32% off, 31% still covered, 33% open. Then the edges of
    // each level: exactly the approved value, one hundredth past it, a drop below a threshold
    // (fewer rules fire: still approved), and a rise into a level above the approval.
    const Row rows[] = {
        {"32", "vp", "32", "approved", "", ""},
        {"32", "vp", "31", "approved", "", ""},
        {"32", "vp", "33", "open", "d30", codes::approval_value_moved},
        {"32", "vp", "32.01", "open", "d30", codes::approval_value_moved},
        {"32", "vp", "15", "approved", "", ""},
        {"25", "dir", "25", "approved", "", ""},
        {"25", "dir", "20.5", "approved", "", ""},
        {"25", "dir", "25.01", "open", "d20", codes::approval_value_moved},
        {"25", "dir", "31", "open", "d30", codes::approval_new_rule},
        {"25", "vp", "24", "approved", "", ""},       // a vp approving a director quote
        {"25", "vp", "30", "open", "d20", codes::approval_value_moved},  // the vp approved 25, not 30
        {"25", "vp", "31", "open", "d30", codes::approval_new_rule},     // d30 (vp) is above the approved level
        {"15", "mgr", "15", "approved", "", ""},
        {"15", "mgr", "10", "not_required", "", ""},  // exactly on the threshold: nothing fires
        {"15", "mgr", "21", "open", "d20", codes::approval_new_rule},
    };
    for (const Row& row : rows) {
        const std::string token = token_for(book, quote_at(row.approved), row.approver);
        const Coverage coverage = coverage_of(book, quote_at(row.now), {token});
        INFO("approved " << row.approved << " by " << row.approver << ", now " << row.now << ": " << describe(coverage));
        CHECK(coverage.status == row.status);
        CHECK(coverage.approvals[0].valid);
        if (*row.open_rule) {
            const RuleCoverage* open = rule_in(coverage, row.open_rule);
            REQUIRE(open);
            CHECK_FALSE(open->covered);
            CHECK(open->code == row.code);
            CHECK_FALSE(open->message.empty());
        }
        for (const auto& r : coverage.rules)
            if (r.covered) {
                CHECK(r.by == std::vector<std::string>{row.approver});
                CHECK(r.code.empty());
            }
    }
}

TEST_CASE("a \"<\" rule stays covered while its value is not lower than approved") {
    const PriceBook book = test::load(approvals_book());
    // 5 units at $100, no discount: $500 is on the threshold; 4 units = $400 fires "small".
    const std::string token = token_for(book, quote_at("0", 4), "mgr");
    struct Row {
        int units;
        const char* discount;
        const char* status;
    };
    const Row rows[] = {{4, "0", "approved"},         // $400: as approved
                        {4, "1", "open"},             // $396: further under $500 than approved
                        {5, "0", "not_required"},     // $500: not under it
                        {6, "0", "not_required"},
                        {3, "0", "open"}};            // $300
    for (const Row& row : rows) {
        const Coverage coverage = coverage_of(book, quote_at(row.discount, row.units), {token});
        INFO(row.units << " units at " << row.discount << "% off: " << describe(coverage));
        CHECK(coverage.status == row.status);
        if (std::string(row.status) == "open") CHECK(rule_in(coverage, "small")->code == codes::approval_value_moved);
    }
}

TEST_CASE("a rule that fires after the approval, below the approved level, is covered by it") {
    const PriceBook book = test::load(approvals_book());
    // Approved by a director at 25% off on 10 units ($750): d10 + d20. Down to 6 units ($450)
    // fires "small" (manager), below the approved director level: covered.
    const std::string token = token_for(book, quote_at("25", 10), "dir");
    const Coverage coverage = coverage_of(book, quote_at("25", 6), {token});
    INFO(describe(coverage));
    CHECK(coverage.status == "approved");
    REQUIRE(rule_in(coverage, "small"));
    CHECK(rule_in(coverage, "small")->covered);
    CHECK_FALSE(rule_in(coverage, "small")->approved_value.has_value());
    // The same at manager level: "small" is at the approved level, so it is open.
    const std::string manager_token = token_for(book, quote_at("15", 10), "mgr");
    const Coverage manager = coverage_of(book, quote_at("15", 5), {manager_token});  // $425
    INFO(describe(manager));
    CHECK(manager.status == "open");
    CHECK(rule_in(manager, "small")->code == codes::approval_new_rule);
}

TEST_CASE("approvals that stand for nothing leave every rule open and say why") {
    const PriceBook book = test::load(approvals_book());
    const json quote = quote_at("25");
    struct Case {
        const char* name;
        std::string token;
        bool signature_valid;
        json quote;
        const char* code;
    };
    json other_customer = quote_at("25", 10, "Other Co");
    json other_segment = quote;
    other_segment["customer"]["segment"] = "f500";
    // A forged statement: the manager's own signature over a statement claiming director level
    // cannot be made through approval_statement, so it is assembled by hand.
    ApprovalStatement forged = open_approval_token(token_for(book, quote, "dir")).token->statement;
    forged.approver = "mgr";
    const std::string manager_claiming_director = make_approval_token(write_approval_statement(forged), kSignature);
    ApprovalStatement outsider = forged;
    outsider.approver = "eve";
    const Case cases[] = {
        {"bad signature", token_for(book, quote, "dir"), false, quote, codes::approval_signature_invalid},
        {"rejected", token_for(book, quote, "dir", "rejected"), true, quote, codes::approval_rejected},
        {"another book's content", token_for(book, quote, "dir", "approved", std::string(64, 'e')), true, quote, codes::approval_other_book},
        {"another customer", token_for(book, quote, "dir"), true, other_customer, codes::approval_other_deal},
        {"another segment", token_for(book, quote, "dir"), true, other_segment, codes::approval_other_deal},
        {"manager signing above their level", manager_claiming_director, true, quote, codes::approval_level_too_low},
        {"not an approver of this book", make_approval_token(write_approval_statement(outsider), kSignature), true, quote,
         codes::approval_unknown_approver},
    };
    for (const Case& c : cases) {
        REQUIRE_FALSE(c.token.empty());
        const PricedQuote priced = price_json(book, c.quote.dump());
        const Coverage coverage = approval_coverage(book, kBookHash, priced, kQuoteHash, {evidence_from_token(c.token, c.signature_valid)});
        INFO(c.name << ": " << describe(coverage));
        CHECK(coverage.status == "open");
        CHECK_FALSE(coverage.approvals[0].valid);
        CHECK(coverage.approvals[0].code == c.code);
        CHECK_FALSE(coverage.approvals[0].message.empty());
        for (const auto& r : coverage.rules) {
            CHECK_FALSE(r.covered);
            CHECK(r.code == codes::approval_missing);
        }
    }
}

TEST_CASE("another version of the book is named in the refusal") {
    const PriceBook book = test::load(approvals_book());
    json next = approvals_book();
    next["version"] = "2";
    const PriceBook next_book = test::load(next);
    const std::string token = token_for(book, quote_at("25"), "dir");
    json quote = quote_at("25");
    quote["pricebook"]["version"] = "2";
    const Coverage coverage = coverage_of(next_book, quote, {token});
    CHECK(coverage.approvals[0].code == codes::approval_other_book);
    CHECK(coverage.approvals[0].message.find("test-book 1") != std::string::npos);
}

TEST_CASE("several approvals: each rule is covered by any that covers it") {
    const PriceBook book = test::load(approvals_book());
    const std::string director = token_for(book, quote_at("25"), "dir");
    const std::string vp = token_for(book, quote_at("32"), "vp");
    // 31%: the vp's approval covers d10, d20 and d30; the director's covers d10 and d20 only
    // up to 25, so d20/d10 are covered by the vp alone.
    const Coverage at31 = coverage_of(book, quote_at("31"), {director, vp});
    INFO(describe(at31));
    CHECK(at31.status == "approved");
    CHECK(rule_in(at31, "d30")->by == std::vector<std::string>{"vp"});
    CHECK(rule_in(at31, "d20")->by == std::vector<std::string>{"vp"});
    // 24%: both cover d20.
    const Coverage at24 = coverage_of(book, quote_at("24"), {director, vp});
    CHECK(rule_in(at24, "d20")->by == (std::vector<std::string>{"dir", "vp"}));
    // A bad token among good ones changes nothing.
    const Coverage with_garbage = coverage_of(book, quote_at("24"), {"garbage", director});
    CHECK(with_garbage.status == "approved");
    CHECK_FALSE(with_garbage.approvals[0].valid);
    CHECK(with_garbage.approvals[1].valid);
}

TEST_CASE("a quote that needs no approval is not_required, with or without tokens") {
    const PriceBook book = test::load(approvals_book());
    CHECK(coverage_of(book, quote_at("5"), {}).status == "not_required");
    CHECK(coverage_of(book, quote_at("25"), {}).status == "open");
    const Coverage none = coverage_of(book, quote_at("25"), {});
    for (const auto& r : none.rules) CHECK(r.code == codes::approval_missing);
}
