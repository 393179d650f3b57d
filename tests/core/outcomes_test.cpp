// Outcome catalogues (a book's internal.outcomes): reading and validating them, the one
// matching rule, and the insights that group by them (reasons, competitors, feature requests,
// win reasons) and money left on the table. Every expected figure is worked by hand beside it.
#include "edgequote/error_codes.hpp"
#include "edgequote/insights.hpp"
#include "edgequote/outcomes.hpp"

#include <functional>

#include "support.hpp"

using test::json;
using namespace edgequote;

namespace {

json entry(const char* id, const char* name, json synonyms = json::array()) {
    return {{"id", id}, {"name", name}, {"synonyms", synonyms}};
}

json sample_outcomes() {
    return {{"loss_reasons", {entry("feature-gap", "Missing feature", {"Feature gap"}), entry("price", "Price")}},
            {"win_reasons", {entry("performance", "Performance", {"Won the bake-off"})}},
            {"competitors", {entry("cloudflare", "Cloudflare", {"CF"}), entry("aws-cloudfront", "Amazon CloudFront", {"AWS"})}},
            {"feature_requests", {entry("http3-prioritization", "HTTP/3 prioritization", {"http3"})}}};
}

json book_with_outcomes(const json& outcomes) {
    json book = test::book_with({{"model", "flat"}, {"amount", "100"}});
    book["internal"] = {{"outcomes", outcomes}};
    return book;
}

OutcomeCatalogs sample_catalogs() {
    const PriceBook book = test::load(book_with_outcomes(sample_outcomes()));
    REQUIRE(book.internal.has_value());
    return book.internal->outcomes;
}

}  // namespace

TEST_CASE("outcome catalogues are read from the book and shown in its view") {
    const OutcomeCatalogs c = sample_catalogs();
    REQUIRE(c.loss_reasons.entries.size() == 2);
    CHECK(c.loss_reasons.entries[0].id == "feature-gap");
    CHECK(c.loss_reasons.entries[0].synonyms == std::vector<std::string>{"Feature gap"});
    CHECK(c.competitors.entries[1].name == "Amazon CloudFront");

    const json view = json::parse(write_book_view(test::load(book_with_outcomes(sample_outcomes()))));
    CHECK(view["outcomes"]["loss_reasons"][0] == json{{"id", "feature-gap"}, {"name", "Missing feature"}, {"synonyms", {"Feature gap"}}});
    CHECK(view["outcomes"]["feature_requests"][0]["id"] == "http3-prioritization");
    // A book without the catalogues (or a public book) offers none.
    const json plain = json::parse(write_book_view(test::load(test::book_with({{"model", "flat"}, {"amount", "100"}}))));
    CHECK(plain["outcomes"] == json{{"loss_reasons", json::array()}, {"win_reasons", json::array()},
                                    {"competitors", json::array()}, {"feature_requests", json::array()}});
}

