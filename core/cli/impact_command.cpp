// edgequote impact CURRENT_BOOK PROPOSED_BOOK LOG...
// Prices every logged quote (its latest save) under the current book and the proposed one and
// prints what moves: net revenue by segment and product, approval levels, guidance findings,
// deals lost on price that would now land in their band. The insights page computes the same
// JSON in the browser. Bad lines and skipped quotes are summarised on stderr.
#include "impact_command.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "edgequote/engine.hpp"
#include "read_file.hpp"
#include "edgequote/impact.hpp"

namespace edgequote::cli {
namespace {

constexpr int kOk = 0, kUsage = 1, kInvalid = 2;

int usage() {
    std::fputs("usage: edgequote impact CURRENT_BOOK PROPOSED_BOOK LOG...\n", stderr);
    return kUsage;
}

int book_invalid(const char* which, const char* path, const Errors& errors) {
    std::string out = write_errors(errors);
    out.pop_back();
    std::cout << out << ",\"book\":\"" << which << "\"}\n";
    std::fprintf(stderr, "edgequote: the %s book %s: %zu error%s\n", which, path, errors.size(), errors.size() == 1 ? "" : "s");
    for (const auto& e : errors)
        std::fprintf(stderr, "  %s at %s: %s\n", e.code.c_str(), e.path.empty() ? "/" : e.path.c_str(), e.message.c_str());
    return kInvalid;
}

// Ends the process once the result is written, without freeing what the run holds: the table
// of every quote_id, the notes of every line and the mapped logs, freed one by one after a run
// over 100,000 records, took ~25 ms of it; the kernel takes the whole address space back at
// once. Whatever the streams still buffer is written first.
[[noreturn]] void end_now(int status) {
    std::cout.flush();
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(status);
}

}  // namespace

int impact_command(int argc, char** argv) {
    if (argc < 4) return usage();
    std::string current_text, proposed_text;
    if (!read_file(argv[1], current_text) || !read_file(argv[2], proposed_text)) return kUsage;
    PriceBookResult current = parse_pricebook(current_text);
    if (!current.book) return book_invalid("current", argv[1], current.errors);
    PriceBookResult proposed = parse_pricebook(proposed_text);
    if (!proposed.book) return book_invalid("proposed", argv[2], proposed.errors);
    ImpactSetup setup = prepare_impact(current_text, proposed_text);
    if (!setup.errors.empty()) return book_invalid(setup.book.c_str(), setup.book == "current" ? argv[1] : argv[2], setup.errors);
    ImpactRun run(*current.book, *proposed.book, std::move(setup.options));
    if (!run.setup_errors().empty()) return book_invalid("proposed", argv[2], run.setup_errors());

    // One pass: every log is held (mapped) until the end, so the saves that count are priced
    // from their lines in place once all are read.
    std::vector<InputFile> logs(std::size_t(argc - 3));
    for (std::size_t i = 0; i < logs.size(); ++i) {
        if (!logs[i].open(argv[3 + i])) return kUsage;
        run.scan(i, logs[i].text(), true);
    }
    run.price_scanned();
    const Impact impact = run.result();
    std::cout << write_impact(impact) << '\n';

    for (const auto& row : impact.skipped)
        std::fprintf(stderr, "edgequote: %zu quote%s skipped (%s %s): %s\n", row.quotes, row.quotes == 1 ? "" : "s",
                     row.reason.c_str(), row.key.c_str(), row.message.c_str());
    std::size_t shown = 0;
    for (const auto& e : impact.errors)
        if (++shown <= 5)
            std::fprintf(stderr, "edgequote: %s:%zu: %s at %s: %s\n", argv[3 + e.file], e.line, e.error.code.c_str(),
                         e.error.path.empty() ? "/" : e.error.path.c_str(), e.error.message.c_str());
    if (impact.skipped_lines) {
        std::fprintf(stderr, "edgequote: %zu bad line%s skipped\n", impact.skipped_lines, impact.skipped_lines == 1 ? "" : "s");
        end_now(kInvalid);
    }
    end_now(kOk);
}

}  // namespace edgequote::cli
