// Quote-log aggregates on a small fixed log, every expected figure worked by hand beside its
// check (definitions: pricebooks/LOG-FORMAT.md, "Aggregates").
#include "edgequote/insights.hpp"

#include "support.hpp"

using test::json;

namespace {

const json kCatalog = {{"premium_skus", {"waf", "bot-management", "image-optimization"}},
                       {"approval_levels", {"rep", "manager", "director", "vp", "deal_desk"}}};

json line_of(const char* kind, const char* sku, const char* category, const char* list, const char* net) {
    return {{"index", 0}, {"kind", kind}, {"sku", sku}, {"name", sku}, {"category", category},
            {"billing", "monthly"}, {"list", list}, {"net", net}, {"discount_pct", "0.00"}};
}

struct Priced {
    const char* segment;
    json incumbent;  // "30000.00" or null
    json lines;
    const char* list;
    const char* net;
    const char* discount;
    json findings;   // codes
    json level;      // "manager" or null (no approval policy)
};

// A record shaped like the engine's summary output (only what a priced quote always has).
json record(const char* id, const char* saved, const char* rep, const Priced& p, json outcome) {
    json guidance = json::array();
    for (const auto& code : p.findings)
        guidance.push_back({{"code", code}, {"severity", "critical"}, {"message", "..."}, {"value", p.net},
                            {"band", nullptr}, {"line", nullptr}});
    json approval = p.level.is_null() ? json(nullptr)
                                      : json{{"level", p.level}, {"fired", json::array()}, {"next", nullptr},
                                             {"checks", json::array()}};
    return {{"log_version", "1"},
            {"quote_id", id},
            {"saved_at", saved},
            {"updated_at", saved},
            {"rep", rep},
            {"catalog", kCatalog},
            {"quote", {{"schema_version", "1.0"}, {"lines", json::array()}}},
            {"priced",
             {{"schema_version", "1.0"},
              {"pricebook", {{"id", "edge-cdn"}, {"version", "1"}, {"currency", "USD"}}},
              {"customer", {{"name", "Co"}, {"segment", p.segment}, {"incumbent_monthly", p.incumbent}}},
              {"term_months", 12},
              {"lines", p.lines},
              {"totals", {{"list_monthly", p.list}, {"net_monthly", p.net}, {"one_time", "0.00"}, {"tcv", "0.00"},
                          {"discount_pct", p.discount}, {"margin_pct", nullptr}}},
              {"guidance", guidance},
              {"approval", approval},
              {"warnings", json::array()},
              {"errors", json::array()}}},
            {"outcome", outcome}};
}

json outcome(const char* status, json extra = json::object()) {
    json o = {{"status", status}, {"reason", nullptr}, {"competitor", nullptr}, {"competitor_monthly", nullptr},
              {"missing_features", json::array()}, {"missing_feature_tags", json::array()}};
    for (auto it = extra.begin(); it != extra.end(); ++it) o[it.key()] = *it;
    return o;
}

// q1 smb, ana, won: delivery 800→720 + waf 200→180 = 1000→900 (10% off), manager.
json q1(const char* updated = "2026-11-03T09:00:00Z", const char* status = "won") {
    json r = record("q1", "2026-11-02T10:00:00Z", "ana",
                    {"smb", nullptr,
                     {line_of("product", "delivery", "delivery", "800.00", "720.00"),
                      line_of("product", "waf", "security", "200.00", "180.00")},
                     "1000.00", "900.00", "10.00", json::array(), "manager"},
                    outcome(status, {{"missing_features", {"  Edge KV   store. "}}, {"missing_feature_tags", {"edge-kv"}}}));
    r["updated_at"] = updated;
    return r;
}

// q2 enterprise, ana, lost to Cloudflare at 12,000: bundle 2000 + delivery 14000→10500 +
// waf 4000→2500 = 20000→15000 (25% off); incumbent 30,000; under its segment band; director.
json q2() {
    return record("q2", "2026-11-10T15:30:00.250Z", "ana",
                  {"enterprise", "30000.00",
                   {line_of("bundle", "business", "bundle", "2000.00", "2000.00"),
                    line_of("product", "delivery", "delivery", "14000.00", "10500.00"),
                    line_of("product", "waf", "security", "4000.00", "2500.00")},
                   "20000.00", "15000.00", "25.00", {"under_segment_band"}, "director"},
                  outcome("lost", {{"reason", "Price"}, {"competitor", "Cloudflare"}, {"competitor_monthly", "12000.00"},
                                   {"missing_feature_tags", {"Edge KV", "http3"}}}));
}

// q3 enterprise, ben, lost to " cloudflare " (no price): delivery 6000→4200 + bot-management
// 4000→2800 = 10000→7000 (30% off); incumbent 8,000; vp.
json q3() {
    return record("q3", "2026-12-01T08:00:00Z", "ben",
                  {"enterprise", "8000.00",
                   {line_of("product", "delivery", "delivery", "6000.00", "4200.00"),
                    line_of("product", "bot-management", "security", "4000.00", "2800.00")},
                   "10000.00", "7000.00", "30.00", json::array(), "vp"},
                  outcome("lost", {{"reason", "price."}, {"competitor", " cloudflare "}, {"missing_feature_tags", {"edge_kv"}}}));
}

// q4 smb, ben, open: delivery 500→500 (0% off); incumbent 5,000; far under the incumbent; rep.
json q4() {
    return record("q4", "2026-12-15T23:59:59Z", "ben",
                  {"smb", "5000.00", {line_of("product", "delivery", "delivery", "500.00", "500.00")},
                   "500.00", "500.00", "0.00", {"far_under_incumbent"}, "rep"},
                  outcome("open"));
}

// Two logs: ana's (q1, q2, a cut-off line, a blank line, a version-2 line) and ben's (q3, an
// older save of q1, q4, a record without rep and outcome).
std::vector<std::string> fixed_logs() {
    json v2 = q4();
    v2["log_version"] = "2";
    json incomplete = q4();
    incomplete.erase("rep");
    incomplete.erase("outcome");
    return {q1().dump() + "\n" + q2().dump() + "\n{\"log_version\":\"1\",\n\n" + v2.dump() + "\n",
            q3().dump() + "\r\n" + q1("2026-11-02T10:00:00Z", "lost").dump() + "\n" + q4().dump() + "\n" +
                incomplete.dump()};
}

json insights(const std::string& filter = "") {
    const auto logs = fixed_logs();
    const std::string out = edgequote::insights_json({logs[0], logs[1]}, filter);
    json parsed = json::parse(out);
    REQUIRE(parsed.is_object());
    return parsed;
}

json row_with(const json& rows, const char* key, const char* value) {
    for (const auto& row : rows)
        if (row[key] == value) return row;
    FAIL("no row with " << key << " = " << value);
    return nullptr;
}

}  // namespace

