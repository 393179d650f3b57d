#include "read_file.hpp"

#include <cstdio>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

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

InputFile::InputFile(InputFile&& other) noexcept
    : mapped_(std::exchange(other.mapped_, nullptr)), size_(std::exchange(other.size_, 0)), read_(std::move(other.read_)) {}

InputFile::~InputFile() {
    if (mapped_) munmap(mapped_, size_);
}

bool InputFile::open(const char* path) {
    if (std::strcmp(path, "-") != 0) {
        const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
        struct stat st {};
        if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
            // MAP_POPULATE: the pages mapped in one call rather than one fault per few pages.
            void* p = mmap(nullptr, std::size_t(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
            if (p != MAP_FAILED) {
                close(fd);
                mapped_ = p;
                size_ = std::size_t(st.st_size);
                return true;
            }
        }
        if (fd >= 0) close(fd);
    }
    return read_file(path, read_);  // standard input, a pipe, an empty file, or no mapping
}

}  // namespace edgequote::cli
