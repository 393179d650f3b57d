// Price-change impact (core/include/edgequote/impact.hpp): small logs built here from the sample
// book's quotes, so every expected figure is arithmetic on the book's list prices.
#include <deque>
#include <string>
#include <vector>

#include "edgequote/impact.hpp"
#include "support.hpp"

namespace {

using test::json;

json sample_book() { return json::parse(test::read_text("pricebooks/edge-cdn.json")); }

json with_waf(json book, const char* amount) {
    for (auto& product : book["products"])
        if (product["sku"] == "waf") product["price"]["amount"] = amount;
    return book;
}

// business-starter: a 12-month term (5 % off list) on the Business bundle with the WAF
// (list 2,500, net 2,375), certificates, delivery, requests and onboarding: 5,420.00 list,
// 5,149.00 net a month under the sample book.
json business_quote() { return json::parse(test::read_text("pricebooks/examples/business-starter.json")); }

// An SMB quote: WAF + one certificate on 12 months: (2,500 + 600) × 0.95 = 2,945.00 a month,
// over the SMB band's top of 2,500 (over_segment_band).
json smb_quote() {
    return {{"schema_version", "1.0"},
            {"pricebook", {{"id", "edge-cdn"}, {"version", "2026.11.0"}}},
            {"customer", {{"name", "Small Co"}, {"segment", "smb"}}},
            {"term_months", 12},
            {"lines", json::array({{{"sku", "waf"}, {"quantity", 1}},
                                   {{"sku", "custom-certificates"}, {"quantity", 1}, {"unit", "each"}}})}};
}

std::string record(const std::string& id, const json& quote, const json& outcome = {{"status", "open"}},
                   const char* updated = "2026-12-01T10:00:00Z") {
    return json{{"log_version", "1"},   {"quote_id", id}, {"saved_at", "2026-11-20T09:00:00Z"},
                {"updated_at", updated}, {"rep", "Alex Morgan"}, {"quote", quote},
                {"priced", {{"not", "read by impact"}}}, {"outcome", outcome}}
        .dump();
}

json run(const json& current, const json& proposed, const std::vector<std::string>& logs) {
    std::vector<std::string_view> views(logs.begin(), logs.end());
    const std::string out = edgequote::impact_json(current.dump(), proposed.dump(), views);
    return json::parse(out);
}

const json* product(const json& result, const char* sku) {
    for (const auto& row : result["by_product"])
        if (row["sku"] == sku) return &row;
    return nullptr;
}

}  // namespace

TEST_CASE("impact: the same book moves nothing", "[impact]") {
    const json book = sample_book();
    const json out = run(book, book, {record("q-1", business_quote()) + "\n" + record("q-2", smb_quote()) + "\n"});
    CHECK(out["read"]["repriced"] == 2);
    CHECK(out["totals"]["net_before"] == "8094.00");  // 5,149.00 + 2,945.00
    CHECK(out["totals"]["net_change"] == "0.00");
    CHECK(out["approval"]["changed"] == 0);
    CHECK(out["largest_changes"].empty());
    for (const auto& f : out["findings"]) {
        CHECK(f["appeared"] == 0);
        CHECK(f["cleared"] == 0);
    }
}

TEST_CASE("impact: a WAF price cut, line by line", "[impact]") {
    const json book = sample_book();
    const json lost = {{"status", "lost"}, {"reason", "Price"}, {"competitor", "Akamai"}, {"competitor_monthly", "2500.00"}};
    const json out = run(book, with_waf(book, "1900"),
                         {record("q-1", business_quote()) + "\n" + record("q-2", smb_quote(), lost) + "\n"});
    // WAF net: 2,500 × 0.95 = 2,375.00 -> 1,900 × 0.95 = 1,805.00, on each of the two quotes.
    const json* waf = product(out, "waf");
    REQUIRE(waf);
    CHECK((*waf)["list_before"] == "5000.00");
    CHECK((*waf)["list_after"] == "3800.00");
    CHECK((*waf)["net_before"] == "4750.00");
    CHECK((*waf)["net_after"] == "3610.00");
    CHECK((*waf)["net_change"] == "-1140.00");
    CHECK((*waf)["net_change_pct"] == "-24.00");
    // Other products do not move.
    CHECK((*product(out, "custom-certificates"))["net_change"] == "0.00");
    // Totals: 8,094.00 - 1,140.00.
    CHECK(out["totals"]["net_after"] == "6954.00");
    // The SMB quote: 2,945.00 -> (1,900 + 600) × 0.95 = 2,375.00, now inside 100–2,500 and
    // under the competitor's 2,500.00; its over_segment_band finding clears.
    CHECK(out["lost_on_price"]["quotes"] == 1);
    CHECK(out["lost_on_price"]["now_in_band"] == 1);
    CHECK(out["lost_on_price"]["now_at_or_under_competitor"] == 1);
    bool cleared = false;
    for (const auto& f : out["findings"])
        if (f["code"] == "over_segment_band") cleared = f["cleared"] == 1 && f["appeared"] == 0;
    CHECK(cleared);
    REQUIRE(out["largest_changes"].size() == 2);
    CHECK(out["largest_changes"][0]["quote_id"] == "q-1");  // both move 570.00: by quote_id
    CHECK(out["largest_changes"][0]["net_change"] == "-570.00");
    CHECK(out["by_segment"][0]["segment"] == "mid_market");
    CHECK(out["by_segment"][1]["now_in_band"] == 1);
}

