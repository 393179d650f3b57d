#include "parse_outcomes.hpp"

#include <map>

#include "edgequote/error_codes.hpp"

namespace edgequote::detail {
namespace {

bool is_id(const std::string& id) {
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    return true;
}

// One entry's text field (name or synonym): a non-empty string with something to match on.
std::optional<std::string> spelling(Reader& r, const Json& node, const std::string& path) {
    if (!node.is_string()) {
        r.error(codes::wrong_type, path, std::string("Expected a string, found ") + json_type_name(node) + ".");
        return std::nullopt;
    }
    const std::string& text = node.get_ref<const std::string&>();
    if (outcome_match_key(text).empty()) {
        r.error(codes::empty_string, path, "Must have a letter or digit (spaces, dashes and underscores are ignored).");
        return std::nullopt;
    }
    return text;
}

// `loss_reasons`: its entries may say "lost_on_price" (the other catalogues' may not).
void catalog(Reader& r, const Json& list, const std::string& path, OutcomeCatalog& out, bool loss_reasons) {
    std::map<std::string, std::size_t> ids;
    // Every spelling's key -> the entry it leads to: a second entry answering to it is reported
    // at its own path, naming the first.
    std::map<std::string, std::size_t> keys;
    const auto claim = [&](const std::string& text, std::size_t entry, const std::string& at) {
        auto [it, inserted] = keys.emplace(outcome_match_key(text), entry);
        if (!inserted && it->second != entry)
            r.error(codes::synonym_collision, at,
                    "\"" + text + "\" already names the entry at " + pointer_append(path, it->second) +
                        ": each spelling must lead to one entry.");
    };
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string here = pointer_append(path, i);
        const Json& node = list[i];
        if (!r.expect_object(node, here)) continue;
        if (loss_reasons) r.check_keys(node, here, {"id", "name", "synonyms", "lost_on_price"});
        else r.check_keys(node, here, {"id", "name", "synonyms"});
        OutcomeEntry entry;
        bool ok = true;
        if (auto id = r.string(node, "id", here, true)) {
            const std::string id_path = pointer_append(here, "id");
            if (id->empty()) {
                r.error(codes::empty_string, id_path, "Must not be empty.");
                ok = false;
            } else if (!is_id(*id)) {
                r.error(codes::invalid_id, id_path,
                        "\"" + *id + "\": an outcome id is lower-case letters, digits, - and _ (logs keep it).");
                ok = false;
            } else if (!ids.emplace(*id, i).second) {
                r.error(codes::duplicate_id, id_path, "\"" + *id + "\" is declared twice.");
                ok = false;
            } else {
                entry.id = std::move(*id);
                claim(entry.id, i, id_path);
            }
        } else {
            ok = false;
        }
        const auto name = node.find("name");
        if (name == node.end()) {
            r.error(codes::missing_field, pointer_append(here, "name"), "\"name\" is required: the form and the insights show it.");
            ok = false;
        } else if (auto text = spelling(r, *name, pointer_append(here, "name"))) {
            entry.name = std::move(*text);
            claim(entry.name, i, pointer_append(here, "name"));
        } else {
            ok = false;
        }
        if (const Json* synonyms = r.array(node, "synonyms", here, false)) {
            const std::string synonyms_path = pointer_append(here, "synonyms");
            for (std::size_t k = 0; k < synonyms->size(); ++k) {
                const std::string at = pointer_append(synonyms_path, k);
                if (auto text = spelling(r, (*synonyms)[k], at)) {
                    claim(*text, i, at);
                    entry.synonyms.push_back(std::move(*text));
                }
            }
        }
        if (loss_reasons) entry.lost_on_price = r.boolean(node, "lost_on_price", here).value_or(false);
        if (ok) out.entries.push_back(std::move(entry));
    }
}

}  // namespace

void parse_outcomes(Reader& r, const Json& node, const std::string& path, OutcomeCatalogs& out) {
    r.check_keys(node, path, {"loss_reasons", "win_reasons", "competitors", "feature_requests"});
    const std::pair<const char*, OutcomeCatalog*> lists[] = {{"loss_reasons", &out.loss_reasons},
                                                             {"win_reasons", &out.win_reasons},
                                                             {"competitors", &out.competitors},
                                                             {"feature_requests", &out.feature_requests}};
    for (const auto& [key, catalogue] : lists)
        if (const Json* list = r.array(node, key, path, false)) catalog(r, *list, pointer_append(path, key), *catalogue, catalogue == &out.loss_reasons);
}

}  // namespace edgequote::detail
