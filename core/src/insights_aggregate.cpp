// Aggregating quote logs: records and a filter in, the insights tables out, in exact decimals.
#include "edgequote/insights.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "edgequote/engine.hpp"
#include "insights_internal.hpp"

namespace edgequote {

using namespace insights_detail;

void OutcomeCounts::add(OutcomeStatus status) {
    ++quotes;
    switch (status) {
        case OutcomeStatus::won: ++won; break;
        case OutcomeStatus::lost: ++lost; break;
        case OutcomeStatus::open: ++open; break;
    }
}

namespace {

// Rows keyed by a string, counted once per quote.
class KeyTable {
public:
    KeyRow& add(const std::string& key, const LogRecord& r) {
        KeyRow& row = rows_[key];
        row.key = key;
        row.outcomes.add(r.outcome.status);
        if (r.outcome.status == OutcomeStatus::lost) row.lost_net_monthly += r.net_monthly;
        if (r.outcome.status == OutcomeStatus::won) row.won_net_monthly += r.net_monthly;
        return row;
    }
    // Most quotes first; ties by key, so the order is stable.
    std::vector<KeyRow> by_count() const {
        std::vector<KeyRow> out;
        for (const auto& entry : rows_) out.push_back(entry.second);
        std::stable_sort(out.begin(), out.end(), [](const KeyRow& a, const KeyRow& b) {
            return a.outcomes.quotes > b.outcomes.quotes;
        });
        return out;
    }
    const std::map<std::string, KeyRow>& rows() const { return rows_; }
    KeyRow& row(const std::string& key) {
        KeyRow& r = rows_[key];
        r.key = key;
        return r;
    }

private:
    std::map<std::string, KeyRow> rows_;
};

std::vector<BandRow> bands(int step, int count) {
    std::vector<BandRow> out;
    for (int i = 0; i < count; ++i) {
        BandRow row;
        row.from = Decimal::from_int(std::int64_t(i) * step);
        if (i + 1 < count) row.to = Decimal::from_int(std::int64_t(i + 1) * step);
        out.push_back(row);
    }
    return out;
}

int kind_rank(LineKind kind) {
    switch (kind) {
        case LineKind::bundle: return 0;
        case LineKind::product: return 1;
        case LineKind::percentage: return 2;
        case LineKind::true_up: return 3;
    }
    return 3;
}

bool passes(const LogRecord& r, const InsightsFilter& f) {
    if (!f.segments.empty() && !contains(f.segments, r.segment)) return false;
    if (!f.reps.empty() && !contains(f.reps, r.rep)) return false;
    const std::string_view date = std::string_view(r.saved_at).substr(0, 10);
    if (f.from && date < std::string_view(*f.from)) return false;
    if (f.to && date > std::string_view(*f.to)) return false;
    if (f.sku) {
        bool found = false;
        for (const auto& line : r.lines)
            if (line.sku == *f.sku && line.kind != LineKind::true_up) found = true;
        if (!found) return false;
    }
    return true;
}

// The latest save of each quote_id (by updated_at; on a tie the one read last), in read order.
std::vector<const LogRecord*> latest_saves(const std::vector<const QuoteLog*>& logs, std::size_t& duplicates) {
    std::unordered_map<std::string_view, const LogRecord*> latest;
    duplicates = 0;
    for (const QuoteLog* log : logs)
        for (const auto& r : log->records) {
            auto [it, inserted] = latest.emplace(r.quote_id, &r);
            if (inserted) continue;
            ++duplicates;
            if (r.updated_at >= it->second->updated_at) it->second = &r;
        }
    std::vector<const LogRecord*> out;
    out.reserve(latest.size());
    for (const QuoteLog* log : logs)
        for (const auto& r : log->records)
            if (latest[r.quote_id] == &r) out.push_back(&r);
    return out;
}

// Hash maps keyed by views into the records (which outlive the aggregation); sorted at the end.
struct KindSkuHash {
    std::size_t operator()(const std::pair<LineKind, std::string_view>& p) const {
        return std::hash<std::string_view>()(p.second) * 5 + std::size_t(p.first);
    }
};

void add_money_row(std::unordered_map<std::string_view, MoneyRow>& rows, const std::string& key, const LogRecord& r) {
    MoneyRow& row = rows[key];
    if (row.outcomes.quotes == 0) row.key = key;
    row.outcomes.add(r.outcome.status);
    row.list_monthly += r.list_monthly;
    row.net_monthly += r.net_monthly;
}

std::vector<MoneyRow> money_rows_by_key(const std::unordered_map<std::string_view, MoneyRow>& rows) {
    std::vector<MoneyRow> out;
    out.reserve(rows.size());
    for (const auto& entry : rows) out.push_back(entry.second);
    std::sort(out.begin(), out.end(), [](const MoneyRow& a, const MoneyRow& b) { return a.key < b.key; });
    return out;
}

bool is_offered(LineKind kind) { return kind == LineKind::product || kind == LineKind::percentage; }

// A recorded value (already normalised as the record was read, "other:" prefix dropped) as its
// row: the catalogue entry it names (key: the id), or free text (key: the text, normalised;
// match "other"), or nothing recorded (key "", match "none"). Each distinct value is looked up once per aggregation.
class Resolver {
public:
    explicit Resolver(const OutcomeCatalog* catalog) : catalog_(catalog) {
        if (catalog_) matcher_.emplace(*catalog_);
    }

