// Reprice time of the wasm engine under Node, for live editing (DESIGN.md §6): one quantity
// changes, the quote is priced again. Not a test; prints median and p95 per case.
//
//   node tests/node/bench-reprice.mjs [iterations]      (after `cmake --build --preset default`)
//
// Cases, for 50/500/2,000-line quotes on the sample book:
//   price    engine.price(book, quote, {detail}): the whole result crosses and is parsed
//   live     engine.openQuote(book, {detail}).price(quote): only changed lines cross
//   native   `edgequote reprice` per quote (same corpus), for the wasm/native ratio
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { cliPath, bookPath, engineModule, engineOptions, largeQuote } from './support.mjs';

const iterations = Number(process.argv[2] ?? 200);
const { createEngine } = await import(engineModule);
const engine = await createEngine(await engineOptions());
const bookText = await readFile(bookPath, 'utf8');
const book = await engine.loadPricebook(bookText);

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `median ${at(0.5).toFixed(3)} ms  p95 ${at(0.95).toFixed(3)} ms`;
}

// One edit per iteration: a quantity in a line that moves around the quote.
function edit(quote, i) {
  const line = quote.lines[(i * 7919) % (quote.lines.length - 1)];
  line.quantity = String(1 + (i % 97));
}

function measure(quote, run) {
  for (let i = 0; i < 20; i++) {
    edit(quote, i);
    run(quote);  // warm up (tier-up of the wasm and the JS)
  }
  const samples = [];
  for (let i = 0; i < iterations; i++) {
    edit(quote, i + 20);
    const start = performance.now();
    run(quote);
    samples.push(performance.now() - start);
  }
  return samples;
}

console.log(`book ${book.id} ${book.version}, ${iterations} edits per case, node ${process.version}`);
for (const lines of [50, 500, 2000]) {
  const quote = largeQuote(book.book, lines);
  for (const detail of ['summary', 'full']) {
    const price = measure(structuredClone(quote), (q) => engine.price(book, q, { detail }));
    const live = engine.openQuote(book, { detail });
    const liveSamples = measure(structuredClone(quote), (q) => live.price(q));
    live.close();
    console.log(`${String(lines).padStart(4)} lines ${detail.padEnd(7)}  price: ${stats(price)}   live: ${stats(liveSamples)}`);
  }
  // Native: the CLI reprices a file of edited quotes; its per-quote time (process start amortized).
  const count = Math.max(20, Math.floor(20000 / lines));
  const copy = structuredClone(quote);
  const jsonl = Array.from({ length: count }, (_, i) => (edit(copy, i), JSON.stringify(copy))).join('\n') + '\n';
  for (const detail of ['summary', 'full']) {
    const args = ['reprice', bookPath, ...(detail === 'summary' ? ['--summary'] : [])];
    const start = performance.now();
    execFileSync(cliPath, args, { input: jsonl, maxBuffer: 1 << 30 });
    const perQuote = (performance.now() - start) / count;
    console.log(`${String(lines).padStart(4)} lines ${detail.padEnd(7)}  native CLI: ${perQuote.toFixed(3)} ms per quote (mean of ${count}, includes process start)`);
  }
}