TEST_CASE("bad outcome catalogues: each row's code and path") {
    struct Row {
        const char* what;
        std::function<void(json&)> spoil;
        const char* code;
        const char* path;
    };
    const std::string base = "/internal/outcomes";
    const std::vector<Row> rows = {
        {"duplicate id", [](json& o) { o["loss_reasons"][1]["id"] = "feature-gap"; }, codes::duplicate_id,
         "/loss_reasons/1/id"},
        {"a synonym naming another entry", [](json& o) { o["loss_reasons"][1]["synonyms"] = {"feature gap"}; },
         codes::synonym_collision, "/loss_reasons/1/synonyms/0"},
        // "Missing_Feature" is "Missing feature" once case, spaces and _ are set aside.
        {"a name another entry answers to", [](json& o) { o["loss_reasons"][1]["name"] = "Missing_Feature"; },
         codes::synonym_collision, "/loss_reasons/1/name"},
        {"an id another entry answers to", [](json& o) { o["competitors"][1]["synonyms"] = {"Cloud-Flare"}; },
         codes::synonym_collision, "/competitors/1/synonyms/0"},
        {"empty name", [](json& o) { o["win_reasons"][0]["name"] = ""; }, codes::empty_string, "/win_reasons/0/name"},
        {"name of dashes only", [](json& o) { o["win_reasons"][0]["name"] = " - _ "; }, codes::empty_string,
         "/win_reasons/0/name"},
        {"no name", [](json& o) { o["win_reasons"][0].erase("name"); }, codes::missing_field, "/win_reasons/0/name"},
        {"empty id", [](json& o) { o["feature_requests"][0]["id"] = ""; }, codes::empty_string, "/feature_requests/0/id"},
        {"id with a capital and a colon", [](json& o) { o["feature_requests"][0]["id"] = "Other:http3"; },
         codes::invalid_id, "/feature_requests/0/id"},
        {"empty synonym", [](json& o) { o["competitors"][0]["synonyms"] = {"CF", ""}; }, codes::empty_string,
         "/competitors/0/synonyms/1"},
        {"synonym not a string", [](json& o) { o["competitors"][0]["synonyms"] = {7}; }, codes::wrong_type,
         "/competitors/0/synonyms/0"},
        {"catalogue not a list", [](json& o) { o["win_reasons"] = "Performance"; }, codes::wrong_type, "/win_reasons"},
        {"unknown catalogue", [](json& o) { o["reasons"] = json::array(); }, codes::unknown_field, "/reasons"},
        {"unknown entry key", [](json& o) { o["loss_reasons"][0]["label"] = "x"; },
         codes::unknown_field, "/loss_reasons/0/label"},
    };
    for (const auto& row : rows) {
        SECTION(row.what) {
            json outcomes = sample_outcomes();
            row.spoil(outcomes);
            const auto result = parse_pricebook(book_with_outcomes(outcomes).dump());
            CHECK_FALSE(result.book.has_value());
            REQUIRE(result.errors.size() == 1);
            CHECK(result.errors[0].code == row.code);
            CHECK(result.errors[0].path == base + row.path);
        }
    }
    SECTION("a synonym repeating its own entry's name is harmless") {
        json outcomes = sample_outcomes();
        outcomes["loss_reasons"][0]["synonyms"] = {"missing  FEATURE", "Feature gap"};
        CHECK(parse_pricebook(book_with_outcomes(outcomes).dump()).errors.empty());
    }
}

TEST_CASE("matching: ids exactly, then names, ids and synonyms ignoring case, spaces, - and _") {
    const OutcomeCatalogs c = sample_catalogs();
    struct Row {
        const char* text;
        std::optional<std::size_t> entry;  // in the loss reasons
    };
    const std::vector<Row> rows = {
        {"feature-gap", 0},              // the id
        {"Missing feature", 0},          // the name
        {"  missing   FEATURE. ", 0},    // case, runs of spaces, a trailing full stop
        {"Feature gap", 0},              // a synonym
        {"feature_gap", 0},              // the id spelled with _
        {"other: Feature gap", 0},       // free text the form kept, naming an entry all the same
        {"OTHER:price", 1},
        {"Pricing", std::nullopt},       // not a spelling of "Price": left as free text
        {"Missing features", std::nullopt},
        {"", std::nullopt},
        {"other:", std::nullopt},
    };
    for (const auto& row : rows) {
        INFO(row.text);
        CHECK(OutcomeMatcher(c.loss_reasons).find(row.text) == row.entry);
    }
    CHECK(outcome_match_key("  Other:  HTTP3_Prioritization! ") == "http3prioritization");
    CHECK(outcome_free_text("other:  Budget frozen ") == "Budget frozen");
    CHECK(OutcomeMatcher(c.feature_requests).find("HTTP3") == std::optional<std::size_t>(0));
    CHECK(OutcomeMatcher(c.competitors).find("cloudflare") == std::optional<std::size_t>(0));
    CHECK(OutcomeMatcher(c.competitors).find(" aws ") == std::optional<std::size_t>(1));
}

// ---- Insights grouped by the catalogues ------------------------------------------------------

