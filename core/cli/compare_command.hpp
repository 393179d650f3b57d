#pragma once
// `edgequote compare QUOTE BOOK COMPETITOR_BOOK... [--text] [--summary]`: the quote's traffic
// priced at each competitor's public list prices (edgequote/compare.hpp), as canonical JSON (its
// priced quotes without tier math with --summary) or a readable table.
#include <string>

namespace edgequote::cli {

// argv[0] is "compare". Exit status: 0; 2 when the quote, a book or a mapping is invalid (the
// JSON still says what could be compared); 1 for usage or unreadable files.
int compare_command(int argc, char** argv);

// `edgequote validate BOOK` on a book with a comparison section: the mapping is checked too.
bool has_comparison_section(const std::string& text);

}  // namespace edgequote::cli