TEST_CASE("impact: only the latest save of a quote counts", "[impact]") {
    const json book = sample_book();
    json bigger = smb_quote();
    bigger["lines"][1]["quantity"] = 2;  // (2,500 + 1,200) × 0.95 = 3,515.00
    const std::string log = record("q-1", smb_quote(), {{"status", "open"}}, "2026-12-01T10:00:00Z") + "\n" +
                            record("q-1", bigger, {{"status", "open"}}, "2026-12-02T10:00:00Z") + "\n";
    const json out = run(book, book, {log});
    CHECK(out["read"]["duplicates"] == 1);
    CHECK(out["read"]["records"] == 1);
    CHECK(out["totals"]["net_before"] == "3515.00");
}

TEST_CASE("impact: quotes of another book are skipped unless the proposed book replaces it", "[impact]") {
    json current = sample_book();
    json proposed = with_waf(current, "1900");
    proposed["id"] = "edge-cdn-2027";
    json quote = smb_quote();
    const std::string log = record("q-1", quote) + "\n";
    json out = run(current, proposed, {log});
    CHECK(out["read"]["repriced"] == 0);
    REQUIRE(out["skipped"].size() == 1);
    CHECK(out["skipped"][0]["reason"] == "other_book");
    CHECK(out["skipped"][0]["key"] == "edge-cdn");
    CHECK(out["skipped"][0]["first"]["line"] == 1);

    proposed["replaces"] = json::array({"edge-cdn"});
    out = run(current, proposed, {log});
    CHECK(out["read"]["repriced"] == 1);
    CHECK(out["totals"]["net_after"] == "2375.00");
    CHECK(out["books"]["proposed"]["replaces"] == json::array({"edge-cdn"}));

    // An earlier version of the same book is priced as it is now (any version of an id).
    quote["pricebook"]["version"] = "2026.01.0";
    out = run(current, current, {record("q-1", quote) + "\n"});
    CHECK(out["read"]["repriced"] == 1);

    // A quote priced on a day the proposed book is not yet in effect is still compared: the
    // what-if is "had these prices applied".
    json dated = smb_quote();
    dated["as_of"] = "2026-11-20";
    json later = with_waf(current, "1900");
    later["effective_from"] = "2027-01-01";
    out = run(current, later, {record("q-1", dated) + "\n"});
    CHECK(out["read"]["repriced"] == 1);
    CHECK(out["totals"]["net_after"] == "2375.00");
}

TEST_CASE("impact: bad lines are counted with their file and line, the rest priced", "[impact]") {
    const json book = sample_book();
    const std::string good = record("q-1", smb_quote()) + "\n";
    const std::string bad = "\n{\"log_version\": \"1\", \"quote_id\": \n" + record("q-2", smb_quote()) + "\n" +
                            R"({"log_version":"2","quote_id":"q-3","updated_at":"x","quote":{}})" + "\n";
    const json out = run(book, book, {good, bad});
    CHECK(out["read"]["skipped_lines"] == 2);
    CHECK(out["read"]["repriced"] == 2);
    REQUIRE(out["errors"].size() == 2);
    CHECK(out["errors"][0]["file"] == 1);
    CHECK(out["errors"][0]["line"] == 2);
    CHECK(out["errors"][0]["code"] == "invalid_json");
    CHECK(out["errors"][1]["line"] == 4);
    CHECK(out["errors"][1]["code"] == "unsupported_log_version");
}