namespace {

// A log record with what these aggregates read. `band_low`: the quote was under its segment's
// band, whose low the under_segment_band finding carries (nullptr: in the band).
json record(const char* id, const char* segment, const char* list, const char* net, const char* band_low, json outcome) {
    json guidance = json::array();
    if (band_low)
        guidance.push_back({{"code", "under_segment_band"}, {"severity", "critical"}, {"message", "..."}, {"value", net},
                            {"band", {{"low", band_low}, {"target", nullptr}, {"high", "100000"}}}, {"line", nullptr}});
    json o = {{"status", "open"}, {"reason", nullptr}, {"competitor", nullptr}, {"competitor_monthly", nullptr},
              {"missing_features", json::array()}, {"missing_feature_tags", json::array()}};
    for (auto it = outcome.begin(); it != outcome.end(); ++it) o[it.key()] = *it;
    return {{"log_version", "1"},
            {"quote_id", id},
            {"saved_at", "2026-12-01T10:00:00Z"},
            {"updated_at", "2026-12-01T10:00:00Z"},
            {"rep", "ana"},
            {"catalog", {{"premium_skus", json::array()}, {"approval_levels", {"rep"}}}},
            {"quote", json::object()},
            {"priced",
             {{"pricebook", {{"currency", "USD"}}},
              {"customer", {{"segment", segment}, {"incumbent_monthly", nullptr}}},
              {"lines", {{{"kind", "product"}, {"sku", "delivery"}, {"name", "Delivery"}, {"category", "delivery"},
                          {"list", list}, {"net", net}}}},
              {"totals", {{"list_monthly", list}, {"net_monthly", net}, {"discount_pct", "0.00"}}},
              {"guidance", guidance},
              {"approval", {{"level", "rep"}}},
              {"errors", json::array()}}},
            {"outcome", o}};
}

// Won deals (money left = max(0, min(band low, list) − net)):
//   w1 enterprise, in its band, 20,000 → 15,000, "performance" (the id)       left 0
//   w2 enterprise, band low 6,000, 10,000 → 4,000, "Won the bake-off"         left min(6000, 10000) − 4000 = 2,000
//   w3 smb, band low 1,500, 1,200 → 900, "other: great account team"          left min(1500, 1200) − 900 = 300
//      (not 1,500 − 900 = 600: at list, 1,200, the deal could not have yielded more)
//   w4 smb, band low 2,500, 2,000 → 2,000 (at list), no reason                 left min(2500, 2000) − 2000 = 0
// Lost deals:
//   l1 net 5,000: "feature-gap", "cloudflare", tags ["http3-prioritization"]
//   l2 net 3,000: "Feature gap" (an old log's text), "CF", tags ["http3", "HTTP3"] (one request)
//   l3 net 2,000: "other: Budget frozen until Q3", "other: Acme CDN", tags ["other: QUIC migration"]
//   l4 net 1,000: "Missing feature", " AWS "
std::string sample_log() {
    const std::vector<json> records = {
        record("w1", "enterprise", "20000.00", "15000.00", nullptr, {{"status", "won"}, {"reason", "performance"}}),
        record("w2", "enterprise", "10000.00", "4000.00", "6000", {{"status", "won"}, {"reason", "Won the bake-off"}}),
        record("w3", "smb", "1200.00", "900.00", "1500", {{"status", "won"}, {"reason", "other: great account team"}}),
        record("w4", "smb", "2000.00", "2000.00", "2500", {{"status", "won"}}),
        record("l1", "enterprise", "6000.00", "5000.00", nullptr,
               {{"status", "lost"}, {"reason", "feature-gap"}, {"competitor", "cloudflare"},
                {"missing_feature_tags", {"http3-prioritization"}}}),
        record("l2", "enterprise", "4000.00", "3000.00", nullptr,
               {{"status", "lost"}, {"reason", "Feature gap"}, {"competitor", "CF"}, {"missing_feature_tags", {"http3", "HTTP3"}}}),
        record("l3", "smb", "2500.00", "2000.00", nullptr,
               {{"status", "lost"}, {"reason", "other: Budget frozen until Q3"}, {"competitor", "other: Acme CDN"},
                {"missing_feature_tags", {"other: QUIC migration"}}}),
        record("l4", "smb", "1000.00", "1000.00", nullptr,
               {{"status", "lost"}, {"reason", "Missing feature"}, {"competitor", " AWS "}}),
    };
    std::string text;
    for (const auto& r : records) text += r.dump() + "\n";
    return text;
}

json sample_insights(const OutcomeCatalogs* catalogs) {
    const std::string log = sample_log();
    const json out = json::parse(insights_json({log}, "", catalogs));
    REQUIRE(out["read"]["skipped_lines"] == 0);
    return out;
}

}  // namespace

TEST_CASE("loss reasons group by id: ids, names, synonyms and old free text together; the rest is other") {
    const OutcomeCatalogs c = sample_catalogs();
    const json out = sample_insights(&c);
    CHECK(out["catalogues"] == true);
    // feature-gap: l1 (the id), l2 (a synonym), l4 (the name): 3 lost, 5,000 + 3,000 + 1,000 = 9,000.
    CHECK(out["loss_reasons"] ==
          json{{{"reason", "feature-gap"}, {"name", "Missing feature"}, {"match", "catalogue"}, {"lost", 3}, {"lost_net_monthly", "9000.00"}},
               {{"reason", "budget frozen until q3"}, {"name", "budget frozen until q3"}, {"match", "other"}, {"lost", 1},
                {"lost_net_monthly", "2000.00"}}});
}

