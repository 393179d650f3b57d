#pragma once
// Outcome catalogues (a book's internal.outcomes): the loss reasons, win reasons, competitors
// and known feature requests a rep picks from when recording what became of a quote, each
// entry with an id, a display name and synonyms (other spellings of the same thing). Logs keep
// the ids; free text is kept as "other: <text>".
//
// Matching free text to an entry is one rule, here (core/src/outcomes.cpp), used by the book's
// validation (no two entries may answer to one spelling) and by the insights aggregation (old
// logs with free text are counted under the entry their text names).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <map>
#include <vector>

namespace edgequote {

struct OutcomeEntry {
    std::string id;
    std::string name;
    std::vector<std::string> synonyms;
    // Loss reasons only ("lost_on_price": true in the book): a deal lost for this reason was lost
    // on price, which the price-change impact asks about (LostOnPrice below).
    bool lost_on_price = false;
};

struct OutcomeCatalog {
    std::vector<OutcomeEntry> entries;
};

// Looks recorded values up in a catalogue (the insights build one per aggregation; the
// configurator's module, which only lists the catalogues, never links it).
class OutcomeMatcher {
public:
    explicit OutcomeMatcher(const OutcomeCatalog& catalog);
    // The entry a recorded value names: its id exactly, or its id, name or a synonym compared
    // by outcome_match_key. A value "other: <text>" is matched by its text. Nothing: free text.
    std::optional<std::size_t> find(std::string_view value) const;

private:
    std::map<std::string, std::size_t> by_id_, by_key_;
};

struct OutcomeCatalogs {
    OutcomeCatalog loss_reasons, win_reasons, competitors, feature_requests;
    bool empty() const {
        return loss_reasons.entries.empty() && win_reasons.entries.empty() && competitors.entries.empty() &&
               feature_requests.entries.empty();
    }
};

// Whether a lost deal's recorded reason means "lost on price": the reason names (by id, or as
// text matched to it by OutcomeMatcher's rule) a loss reason the book marks "lost_on_price".
// Any other text is not about price, even one that starts like "price"; a book that marks no
// loss reason counts no deal as lost on price. Used by the price-change impact (impact.cpp).
class LostOnPrice {
public:
    explicit LostOnPrice(const OutcomeCatalog& loss_reasons);
    bool operator()(std::string_view reason) const;

private:
    OutcomeMatcher matcher_;
    std::vector<bool> on_price_;  // per entry of the catalogue
};

// The prefix free text is kept under ("other: Budget frozen until Q3").
constexpr std::string_view kOtherPrefix = "other:";

// A spelling as the catalogue compares it: a leading "other:" dropped, ASCII letters in lower
// case, white space, '-' and '_' removed, trailing . ! , ; dropped. "Feature gap",
// "feature-gap" and " FEATURE_GAP. " are one key: "featuregap".
std::string outcome_match_key(std::string_view text);

// The text of a value after its "other:" prefix (trimmed); the value itself otherwise.
std::string_view outcome_free_text(std::string_view value);

}  // namespace edgequote
