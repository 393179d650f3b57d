// Fuzz target: quote parsing and pricing against fixed price books (the sample book
// pricebooks/edge-cdn.json when present, and the fuzz books in tests/fuzz/books/), then the
// canonical writer on whatever was priced. Every output must be canonical and add up, and the
// live-editing parser (fresh, then remembering the same text) must give the same bytes.
//
// Books: $EDGEQUOTE_FUZZ_BOOKS (paths separated by ':') or the defaults below.
#include <vector>

#include "../check_priced.hpp"
#include "fuzz_common.hpp"

namespace {

constexpr const char* kTarget = "fuzz_quote";
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
        edgequote::PricedQuote priced = edgequote::price_json(book, text);
        fuzz::check_errors(kTarget, priced.errors);
        fuzz::check_errors(kTarget, priced.warnings);
        const std::string full = edgequote::write_priced_quote(priced, edgequote::OutputDetail::full);
        std::string problem = check::priced_json(full, book.minor_digits, book.rounding, edgequote::OutputDetail::full);
        if (!problem.empty()) fuzz::die(kTarget, "book " + book.id + " (" + book.currency + "): " + problem + "\noutput: " + full);
        const std::string summary = edgequote::write_priced_quote(priced, edgequote::OutputDetail::summary);
        problem = check::summary_matches_full(full, summary);
        if (!problem.empty()) fuzz::die(kTarget, problem);
        if (&book != &books->front()) continue;  // the live parser on one book is enough
        edgequote::LiveQuoteParser live(book);
        for (const char* round : {"fresh", "remembering"}) {
            const std::string again =
                edgequote::write_priced_quote(edgequote::price_parsed(book, live.parse(text)), edgequote::OutputDetail::full);
            if (again != full) fuzz::die(kTarget, std::string("the live parser (") + round + ") differs\n" + again + "\n" + full);
        }
    }
    return 0;
}