    struct Resolved {
        std::string key, name;
        const OutcomeEntry* entry = nullptr;
        KeyRow::Match match = KeyRow::Match::none;
    };

    const Resolved& operator()(const std::string& value) {
        auto [it, inserted] = memo_.try_emplace(value);
        Resolved& out = it->second;
        if (!inserted || value.empty()) return out;
        const auto found = matcher_ ? matcher_->find(value) : std::nullopt;
        if (found) {
            out.entry = &catalog_->entries[*found];
            out.key = out.entry->id;
            out.name = out.entry->name;
            out.match = KeyRow::Match::catalogue;
        } else {
            out.key = value;  // never an id: a value equal to one would have matched it
            out.name = value;
            out.match = KeyRow::Match::other;
        }
        return out;
    }

private:
    const OutcomeCatalog* catalog_;
    std::optional<OutcomeMatcher> matcher_;
    std::unordered_map<std::string_view, Resolved> memo_;  // keys: views into the records
};

// Adds a resolved value's row, named as it resolved.
void add_resolved(KeyTable& table, const Resolver::Resolved& value, const LogRecord& r) {
    KeyRow& row = table.add(value.key, r);
    row.match = value.match;
    row.name = value.name;
}

// What a won deal left on the table: how far its net falls under its segment band's low, but
// never more than its discount (at list price the deal could not have yielded more):
// max(0, min(low, list) - net).
Decimal money_left_of(const LogRecord& r) {
    if (!r.under_band_low) return Decimal();
    const Decimal& low = *r.under_band_low;
    const Decimal reachable = r.list_monthly < low ? r.list_monthly : low;
    const Decimal left = reachable - r.net_monthly;
    return left.sign() > 0 ? left : Decimal();
}

}  // namespace

Insights aggregate(const std::vector<const QuoteLog*>& logs, const InsightsFilter& filter,
                   const OutcomeCatalogs* catalogs) {
    Insights in;
    in.filter = filter;
    in.catalogued = catalogs != nullptr;
    Resolver loss_reason(catalogs ? &catalogs->loss_reasons : nullptr);
    Resolver win_reason(catalogs ? &catalogs->win_reasons : nullptr);
    Resolver competitor(catalogs ? &catalogs->competitors : nullptr);
    Resolver feature(catalogs ? &catalogs->feature_requests : nullptr);
    KeyTable win_reasons;
    std::map<std::string, Insights::MoneyLeft> money_left;
    in.files = logs.size();
    for (std::size_t file = 0; file < logs.size(); ++file) {
        in.lines_read += logs[file]->lines_read;
        in.skipped_lines += logs[file]->bad_lines;
        for (const auto& e : logs[file]->errors) {
            if (in.errors.size() == kMaxListedLogErrors) break;
            in.errors.push_back(e);
            in.errors.back().file = file;
        }
    }
    const std::vector<const LogRecord*> records = latest_saves(logs, in.duplicates);
    in.records = records.size();

    std::set<std::string> segments, reps, skus, currencies;
    int digits = -1;  // money digits of the records (JPY 0, USD 2); 2 when there is no record
    for (const QuoteLog* log : logs) {
        segments.insert(log->segments.begin(), log->segments.end());
        reps.insert(log->reps.begin(), log->reps.end());
        skus.insert(log->skus.begin(), log->skus.end());
        currencies.insert(log->currencies.begin(), log->currencies.end());
        if (log->records.empty()) continue;
        if (!in.first_date || log->first_date < *in.first_date) in.first_date = log->first_date;
        if (!in.last_date || log->last_date > *in.last_date) in.last_date = log->last_date;
        digits = std::max(digits, log->minor_digits);
    }
    in.minor_digits = digits < 0 ? 2 : digits;
    in.segments.assign(segments.begin(), segments.end());
    in.reps.assign(reps.begin(), reps.end());
    in.skus.assign(skus.begin(), skus.end());
    in.currencies.assign(currencies.begin(), currencies.end());

    std::unordered_map<std::string_view, MoneyRow> by_segment, by_rep;
    std::unordered_map<std::pair<LineKind, std::string_view>, ProductRow, KindSkuHash> by_product;
    in.discount_bands = bands(kDiscountStep, kDiscountBands);
    in.incumbent_bands = bands(kIncumbentStep, kIncumbentBands);
    std::vector<std::string> level_order;  // catalog levels, lowest first, in order of appearance
    const LogCatalog* last_catalog = nullptr;
    KeyTable levels, tags, texts, reasons;
    std::vector<const std::string*> record_tags;
    KeyRow under_rows[2];
    for (int i = 0; i < 2; ++i) under_rows[i].key = kUnderFindings[i];
    struct Attach {
        AttachRow row;
        std::size_t offered_in = 0, attached_in = 0;
    };
    std::unordered_map<std::string_view, Attach> attach;
    std::size_t quote_number = 0;
    std::map<std::string, CompetitorRow> competitors;  // by normalized name
    std::map<std::string, KeyTable> competitor_reasons;
    std::map<std::string, std::map<std::string, std::size_t>> spellings;  // normalized -> as written -> uses
    std::vector<std::pair<LineKind, std::string_view>> seen;

    for (const LogRecord* rp : records) {
        const LogRecord& r = *rp;
        if (!passes(r, filter)) continue;
        const OutcomeStatus status = r.outcome.status;
        in.outcomes.add(status);
        in.list_monthly += r.list_monthly;
        in.net_monthly += r.net_monthly;
        add_money_row(by_segment, r.segment, r);
        add_money_row(by_rep, r.rep, r);

        // Each product row counts a quote once, however many lines of the SKU it has.
        seen.clear();
        for (const auto& line : r.lines) {
            const std::pair<LineKind, std::string_view> key{line.kind, line.sku};
            ProductRow& row = by_product[key];
            if (row.lines == 0) {
                row.kind = line.kind;
                row.sku = line.sku;
                row.category = line.category;
                row.name = line.name;
            }
            ++row.lines;
            row.list += line.list;
            row.net += line.net;
            if (std::find(seen.begin(), seen.end(), key) == seen.end()) {
                seen.push_back(key);
                row.outcomes.add(status);
            }
        }

        const LogRecord::Derived& d = r.derived;
        in.discount_bands[d.discount_band].outcomes.add(status);
        if (d.incumbent_band) in.incumbent_bands[*d.incumbent_band].outcomes.add(status);
        else ++in.without_incumbent;

        if (r.catalog.get() != last_catalog) {
            for (const auto& level : r.catalog->approval_levels)
                if (!contains(level_order, level)) level_order.push_back(level);
            last_catalog = r.catalog.get();
        }
        levels.add(r.approval_level ? *r.approval_level : std::string(), r);

        // Attach: the record's premium SKUs are offered; its lines of them are attached. Stamps
        // (the quote's number) count each at most once per quote without nested loops.
        ++quote_number;
        for (const auto& sku : r.catalog->premium_skus) {
            Attach& a = attach[sku];
            if (a.row.offered == 0) a.row.sku = sku;
            if (a.offered_in == quote_number) continue;
            a.offered_in = quote_number;
            ++a.row.offered;
        }
        for (const auto& line : r.lines) {
            if (!is_offered(line.kind)) continue;
            auto it = attach.find(line.sku);
            if (it == attach.end() || it->second.offered_in != quote_number || it->second.attached_in == quote_number)
                continue;
            it->second.attached_in = quote_number;
            it->second.row.attached.add(status);
        }

        // Tags that name one feature request count once per quote.
        record_tags.clear();
        for (const auto& tag : d.tags) {
            const Resolver::Resolved& resolved = feature(tag);
            const bool seen_tag = std::any_of(record_tags.begin(), record_tags.end(),
                                              [&](const std::string* k) { return *k == resolved.key; });
            if (seen_tag) continue;
            record_tags.push_back(&resolved.key);
            add_resolved(tags, resolved, r);
        }
        for (const auto& text : d.texts) texts.add(text, r);

        bool under = false;
        for (int i = 0; i < 2; ++i) {
            if (!d.findings[i]) continue;
            under_rows[i].outcomes.add(status);
            if (status == OutcomeStatus::lost) under_rows[i].lost_net_monthly += r.net_monthly;
            under = true;
        }
        if (under) in.under_quoted.add(status);

        if (status == OutcomeStatus::won) {
            add_resolved(win_reasons, win_reason(d.reason_key), r);
            Insights::MoneyLeft& segment = money_left[r.segment];
            const Decimal left = money_left_of(r);
            for (Insights::MoneyLeft* m : {&in.money_left, &segment}) {
                ++m->won;
                if (r.under_band_low) ++m->under_band;
                m->amount += left;
            }
        }

        if (status == OutcomeStatus::lost) {
            const Resolver::Resolved& rival = competitor(d.competitor_key);
            // A catalogued competitor groups under its id ("\x01" keeps it apart from any text).
            const std::string name = rival.entry ? "\x01" + rival.entry->id : d.competitor_key;
            CompetitorRow& row = competitors[name];
            row.match = rival.match;
            // Spellings of one competitor group together; the row shows the most used one (on a
            // tie, the first in byte order).
            const std::string& spelled = d.competitor_shown;
            std::size_t& uses = spellings[name][spelled];
            ++uses;
            const std::size_t shown_uses = spellings[name][row.competitor];
            if (rival.entry) {
                row.competitor = rival.entry->name;
                row.id = rival.entry->id;
            } else if (row.lost == 0 || uses > shown_uses || (uses == shown_uses && spelled < row.competitor)) {
                row.competitor = spelled;
            }
            ++row.lost;
            row.our_net_monthly += r.net_monthly;
            if (r.outcome.competitor_monthly) {
                ++row.with_price;
                row.our_net_priced += r.net_monthly;
                row.competitor_monthly += *r.outcome.competitor_monthly;
            }
            const Resolver::Resolved& reason = loss_reason(d.reason_key);
            add_resolved(competitor_reasons[name], reason, r);
            add_resolved(reasons, reason, r);
        }
    }

    in.by_segment = money_rows_by_key(by_segment);
    in.by_rep = money_rows_by_key(by_rep);
    for (auto& entry : by_product) {
        ProductRow& row = entry.second;
        row.premium = is_offered(row.kind) && attach.count(row.sku) > 0;
        in.by_product.push_back(row);
    }
    std::sort(in.by_product.begin(), in.by_product.end(), [](const ProductRow& a, const ProductRow& b) {
        const int ra = kind_rank(a.kind), rb = kind_rank(b.kind);
        return ra != rb ? ra < rb : a.sku < b.sku;
    });

    // Approval levels in the policy's order (levels no catalog names follow by name), then
    // quotes priced without an approval policy under the empty key.
    std::vector<std::string> order = level_order;
    for (const auto& entry : levels.rows())
        if (!entry.first.empty() && !contains(order, entry.first)) order.push_back(entry.first);
    if (levels.rows().count("")) order.push_back("");
    for (const auto& level : order) in.approval_mix.push_back(levels.row(level));

    for (const auto& entry : attach) in.premium_attach.push_back(entry.second.row);
    std::sort(in.premium_attach.begin(), in.premium_attach.end(),
              [](const AttachRow& a, const AttachRow& b) { return a.sku < b.sku; });
    in.missing_feature_tags = tags.by_count();
    in.missing_feature_text = texts.by_count();
    in.under_quoted_by_finding.assign(std::begin(under_rows), std::end(under_rows));
    for (auto& entry : competitors) {
        entry.second.reasons = competitor_reasons[entry.first].by_count();
        in.lost_to.push_back(entry.second);
    }
    std::stable_sort(in.lost_to.begin(), in.lost_to.end(),
                     [](const CompetitorRow& a, const CompetitorRow& b) { return a.lost > b.lost; });
    in.loss_reasons = reasons.by_count();
    in.win_reasons = win_reasons.by_count();
    for (auto& entry : money_left) {
        entry.second.segment = entry.first;
        in.money_left_by_segment.push_back(entry.second);
    }
    return in;
}

Insights aggregate(const std::vector<QuoteLog>& logs, const InsightsFilter& filter, const OutcomeCatalogs* catalogs) {
    std::vector<const QuoteLog*> pointers;
    for (const auto& log : logs) pointers.push_back(&log);
    return aggregate(pointers, filter, catalogs);
}

}  // namespace edgequote