TEST_CASE("impact: a quote the proposed book cannot price is set aside with what it brought", "[impact]") {
    json book = sample_book();
    json proposed = book;
    auto& terms = proposed["terms"];
    for (auto it = terms.begin(); it != terms.end(); ++it)
        if ((*it)["months"] == 12) {
            terms.erase(it);  // the SMB quote's 12-month term is no longer offered
            break;
        }
    const json out = run(book, proposed, {record("q-1", smb_quote()) + "\n"});
    CHECK(out["read"]["repriced"] == 0);
    REQUIRE(out["skipped"].size() == 1);
    CHECK(out["skipped"][0]["reason"] == "not_priced_proposed");
    CHECK(out["skipped"][0]["key"] == "term_not_offered");
    CHECK(out["skipped"][0]["net_before"] == "2945.00");
    CHECK(out["skipped"][0]["first"]["path"] == "/quote/term_months");
}

TEST_CASE("impact: a proposed book that fails validation gives its errors with paths", "[impact]") {
    const json book = sample_book();
    json broken = book;
    broken["products"][0]["price"]["tiers"][0]["unit_price"] = "-1";
    json out = run(book, broken, {""});
    REQUIRE(out.contains("errors"));
    CHECK(out["book"] == "proposed");
    CHECK(out["errors"][0]["path"] == "/products/0/price/tiers/0/unit_price");

    broken = book;
    broken["replaces"] = json::array({""});
    out = run(book, broken, {""});
    CHECK(out["errors"][0]["path"] == "/replaces/0");

    broken = book;
    broken["currency"] = "EUR";
    out = run(book, broken, {""});
    CHECK(out["errors"][0]["path"] == "/currency");
}

TEST_CASE("impact: books that share a catalogue parse each quote once, with the same result", "[impact]") {
    const json book = sample_book();
    const json waf = with_waf(book, "1900");
    CHECK(edgequote::same_catalogue(book.dump(), waf.dump()));
    json renamed = waf;
    renamed["id"] = "edge-cdn-2027";
    renamed["products"][0]["name"] = "Delivery, renamed";
    renamed["terms"][1]["discount_pct"] = "7";
    CHECK(edgequote::same_catalogue(book.dump(), renamed.dump()));
    // What a quote's parsing reads: any change keeps the books apart.
    json other = book;
    other["terms"].erase(1);
    CHECK_FALSE(edgequote::same_catalogue(book.dump(), other.dump()));
    other = book;
    other["products"][3]["price"] = {{"model", "per_unit"}, {"unit_price", "1"}};
    CHECK_FALSE(edgequote::same_catalogue(book.dump(), other.dump()));
    other = book;
    other["products"][3]["discountable"] = false;
    CHECK_FALSE(edgequote::same_catalogue(book.dump(), other.dump()));
    other = book;
    other["units"][1]["factor"] = "1024";
    CHECK_FALSE(edgequote::same_catalogue(book.dump(), other.dump()));
    other = book;
    other["products"][3]["x-new-field"] = true;  // a field unknown here: not assumed irrelevant
    CHECK_FALSE(edgequote::same_catalogue(book.dump(), other.dump()));

    // Parsing once or twice gives the same bytes.
    const json lost = {{"status", "lost"}, {"reason", "Price"}, {"competitor_monthly", "2500.00"}};
    const std::string log = record("q-1", business_quote()) + "\n" + record("q-2", smb_quote(), lost) + "\n";
    auto current = edgequote::parse_pricebook(book.dump());
    auto proposed = edgequote::parse_pricebook(waf.dump());
    REQUIRE(current.book);
    REQUIRE(proposed.book);
    // With a quote that has no WAF line (its WAF line changed to onboarding).
    json no_waf = smb_quote();
    no_waf["lines"][0] = {{"sku", "onboarding"}};
    const std::string more = log + record("q-3", no_waf) + "\n";
    const std::vector<bool> changed = edgequote::products_changed_only(book.dump(), waf.dump());
    REQUIRE(changed.size() == book["products"].size());
    for (std::size_t i = 0; i < changed.size(); ++i) CHECK(changed[i] == (book["products"][i]["sku"] == "waf"));
    CHECK(edgequote::products_changed_only(book.dump(), renamed.dump()).empty());  // a term discount differs
    std::string results[3];
    for (int mode = 0; mode < 3; ++mode) {
        edgequote::ImpactOptions options;
        options.same_catalogue = mode >= 1;
        if (mode == 2) options.changed_products = changed;
        edgequote::ImpactRun run(*current.book, *proposed.book, options);
        run.index(0, more);
        CHECK(run.price(0, more) == 3);
        results[mode] = edgequote::write_impact(run.result());
    }
    CHECK(results[0] == results[1]);
    CHECK(results[0] == results[2]);
    CHECK(results[0] == edgequote::impact_json(book.dump(), waf.dump(), {more}));
}

