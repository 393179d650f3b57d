# Warnings for the project's own targets (not for third-party headers).
function(edgequote_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion-null
                                           $<$<CXX_COMPILER_ID:GNU>:-Wno-psabi>)
endfunction()