TEST_CASE("win reasons group by id, with the won net") {
    const OutcomeCatalogs c = sample_catalogs();
    const json out = sample_insights(&c);
    // performance: w1 (the id) + w2 (a synonym): 15,000 + 4,000 = 19,000. Then the ties (1 each)
    // by key: no reason (w4, 2,000) before "great account team" (w3, 900; free text, without "other:").
    CHECK(out["win_reasons"] ==
          json{{{"reason", "performance"}, {"name", "Performance"}, {"match", "catalogue"}, {"won", 2}, {"won_net_monthly", "19000.00"}},
               {{"reason", nullptr}, {"name", nullptr}, {"match", "none"}, {"won", 1}, {"won_net_monthly", "2000.00"}},
               {{"reason", "great account team"}, {"name", "great account team"}, {"match", "other"}, {"won", 1},
                {"won_net_monthly", "900.00"}}});
}

TEST_CASE("competitors and feature requests group by id") {
    const OutcomeCatalogs c = sample_catalogs();
    const json out = sample_insights(&c);
    const json& lost_to = out["lost_to"];
    REQUIRE(lost_to.size() == 3);
    // cloudflare: l1 ("cloudflare") + l2 ("CF"), our net 5,000 + 3,000 = 8,000, shown by its name.
    CHECK(lost_to[0]["competitor"] == "Cloudflare");
    CHECK(lost_to[0]["id"] == "cloudflare");
    CHECK(lost_to[0]["match"] == "catalogue");
    CHECK(lost_to[0]["lost"] == 2);
    CHECK(lost_to[0]["our_net_monthly"] == "8000.00");
    CHECK(lost_to[0]["reasons"] == json{{{"reason", "feature-gap"}, {"name", "Missing feature"}, {"match", "catalogue"}, {"lost", 2}}});
    CHECK(lost_to[1]["id"] == "aws-cloudfront");  // l4's " AWS "
    CHECK(lost_to[1]["competitor"] == "Amazon CloudFront");
    CHECK(lost_to[2]["competitor"] == "Acme CDN");  // free text, as typed, without "other:"
    CHECK(lost_to[2]["id"] == nullptr);
    CHECK(lost_to[2]["match"] == "other");
    // http3-prioritization: l1 (the id) and l2 ("http3" and "HTTP3": one request): 2 quotes.
    const json& tags = out["missing_features"]["tags"];
    REQUIRE(tags.size() == 2);
    CHECK(tags[0]["feature"] == "http3-prioritization");
    CHECK(tags[0]["name"] == "HTTP/3 prioritization");
    CHECK(tags[0]["quotes"] == 2);
    CHECK(tags[0]["lost_net_monthly"] == "8000.00");
    CHECK(tags[1]["feature"] == "quic-migration");
    CHECK(tags[1]["match"] == "other");
}

TEST_CASE("without a book's catalogues nothing is grouped by synonym") {
    const json out = sample_insights(nullptr);
    CHECK(out["catalogues"] == false);
    // The same texts fall apart again: "feature-gap", "feature gap" and "missing feature" are three rows.
    CHECK(out["loss_reasons"].size() == 4);
    CHECK(out["lost_to"].size() == 4);
}

TEST_CASE("money left on the table: won deals under their band, up to the band's low but never past list") {
    const json out = sample_insights(nullptr);  // the catalogues play no part in it
    // w2 2,000 + w3 300 = 2,300 over the 4 won deals, 3 of them under their band (w2, w3, w4).
    CHECK(out["money_left_on_table"] ==
          json{{"won", 4}, {"under_band", 3}, {"amount", "2300.00"},
               {"by_segment", {{{"segment", "enterprise"}, {"won", 2}, {"under_band", 1}, {"amount", "2000.00"}},
                               {{"segment", "smb"}, {"won", 2}, {"under_band", 2}, {"amount", "300.00"}}}}});
    // A filter narrows it like every other figure: smb only.
    const std::string log = sample_log();
    const OutcomeCatalogs c = sample_catalogs();
    const json smb = json::parse(insights_json({log}, R"({"segments":["smb"]})", &c));
    CHECK(smb["money_left_on_table"]["amount"] == "300.00");
}
