// Reading a quote from a flat document (core/src/flat_json.hpp, detail::parse_quote_flat): for
// every text it takes, exactly parse_quote's verdict (errors and warnings with code, path and
// message, and the same quote, compared through its canonical priced output). The texts: the
// example quotes, variants of each field (wrong types, signs, fractions, oversized integers,
// escapes, unknown keys, repeated keys, other bytes) and seeded random byte mutations.
#include <algorithm>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "../../core/src/flat_json.hpp"
#include "edgequote/engine.hpp"
#include "support.hpp"

namespace {

using test::json;

std::vector<std::string> base_quotes() {
    std::vector<std::string> out;
    for (const std::string& text : test::example_quote_texts()) {
        out.push_back(text);  // as written: indented
        out.push_back(json::parse(text).dump());
    }
    return out;
}

// Each field of the quote, of its customer, and of its first line, set to values of every kind.
std::vector<std::string> field_variants(const std::string& text) {
    const json base = json::parse(text);
    const std::vector<json> values = {nullptr, true, false, 0, 1, 12, 36, json::parse("-1"), json::parse("1.5"),
                                      json::parse("1e3"), json::parse("123456789012345678901234"),
                                      json::parse("18446744073709551615"), json::parse("999999999999999999"),
                                      "", "x", "-0", "12.50", "1e3", "na", "smb", "waf", "TB", "\xC3\xA9t\xC3\xA9",
                                      "tab\there", json::array(), json::object(), json::array({1, "2"}),
                                      json{{"na", "60"}, {"eu", "40"}}, json{{"monthly_spend", "1000"}}};
    std::vector<std::string> out;
    const auto each = [&](const std::function<json&(json&)>& where, const std::vector<std::string>& keys) {
        for (const std::string& key : keys)
            for (const json& v : values) {
                json q = base;
                where(q)[key] = v;
                out.push_back(q.dump());
            }
        for (const std::string& key : keys) {
            json q = base;
            where(q).erase(key);
            out.push_back(q.dump());
        }
    };
    each([](json& q) -> json& { return q; },
         {"schema_version", "pricebook", "customer", "term_months", "bundle", "commit", "discount_pct", "lines",
          "as_of", "periods", "notes", "x-extra", "unknown"});
    if (base.contains("customer"))
        each([](json& q) -> json& { return q["customer"]; },
             {"name", "segment", "incumbent_monthly", "incumbent_vendor", "incumbent_estimate", "other"});
    if (base.contains("lines") && !base["lines"].empty())
        each([](json& q) -> json& { return q["lines"][0]; },
             {"sku", "quantity", "unit", "region", "region_mix", "discount_pct", "target_net", "usage", "note", "bad"});
    // A repeated key, an escape, a byte order mark, a deep nest: the ordinary parser's cases.
    std::string dump = base.dump();
    out.push_back("{\"term_months\":12," + dump.substr(1));
    out.push_back("\xEF\xBB\xBF" + dump);
    std::string escaped = dump;
    if (auto at = escaped.find("\"sku\""); at != std::string::npos) escaped.replace(at, 5, "\"s\\u006bu\"");
    out.push_back(escaped);
    out.push_back("{\"x-deep\":" + std::string(70, '[') + std::string(70, ']') + "," + dump.substr(1));
    out.push_back("{\"x-deep\":" + std::string(60, '[') + std::string(60, ']') + "," + dump.substr(1));
    out.push_back(dump + " ");
    out.push_back(dump + "x");
    out.push_back("[" + dump + "]");
    return out;
}

std::vector<std::string> byte_mutations(const std::string& text, std::mt19937& rng, int count) {
    static const std::string alphabet = "{}[]\",:0123456789-.eE tnfalsru\\/\x7F\x80\xC3\xA9\n";
    std::vector<std::string> out;
    for (int i = 0; i < count; ++i) {
        std::string t = text;
        const int edits = 1 + int(rng() % 3);
        for (int e = 0; e < edits && !t.empty(); ++e) {
            const std::size_t at = rng() % t.size();
            switch (rng() % 4) {
                case 0: t.erase(at, 1); break;
                case 1: t.insert(t.begin() + std::ptrdiff_t(at), alphabet[rng() % alphabet.size()]); break;
                case 2: t[at] = alphabet[rng() % alphabet.size()]; break;
                default: t.resize(at); break;
            }
        }
        out.push_back(t);
    }
    return out;
}

std::string verdict(const edgequote::QuoteResult& r) {
    std::string out;
    for (const auto* list : {&r.errors, &r.warnings}) {
        for (const auto& e : *list) out += e.code + " " + e.path + " " + e.message + "\n";
        out += "--\n";
    }
    return out;
}

}  // namespace

