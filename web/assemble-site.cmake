# Builds the site directory from scratch (so nothing stale is ever served), beside the old one,
# then swaps it in: a server or test reading the site meanwhile never sees it half-copied.
#   SOURCE_DIR/FILES  -> SITE_DIR/FILES      the page, its elements and web/engine/
#   WASM_FILES        -> SITE_DIR/engine/    edgequote-engine.mjs + .wasm (required)
#   WASM_DIR/edgequote-*.mjs|.wasm -> SITE_DIR/engine/   other modules (insights), when built
#   BOOK              -> SITE_DIR/pricebooks/edge-cdn.json
#   BOOK_VERSIONS     -> SITE_DIR/pricebooks/ (other versions), + pricebooks/index.json (CLI `versions`)
#   COMPETITORS/*.json -> SITE_DIR/pricebooks/competitors/   competitor books and index.json
# and prints the configurator's payload (its HTML + JS + CSS + wasm, gzip) against the 150 KB budget.
set(FINAL_DIR ${SITE_DIR})
set(SITE_DIR ${FINAL_DIR}.new)
file(REMOVE_RECURSE ${SITE_DIR} ${FINAL_DIR}.old)
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
if(WASM_DIR)
  file(GLOB other_modules ${WASM_DIR}/edgequote-*.mjs ${WASM_DIR}/edgequote-*.wasm)
  foreach(artifact IN LISTS other_modules)
    file(COPY ${artifact} DESTINATION ${SITE_DIR}/engine)
  endforeach()
endif()
file(COPY ${BOOK} DESTINATION ${SITE_DIR}/pricebooks)
# Other versions of the book, and the index the page picks the version in effect from. The
# index is written by the engine from the books themselves (so their dates cannot drift) and
# the build fails when two versions overlap.
if(BOOK_VERSIONS)
  file(COPY ${BOOK_VERSIONS} DESTINATION ${SITE_DIR}/pricebooks)
  execute_process(COMMAND ${CLI} versions ${BOOK} ${BOOK_VERSIONS}
                  OUTPUT_FILE ${SITE_DIR}/pricebooks/index.json RESULT_VARIABLE index_status)
  if(NOT index_status EQUAL 0)
    message(FATAL_ERROR "The price book versions do not make an index (edgequote versions): ${index_status}")
  endif()
endif()
# The competitor books (public list prices) and their index, for "At list elsewhere": fetched
# only after the first priced total, so they are not part of the payload below.
if(COMPETITORS)
  file(GLOB competitor_books ${COMPETITORS}/*.json)
  file(MAKE_DIRECTORY ${SITE_DIR}/pricebooks/competitors)
  file(COPY ${competitor_books} DESTINATION ${SITE_DIR}/pricebooks/competitors)
endif()

# What the configurator page downloads (not the insights page, not the price book).
file(GLOB payload ${SITE_DIR}/index.html ${SITE_DIR}/main.js ${SITE_DIR}/styles/*.css ${SITE_DIR}/elements/*.js
     ${SITE_DIR}/lib/*.js ${SITE_DIR}/engine/edgequote.js ${SITE_DIR}/engine/edgequote-engine.*)
set(total 0)
foreach(path IN LISTS payload)
  file(ARCHIVE_CREATE OUTPUT ${path}.size.gz PATHS ${path} FORMAT raw COMPRESSION GZip COMPRESSION_LEVEL 9)
  file(SIZE ${path}.size.gz size)
  file(REMOVE ${path}.size.gz)
  math(EXPR total "${total} + ${size}")
endforeach()
if(EXISTS ${FINAL_DIR})
  file(RENAME ${FINAL_DIR} ${FINAL_DIR}.old)
endif()
file(RENAME ${SITE_DIR} ${FINAL_DIR})
file(REMOVE_RECURSE ${FINAL_DIR}.old)

math(EXPR kilobytes "(${total} + 1023) / 1024")
# Before minifying (cmake/minify-site.mjs runs next and prints what is served).
# The rep page's critical path, as served (bundled and minified), is measured by tests/browser/payload.test.mjs.
message(STATUS "Configurator files before minifying: ${kilobytes} KB gzip (HTML + JS + CSS + wasm, every page file)")
