// Appended to the engine module's glue (--post-js): the C exports of wasm/bindings.cpp under the
// names the wrapper (web/engine/edgequote.js) calls, as Embind used to register them. Emscripten
// puts each export on the module as `_name`; the wasm returns sizes and addresses as signed
// 32-bit numbers, read back as unsigned here (as Embind did). Booleans return 0 or 1.
for (const name of ['inputBuffer', 'outputPointer', 'loadPricebook', 'price', 'openLiveQuote', 'priceLiveQuote',
                    'publicPricebook', 'bookView', 'errorCodes']) {
  Module[name] = (...args) => Module['_' + name](...args) >>> 0;
}
for (const name of ['releasePricebook', 'closeLiveQuote']) {
  Module[name] = (...args) => Module['_' + name](...args) !== 0;
}