namespace {

// Two passes (index, then price) over the logs cut into pieces of about `piece` bytes at line
// breaks, and the JSON they give.
std::vector<std::string> pieces_of(const std::string& log, std::size_t piece) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < log.size()) {
        std::size_t end = log.find('\n', std::min(log.size(), start + piece));
        end = end == std::string::npos ? log.size() : end + 1;
        out.push_back(log.substr(start, end - start));
        start = end;
    }
    return out;
}

std::string two_passes(const edgequote::PriceBook& current, const edgequote::PriceBook& proposed,
                       const edgequote::ImpactOptions& options, const std::vector<std::string>& logs, std::size_t piece) {
    edgequote::ImpactRun run(current, proposed, options);
    for (std::size_t i = 0; i < logs.size(); ++i)
        for (const auto& p : pieces_of(logs[i], piece)) run.index(i, p);
    for (std::size_t i = 0; i < logs.size(); ++i)
        for (const auto& p : pieces_of(logs[i], piece)) run.price(i, p);
    return edgequote::write_impact(run.result());
}

// One pass: scanned piece by piece (copied, each piece dropped once scanned, or held), then
// priced `batch` lines at a time.
std::string one_pass(const edgequote::PriceBook& current, const edgequote::PriceBook& proposed,
                     const edgequote::ImpactOptions& options, const std::vector<std::string>& logs, std::size_t piece,
                     bool held, std::size_t batch) {
    edgequote::ImpactRun run(current, proposed, options);
    std::deque<std::string> kept;
    for (std::size_t i = 0; i < logs.size(); ++i)
        for (const auto& p : pieces_of(logs[i], piece)) {
            if (held) {
                kept.push_back(p);  // a deque: the strings stay where they are
                run.scan(i, kept.back(), true);
            } else {
                std::string copy = p;  // gone once scanned
                run.scan(i, copy);
                copy.assign(copy.size(), 'x');
            }
        }
    std::size_t priced = 0, calls = 0;
    while (run.scanned_left() > 0 && ++calls < 100000) priced += run.price_scanned(batch);
    const std::string out = edgequote::write_impact(run.result());
    CHECK(priced == std::size_t(json::parse(out)["read"]["repriced"].get<int>()));
    return out;
}

}  // namespace

// One pass skims a record in the whole piece and takes the line's end from where the skim
// stops; two passes split the piece at line breaks first. Records around the line break must get
// the same verdicts either way: a backslash or an unclosed string just before it, whitespace and
// '\r' after the closing brace, a record continued on the next line.
TEST_CASE("impact: one pass finds the ends of lines as two passes do", "[impact]") {
    const json book = sample_book();
    const std::string q = record("q-1", smb_quote());
    const std::string tail = R"(","updated_at":"2026-12-02T00:00:00Z","log_version":"1","quote":)" + smb_quote().dump() + "}";
    const std::string log =
        q + "  \t\r\n" +                                      // good, blanks after it
        R"({"quote_id":"q-2\)" + "\n" + tail + "\n" +          // an escape of the line break: two bad lines
        R"({"quote_id":"q-3)" + "\n" + tail + "\n" +           // a string open at the line break
        R"({"quote_id":"q-4",)" + "\n" + R"("updated_at":"2026-12-02T00:00:00Z","log_version":"1","quote":{}})" + "\n" +
        R"({"quote_id":"q-5","updated_at":"2026-12-02T00:00:00Z","log_version":"1","quote":)" + smb_quote().dump() + "\n}\n" +
        "  " + record("q-6", smb_quote()) + "\r\n" +            // indented
        "{\r" + record("q-7", smb_quote()).substr(1) + "\n" +   // '\r' inside, as whitespace
        record("q-8", smb_quote()) + "\r\r\n" +                 // one '\r' cut, one whitespace
        record("q-9", smb_quote()) + "\\\n" +                   // a backslash after the record
        R"({"quote_id":"q-11","updated_at":"2026-12-02T00:00:00Z","log_version":"1","quote":{"a":"b\)" + "\n" +
        R"("},"rep":"x"})" + "\n" +                             // the same inside a skipped value
        record("q-10", smb_quote()) + "\n\n";
    const std::vector<std::string> logs = {log};
    auto current = edgequote::parse_pricebook(book.dump());
    auto proposed = edgequote::parse_pricebook(with_waf(book, "1900").dump());
    REQUIRE(current.book);
    REQUIRE(proposed.book);
    const std::string expected = two_passes(*current.book, *proposed.book, {}, logs, 1 << 20);
    const json out = json::parse(expected);
    CHECK(out["read"]["repriced"] == 5);       // q-1, q-6, q-7, q-8, q-10
    CHECK(out["read"]["skipped_lines"] == 11);  // q-2, q-3, q-4, q-5 and q-11 two lines each, q-9
    for (bool held : {false, true})
        for (std::size_t piece : {std::size_t(1), std::size_t(700), std::size_t(1) << 20})
            CHECK(one_pass(*current.book, *proposed.book, {}, logs, piece, held, std::size_t(-1)) == expected);
}

