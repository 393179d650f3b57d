#pragma once
// Helpers shared by the fuzz targets. A finding prints what went wrong and aborts, so libFuzzer
// (or the replay driver) reports it with the input that caused it.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "edgequote/engine.hpp"

namespace fuzz {

[[noreturn]] inline void die(const char* target, const std::string& what) {
    std::fprintf(stderr, "\n*** %s: %s\n", target, what.c_str());
    std::fflush(stderr);
    std::abort();
}

inline bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    out = buffer.str();
    return true;
}

// Every error value has a code and a JSON Pointer path ("" for the whole document).
inline void check_errors(const char* target, const edgequote::Errors& errors) {
    for (const auto& e : errors) {
        if (e.code.empty()) die(target, "an error without a code: " + e.message);
        if (!e.path.empty() && e.path[0] != '/') die(target, "an error path that is not a JSON Pointer: " + e.path);
        if (e.message.empty()) die(target, "an error without a message: " + e.code);
    }
}

// A small deterministic reader of the fuzz input, for targets that build structures from bytes
// (like LLVM's FuzzedDataProvider, which is clang-only; the replay build uses g++ too).
class Bytes {
public:
    Bytes(const std::uint8_t* data, std::size_t size) : p_(data), n_(size) {}
    bool empty() const { return n_ == 0; }
    std::uint8_t byte() {
        if (n_ == 0) return 0;
        --n_;
        return *p_++;
    }
    bool flag() { return byte() & 1; }
    std::size_t below(std::size_t bound) { return bound ? byte() % bound : 0; }

private:
    const std::uint8_t* p_;
    std::size_t n_;
};

}  // namespace fuzz

#ifndef EDGEQUOTE_FUZZ_SOURCE_DIR
#define EDGEQUOTE_FUZZ_SOURCE_DIR "."
#endif
