// The insights module's WebAssembly face (quote logs, pricebooks/LOG-FORMAT.md). The same rules
// as bindings.cpp: JSON text and numbers across the boundary, errors as values. The one piece of state: logs read once and
// kept by handle, so a page reads each file once (in pieces) and re-aggregates on every
// filter change without sending or reading the text again.
// Built as its own module (edgequote-insights.mjs/.wasm) for the insights page alone; only
// web/engine/insights.js calls these functions.
#include <emscripten/bind.h>

#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "edgequote/engine.hpp"
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
    return write_insights(aggregate(selected, *filter.filter));
}

}  // namespace

EMSCRIPTEN_BINDINGS(edgequote_insights) {
    emscripten::function("openLog", &open_log);
    emscripten::function("appendLog", &append_log);
    emscripten::function("releaseLog", &release_log);
    emscripten::function("aggregateLogs", &aggregate_logs);
}