TEST_CASE("bad lines are listed with file, line, code and path, and skipped") {
    const json out = insights();
    // File 0: 4 non-blank lines (q1, q2, the cut-off line 3, the version-2 line 5); file 1: 4.
    CHECK(out["read"] == json{{"files", 2}, {"lines", 8}, {"records", 4}, {"duplicates", 1}, {"skipped_lines", 3}});
    const json& errors = out["errors"];
    REQUIRE(errors.size() == 4);
    CHECK(errors[0] == json{{"file", 0}, {"line", 3}, {"code", "invalid_json"}, {"path", ""},
                            {"message", errors[0]["message"]}});
    CHECK(errors[1]["line"] == 5);
    CHECK(errors[1]["code"] == "unsupported_log_version");
    CHECK(errors[1]["path"] == "/log_version");
    CHECK(errors[2] == json{{"file", 1}, {"line", 4}, {"code", "missing_field"}, {"path", "/rep"},
                            {"message", "\"rep\" is required."}});
    CHECK(errors[3]["path"] == "/outcome");
}

TEST_CASE("totals count the latest save of each quote") {
    const json t = insights()["totals"];
    // q1 (its newer save: won), q2 lost, q3 lost, q4 open. Win rate 1 ÷ (1 + 2) = 33.33 %.
    // List 1000 + 20000 + 10000 + 500 = 31,500; net 900 + 15000 + 7000 + 500 = 23,400;
    // realization 23,400 ÷ 31,500 = 74.2857 % → 74.29.
    CHECK(t == json{{"quotes", 4}, {"won", 1}, {"lost", 2}, {"open", 1}, {"win_rate_pct", "33.33"},
                    {"list_monthly", "31500.00"}, {"net_monthly", "23400.00"}, {"realization_pct", "74.29"}});
}

