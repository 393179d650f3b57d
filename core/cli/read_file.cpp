#include "read_file.hpp"

#include <cstdio>
#include <cstring>

namespace edgequote::cli {

bool read_file(const char* path, std::string& out) {
    const bool from_stdin = std::strcmp(path, "-") == 0;
    std::FILE* f = from_stdin ? stdin : std::fopen(path, "rb");
    if (!f) {
        std::fprintf(stderr, "edgequote: cannot read %s\n", path);
        return false;
    }
    out.clear();
    if (!from_stdin && std::fseek(f, 0, SEEK_END) == 0) {  // one allocation for a regular file
        const long size = std::ftell(f);
        if (size > 0) out.reserve(std::size_t(size));
        std::fseek(f, 0, SEEK_SET);
    }
    char buffer[1 << 16];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) out.append(buffer, n);
    const bool ok = !std::ferror(f);
    if (!from_stdin) std::fclose(f);
    if (!ok) std::fprintf(stderr, "edgequote: cannot read %s\n", path);
    return ok;
}

}  // namespace edgequote::cli