TEST_CASE("impact: one pass gives the bytes two passes give", "[impact]") {
    const json book = sample_book();
    json other_book_quote = smb_quote();
    other_book_quote["pricebook"]["id"] = "someone-else";
    json bigger = smb_quote();
    bigger["lines"][1]["quantity"] = 2;
    json no_term = smb_quote();
    no_term["term_months"] = 7;  // no such term: not priced under either book
    const json lost = {{"status", "lost"}, {"reason", "Price"}, {"competitor_monthly", "2500.00"}};
    const std::string a =
        record("q-1", smb_quote(), {{"status", "open"}}, "2026-12-01T10:00:00Z") + "\n" +
        record("q-2", business_quote(), lost) + "\r\n" +
        "\n   \n" +
        "not json at all\n" +
        record("q-3", other_book_quote) + "\n" +
        record("q-1", bigger, lost, "2026-12-03T10:00:00Z") + "\n" +  // the latest q-1
        R"({"log_version":"2","quote_id":"q-9","updated_at":"x","quote":{}})" + "\n" +
        record("q-4", no_term) + "\n" +
        // q-5's latest save is a bad line: its earlier, good save is a duplicate, the bad one skipped.
        record("q-5", smb_quote(), lost, "2026-12-01T10:00:00Z") + "\n" +
        R"({"log_version":"1","quote_id":"q-5","updated_at":"2026-12-09T00:00:00Z","quote":[1]})" + "\n" +
        // Valid JSON up to the ids, broken after: pass 1 still takes it as q-6's latest save.
        R"({"quote_id":"q-6","updated_at":"2026-12-09T00:00:00Z","log_version":"1","quote":{} oops})" + "\n" +
        R"({"log_version":"1","quote_id":"q-7","updated_at":"2026-12-01T00:00:00Z","quote":{"a":1},"outcome":{"status":"maybe"}})" + "\n" +
        // An escaped id, and a record whose "quote_id" comes twice (pass 2 reads the second).
        record("q\\u002d8", smb_quote()) + "\n" +
        R"({"quote_id":"q-10","updated_at":"2026-12-01T00:00:00Z","quote_id":"q-11","log_version":"1","quote":)" +
        smb_quote().dump() + "}\n" +
        R"({"quote_id":"q-12","updated_at":"2026-12-01T00:00:00Z","quote_id":"q-1","log_version":"1","quote":)" +
        smb_quote().dump() + "}";  // no line break at the end
    const std::string b = "\xEF\xBB\xBF" + record("q-2", smb_quote(), {{"status", "won"}}, "2026-12-05T10:00:00Z") + "\n" +
                          record("q-1", smb_quote(), {{"status", "open"}}, "2026-12-03T10:00:00Z") + "\n" +  // a tie: read last, counts
                          record("q-20", business_quote()) + "\n";
    const std::vector<std::string> logs = {a, "", b};

    auto current = edgequote::parse_pricebook(book.dump());
    auto proposed = edgequote::parse_pricebook(with_waf(book, "1900").dump());
    REQUIRE(current.book);
    REQUIRE(proposed.book);
    edgequote::ImpactSetup setup = edgequote::prepare_impact(book.dump(), with_waf(book, "1900").dump());
    REQUIRE(setup.errors.empty());
    for (const edgequote::ImpactOptions& options : {edgequote::ImpactOptions{}, setup.options}) {
        const std::string expected = two_passes(*current.book, *proposed.book, options, logs, 1 << 20);
        const json out = json::parse(expected);
        // Duplicates: a's lines 1, 2, 7 and 10 (later saves), and 16 (read as q-1's). Bad: lines
        // 5, 8, 11, 12 and 13 (its outcome). Priced: q-8, q-11 (line 15: q-10 to pass 1), and
        // b's three. Skipped: q-3 (another book), q-4 (no such term).
        CHECK(out["read"]["duplicates"] == 5);
        CHECK(out["read"]["skipped_lines"] == 5);
        CHECK(out["read"]["repriced"] == 5);
        CHECK(out["skipped"].size() == 2);
        CHECK(out["errors"][4]["line"] == 13);
        CHECK(out["errors"][4]["path"] == "/outcome/status");
        CHECK(two_passes(*current.book, *proposed.book, options, logs, 1) == expected);
        for (bool held : {false, true})
            for (std::size_t piece : {std::size_t(1), std::size_t(700), std::size_t(1) << 20})
                for (std::size_t batch : {std::size_t(1), std::size_t(3), std::size_t(-1)})
                    CHECK(one_pass(*current.book, *proposed.book, options, logs, piece, held, batch) == expected);
    }
}

