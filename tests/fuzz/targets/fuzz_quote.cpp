// Fuzz target: quote parsing and pricing against fixed price books (the sample book
// pricebooks/edge-cdn.json when present, and the fuzz books in tests/fuzz/books/), then the
// canonical writer on whatever was priced. Every output must be canonical and add up, the
// live-editing parser (fresh, then remembering the same text) must give the same bytes, a live
// quote edited between the quote and variants of it must answer what pricing afresh gives, and
// the batch paths' flat reader, wherever it vouches for a text, must read the quote parsing it
// in full reads.
//
// Books: $EDGEQUOTE_FUZZ_BOOKS (paths separated by ':') or the defaults below.
#include <algorithm>
#include <optional>
#include <vector>

#include "../../../core/src/flat_json.hpp"
#include "../check_priced.hpp"
#include "fuzz_common.hpp"

namespace {

constexpr const char* kTarget = "fuzz_quote";

// A LiveQuote prices this quote after variants of it that differ in one line (its last line
// dropped; its first line's quantity changed), and again after each: every answer, applied as
// the page applies it, must be what pricing that text afresh gives. The variants keep the other
// lines in place, so the live quote takes them from its last result rather than pricing them.
void check_live_quote(const edgequote::PriceBook& book, std::string_view text) {
    check::Json doc = check::Json::parse(text, nullptr, false);
    if (!doc.is_object() || !doc.contains("lines") || !doc["lines"].is_array() || doc["lines"].empty()) return;
    check::Json dropped = doc;
    dropped["lines"].erase(dropped["lines"].end() - 1);
    check::Json requantified = doc;
    if (requantified["lines"][0].is_object()) requantified["lines"][0]["quantity"] = "1";
    const std::string quote(text), first = dropped.dump(), second = requantified.dump();
    edgequote::LiveQuote live(book, edgequote::OutputDetail::full);
    check::Json lines = check::Json::array(), findings = check::Json::array(), warnings = check::Json::array();
    for (const std::string* next : {&first, &quote, &second, &quote}) {
        const check::Json expected = check::Json::parse(
            edgequote::write_priced_quote(edgequote::price_json(book, *next), edgequote::OutputDetail::full));
        const check::Json got = check::apply_live_answer(live.price(*next), lines, findings, warnings);
        if (got != expected) fuzz::die(kTarget, "a live quote's answer differs from pricing afresh\n" + got.dump() + "\n" + expected.dump());
    }
}
// `edgequote reprice` and `edgequote impact` read a quote from a flat document when the flat
// reader vouches for its text (and parse it in full otherwise): the quote it reads must price to
// the very bytes (`full`) that parsing the text in full gives, errors and their paths included.
void check_flat_reader(const edgequote::PriceBook& book, std::string_view text, const std::string& full) {
    static edgequote::detail::FlatJsonReader reader;  // reused, as the batch paths reuse theirs
    std::optional<edgequote::QuoteResult> flat = edgequote::detail::parse_quote_flat(text, book, reader);
    if (!flat) return;
    const std::string again =
        edgequote::write_priced_quote(edgequote::price_parsed(book, std::move(*flat)), edgequote::OutputDetail::full);
    if (again != full) fuzz::die(kTarget, "book " + book.id + ": the flat reader reads another quote\n" + again + "\n" + full);
}

std::vector<edgequote::PriceBook>* books = nullptr;

void load(const std::string& path, bool required) {
    std::string text;
    if (!fuzz::read_file(path, text)) {
        if (required) fuzz::die(kTarget, "cannot read " + path);
        return;
    }
    auto result = edgequote::parse_pricebook(text);
    if (!result.book) fuzz::die(kTarget, path + " is not a valid price book: " + result.errors.front().code + " at " +
                                             result.errors.front().path);
    books->push_back(std::move(*result.book));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    books = new std::vector<edgequote::PriceBook>();
    if (const char* list = std::getenv("EDGEQUOTE_FUZZ_BOOKS")) {
        std::string paths = list;
        for (std::size_t start = 0; start <= paths.size();) {
            std::size_t end = paths.find(':', start);
            if (end == std::string::npos) end = paths.size();
            if (end > start) load(paths.substr(start, end - start), true);
            start = end + 1;
        }
    } else {
        const std::string root = EDGEQUOTE_FUZZ_SOURCE_DIR;
        load(root + "/pricebooks/edge-cdn.json", false);
        load(root + "/tests/fuzz/books/fuzz-book.json", true);
        load(root + "/tests/fuzz/books/fuzz-book-jpy.json", true);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (!books) LLVMFuzzerInitialize(nullptr, nullptr);
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const edgequote::PriceBook& book : *books) {
        // Overflow is never silent: if reading, pricing or writing made an overflowed value,
        // the quote must be refused with the error overflow (Decimal's count is the witness).
        const std::uint64_t overflows_before = edgequote::Decimal::overflow_count();
        edgequote::PricedQuote priced = edgequote::price_json(book, text);
        fuzz::check_errors(kTarget, priced.errors);
        fuzz::check_errors(kTarget, priced.warnings);
        const std::string full = edgequote::write_priced_quote(priced, edgequote::OutputDetail::full);
        if (edgequote::Decimal::overflow_count() != overflows_before &&
            std::none_of(priced.errors.begin(), priced.errors.end(), [](const edgequote::Error& e) { return e.code == "overflow"; }))
            fuzz::die(kTarget, "book " + book.id + ": an overflow went unreported\noutput: " + full);
        std::string problem = check::priced_json(full, book.minor_digits, book.rounding, edgequote::OutputDetail::full);
        if (!problem.empty()) fuzz::die(kTarget, "book " + book.id + " (" + book.currency + "): " + problem + "\noutput: " + full);
        const std::string summary = edgequote::write_priced_quote(priced, edgequote::OutputDetail::summary);
        problem = check::summary_matches_full(full, summary);
        if (!problem.empty()) fuzz::die(kTarget, problem);
        check_flat_reader(book, text, full);
        if (&book != &books->front()) continue;  // the live parser on one book is enough
        edgequote::LiveQuoteParser live(book);
        for (const char* round : {"fresh", "remembering"}) {
            const std::string again =
                edgequote::write_priced_quote(edgequote::price_parsed(book, live.parse(text)), edgequote::OutputDetail::full);
            if (again != full) fuzz::die(kTarget, std::string("the live parser (") + round + ") differs\n" + again + "\n" + full);
        }
        if (priced.errors.empty()) check_live_quote(book, text);
    }
    return 0;
}
