// Writing insights as canonical JSON: fixed key order, decimals as strings, no whitespace,
// by hand like write_json.cpp, so the bytes are the same natively and in WebAssembly.
#include "edgequote/insights.hpp"

#include "edgequote/engine.hpp"
#include "insights_internal.hpp"
#include "edgequote/json_writer.hpp"

namespace edgequote {

using insights_detail::kHundred;

// ---- Canonical JSON ------------------------------------------------------------------------

namespace {

class InsightsWriter : private detail::JsonWriter {
public:
    InsightsWriter(std::string& out, const Insights& in) : JsonWriter(out), in_(in) {}

    void write() {
        open('{');
        field("insights_version", "1");
        write_filter();
        key("catalogues");
        raw(in_.catalogued ? "true" : "false");
        key("read");
        open('{');
        count("files", in_.files);
        count("lines", in_.lines_read);
        count("records", in_.records);
        count("duplicates", in_.duplicates);
        count("skipped_lines", in_.skipped_lines);
        close('}');
        write_facets();
        key("totals");
        open('{');
        outcomes(in_.outcomes);
        money_field("list_monthly", in_.list_monthly);
        money_field("net_monthly", in_.net_monthly);
        ratio_field("realization_pct", in_.net_monthly, in_.list_monthly);
        close('}');
        money_rows("by_segment", "segment", in_.by_segment);
        money_rows("by_rep", "rep", in_.by_rep);
        write_products();
        band_rows("discount_bands", in_.discount_bands);
        key("incumbent_ratio");
        open('{');
        band_rows("bands", in_.incumbent_bands);
        count("without_incumbent", in_.without_incumbent);
        close('}');
        key_rows("approval_mix", "level", in_.approval_mix, false);
        write_attach();
        key("missing_features");
        open('{');
        matched_rows("tags", "feature", in_.missing_feature_tags, Counted::quotes);
        key_rows("text", "feature", in_.missing_feature_text, true);
        close('}');
        key("under_quoted");
        open('{');
        outcomes(in_.under_quoted);
        key_rows("by_finding", "code", in_.under_quoted_by_finding, true);
        close('}');
        write_competitors();
        matched_rows("loss_reasons", "reason", in_.loss_reasons, Counted::lost);
        matched_rows("win_reasons", "reason", in_.win_reasons, Counted::won);
        write_money_left();
        write_errors();
        close('}');
    }

private:
    const Insights& in_;

    static const char* match_name(KeyRow::Match match) {
        switch (match) {
            case KeyRow::Match::catalogue: return "catalogue";
            case KeyRow::Match::other: return "other";
            case KeyRow::Match::none: break;
        }
        return "none";
    }
    // The key (an id, the free text normalised, or null when nothing was recorded), the name and how
    // the value was matched.
    void matched_key(const char* key_name, const KeyRow& row) {
        text_or_null(key_name, row.key);
        text_or_null("name", row.name);
        field("match", match_name(row.match));
    }

    enum class Counted { quotes, lost, won };
    void matched_rows(const char* name, const char* key_name, const std::vector<KeyRow>& rows, Counted counted) {
        key(name);
        open('[');
        for (const auto& row : rows) {
            open('{');
            matched_key(key_name, row);
            if (counted == Counted::quotes) {
                outcomes(row.outcomes);
                money_field("lost_net_monthly", row.lost_net_monthly);
            } else if (counted == Counted::lost) {
                count("lost", row.outcomes.lost);
                money_field("lost_net_monthly", row.lost_net_monthly);
            } else {
                count("won", row.outcomes.won);
                money_field("won_net_monthly", row.won_net_monthly);
            }
            close('}');
        }
        close(']');
    }

    void money_left_fields(const Insights::MoneyLeft& m) {
        count("won", m.won);
        count("under_band", m.under_band);
        money_field("amount", m.amount);
    }
    void write_money_left() {
        key("money_left_on_table");
        open('{');
        money_left_fields(in_.money_left);
        key("by_segment");
        open('[');
        for (const auto& m : in_.money_left_by_segment) {
            open('{');
            field("segment", m.segment);
            money_left_fields(m);
            close('}');
        }
        close(']');
        close('}');
    }

    void text_or_null(const char* name, const std::string& value) {
        key(name);
        value.empty() ? raw("null") : string(value);
    }
    void optional_text(const char* name, const std::optional<std::string>& value) {
        key(name);
        value ? string(*value) : raw("null");
    }
    void count(const char* name, std::size_t value) { key(name), raw(std::to_string(value)); }
    void money_field(const char* name, const Decimal& value) {
        key(name), string(value.to_fixed(in_.minor_digits, RoundingMode::half_up));
    }
    // part ÷ whole as a percentage with two decimals; null when the whole is zero.
    void ratio_field(const char* name, const Decimal& part, const Decimal& whole) {
        key(name);
        if (whole.is_zero()) return raw("null");
        string((part * kHundred).divide(whole, 2, RoundingMode::half_up).to_fixed(2));
    }
    void strings(const char* name, const std::vector<std::string>& values) {
        key(name);
        open('[');
        for (const auto& v : values) string(v);
        close(']');
    }
    // quotes, won, lost, open and the win rate: won ÷ (won + lost), open quotes left out.
    void outcomes(const OutcomeCounts& o) {
        count("quotes", o.quotes);
        count("won", o.won);
        count("lost", o.lost);
        count("open", o.open);
        ratio_field("win_rate_pct", Decimal::from_int(std::int64_t(o.won)), Decimal::from_int(std::int64_t(o.won + o.lost)));
    }