TEST_CASE("price realization by segment, rep and product") {
    const json out = insights();
    // enterprise: q2 + q3 = 30,000 → 22,000: 73.33 %; both lost, win rate 0.
    CHECK(row_with(out["by_segment"], "segment", "enterprise") ==
          json{{"segment", "enterprise"}, {"quotes", 2}, {"won", 0}, {"lost", 2}, {"open", 0}, {"win_rate_pct", "0.00"},
               {"list_monthly", "30000.00"}, {"net_monthly", "22000.00"}, {"realization_pct", "73.33"}});
    // smb: q1 + q4 = 1,500 → 1,400: 93.33 %; one won, one open: win rate 1 ÷ 1 = 100 %.
    CHECK(row_with(out["by_segment"], "segment", "smb")["realization_pct"] == "93.33");
    CHECK(row_with(out["by_segment"], "segment", "smb")["win_rate_pct"] == "100.00");
    // ana: q1 + q2 = 21,000 → 15,900: 75.71 %. ben: q3 + q4 = 10,500 → 7,500: 71.43 %.
    CHECK(row_with(out["by_rep"], "rep", "ana")["realization_pct"] == "75.71");
    CHECK(row_with(out["by_rep"], "rep", "ben")["realization_pct"] == "71.43");

    const json& products = out["by_product"];
    REQUIRE(products.size() == 4);
    CHECK(products[0]["sku"] == "business");  // bundles first, then products by SKU
    CHECK(products[0]["realization_pct"] == "100.00");
    CHECK(products[1]["sku"] == "bot-management");
    // delivery: 800 + 14000 + 6000 + 500 = 21,300 → 720 + 10500 + 4200 + 500 = 15,920: 74.74 %.
    // Discount off list: (21,300 − 15,920) ÷ 21,300 = 25.26 %.
    CHECK(products[2] == json{{"sku", "delivery"}, {"kind", "product"}, {"name", "delivery"}, {"category", "delivery"},
                              {"premium", false}, {"quotes", 4}, {"won", 1}, {"lost", 2}, {"open", 1},
                              {"win_rate_pct", "33.33"}, {"lines", 4}, {"list", "21300.00"}, {"net", "15920.00"},
                              {"realization_pct", "74.74"}, {"discount_pct", "25.26"}});
    // waf: 200 + 4000 = 4,200 → 180 + 2500 = 2,680: 63.81 %, the hardest-discounted product.
    CHECK(products[3]["sku"] == "waf");
    CHECK(products[3]["premium"] == true);
    CHECK(products[3]["realization_pct"] == "63.81");
}

TEST_CASE("discount distribution and win rate by discount band") {
    const json bands = insights()["discount_bands"];
    REQUIRE(bands.size() == 11);  // 0–5, 5–10, ... 45–50, 50+
    CHECK(bands[0] == json{{"from", "0"}, {"to", "5"}, {"quotes", 1}, {"won", 0}, {"lost", 0}, {"open", 1},
                           {"win_rate_pct", nullptr}});  // q4 at 0 %: open, so no win rate
    CHECK(bands[2]["quotes"] == 1);   // q1 at 10 % (bands include their lower edge)
    CHECK(bands[2]["win_rate_pct"] == "100.00");
    CHECK(bands[5]["quotes"] == 1);   // q2 at 25 %
    CHECK(bands[6]["quotes"] == 1);   // q3 at 30 %
    CHECK(bands[10] == json{{"from", "50"}, {"to", nullptr}, {"quotes", 0}, {"won", 0}, {"lost", 0}, {"open", 0},
                            {"win_rate_pct", nullptr}});
}

