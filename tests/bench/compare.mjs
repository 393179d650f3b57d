// The competitor comparison ("At list elsewhere", `edgequote compare`), native and wasm, on a
// typical quote and on large ones. Not a test: prints median and p95 per quote and detail.
//
//   node tests/bench/compare.mjs [seconds-per-measurement]   (after `cmake --build --preset default`;
//                                                             builds bench_compare if missing)
//
// Quotes (written to build/bench/compare-*.json): the README's worked comparison (300 TB a month,
// 60/30/10, 3,000M HTTPS requests, a WAF; CloudFront named as incumbent) and seeded 50-, 500- and
// 2,000-line quotes from tests/node/quote-generator.mjs (every product of the sample book; the
// delivery and request lines compare, the rest are left out). Each is compared with the five
// competitor books, with the tier math (`full`, what the panel asks while a vendor's math is
// open) and without (`summary`, its usual live update). Native: tests/bench/bench_compare.cpp;
// wasm: web/engine/compare.js in Node (the same module the page loads; Node runs this project's
// wasm 2–4x slower than Chromium, see the README). The wasm answer must equal the native bytes.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { largeQuote, sourceDir, wasmDir } from '../node/support.mjs';

const seconds = Number(process.argv[2] ?? 2);
const build = join(sourceDir, 'build/native');
const out = join(sourceDir, 'build/bench');
mkdirSync(join(out, 'compare-native'), { recursive: true });
const benchPath = join(build, 'tests/bench/bench_compare');
if (!existsSync(benchPath)) execFileSync('cmake', ['--build', build, '--target', 'bench_compare'], { stdio: 'inherit' });

const bookPath = join(sourceDir, 'pricebooks/edge-cdn.json');
const book = JSON.parse(readFileSync(bookPath, 'utf8'));
const competitorDir = join(sourceDir, 'pricebooks/competitors');
const competitorPaths = JSON.parse(readFileSync(join(competitorDir, 'index.json'), 'utf8')).books.map((f) => join(competitorDir, f));

// The worked comparison of the README ("Know the incumbent").
const typical = {
  schema_version: '1.0',
  pricebook: { id: book.id, version: book.version },
  customer: { name: 'Contoso Video', segment: 'enterprise', incumbent_vendor: 'cloudfront' },
  term_months: 12,
  lines: [
    { sku: 'delivery', quantity: '300', unit: 'TB', region_mix: { na: '60', eu: '30', apac: '10' } },
    { sku: 'requests-https', quantity: '3000000000', unit: 'requests', region_mix: { na: '60', eu: '30', apac: '10' } },
    { sku: 'waf', quantity: '1' },
  ],
};
const quotes = [['compare-typical.json', typical]];
for (const lines of [50, 500, 2000]) {
  const quote = largeQuote(book, lines, 5);
  quote.customer.incumbent_vendor = 'cloudfront';
  quotes.push([`compare-${lines}.json`, quote]);
}
for (const [name, quote] of quotes) writeFileSync(join(out, name), JSON.stringify(quote));

const { createCompare } = await import(join(sourceDir, 'web/engine/compare.js'));
const compare = await createCompare({
  moduleUrl: pathToFileURL(join(wasmDir, 'edgequote-compare.mjs')),
  wasmBinary: readFileSync(join(wasmDir, 'edgequote-compare.wasm')),
});
const ours = compare.loadPricebook(readFileSync(bookPath, 'utf8'));
const competitors = competitorPaths.map((p) => compare.loadCompetitorBook(readFileSync(p, 'utf8')));

function timeWasm(text, detail) {
  const times = [];
  const until = performance.now() + seconds * 1000;
  let answer;
  while (times.length < 5 || performance.now() < until) {
    const start = performance.now();
    answer = compare.compare(ours, text, competitors, { text: true, detail });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { answer, runs: times.length, median: times[times.length >> 1], p95: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))] };
}

const f = (x) => (x < 10 ? x.toFixed(3) : x.toFixed(1));
console.log(`compare on ${competitorPaths.length} competitor books; ${seconds} s per measurement; node ${process.version}`);
console.log('quote                 lines  detail   native median / p95       wasm (Node) median / p95     wasm/native  answer');
for (const detail of ['summary', 'full']) {
  const native = execFileSync(benchPath, ['--book', bookPath, ...competitorPaths.flatMap((p) => ['--competitor', p]),
    ...quotes.flatMap(([name]) => ['--quote', join(out, name)]), '--detail', detail, '--seconds', String(seconds),
    '--out', join(out, 'compare-native')], { encoding: 'utf8' }).trim().split('\n').map((line) => JSON.parse(line));
  for (const n of native) {
    const text = readFileSync(join(out, n.quote), 'utf8');
    const wasm = timeWasm(text, detail);
    const nativeAnswer = readFileSync(join(out, 'compare-native', n.quote), 'utf8');
    if (wasm.answer !== nativeAnswer) throw new Error(`${n.quote} (${detail}): the wasm answer differs from the native one`);
    console.log(`${n.quote.padEnd(21)} ${String(n.lines).padStart(5)}  ${detail.padEnd(7)}  ` +
      `${f(n.median_ms).padStart(8)} / ${f(n.p95_ms).padEnd(8)} ms    ${f(wasm.median).padStart(8)} / ${f(wasm.p95).padEnd(8)} ms     ` +
      `${(wasm.median / n.median_ms).toFixed(1).padStart(5)}x    ${(n.bytes / 1024).toFixed(1)} KB, same bytes`);
  }
}

