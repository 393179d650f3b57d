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

// Wall time; and, where the platform tells (`cpuTime`, Node), this thread's CPU time, which a
// machine busy with other work inflates far less.
function measure(quote, iterations, run, cpuTime) {
  // Warm up until the engines have tiered up (V8 optimises hot wasm functions in the
  // background): at least 30 runs and 300 ms, so that the first case measured is not penalised.
  const warmUntil = performance.now() + 300;
  for (let i = 0; i < 30 || performance.now() < warmUntil; i++) {
    edit(quote, i);
    run(quote);
  }
  const wall = [];
  const cpu = [];
  for (let i = 0; i < iterations; i++) {
    edit(quote, i + 30);
    const cpuStart = cpuTime?.();
    const start = performance.now();
    run(quote);
    wall.push(performance.now() - start);
    if (cpuTime) cpu.push(cpuTime() - cpuStart);
  }
  return { ...stats(wall), cpu: cpuTime ? stats(cpu) : null };
}

/**
 * For each size and detail: `price` (engine.price: the whole result crosses and is parsed) and
 * `live` (a LiveQuote: only the lines whose output changed cross). Times in ms.
 */
export function runCases(engine, book, { iterations = 200, cpuTime } = {}) {
  const results = [];
  for (const lines of lineCounts) {
    const quote = largeQuote(book.book, lines);
    const rounds = lines >= 2000 ? Math.max(20, iterations >> 2) : iterations;
    for (const detail of ['summary', 'full']) {
      const price = measure(structuredClone(quote), rounds, (q) => engine.price(book, q, { detail }), cpuTime);
      const liveQuote = engine.openQuote(book, { detail });
      const live = measure(structuredClone(quote), rounds, (q) => liveQuote.price(q), cpuTime);
      liveQuote.close();
      results.push({ lines, detail, price, live, rounds });
    }
  }
  return results;
}