    void write_filter() {
        const InsightsFilter& f = in_.filter;
        key("filter");
        open('{');
        strings("segments", f.segments);
        strings("reps", f.reps);
        optional_text("from", f.from);
        optional_text("to", f.to);
        optional_text("sku", f.sku);
        close('}');
    }

    void write_facets() {
        key("facets");
        open('{');
        strings("segments", in_.segments);
        strings("reps", in_.reps);
        strings("skus", in_.skus);
        strings("currencies", in_.currencies);
        optional_text("first_date", in_.first_date);
        optional_text("last_date", in_.last_date);
        close('}');
    }

    void money_rows(const char* name, const char* key_name, const std::vector<MoneyRow>& rows) {
        key(name);
        open('[');
        for (const auto& row : rows) {
            open('{');
            field(key_name, row.key);
            outcomes(row.outcomes);
            money_field("list_monthly", row.list_monthly);
            money_field("net_monthly", row.net_monthly);
            ratio_field("realization_pct", row.net_monthly, row.list_monthly);
            close('}');
        }
        close(']');
    }

    void write_products() {
        key("by_product");
        open('[');
        for (const auto& row : in_.by_product) {
            open('{');
            field("sku", row.sku);
            field("kind", line_kind_name(row.kind));
            field("name", row.name);
            field("category", row.category);
            key("premium");
            raw(row.premium ? "true" : "false");
            outcomes(row.outcomes);
            count("lines", row.lines);
            money_field("list", row.list);
            money_field("net", row.net);
            ratio_field("realization_pct", row.net, row.list);
            ratio_field("discount_pct", row.list - row.net, row.list);
            close('}');
        }
        close(']');
    }

    void band_rows(const char* name, const std::vector<BandRow>& rows) {
        key(name);
        open('[');
        for (const auto& row : rows) {
            open('{');
            field("from", row.from.to_string());
            key("to");
            row.to ? string(row.to->to_string()) : raw("null");
            outcomes(row.outcomes);
            close('}');
        }
        close(']');
    }

    void key_rows(const char* name, const char* key_name, const std::vector<KeyRow>& rows, bool lost_net) {
        key(name);
        open('[');
        for (const auto& row : rows) {
            open('{');
            text_or_null(key_name, row.key);
            outcomes(row.outcomes);
            if (lost_net) money_field("lost_net_monthly", row.lost_net_monthly);
            close('}');
        }
        close(']');
    }

    void write_attach() {
        key("premium_attach");
        open('[');
        for (const auto& row : in_.premium_attach) {
            open('{');
            field("sku", row.sku);
            count("offered", row.offered);
            count("attached", row.attached.quotes);
            ratio_field("attach_rate_pct", Decimal::from_int(std::int64_t(row.attached.quotes)),
                        Decimal::from_int(std::int64_t(row.offered)));
            count("won", row.attached.won);
            count("lost", row.attached.lost);
            count("open", row.attached.open);
            ratio_field("win_rate_pct", Decimal::from_int(std::int64_t(row.attached.won)),
                        Decimal::from_int(std::int64_t(row.attached.won + row.attached.lost)));
            close('}');
        }
        close(']');
    }

    void write_competitors() {
        key("lost_to");
        open('[');
        for (const auto& row : in_.lost_to) {
            open('{');
            text_or_null("competitor", row.competitor);
            text_or_null("id", row.id);
            field("match", match_name(row.match));
            count("lost", row.lost);
            money_field("our_net_monthly", row.our_net_monthly);
            count("with_price", row.with_price);
            money_field("our_net_priced", row.our_net_priced);
            money_field("competitor_monthly", row.competitor_monthly);
            // (ours − theirs) ÷ theirs over the quotes with their price: > 0 means we were dearer.
            ratio_field("price_gap_pct", row.our_net_priced - row.competitor_monthly, row.competitor_monthly);
            key("reasons");
            open('[');
            for (const auto& reason : row.reasons) {
                open('{');
                matched_key("reason", reason);
                count("lost", reason.outcomes.lost);
                close('}');
            }
            close(']');
            close('}');
        }
        close(']');
    }

    void write_errors() {
        key("errors");
        open('[');
        for (const auto& e : in_.errors) {
            open('{');
            count("file", e.file);
            count("line", e.line);
            field("code", e.error.code);
            field("path", e.error.path);
            field("message", e.error.message);
            close('}');
        }
        close(']');
    }
};

}  // namespace

std::string write_insights(const Insights& insights) {
    std::string out;
    out.reserve(4096 + insights.errors.size() * 160);
    InsightsWriter(out, insights).write();
    return out;
}

std::string insights_json(const std::vector<std::string_view>& logs, std::string_view filter_json,
                          const OutcomeCatalogs* catalogs) {
    InsightsFilterResult filter = parse_insights_filter(filter_json);
    if (!filter.filter) return write_errors(filter.errors);
    std::vector<QuoteLog> read;
    read.reserve(logs.size());
    for (const auto& text : logs) read.push_back(read_quote_log(text));
    return write_insights(aggregate(read, *filter.filter, catalogs));
}

}  // namespace edgequote
