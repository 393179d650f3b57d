# Builds the site directory from scratch (so nothing stale is ever served):
#   SOURCE_DIR/FILES  -> SITE_DIR/FILES      the page, its elements and web/engine/
#   WASM_FILES        -> SITE_DIR/engine/    edgequote-engine.mjs + .wasm
#   BOOK              -> SITE_DIR/pricebooks/edge-cdn.json
# and prints the configurator's payload (HTML + JS + CSS + wasm, gzip) against its 150 KB budget.
file(REMOVE_RECURSE ${SITE_DIR})
file(MAKE_DIRECTORY ${SITE_DIR}/engine ${SITE_DIR}/pricebooks)
foreach(relative IN LISTS FILES)
  if(relative STREQUAL "")
    continue()
  endif()
  get_filename_component(directory ${relative} DIRECTORY)
  file(COPY ${SOURCE_DIR}/${relative} DESTINATION ${SITE_DIR}/${directory})
endforeach()
foreach(artifact IN LISTS WASM_FILES)
  if(NOT EXISTS ${artifact})
    message(FATAL_ERROR "The engine is not built: ${artifact} is missing (target edgequote_wasm).")
  endif()
  file(COPY ${artifact} DESTINATION ${SITE_DIR}/engine)
endforeach()
file(COPY ${BOOK} DESTINATION ${SITE_DIR}/pricebooks)

file(GLOB_RECURSE payload ${SITE_DIR}/*.html ${SITE_DIR}/*.js ${SITE_DIR}/*.mjs ${SITE_DIR}/*.css ${SITE_DIR}/*.wasm)
set(total 0)
foreach(path IN LISTS payload)
  file(ARCHIVE_CREATE OUTPUT ${path}.size.gz PATHS ${path} FORMAT raw COMPRESSION GZip COMPRESSION_LEVEL 9)
  file(SIZE ${path}.size.gz size)
  file(REMOVE ${path}.size.gz)
  math(EXPR total "${total} + ${size}")
endforeach()
math(EXPR kilobytes "(${total} + 1023) / 1024")
message(STATUS "Configurator payload: ${kilobytes} KB gzip (HTML + JS + CSS + wasm; budget 150 KB)")