TEST_CASE("impact: a record's snapshot reads the same with or without whitespace between its tokens", "[impact]") {
    // The skim walks a value without whitespace first and, where that walk stops, walks it again
    // the general way: every snapshot here, valid or not, must get the verdict its spaced form
    // (which the general walk alone reads) gets.
    const std::vector<std::string> snapshots = {
        R"({"a":[1,-2.5e3,true,false,null,"x y",{},[]],"b":{"c":[[]],"d":{"e":{}}},"f":0})",
        R"([])", R"({})", R"("text")", R"(12)", R"(null)", R"([[["deep"]]])",
        R"({"a":+1.e-5})",  // the skim's numbers are lax: digits, signs, points and exponents ending in a digit
        std::string(64, '[') + std::string(64, ']'),  // as deep as the engine reads
        std::string(65, '[') + std::string(65, ']'),  // one past
        R"({"a":1,})", R"({"a"1})", R"([1,,2])", R"([,1])", R"({"a":})", R"({"a":tru})", R"({"a":truex})",
        R"({"a":nul})", R"({"a":-})", R"({"a":1.})", R"({"a":[1}})", R"({"a":1]})", R"({"a":"b":1})",
        R"({1:2})", R"({"a":"x""y"})", R"(["x"1])", R"([1"x"])", R"({"a":{}}})", R"({"a":[])",
        std::string(R"({"a":"x)") + '\x01' + R"("})",  // a control byte in a string
    };
    const auto spaced = [](const std::string& text) {
        std::string out;
        for (char c : text) {
            out += c;
            if (c == ',' || c == ':' || c == '[' || c == '{') out += ' ';  // none is inside a string here
        }
        return out;
    };
    const auto log = [&](bool with_spaces) {
        std::string text;
        for (std::size_t i = 0; i < snapshots.size(); ++i) {
            const std::string priced = with_spaces ? spaced(snapshots[i]) : snapshots[i];
            text += R"({"log_version":"1","quote_id":"q-)" + std::to_string(i) +
                    R"(","updated_at":"2026-12-01T10:00:00Z","quote":)" + smb_quote().dump() + R"(,"priced":)" + priced +
                    R"(,"outcome":{"status":"open"}})" + "\n";
        }
        return text;
    };
    const json book = sample_book();
    const json compact = run(book, with_waf(book, "1900"), {log(false)});
    const json with_spaces = run(book, with_waf(book, "1900"), {log(true)});
    CHECK(compact == with_spaces);
    CHECK(compact["read"]["repriced"] == 9);  // the first nine
    CHECK(compact["read"]["skipped_lines"] == snapshots.size() - 9);
    for (const auto& error : compact["errors"]) CHECK(error["code"] == "invalid_json");
}
