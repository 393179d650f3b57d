#pragma once
// `edgequote impact CURRENT_BOOK PROPOSED_BOOK LOG...`: every logged quote priced under both
// books and the differences as canonical JSON (core/include/edgequote/impact.hpp).
namespace edgequote::cli {

// argv[0] is "impact". Returns the exit status: 0; 2 when a book is invalid (its errors are
// printed with "book": "current" or "proposed") or a log line was bad (the result is still
// printed); 1 for usage or unreadable files.
int impact_command(int argc, char** argv);

}  // namespace edgequote::cli