TEST_CASE("a quote read from a flat document gets parse_quote's verdict, or is left to parse_quote", "[flat]") {
    std::size_t taken = 0, taken_with_errors = 0, taken_priced = 0, refused = 0;
    edgequote::detail::FlatJsonReader reader;
    std::mt19937 rng(2026);
    for (const char* book_path : {"pricebooks/edge-cdn.json", "pricebooks/test-books/models.json"}) {
        const auto book = edgequote::parse_pricebook(test::read_text(book_path));
        REQUIRE(book.book);
        std::vector<std::string> texts;
        for (const std::string& base : base_quotes()) {
            for (std::string& t : field_variants(base)) texts.push_back(std::move(t));
            for (std::string& t : byte_mutations(base, rng, 150)) texts.push_back(std::move(t));
        }
        // Quotes of the models book, plans (read from the engine's document only) among them.
        const json plan_quote = {{"pricebook", {{"id", "models"}, {"version", "1"}}},
                                 {"customer", {{"name", "P"}, {"segment", "smb"}}},
                                 {"term_months", 12},
                                 {"lines", json::array({{{"sku", "cdn-plan"}, {"usage", {{"data", "5"}, {"requests", "50"}, {"bandwidth", "0.2"}}}},
                                                        {{"sku", "waf"}, {"quantity", 2}},
                                                        {{"sku", "api-graduated"}, {"quantity", "1000"}, {"region", "na"}}})}};
        texts.push_back(plan_quote.dump());
        json no_plan = plan_quote;
        no_plan["lines"].erase(0);
        texts.push_back(no_plan.dump());
        for (const std::string& text : texts) {
            const edgequote::QuoteResult slow = edgequote::parse_quote(text, *book.book);
            const std::optional<edgequote::QuoteResult> fast = edgequote::detail::parse_quote_flat(text, *book.book, reader);
            if (!fast) {
                ++refused;
                continue;
            }
            INFO(text);
            ++taken;
            CHECK(verdict(*fast) == verdict(slow));
            REQUIRE(fast->quote.has_value() == slow.quote.has_value());
            if (!fast->errors.empty()) ++taken_with_errors;
            if (!fast->quote) continue;
            const auto priced = [&](const edgequote::QuoteResult& r) {
                return edgequote::write_priced_quote(edgequote::price_parsed(*book.book, r), edgequote::OutputDetail::full);
            };
            CHECK(priced(*fast) == priced(slow));
            ++taken_priced;
        }
    }
    // Most texts are taken, with and without errors, and the cases it must not vouch for are not.
    CHECK(taken > 2000);
    CHECK(taken_with_errors > 1000);
    CHECK(taken_priced > 100);
    CHECK(refused > 1000);
}

TEST_CASE("the flat reader refuses what it cannot vouch for", "[flat]") {
    edgequote::detail::FlatJsonReader reader;
    for (const char* text : {"{\"a\":\"\\u0041\"}", "{\"a\":-1}", "{\"a\":1.5}", "{\"a\":1e3}", "{\"a\":01}",
                             "{\"a\":1234567890123456789}", "{\"a\":1,\"a\":2}", "{\"a\":\"\xC3\xA9\"}",
                             "\xEF\xBB\xBF{}", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":tru}", "{} x", "{\"a\":\"\t\"}"})
        CHECK(reader.read(text) == nullptr);
    const auto* doc = reader.read(" {\"b\": [1, true, null, \"x\"], \"a\": {\"c\": 123456789012345678}} ");
    REQUIRE(doc);
    REQUIRE(doc->is_object());
    CHECK(doc->begin().key() == "a");  // key order, as the engine's document iterates
    CHECK((*doc)["b"].size() == 4);
    CHECK((*doc)["b"][0].get<int>() == 1);
    CHECK((*doc)["a"]["c"].get<std::uint64_t>() == 123456789012345678ull);
    CHECK((*doc)["b"][3].get_ref<const std::string&>() == "x");
    CHECK((*doc)["missing"].is_null());
}

TEST_CASE("the flat reader lists an object's members in key order however they are written", "[flat]") {
    edgequote::detail::FlatJsonReader reader;
    // Few members (sorted in place) and many (sorted as a list), written in order, reversed and
    // shuffled, compact and with whitespace; a repeated key is refused in each.
    std::mt19937 rng(7);
    for (int members : {1, 2, 5, 16, 17, 40}) {
        std::vector<std::string> keys;
        for (int i = 0; i < members; ++i) keys.push_back("k" + std::to_string(1000 + i * 7 % 1000));
        std::vector<std::string> sorted = keys;
        std::sort(sorted.begin(), sorted.end());
        sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
        for (int order = 0; order < 3; ++order) {
            std::vector<std::string> written = sorted;
            if (order == 1) std::reverse(written.begin(), written.end());
            if (order == 2) std::shuffle(written.begin(), written.end(), rng);
            for (const char* space : {"", " "}) {
                std::string text = "{";
                for (std::size_t i = 0; i < written.size(); ++i)
                    text += std::string(i ? "," : "") + space + "\"" + written[i] + "\":" + space + "[" + std::to_string(i) + "]";
                text += "}";
                INFO(text);
                const auto* doc = reader.read(text);
                REQUIRE(doc);
                REQUIRE(doc->size() == sorted.size());
                std::size_t i = 0;
                for (auto it = doc->begin(); it != doc->end(); ++it, ++i) {
                    CHECK(it.key() == sorted[i]);
                    // Each member's value is the one written with its key.
                    const auto at = std::find(written.begin(), written.end(), sorted[i]) - written.begin();
                    CHECK((*it)[0].get<std::uint64_t>() == std::uint64_t(at));
                    CHECK(&(*doc)[sorted[i].c_str()] == &*it);
                }
                if (written.size() > 1) {
                    std::string repeated = text.substr(0, text.size() - 1) + ",\"" + written[written.size() / 2] + "\":0}";
                    CHECK(reader.read(repeated) == nullptr);
                }
            }
        }
    }
}
