#pragma once
// `edgequote versions BOOK...`: the site's index of price book versions (edgequote/book_versions.hpp),
// made from the books themselves, refused when two versions of one book overlap.
// `edgequote versions --index INDEX --on DATE ID`: the version of book ID in effect on DATE.

namespace edgequote::cli {

// argv[0] is "versions". Exit status: 0; 2 when a book or the index is invalid, two versions
// overlap or none is in effect (errors as JSON on stdout); 1 for usage or unreadable files.
int versions_command(int argc, char** argv);

}  // namespace edgequote::cli
