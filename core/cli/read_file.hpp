#pragma once
// The CLI's one way to read an input file whole.
#include <string>

namespace edgequote::cli {

// Reads the whole file at `path` ("-": standard input) into `out`. When it cannot, it says so on
// stderr ("edgequote: cannot read PATH") and returns false.
bool read_file(const char* path, std::string& out);

}  // namespace edgequote::cli
