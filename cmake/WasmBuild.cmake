# The wasm module, built from the native tree: Emscripten configures and builds this same source
# tree (which then adds wasm/) in build/<preset>/wasm-build, as part of `all`.
#
# For web/ and tests/: target `edgequote_wasm` (depend on it) and variable EDGEQUOTE_WASM_DIR
# (holds edgequote-engine.mjs and edgequote-engine.wasm).
#
# Also a script: `cmake -DDIR=<dir> -P cmake/WasmBuild.cmake` prints the module's size, raw and
# gzip (run after every link of the module).

if(CMAKE_SCRIPT_MODE_FILE)
  set(total_raw 0)
  set(total_gzip 0)
  set(report "")
  foreach(name edgequote-engine.mjs edgequote-engine.wasm)
    file(SIZE ${DIR}/${name} raw)
    file(ARCHIVE_CREATE OUTPUT ${DIR}/${name}.size.gz PATHS ${DIR}/${name}
         FORMAT raw COMPRESSION GZip COMPRESSION_LEVEL 9)
    file(SIZE ${DIR}/${name}.size.gz gzip)
    file(REMOVE ${DIR}/${name}.size.gz)
    math(EXPR total_raw "${total_raw} + ${raw}")
    math(EXPR total_gzip "${total_gzip} + ${gzip}")
    string(APPEND report "  ${name}: ${raw} bytes, ${gzip} gzip\n")
  endforeach()
  message("edgequote wasm module size (gzip -9):\n${report}  total: ${total_raw} bytes, ${total_gzip} gzip")
  return()
endif()

include(ExternalProject)

set(EDGEQUOTE_EMSCRIPTEN_TOOLCHAIN /usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake
    CACHE FILEPATH "Emscripten's CMake toolchain file")
if(NOT EXISTS ${EDGEQUOTE_EMSCRIPTEN_TOOLCHAIN})
  message(FATAL_ERROR "Emscripten not found (${EDGEQUOTE_EMSCRIPTEN_TOOLCHAIN}): run `bash cmake/setup.sh`.")
endif()

# -O2 is the faster module; -Os is 41% smaller (gzip) and 1.0-1.4x slower on a live edit (README).
set(EDGEQUOTE_WASM_OPT -Os CACHE STRING "Optimisation of the wasm engine module and its core: -Os (size, default) or -O2 (speed)")

set(EDGEQUOTE_WASM_BUILD_DIR ${CMAKE_BINARY_DIR}/wasm-build)
set(EDGEQUOTE_WASM_DIR ${EDGEQUOTE_WASM_BUILD_DIR}/wasm CACHE INTERNAL "edgequote-engine.mjs + .wasm")
# Every module the inner build makes (the engine and the feature modules of wasm/CMakeLists.txt),
# named so that the sites re-assemble when any of them changes, not only the engine.
set(EDGEQUOTE_WASM_MODULE_FILES "")
foreach(module IN ITEMS engine insights compare approvals versions)
  list(APPEND EDGEQUOTE_WASM_MODULE_FILES ${EDGEQUOTE_WASM_DIR}/edgequote-${module}.mjs ${EDGEQUOTE_WASM_DIR}/edgequote-${module}.wasm)
endforeach()

ExternalProject_Add(edgequote_wasm
  SOURCE_DIR ${PROJECT_SOURCE_DIR}
  BINARY_DIR ${EDGEQUOTE_WASM_BUILD_DIR}
  CMAKE_ARGS
    -DCMAKE_TOOLCHAIN_FILE=${EDGEQUOTE_EMSCRIPTEN_TOOLCHAIN}
    -DCMAKE_BUILD_TYPE=Release
    # The core is compiled with the module's flags: with LTO they are optimised as one.
    "-DCMAKE_CXX_FLAGS_RELEASE=${EDGEQUOTE_WASM_OPT} -DNDEBUG"
    # No RTTI (the engine never asks a type its name): -1.2 KB gzip. Embind then names unbound
    # types by number in its (developer-facing) errors.
    "-DCMAKE_CXX_FLAGS=-flto -fno-rtti -DEMSCRIPTEN_HAS_UNBOUND_TYPE_NAMES=0"
    -DEDGEQUOTE_WASM_OPT=${EDGEQUOTE_WASM_OPT}
    # emcmake's default emulator is refused by Node 20.
    -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node
  INSTALL_COMMAND ""
  # The inner build is incremental: always asking it is cheap and tracks every source in core/ and wasm/.
  BUILD_ALWAYS TRUE
  BUILD_BYPRODUCTS ${EDGEQUOTE_WASM_MODULE_FILES}
  USES_TERMINAL_BUILD TRUE)
