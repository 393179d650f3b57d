#pragma once
// The CLI's one way to read an input file whole.
#include <cstddef>
#include <string>
#include <string_view>

namespace edgequote::cli {

// Reads the whole file at `path` ("-": standard input) into `out`. When it cannot, it says so on
// stderr ("edgequote: cannot read PATH") and returns false.
bool read_file(const char* path, std::string& out);

// A whole input file to read in place, for the logs of hundreds of megabytes: a regular file is
// mapped (its bytes read where the kernel caches them: no buffer to fill with zeros and then
// copy into), anything else (standard input, a pipe) read as read_file does.
class InputFile {
public:
    InputFile() = default;
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;
    InputFile(InputFile&& other) noexcept;
    InputFile& operator=(InputFile&&) = delete;
    ~InputFile();

    // As read_file: false (and said on stderr) when it cannot.
    bool open(const char* path);
    std::string_view text() const { return mapped_ ? std::string_view(static_cast<const char*>(mapped_), size_) : read_; }

private:
    void* mapped_ = nullptr;
    std::size_t size_ = 0;
    std::string read_;
};

}  // namespace edgequote::cli
