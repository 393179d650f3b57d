// The insights module's WebAssembly face (quote logs, pricebooks/LOG-FORMAT.md). The same rules
// as bindings.cpp: JSON text and numbers across the boundary, errors as values. The one piece of state: logs read once and
// kept by handle, so a page reads each file once (in pieces) and re-aggregates on every
// filter change without sending or reading the text again.
// Built as its own module (edgequote-insights.mjs/.wasm) for the insights page alone; only
// web/engine/insights.js calls these functions.
#include <emscripten/bind.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "edgequote/engine.hpp"
#include "edgequote/impact.hpp"
#include "edgequote/insights.hpp"

namespace {

using namespace edgequote;

std::map<int, QuoteLog> logs;
int next_log = 1;

std::string unknown_log(int handle) {
    return write_errors({Error{"unknown_handle", "", "No quote log has handle " + std::to_string(handle) + "."}});
}

int open_log() {
    logs.emplace(next_log, QuoteLog{});
    return next_log++;
}

// Reads one more piece of the log (ending at a line break): `size` bytes of UTF-8 that the
// caller wrote into the module's memory at `address` (with _malloc). Bytes rather than a string
// because Embind's string conversion runs in JS at a fifth of the parser's speed.
// {"lines","records","bad_lines"} so far.
std::string append_log(int handle, unsigned int address, unsigned int size) {
    auto log = logs.find(handle);
    if (log == logs.end()) return unknown_log(handle);
    read_quote_log_chunk(log->second, std::string_view(reinterpret_cast<const char*>(std::uintptr_t(address)), size));
    const QuoteLog& l = log->second;
    return nlohmann::json{{"lines", l.lines_read}, {"records", l.records.size()}, {"bad_lines", l.bad_lines}}.dump();
}

bool release_log(int handle) { return logs.erase(handle) == 1; }

// The outcome catalogues aggregations match reasons, competitors and features against (the
// book's internal.outcomes), set once by useOutcomeBook; none until then.
std::optional<OutcomeCatalogs> outcome_catalogs;

// "{}", or {"errors":[...]} when the book does not validate (the catalogues set before stay).
// An empty text clears them.
std::string use_outcome_book(const std::string& book_text) {
    if (book_text.empty()) {
        outcome_catalogs.reset();
        return "{}";
    }
    PriceBookResult book = parse_pricebook(book_text);
    if (!book.book) return write_errors(book.errors);
    outcome_catalogs = book.book->internal ? book.book->internal->outcomes : OutcomeCatalogs{};
    return "{}";
}

// handles: a JSON array of log handles, in the order the page lists the files (the `file` of
// each bad line); filter: see parse_insights_filter. The same JSON `edgequote insights` prints.
std::string aggregate_logs(const std::string& handles_json, const std::string& filter_json) {
    const auto handles = nlohmann::json::parse(handles_json, nullptr, false);
    if (!handles.is_array())
        return write_errors({Error{"wrong_type", "", "The logs must be a JSON array of handles."}});
    std::vector<const QuoteLog*> selected;
    for (const auto& h : handles) {
        const int handle = h.is_number_integer() ? h.get<int>() : 0;
        auto log = logs.find(handle);
        if (log == logs.end()) return unknown_log(handle);
        selected.push_back(&log->second);
    }
    InsightsFilterResult filter = parse_insights_filter(filter_json);
    if (!filter.filter) return write_errors(filter.errors);
    return write_insights(aggregate(selected, *filter.filter, outcome_catalogs ? &*outcome_catalogs : nullptr));
}

// ---- Price-change impact (impact.hpp): a run kept by handle, fed each log in pieces, once
// (scan) or twice (index, price) ----

struct Impactor {
    PriceBook current, proposed;
    std::unique_ptr<ImpactRun> run;
};
std::map<int, std::unique_ptr<Impactor>> impacts;
int next_impact = 1;

std::string book_errors(const Errors& errors, const char* which) {
    std::string out = write_errors(errors);
    out.pop_back();
    return out + ",\"book\":\"" + which + "\"}";
}

// {"handle":N}, or {"errors":[...],"book":"current"|"proposed"} when a book does not validate.
std::string open_impact(const std::string& current_text, const std::string& proposed_text) {
    PriceBookResult current = parse_pricebook(current_text);
    if (!current.book) return book_errors(current.errors, "current");
    PriceBookResult proposed = parse_pricebook(proposed_text);
    if (!proposed.book) return book_errors(proposed.errors, "proposed");
    auto impactor = std::make_unique<Impactor>();
    impactor->current = std::move(*current.book);
    impactor->proposed = std::move(*proposed.book);
    ImpactSetup setup = prepare_impact(current_text, proposed_text);
    if (!setup.errors.empty()) return book_errors(setup.errors, setup.book.c_str());
    impactor->run = std::make_unique<ImpactRun>(impactor->current, impactor->proposed, std::move(setup.options));
    if (!impactor->run->setup_errors().empty()) return book_errors(impactor->run->setup_errors(), "proposed");
    impacts.emplace(next_impact, std::move(impactor));
    return "{\"handle\":" + std::to_string(next_impact++) + "}";
}

ImpactRun* impact_run(int handle) {
    auto it = impacts.find(handle);
    return it == impacts.end() ? nullptr : it->second->run.get();
}

// Pass 1 and pass 2 over one piece (`size` bytes at `address`, ending at a line break) of log
// `file`; -1 for an unknown handle. Pass 2 returns how many quotes the piece priced.
int impact_index(int handle, int file, unsigned int address, unsigned int size) {
    ImpactRun* run = impact_run(handle);
    if (!run || file < 0) return -1;
    run->index(std::size_t(file), std::string_view(reinterpret_cast<const char*>(std::uintptr_t(address)), size));
    return 0;
}

int impact_price(int handle, int file, unsigned int address, unsigned int size) {
    ImpactRun* run = impact_run(handle);
    if (!run || file < 0) return -1;
    return int(run->price(std::size_t(file), std::string_view(reinterpret_cast<const char*>(std::uintptr_t(address)), size)));
}

// One pass (ImpactRun::scan): a piece of log `file` skimmed, the counting saves' texts copied;
// then up to `lines` scanned lines replayed (the quotes they price), and how many are left.
// -1 for an unknown handle.
int impact_scan(int handle, int file, unsigned int address, unsigned int size) {
    ImpactRun* run = impact_run(handle);
    if (!run || file < 0) return -1;
    run->scan(std::size_t(file), std::string_view(reinterpret_cast<const char*>(std::uintptr_t(address)), size));
    return int(run->scanned_left());
}

int impact_price_scanned(int handle, int lines) {
    ImpactRun* run = impact_run(handle);
    if (!run || lines < 0) return -1;
    return int(run->price_scanned(std::size_t(lines)));
}

int impact_scanned_left(int handle) {
    ImpactRun* run = impact_run(handle);
    return run ? int(run->scanned_left()) : -1;
}

// The same JSON `edgequote impact` prints.
std::string impact_result(int handle) {
    ImpactRun* run = impact_run(handle);
    if (!run) return write_errors({Error{"unknown_handle", "", "No impact run has handle " + std::to_string(handle) + "."}});
    return write_impact(run->result());
}

bool release_impact(int handle) { return impacts.erase(handle) == 1; }

}  // namespace

EMSCRIPTEN_BINDINGS(edgequote_insights) {
    emscripten::function("openImpact", &open_impact);
    emscripten::function("impactIndex", &impact_index);
    emscripten::function("impactPrice", &impact_price);
    emscripten::function("impactScan", &impact_scan);
    emscripten::function("impactPriceScanned", &impact_price_scanned);
    emscripten::function("impactScannedLeft", &impact_scanned_left);
    emscripten::function("impactResult", &impact_result);
    emscripten::function("releaseImpact", &release_impact);
    emscripten::function("openLog", &open_log);
    emscripten::function("appendLog", &append_log);
    emscripten::function("releaseLog", &release_log);
    emscripten::function("aggregateLogs", &aggregate_logs);
    emscripten::function("useOutcomeBook", &use_outcome_book);
}
