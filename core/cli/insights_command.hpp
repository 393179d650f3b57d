#pragma once
// `edgequote insights [filters] LOG...`: the quote-log aggregates as canonical JSON.
namespace edgequote::cli {

// argv[0] is "insights". Returns the exit status: 0, 2 when a line was bad (the aggregates
// and the bad lines are still printed), 1 for usage or unreadable files.
int insights_command(int argc, char** argv);

}  // namespace edgequote::cli
