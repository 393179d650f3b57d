// Which fired approval rules of a priced quote the offered approvals cover ("smart
// re-approval"): an edit keeps an approval while it stays within what was approved.
#include <algorithm>

#include "edgequote/approvals.hpp"
#include "edgequote/error_codes.hpp"
#include "edgequote/json_writer.hpp"

namespace edgequote {
namespace {

std::size_t level_rank(const Internal& internal, const std::string& level, bool& found) {
    auto it = std::find(internal.levels.begin(), internal.levels.end(), level);
    found = it != internal.levels.end();
    return std::size_t(it - internal.levels.begin());
}

std::string short_hash(const std::string& sha256) { return sha256.substr(0, 12); }

// Whether one approval stands on its own, before looking at any rule. Fills `verdict`.
void judge(const PriceBook& book, const std::string& book_sha256, const PricedQuote& priced,
           const std::string& quote_sha256, const ApprovalEvidence& evidence, ApprovalVerdict& verdict) {
    auto refuse = [&](const char* code, std::string message) {
        verdict.valid = false;
        verdict.code = code;
        verdict.message = std::move(message);
    };
    if (!evidence.token) return refuse(evidence.token_error.code.c_str(), evidence.token_error.message);
    const ApprovalStatement& s = evidence.token->statement;
    verdict.statement = s;
    verdict.verification_code = evidence.token->verification_code;
    verdict.same_quote = s.quote_sha256 == quote_sha256;
    const Approver* approver = find_approver(book, s.approver);
    if (!approver)
        return refuse(codes::approval_unknown_approver,
                      "Signed as \"" + s.approver + "\", who is not an approver in " + book.id + " " + book.version +
                          ": sales operations lists approvers and their keys in the book.");
    const Internal& internal = *book.internal;
    verdict.approver_name = approver->name;
    verdict.approver_level = internal.levels[approver->level];
    if (!evidence.signature_valid)
        return refuse(codes::approval_signature_invalid,
                      "The signature does not match this approval and " + approver->name +
                          "'s key in the book: the token was altered, or signed with another key.");
    if (s.decision != "approved")
        return refuse(codes::approval_rejected,
                      approver->name + " rejected the quote" + (s.comment.empty() ? "." : ": \"" + s.comment + "\""));
    bool known = false;
    const std::size_t approved_level = level_rank(internal, s.level, known);
    if (!known) return refuse(codes::approval_other_book, "The approval names level \"" + s.level + "\", which this book does not have.");
    for (const ApprovedRule& rule : s.rules) {
        bool rule_level_known = false;
        const std::size_t rank = level_rank(internal, rule.level, rule_level_known);
        if (!rule_level_known) return refuse(codes::approval_other_book, "The approval names level \"" + rule.level + "\", which this book does not have.");
        if (rank > approved_level) return refuse(codes::approval_token_malformed, "Rule " + rule.rule + " is above the approval's own level.");
    }
    if (approver->level < approved_level)
        return refuse(codes::approval_level_too_low, approver->name + " approves up to " + verdict.approver_level +
                                                         "; this approval is for " + s.level + ".");
    if (s.book_id != book.id || s.book_version != book.version)
        return refuse(codes::approval_other_book, "Given under " + s.book_id + " " + s.book_version + "; this quote is priced with " +
                                                      book.id + " " + book.version + ".");
    if (s.book_sha256 != book_sha256)
        return refuse(codes::approval_other_book, "Given under a copy of " + book.id + " " + book.version +
                                                      " with other content (book SHA-256 " + short_hash(s.book_sha256) +
                                                      "…, this one " + short_hash(book_sha256) + "…).");
    if (s.customer != priced.customer_name || s.segment != priced.segment)
        return refuse(codes::approval_other_deal, "Given for \"" + s.customer + "\" (" + s.segment + "), not for \"" +
                                                      priced.customer_name + "\" (" + priced.segment + ").");
    verdict.valid = true;
    verdict.message = "Approved by " + approver->name + " (" + verdict.approver_level + ") at " + s.time +
                      (verdict.same_quote ? ", on this exact quote." : ", on an earlier version of this quote.");
}

const ApprovedRule* named(const ApprovalStatement& s, const std::string& rule) {
    for (const auto& r : s.rules)
        if (r.rule == rule) return &r;
    return nullptr;
}

// Not further past the threshold than the approved value: for "> t" at most the approved
// value, for "< t" at least it.
bool within_approved(const RuleCheck& check, const Decimal& approved) {
    if (!check.value) return true;
    return check.op == "<" ? *check.value >= approved : *check.value <= approved;
}

// The reasons a rule stays open, best explanation first.
int priority(const std::string& code) {
    if (code == codes::approval_value_moved) return 3;
    if (code == codes::approval_new_rule) return 2;
    return 0;
}

void cover(const Internal& internal, const std::vector<ApprovalVerdict>& verdicts, RuleCoverage& rule) {
    const RuleCheck& check = rule.check;
    rule.code = codes::approval_missing;
    rule.message = "Needs " + check.level + " approval: " + (check.message.empty() ? check.rule : check.message);
    auto open_because = [&](const char* code, std::string message) {
        if (priority(code) <= priority(rule.code)) return;
        rule.code = code;
        rule.message = std::move(message);
    };
    for (const ApprovalVerdict& verdict : verdicts) {
        if (!verdict.valid) continue;
        const ApprovalStatement& s = *verdict.statement;
        // A valid approval's rules and level are within its approver's level (judge), so only a
        // rule that fired since can be above what the approver may approve: it is a new rule.
        bool known = false;
        const std::size_t approved_level = level_rank(internal, s.level, known);
        if (const ApprovedRule* approved = named(s, check.rule)) {
            if (approved->value && check.value && !within_approved(check, *approved->value)) {
                if (!rule.approved_value) rule.approved_value = approved->value;
                open_because(codes::approval_value_moved,
                             check.rule + " is now " + check.value->to_string() + "; " + verdict.approver_name + " approved " +
                                 approved->value->to_string() + " (threshold " + (check.threshold ? check.threshold->to_string() : "") +
                                 "): needs " + check.level + " approval again.");
                continue;
            }
            rule.by.push_back(s.approver);
            if (approved->value && (!rule.approved_value || !rule.covered)) rule.approved_value = approved->value;
            rule.covered = true;
        } else if (check.level_rank < approved_level) {
            rule.by.push_back(s.approver);
            rule.covered = true;
        } else {
            open_because(codes::approval_new_rule, check.rule + " fired after " + verdict.approver_name + "'s approval (" + s.level +
                                                       "), at level " + check.level + ": it needs approval of its own.");
        }
    }
    if (rule.covered) {
        rule.code.clear();
        rule.message = "Covered by " + std::to_string(rule.by.size()) + " approval" + (rule.by.size() == 1 ? "" : "s") + ".";
    }
}

}  // namespace

Coverage approval_coverage(const PriceBook& book, const std::string& book_sha256, const PricedQuote& priced,
                           const std::string& quote_sha256, const std::vector<ApprovalEvidence>& evidence) {
    Coverage coverage;
    coverage.required_level = priced.approval.level;
    for (const ApprovalEvidence& e : evidence) {
        ApprovalVerdict verdict;
        if (book.internal) judge(book, book_sha256, priced, quote_sha256, e, verdict);
        else {
            verdict.code = codes::approval_unknown_approver;
            verdict.message = "This book has no internal part: it lists no approvers.";
        }
        coverage.approvals.push_back(std::move(verdict));
    }
    bool all_covered = true;
    for (const RuleCheck& check : priced.approval.fired) {
        RuleCoverage rule;
        rule.check = check;
        if (book.internal) cover(*book.internal, coverage.approvals, rule);
        all_covered = all_covered && rule.covered;
        coverage.rules.push_back(std::move(rule));
    }
    coverage.status = coverage.rules.empty() ? "not_required" : all_covered ? "approved" : "open";
    return coverage;
}

std::string write_coverage(const Coverage& c) {
    std::string out;
    detail::JsonWriter w(out);
    auto optional_number = [&](const std::optional<Decimal>& d) { d ? w.decimal_shortest(*d) : w.null(); };
    w.begin_object();
    w.field("status", c.status);
    w.field("required_level", c.required_level);
    w.key("rules");
    w.begin_array();
    for (const RuleCoverage& r : c.rules) {
        w.begin_object();
        w.field("rule", r.check.rule);
        w.field("level", r.check.level);
        w.field("metric", r.check.metric);
        w.field("op", r.check.op);
        w.key("value");
        optional_number(r.check.value);
        w.key("threshold");
        optional_number(r.check.threshold);
        w.key("covered");
        w.boolean(r.covered);
        w.key("by");
        w.begin_array();
        for (const auto& id : r.by) w.string(id);
        w.end_array();
        w.key("approved_value");
        optional_number(r.approved_value);
        w.field_or_null("code", r.code);
        w.field("message", r.message);
        w.end_object();
    }
    w.end_array();
    w.key("approvals");
    w.begin_array();
    for (const ApprovalVerdict& v : c.approvals) {
        w.begin_object();
        w.key("valid");
        w.boolean(v.valid);
        w.field_or_null("code", v.code);
        w.field("message", v.message);
        if (v.statement) {
            w.field("approver", v.statement->approver);
            w.field_or_null("name", v.approver_name);
            w.field_or_null("approver_level", v.approver_level);
            w.field("decision", v.statement->decision);
            w.field("level", v.statement->level);
            w.field("time", v.statement->time);
            w.field("comment", v.statement->comment);
            w.key("same_quote");
            w.boolean(v.same_quote);
            w.field_or_null("verification_code", v.verification_code);
        } else {
            for (const char* key : {"approver", "name", "approver_level", "decision", "level", "time", "comment"}) w.key(key), w.null();
            w.key("same_quote");
            w.boolean(false);
            w.key("verification_code");
            w.null();
        }
        w.end_object();
    }
    w.end_array();
    w.end_object();
    return out;
}

}  // namespace edgequote
