// Fuzz target: quote-log reading and insights (pricebooks/LOG-FORMAT.md). For any input read
// as a JSON Lines log: every bad line gets errors with a code and a JSON Pointer; reading it in
// two chunks split at a line break gives the same insights as reading it whole; the written
// insights are valid JSON, and insights_json gives the same bytes. The input is also tried as
// an insights filter.
#include <nlohmann/json.hpp>

#include "edgequote/insights.hpp"
#include "fuzz_common.hpp"

namespace {
constexpr const char* kTarget = "fuzz_insights";
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    auto filter = edgequote::parse_insights_filter(text);
    fuzz::check_errors(kTarget, filter.errors);
    if (filter.filter.has_value() == !filter.errors.empty()) fuzz::die(kTarget, "a filter comes without errors");

    const edgequote::QuoteLog whole = edgequote::read_quote_log(text);
    for (const auto& e : whole.errors) {
        fuzz::check_errors(kTarget, {e.error});
        if (e.line == 0 || e.line > whole.lines_seen) fuzz::die(kTarget, "an error on a line that does not exist");
    }
    if (whole.records.size() + whole.bad_lines > whole.lines_read) fuzz::die(kTarget, "more records than lines");

    // The same log in two pieces, split after the middle line break.
    edgequote::QuoteLog chunked;
    const std::size_t middle = text.find('\n', size / 2);
    if (middle != std::string_view::npos) {
        edgequote::read_quote_log_chunk(chunked, text.substr(0, middle + 1));
        edgequote::read_quote_log_chunk(chunked, text.substr(middle + 1));
    } else {
        edgequote::read_quote_log_chunk(chunked, text);
    }
    const edgequote::InsightsFilter everything;
    const std::string out = edgequote::write_insights(edgequote::aggregate(std::vector<edgequote::QuoteLog>{whole}, everything));
    const std::string out_chunked =
        edgequote::write_insights(edgequote::aggregate(std::vector<edgequote::QuoteLog>{chunked}, everything));
    if (out != out_chunked) fuzz::die(kTarget, "reading in two chunks differs from reading whole\n" + out + "\n" + out_chunked);
    const auto doc = nlohmann::json::parse(out, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) fuzz::die(kTarget, "insights are not a JSON object: " + out);
    // An overflowed Decimal prints as "overflow". The input's own text (a competitor, a reason)
    // may say "overflow" too, directly or through a \u escape, and "overflow" is also the code
    // of a refused amount in `errors`: the check looks outside `errors`, and holds only when the
    // input cannot spell the word.
    const bool input_can_say_overflow =
        text.find("overflow") != std::string_view::npos || text.find('\\') != std::string_view::npos;
    if (!input_can_say_overflow) {
        nlohmann::json figures = doc;
        figures.erase("errors");
        if (figures.dump().find("overflow") != std::string::npos)
            fuzz::die(kTarget, "an overflowed amount was written: " + out);
    }
    if (edgequote::insights_json({text}, "") != out) fuzz::die(kTarget, "insights_json differs from read + aggregate + write");
    // The log twice: every record is a duplicate of itself the second time, so nothing changes
    // but the counts of files, lines and duplicates.
    if (whole.records.size() < 50) {
        auto twice = edgequote::aggregate(std::vector<edgequote::QuoteLog>{whole, whole}, everything);
        auto once = edgequote::aggregate(std::vector<edgequote::QuoteLog>{whole}, everything);
        if (twice.records != once.records) fuzz::die(kTarget, "a log read twice has more records");
    }
    return 0;
}