TEST_CASE("win rate by our net as a share of the incumbent's price") {
    const json ratio = insights()["incumbent_ratio"];
    // q1 has no incumbent. q2 15,000 ÷ 30,000 = 50 % → 40–60; q3 7,000 ÷ 8,000 = 87.5 % → 80–100;
    // q4 500 ÷ 5,000 = 10 % → 0–20.
    CHECK(ratio["without_incumbent"] == 1);
    const json& bands = ratio["bands"];
    REQUIRE(bands.size() == 7);
    CHECK(bands[0]["open"] == 1);
    CHECK(bands[2]["from"] == "40");
    CHECK(bands[2]["lost"] == 1);
    CHECK(bands[4]["from"] == "80");
    CHECK(bands[4]["lost"] == 1);
    CHECK(bands[6]["to"] == nullptr);
}

TEST_CASE("approval-level mix follows the policy's order, levels nobody reached included") {
    const json mix = insights()["approval_mix"];
    REQUIRE(mix.size() == 5);
    const char* levels[] = {"rep", "manager", "director", "vp", "deal_desk"};
    const int quotes[] = {1, 1, 1, 1, 0};  // q4, q1, q2, q3
    for (int i = 0; i < 5; ++i) {
        CHECK(mix[i]["level"] == levels[i]);
        CHECK(mix[i]["quotes"] == quotes[i]);
    }
}

TEST_CASE("premium attach rate: quotes with the SKU over quotes whose book offers it") {
    const json attach = insights()["premium_attach"];
    REQUIRE(attach.size() == 3);
    // All four quotes offer all three. bot-management: q3 → 1 ÷ 4 = 25 %; waf: q1, q2 → 50 %,
    // won 1 of 2 decided; image-optimization never sold.
    CHECK(attach[0] == json{{"sku", "bot-management"}, {"offered", 4}, {"attached", 1}, {"attach_rate_pct", "25.00"},
                            {"won", 0}, {"lost", 1}, {"open", 0}, {"win_rate_pct", "0.00"}});
    CHECK(attach[1]["sku"] == "image-optimization");
    CHECK(attach[1]["attach_rate_pct"] == "0.00");
    CHECK(attach[1]["win_rate_pct"] == nullptr);
    CHECK(attach[2]["attach_rate_pct"] == "50.00");
    CHECK(attach[2]["win_rate_pct"] == "50.00");
}

TEST_CASE("missing features are normalised and counted once per quote") {
    const json features = insights()["missing_features"];
    // "edge-kv" (q1), "Edge KV" (q2), "edge_kv" (q3) are one tag: 3 quotes, 2 of them lost,
    // with our net 15,000 + 7,000 = 22,000 on the lost ones. "http3": q2 only.
    CHECK(features["tags"][0] == json{{"feature", "edge-kv"}, {"name", "edge-kv"}, {"match", "other"}, {"quotes", 3}, {"won", 1},
                                      {"lost", 2}, {"open", 0}, {"win_rate_pct", "33.33"}, {"lost_net_monthly", "22000.00"}});
    CHECK(features["tags"][1]["feature"] == "http3");
    CHECK(features["tags"][1]["lost_net_monthly"] == "15000.00");
    REQUIRE(features["text"].size() == 1);
    CHECK(features["text"][0]["feature"] == "edge kv store");  // trimmed, one space, no final "."
}

