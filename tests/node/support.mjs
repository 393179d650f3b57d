// Shared by the Node tests and scripts: where the built module, the CLI and the sample book are.
// The seeded quote generator lives in quote-generator.mjs (it also runs in the browser).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const sourceDir = process.env.EDGEQUOTE_SOURCE_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// Set by ctest (tests/node/CMakeLists.txt); the defaults are the `default` preset's build tree.
export const wasmDir = process.env.EDGEQUOTE_WASM_DIR ?? join(sourceDir, 'build/native/wasm-build/wasm');
export const cliPath = process.env.EDGEQUOTE_CLI ?? join(sourceDir, 'build/native/core/edgequote');

export const engineModule = join(sourceDir, 'web/engine/edgequote.js');

// The sample book and its examples; the small test book until the sample exists.
const sampleBook = join(sourceDir, 'pricebooks/edge-cdn.json');
export const bookPath = existsSync(sampleBook) ? sampleBook : join(sourceDir, 'tests/node/fixtures/mini-cdn.json');
export const examplesDir = existsSync(sampleBook) ? join(sourceDir, 'pricebooks/examples') : join(sourceDir, 'tests/node/fixtures/examples');

export async function engineOptions() {
  return {
    moduleUrl: pathToFileURL(join(wasmDir, 'edgequote-engine.mjs')),
    wasmBinary: await readFile(join(wasmDir, 'edgequote-engine.wasm')),
  };
}

export { random, randomQuote, largeQuote } from './quote-generator.mjs';
