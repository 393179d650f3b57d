// The outcome catalogues' one matching rule (edgequote/outcomes.hpp).
#include "edgequote/outcomes.hpp"

namespace edgequote {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

bool starts_with_other(std::string_view text) {
    if (text.size() < kOtherPrefix.size()) return false;
    for (std::size_t i = 0; i < kOtherPrefix.size(); ++i)
        if (lower(text[i]) != kOtherPrefix[i]) return false;
    return true;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

}  // namespace

std::string_view outcome_free_text(std::string_view value) {
    value = trim(value);
    if (starts_with_other(value)) value = trim(value.substr(kOtherPrefix.size()));
    return value;
}

std::string outcome_match_key(std::string_view text) {
    text = outcome_free_text(text);
    std::string key;
    key.reserve(text.size());
    for (char c : text)
        if (!is_space(c) && c != '-' && c != '_') key.push_back(lower(c));
    while (!key.empty() && (key.back() == '.' || key.back() == '!' || key.back() == ',' || key.back() == ';'))
        key.pop_back();
    return key;
}

OutcomeMatcher::OutcomeMatcher(const OutcomeCatalog& catalog) {
    // A validated catalogue has no spelling shared by two entries; a hand-made one keeps the first.
    for (std::size_t i = 0; i < catalog.entries.size(); ++i) {
        const OutcomeEntry& e = catalog.entries[i];
        by_id_.emplace(e.id, i);
        const auto add = [&](const std::string& spelling) {
            const std::string key = outcome_match_key(spelling);
            if (!key.empty()) by_key_.emplace(key, i);
        };
        add(e.id);
        add(e.name);
        for (const auto& synonym : e.synonyms) add(synonym);
    }
}

std::optional<std::size_t> OutcomeMatcher::find(std::string_view value) const {
    if (auto it = by_id_.find(std::string(value)); it != by_id_.end()) return it->second;
    const std::string key = outcome_match_key(value);
    if (key.empty()) return std::nullopt;
    if (auto it = by_key_.find(key); it != by_key_.end()) return it->second;
    return std::nullopt;
}

LostOnPrice::LostOnPrice(const OutcomeCatalog& loss_reasons) : matcher_(loss_reasons) {
    for (const OutcomeEntry& entry : loss_reasons.entries) on_price_.push_back(entry.lost_on_price);
}

bool LostOnPrice::operator()(std::string_view reason) const {
    const std::optional<std::size_t> entry = matcher_.find(reason);
    return entry && on_price_[*entry];
}

}  // namespace edgequote
