// edgequote verify BOOK QUOTE TOKEN...
//
// Checks each approval token's signature with libcrypto against its approver's key in BOOK,
// then asks the engine which fired rules of QUOTE (priced with BOOK) the valid approvals cover.
// TOKEN is the token's text, or @FILE for a file holding tokens, one per line.
//
// Prints the engine's coverage JSON (write_coverage). Exit status: 0 approved (or no approval
// needed), 3 not approved (a rule is open; each token's verdict and each rule's reason say why),
// 2 invalid book or quote, 1 usage or unreadable files.
#include "verify_command.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "approval_signatures.hpp"
#include "edgequote/approvals.hpp"
#include "edgequote/engine.hpp"
#include "read_file.hpp"

namespace edgequote::cli {
namespace {

constexpr int kApproved = 0, kUsage = 1, kInvalid = 2, kNotApproved = 3;


int invalid(const char* what, const Errors& errors) {
    std::cout << write_errors(errors) << '\n';
    std::fprintf(stderr, "edgequote: %s: %s at %s: %s\n", what, errors[0].code.c_str(),
                 errors[0].path.empty() ? "/" : errors[0].path.c_str(), errors[0].message.c_str());
    return kInvalid;
}

// The tokens named on the command line: text, or @FILE with one token per line.
bool collect_tokens(int argc, char** argv, std::vector<std::string>& tokens) {
    for (int i = 0; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.empty() || arg[0] != '@') {
            tokens.push_back(arg);
            continue;
        }
        std::string text;
        if (!read_file(arg.c_str() + 1, text)) return false;
        std::istringstream lines(text);
        std::string line;
        bool any = false;
        while (std::getline(lines, line)) {
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            tokens.push_back(line);
            any = true;
        }
        if (!any) tokens.push_back(text);  // an empty file is an empty (malformed) token
    }
    return true;
}

// The token with the edge's verdict on its signature: checked only when the signer is an
// approver of this book (the engine says why otherwise).
ApprovalEvidence evidence_for(const PriceBook& book, const std::string& token) {
    ApprovalEvidence evidence = evidence_from_token(token, false);
    if (!evidence.token) return evidence;
    if (const Approver* approver = find_approver(book, evidence.token->statement.approver))
        evidence.signature_valid = verify_p256(evidence.token->signed_bytes, evidence.token->signature, public_point(*approver));
    return evidence;
}

}  // namespace

int verify_command(int argc, char** argv) {
    // argv: verify BOOK QUOTE TOKEN...
    if (argc < 3) {
        std::fputs("usage: edgequote verify BOOK QUOTE TOKEN... (TOKEN: the token, or @FILE)\n", stderr);
        return kUsage;
    }
    std::string book_text, quote_text;
    if (!read_file(argv[1], book_text) || !read_file(argv[2], quote_text)) return kUsage;
    PriceBookResult book = parse_pricebook(book_text);
    if (!book.book) return invalid(argv[1], book.errors);
    PricedQuote priced = price_json(*book.book, quote_text);
    if (!priced.errors.empty()) return invalid(argv[2], priced.errors);
    std::vector<std::string> tokens;
    if (!collect_tokens(argc - 3, argv + 3, tokens)) return kUsage;

    std::vector<ApprovalEvidence> evidence;
    for (const std::string& token : tokens) evidence.push_back(evidence_for(*book.book, token));
    const Coverage coverage = approval_coverage(*book.book, sha256_hex(book_text), priced,
                                                sha256_hex(write_priced_quote(priced)), evidence);
    std::cout << write_coverage(coverage) << '\n';
    for (std::size_t i = 0; i < coverage.approvals.size(); ++i)
        if (!coverage.approvals[i].valid)
            std::fprintf(stderr, "edgequote: token %zu refused: %s: %s\n", i + 1, coverage.approvals[i].code.c_str(),
                         coverage.approvals[i].message.c_str());
    for (const RuleCoverage& rule : coverage.rules)
        if (!rule.covered) std::fprintf(stderr, "edgequote: open: %s: %s\n", rule.check.rule.c_str(), rule.message.c_str());
    std::fprintf(stderr, "edgequote: %s\n", coverage.status == "open" ? "not approved" : coverage.status.c_str());
    return coverage.status == "open" ? kNotApproved : kApproved;
}

}  // namespace edgequote::cli
