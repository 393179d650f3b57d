// Appended to the engine module's glue (--post-js): the C exports of wasm/bindings.cpp under the
// names the wrapper (web/engine/edgequote.js) calls, as Embind used to register them. Emscripten
// puts each export on the module as `_name`; the wasm returns sizes and addresses as signed
// 32-bit numbers, read back as unsigned here (as Embind did). Booleans return 0 or 1.
// Named once the runtime has started, as Embind's were, so that a module that has not started
// has none of them (the wrapper's synchronous restart checks for `price`). This code runs after
// the glue's run(): with a synchronous instance the runtime has started already; otherwise it
// starts later, and the names are added then.
function nameExports() {
  for (const name of ['inputBuffer', 'outputPointer', 'loadPricebook', 'price', 'openLiveQuote', 'priceLiveQuote',
                      'publicPricebook', 'bookView', 'errorCodes']) {
    Module[name] = (...args) => Module['_' + name](...args) >>> 0;
  }
  for (const name of ['releasePricebook', 'closeLiveQuote']) {
    Module[name] = (...args) => Module['_' + name](...args) !== 0;
  }
}
if (runtimeInitialized) nameExports();
else addOnInit(nameExports);