TEST_CASE("under-quoted quotes and what became of them") {
    const json under = insights()["under_quoted"];
    // q2 (under its segment band) was lost; q4 (10 % of its incumbent) is still open.
    CHECK(under["quotes"] == 2);
    CHECK(under["lost"] == 1);
    CHECK(under["open"] == 1);
    CHECK(under["win_rate_pct"] == "0.00");
    CHECK(under["by_finding"][0] == json{{"code", "under_segment_band"}, {"quotes", 1}, {"won", 0}, {"lost", 1},
                                         {"open", 0}, {"win_rate_pct", "0.00"}, {"lost_net_monthly", "15000.00"}});
    CHECK(under["by_finding"][1]["code"] == "far_under_incumbent");
    CHECK(under["by_finding"][1]["open"] == 1);
}

TEST_CASE("lost deals by competitor, with their prices and reasons") {
    const json out = insights();
    REQUIRE(out["lost_to"].size() == 1);
    // "Cloudflare" and " cloudflare " are one competitor, shown as the most used spelling (a
    // tie here, so the first in byte order). Our net 15,000 + 7,000 = 22,000; only q2 recorded their price (12,000), so the gap
    // is (15,000 − 12,000) ÷ 12,000 = 25 % dearer. "Price" and "price." are one reason.
    // No book given: every value is free text (match "other").
    CHECK(out["lost_to"][0] == json{{"competitor", "Cloudflare"}, {"id", nullptr}, {"match", "other"}, {"lost", 2},
                                    {"our_net_monthly", "22000.00"}, {"with_price", 1}, {"our_net_priced", "15000.00"},
                                    {"competitor_monthly", "12000.00"}, {"price_gap_pct", "25.00"},
                                    {"reasons", {{{"reason", "price"}, {"name", "price"}, {"match", "other"}, {"lost", 2}}}}});
    CHECK(out["loss_reasons"] == json{{{"reason", "price"}, {"name", "price"}, {"match", "other"}, {"lost", 2},
                                       {"lost_net_monthly", "22000.00"}}});
}

TEST_CASE("facets list every segment, rep, SKU and date, whatever the filter") {
    const json facets = insights(R"({"segments":["smb"]})")["facets"];
    CHECK(facets == json{{"segments", {"enterprise", "smb"}}, {"reps", {"ana", "ben"}},
                         {"skus", {"bot-management", "business", "delivery", "waf"}}, {"currencies", {"USD"}},
                         {"first_date", "2026-11-02"}, {"last_date", "2026-12-15"}});
}

TEST_CASE("filters by segment, rep, saved date and product") {
    // Enterprise: q2 + q3.
    CHECK(insights(R"({"segments":["enterprise"]})")["totals"]["net_monthly"] == "22000.00");
    // ben: q3 + q4.
    CHECK(insights(R"({"reps":["ben"]})")["totals"]["quotes"] == 2);
    // Saved from 2026-12-01 (inclusive): q3, q4; to 2026-11-10 (inclusive, any time that day): q1, q2.
    CHECK(insights(R"({"from":"2026-12-01"})")["totals"]["net_monthly"] == "7500.00");
    CHECK(insights(R"({"to":"2026-11-10"})")["totals"]["net_monthly"] == "15900.00");
    CHECK(insights(R"({"from":"2026-11-03","to":"2026-12-14"})")["totals"]["quotes"] == 2);
    // Quotes with a waf line: q1 + q2; their other lines still count in by_product.
    const json waf = insights(R"({"sku":"waf"})");
    CHECK(waf["totals"]["quotes"] == 2);
    CHECK(waf["filter"] == json{{"segments", json::array()}, {"reps", json::array()}, {"from", nullptr},
                                {"to", nullptr}, {"sku", "waf"}});
    CHECK(row_with(waf["by_product"], "sku", "delivery")["net"] == "11220.00");  // 720 + 10500
}

TEST_CASE("a bad filter is an error value with its path") {
    const auto logs = fixed_logs();
    const json out = json::parse(edgequote::insights_json({logs[0]}, R"({"from":"2026-02-30","segment":"smb"})"));
    REQUIRE(out["errors"].size() == 2);
    CHECK(out["errors"][0]["code"] == "unknown_field");
    CHECK(out["errors"][0]["path"] == "/segment");
    CHECK(out["errors"][1]["code"] == "invalid_date");
    CHECK(out["errors"][1]["path"] == "/from");
}

