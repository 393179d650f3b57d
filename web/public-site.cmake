# The prospect build and the embedding demo (included by web/CMakeLists.txt).
#
#   site-public  (ALL)  ${EDGEQUOTE_PUBLIC_SITE_DIR}: the prospect page (index.html), the iframe
#                       build (embed/frame.html), <edge-quote> (embed/edge-quote.js), exactly the
#                       JS/CSS/wasm they load, and the public price book made by `edgequote public`.
#                       The full book is never copied here (tests/browser/leak.test.mjs checks).
#                       Also, loaded only when a page switches it on ("At list elsewhere": the
#                       book's prospect_comparison or the element's prospect-comparison
#                       attribute): the panel, the comparison engine module and the competitor
#                       books (public list prices).
#   demo-portal  (ALL)  ${EDGEQUOTE_DEMO_PORTAL_DIR}: a mock sales portal (web/demo/) that serves
#                       a copy of the public build under edgequote/ for the custom element.
#   serve-public        the public build on http://127.0.0.1:8081
#   serve-demo          both origins: EdgeQuote on :8081, the portal on :8082
if(NOT DEFINED EDGEQUOTE_WASM_DIR)
  return()
endif()

set(EDGEQUOTE_PUBLIC_SITE_DIR ${CMAKE_BINARY_DIR}/site-public)
set(EDGEQUOTE_PUBLIC_SITE_DIR ${EDGEQUOTE_PUBLIC_SITE_DIR} PARENT_SCOPE)
set(EDGEQUOTE_DEMO_PORTAL_DIR ${CMAKE_BINARY_DIR}/demo-portal)
set(EDGEQUOTE_DEMO_PORTAL_DIR ${EDGEQUOTE_DEMO_PORTAL_DIR} PARENT_SCOPE)

set(public_assembler ${PROJECT_SOURCE_DIR}/cmake/assemble-public-site.mjs)
file(GLOB_RECURSE public_inputs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.html
     ${CMAKE_CURRENT_SOURCE_DIR}/*.js ${CMAKE_CURRENT_SOURCE_DIR}/*.css ${CMAKE_CURRENT_SOURCE_DIR}/*.svg)
list(FILTER public_inputs EXCLUDE REGEX "/web/demo/")

set(public_minify "")
if(EDGEQUOTE_MINIFY)
  set(public_minify COMMAND ${EDGEQUOTE_NODE} ${EDGEQUOTE_MINIFIER} ${EDGEQUOTE_PUBLIC_SITE_DIR})
endif()

set(public_stamp ${CMAKE_CURRENT_BINARY_DIR}/site-public.stamp)
add_custom_command(OUTPUT ${public_stamp}
  COMMAND ${EDGEQUOTE_NODE} ${public_assembler}
          --source ${CMAKE_CURRENT_SOURCE_DIR}
          --out ${EDGEQUOTE_PUBLIC_SITE_DIR}
          --wasm-dir ${EDGEQUOTE_WASM_DIR}
          --cli $<TARGET_FILE:edgequote>
          --book ${EDGEQUOTE_SITE_BOOK}
          --entry prospect.html=index.html
          --entry embed/frame.html
          --entry embed/edge-quote.js
          --on-demand elements/later/at-list-elsewhere.js
          --on-demand lib/pricing-worker-client.js
          --on-demand elements/line-math.js
          --feature compare
          --competitor-books ${EDGEQUOTE_COMPETITOR_BOOKS_DIR}
  ${public_minify}
  COMMAND ${CMAKE_COMMAND} -E touch ${public_stamp}
  DEPENDS ${public_inputs} ${CMAKE_CURRENT_SOURCE_DIR}/site-config.json ${site_wasm} ${site_wasm_modules} edgequote ${EDGEQUOTE_SITE_BOOK} ${public_assembler} ${EDGEQUOTE_MINIFIER}
          ${EDGEQUOTE_COMPETITOR_BOOKS}
  COMMENT "Assembling the public (prospect) site in ${EDGEQUOTE_PUBLIC_SITE_DIR}"
  VERBATIM)
add_custom_target(site-public ALL DEPENDS ${public_stamp})
if(TARGET edgequote_wasm)
  add_dependencies(site-public edgequote_wasm)
endif()

set(demo_sources index.html host.js host.css favicon.svg)
list(TRANSFORM demo_sources PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/demo/ OUTPUT_VARIABLE demo_inputs)
set(demo_stamp ${CMAKE_CURRENT_BINARY_DIR}/demo-portal.stamp)
add_custom_command(OUTPUT ${demo_stamp}
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${EDGEQUOTE_DEMO_PORTAL_DIR}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${EDGEQUOTE_DEMO_PORTAL_DIR}
  COMMAND ${CMAKE_COMMAND} -E copy ${demo_inputs} ${EDGEQUOTE_DEMO_PORTAL_DIR}
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${EDGEQUOTE_PUBLIC_SITE_DIR} ${EDGEQUOTE_DEMO_PORTAL_DIR}/edgequote
  COMMAND ${CMAKE_COMMAND} -E touch ${demo_stamp}
  DEPENDS ${demo_inputs} ${public_stamp}
  COMMENT "Assembling the embedding demo portal in ${EDGEQUOTE_DEMO_PORTAL_DIR}"
  VERBATIM)
add_custom_target(demo-portal ALL DEPENDS ${demo_stamp})
add_dependencies(demo-portal site-public)

add_custom_target(serve-public
  COMMAND ${EDGEQUOTE_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/serve.mjs --root ${EDGEQUOTE_PUBLIC_SITE_DIR} --port 8081
  DEPENDS site-public
  USES_TERMINAL
  VERBATIM)

add_custom_target(serve-demo
  COMMAND ${EDGEQUOTE_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/demo/serve-demo.mjs
          --public ${EDGEQUOTE_PUBLIC_SITE_DIR} --portal ${EDGEQUOTE_DEMO_PORTAL_DIR}
  DEPENDS demo-portal
  USES_TERMINAL
  VERBATIM)
