// The engine's on-demand modules (approvals, the competitor comparison, insights) load the same
// way: the Emscripten glue and the compiled wasm fetched side by side, the module instantiated
// from them, and one shared instance per page, forgotten after a failure so a later call retries.

async function compile(name, { wasmBinary, wasmUrl }) {
  if (wasmBinary) return WebAssembly.compile(wasmBinary);
  const url = wasmUrl ?? new URL(`./edgequote-${name}.wasm`, import.meta.url);
  if (typeof WebAssembly.compileStreaming === 'function') {
    try {
      return await WebAssembly.compileStreaming(fetch(url, { credentials: 'same-origin' }));
    } catch {
      // A server without the application/wasm type: compile the bytes instead.
    }
  }
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`cannot load the ${name} engine from ${url} (HTTP ${response.status})`);
  return WebAssembly.compile(await response.arrayBuffer());
}

/**
 * The Emscripten module `edgequote-<name>`. Options: `moduleUrl` (edgequote-<name>.mjs; default
 * beside this file), `wasmUrl` or `wasmBinary` (bytes: what Node passes).
 */
export async function instantiateFeature(name, options = {}) {
  const moduleUrl = options.moduleUrl ?? new URL(`./edgequote-${name}.mjs`, import.meta.url);
  const [factory, compiled] = await Promise.all([import(String(moduleUrl)).then((m) => m.default), compile(name, options)]);
  return factory({
    instantiateWasm: (imports, receive) => {
      WebAssembly.instantiate(compiled, imports).then((instance) => receive(instance, compiled));
      return {};
    },
    print: () => {},
    printErr: () => {},
  });
}

/** One shared instance made by `create`, on first use; a failed attempt is not kept. */
export function sharedLoader(create) {
  let shared = null;
  return (options = {}) => {
    shared ??= create(options).catch((error) => {
      shared = null;
      throw error;
    });
    return shared;
  };
}