TEST_CASE("record fields are checked with codes and paths") {
    using Row = std::tuple<std::string, std::string, std::string>;  // pointer, replacement, code
    auto [pointer, replacement, code] = GENERATE(table<std::string, std::string, std::string>({
        Row{"/saved_at", R"("2026-11-02 10:00")", "invalid_date"},
        Row{"/updated_at", R"("2026-11-02T10:00:00+01:00")", "invalid_date"},
        Row{"/quote_id", R"("")", "empty_string"},
        Row{"/catalog/premium_skus/0", "3", "wrong_type"},
        Row{"/priced/totals/net_monthly", "900.5", "float_not_allowed"},
        Row{"/priced/lines/0/list", "800", "expected_decimal_string"},
        Row{"/priced/customer/segment", "null", "wrong_type"},
        Row{"/outcome/status", R"("pending")", "unknown_value"},
        Row{"/outcome/competitor_monthly", R"("12k")", "invalid_decimal"},
        Row{"/priced/lines/0/net", R"("1000000000000000")", "overflow"},              // 10^15: no sum stays exact
        Row{"/priced/customer/incumbent_monthly", R"("1.00001")", "overflow"},        // five decimals
        Row{"/priced/errors", R"([{"code":"unknown_sku","path":"/lines/0/sku","message":"..."}])", "unpriced_quote"},
    }));
    json bad = q1();
    bad[json::json_pointer(pointer)] = json::parse(replacement);
    const auto log = edgequote::read_quote_log(bad.dump());
    CHECK(log.records.empty());
    CHECK(log.bad_lines == 1);
    REQUIRE(log.errors.size() == 1);
    CHECK(log.errors[0].error.code == code);
    CHECK(log.errors[0].error.path == pointer);
}

TEST_CASE("a quote priced without an approval policy counts under a null level") {
    json r = q4();
    r["priced"]["approval"] = nullptr;
    const json out = json::parse(edgequote::insights_json({r.dump()}, ""));
    REQUIRE(out["approval_mix"].size() == 6);
    CHECK(out["approval_mix"][5] == json{{"level", nullptr}, {"quotes", 1}, {"won", 0}, {"lost", 0}, {"open", 1},
                                         {"win_rate_pct", nullptr}});
}

TEST_CASE("records carrying the engine's own output, full or summary, are read as written") {
    // A book with one premium product; 3 units at 100 with 20 % off: list 300, net 240.
    json book = test::book_with({{"model", "per_unit"}, {"unit_price", "100"}});
    book["products"][0]["premium"] = true;
    const auto loaded = test::load(book);
    json quote = test::quote_for(json::array({{{"sku", "item"}, {"quantity", "3"}, {"discount_pct", "20"}}}));
    const auto priced = edgequote::price_json(loaded, quote.dump());
    REQUIRE(priced.errors.empty());
    for (auto detail : {edgequote::OutputDetail::full, edgequote::OutputDetail::summary}) {
        json r = q1();
        r["quote"] = quote;
        r["priced"] = json::parse(edgequote::write_priced_quote(priced, detail));
        r["catalog"] = {{"premium_skus", {"item"}}, {"approval_levels", json::array()}};
        const json out = json::parse(edgequote::insights_json({r.dump()}, ""));
        CHECK(out["read"]["skipped_lines"] == 0);
        CHECK(out["totals"]["realization_pct"] == "80.00");
        CHECK(out["premium_attach"][0]["attach_rate_pct"] == "100.00");
        CHECK(out["approval_mix"][0]["level"] == nullptr);  // the test book has no internal part
    }
}

TEST_CASE("aggregation is exact and the output canonical: the same logs give the same bytes") {
    const auto logs = fixed_logs();
    const std::string once = edgequote::insights_json({logs[0], logs[1]}, "");
    CHECK(once == edgequote::insights_json({logs[0], logs[1]}, "{}"));
    CHECK(once.rfind("{\"insights_version\":\"1\",\"filter\":", 0) == 0);
}
