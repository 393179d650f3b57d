// The reprice benchmark's cases, run the same way under Node and in Chromium
// (tests/node/bench-reprice.mjs): one quantity changes, the quote is priced again.
import { largeQuote } from './quote-generator.mjs';

export const lineCounts = [50, 500, 2000];

// One edit per iteration: a quantity in a line that moves around the quote.
export function edit(quote, i) {
  const line = quote.lines[(i * 7919) % (quote.lines.length - 1)];
  line.quantity = String(1 + (i % 97));
}

export function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p95: at(0.95) };
}

function measure(quote, iterations, run) {
  for (let i = 0; i < 20; i++) {
    edit(quote, i);
    run(quote);  // warm up: the wasm and the JS tier up
  }
  const samples = [];
  for (let i = 0; i < iterations; i++) {
    edit(quote, i + 20);
    const start = performance.now();
    run(quote);
    samples.push(performance.now() - start);
  }
  return stats(samples);
}

/**
 * For each size and detail: `price` (engine.price: the whole result crosses and is parsed) and
 * `live` (a LiveQuote: only the lines whose output changed cross). Times in ms.
 */
export function runCases(engine, book, { iterations = 200 } = {}) {
  const results = [];
  for (const lines of lineCounts) {
    const quote = largeQuote(book.book, lines);
    const rounds = lines >= 2000 ? Math.max(20, iterations >> 2) : iterations;
    for (const detail of ['summary', 'full']) {
      const price = measure(structuredClone(quote), rounds, (q) => engine.price(book, q, { detail }));
      const liveQuote = engine.openQuote(book, { detail });
      const live = measure(structuredClone(quote), rounds, (q) => liveQuote.price(q));
      liveQuote.close();
      results.push({ lines, detail, price, live, rounds });
    }
  }
  return results;
}
