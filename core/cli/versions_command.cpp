// `edgequote versions`: see versions_command.hpp.
#include "versions_command.hpp"

#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "edgequote/book_versions.hpp"
#include "edgequote/engine.hpp"
#include "read_file.hpp"

namespace edgequote::cli {
namespace {

constexpr int kOk = 0, kUsage = 1, kInvalid = 2;

int refuse(const std::string& what, const Errors& errors) {
    std::cout << write_errors(errors) << '\n';
    std::fprintf(stderr, "edgequote: %s: %zu error%s\n", what.c_str(), errors.size(), errors.size() == 1 ? "" : "s");
    for (const auto& e : errors)
        std::fprintf(stderr, "  %s at %s: %s\n", e.code.c_str(), e.path.empty() ? "/" : e.path.c_str(), e.message.c_str());
    return kInvalid;
}

std::string file_name(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

int write_index(int argc, char** argv) {
    std::vector<BookVersion> books;
    for (int i = 1; i < argc; ++i) {
        std::string text;
        if (!read_file(argv[i], text)) return kUsage;
        PriceBookResult parsed = parse_pricebook(text);
        if (!parsed.book) return refuse(argv[i], parsed.errors);
        const PriceBook& book = *parsed.book;
        books.push_back({book.id, book.version, book.effective_from, book.effective_to, file_name(argv[i])});
    }
    // Read back through the engine's own reader: file names and overlaps checked as a page would.
    const std::string index = write_book_index(books);
    const BookIndex checked = read_book_index(index);
    if (!checked.errors.empty()) return refuse("the books as an index", checked.errors);
    std::cout << index;
    return kOk;
}

int pick(const char* index_path, const char* date, const char* id) {
    std::string text;
    if (!read_file(index_path, text)) return kUsage;
    const std::string answer = book_in_effect_json(text, id, date);
    std::cout << answer << '\n';
    return answer.rfind("{\"errors\"", 0) == 0 ? kInvalid : kOk;
}

}  // namespace

int versions_command(int argc, char** argv) {
    if (argc == 6 && std::strcmp(argv[1], "--index") == 0 && std::strcmp(argv[3], "--on") == 0)
        return pick(argv[2], argv[4], argv[5]);
    if (argc >= 2 && argv[1][0] != '-') return write_index(argc, argv);
    std::fputs("usage: edgequote versions BOOK...\n       edgequote versions --index INDEX --on DATE ID\n", stderr);
    return kUsage;
}

}  // namespace edgequote::cli
