#pragma once

namespace edgequote::cli {

// edgequote verify BOOK QUOTE TOKEN... (see verify_command.cpp).
int verify_command(int argc, char** argv);

}  // namespace edgequote::cli
