// The JS API pricing an example quote, under Node (README: "The engine from JavaScript").
//
//   node tests/node/example-price.mjs [BOOK] [QUOTE]     (after `cmake --build --preset default`)
//
// In a page the same code runs without the options: loadEngine() finds edgequote-engine.mjs and
// .wasm next to edgequote.js, and the book comes from fetch().
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

const root = new URL('../../', import.meta.url);
const wasmDir = process.env.EDGEQUOTE_WASM_DIR ?? new URL('build/native/wasm-build/wasm/', root).pathname;
const { loadEngine, PricingError } = await import(new URL('web/engine/edgequote.js', root));

const engine = await loadEngine({
  moduleUrl: pathToFileURL(`${wasmDir}/edgequote-engine.mjs`),
  wasmBinary: await readFile(`${wasmDir}/edgequote-engine.wasm`),  // Node: bytes, not a URL
});
const book = await engine.loadPricebook(await readFile(process.argv[2] ?? new URL('pricebooks/edge-cdn.json', root), 'utf8'));
const quote = JSON.parse(await readFile(process.argv[3] ?? new URL('pricebooks/examples/enterprise-in-band.json', root), 'utf8'));

const priced = engine.price(book, quote);
console.log(`${book.id} ${book.version} (sha-256 ${book.hash.slice(0, 12)}…)`);
for (const line of priced.lines) console.log(`  ${line.sku.padEnd(22)} list ${line.list.padStart(10)}  net ${line.net.padStart(10)}`);
const { list_monthly, net_monthly, tcv } = priced.totals;
console.log(`  monthly list ${list_monthly}, net ${net_monthly}; contract value ${tcv}`);
console.log(`  approval: ${priced.approval?.level ?? 'n/a'}; findings: ${priced.guidance.map((f) => f.code).join(', ') || 'none'}`);

// Errors are values from the engine, thrown as PricingError with the first code and path.
try {
  engine.price(book, { ...quote, term_months: 7 });
} catch (error) {
  if (!(error instanceof PricingError)) throw error;
  console.log(`  a 7-month term: ${error.code} at ${error.path}: ${error.message}`);
}
