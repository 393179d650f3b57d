// Reprice time of the wasm engine for live editing, in Node and in headless
// Chromium; and the native CLI on the same quotes. Not a test: prints median and p95.
//
//   node tests/node/bench-reprice.mjs [iterations]   (after `cmake --build --preset default`)
//
// Cases (tests/node/reprice-cases.mjs): 50, 500 and 2,000-line quotes on the sample book, one
// quantity changed per iteration; `price` = engine.price() (the whole result crosses and is
// parsed), `live` = engine.openQuote().price() (only changed lines cross). Chromium runs the page
// under the configurator's CSP (script-src 'self' 'wasm-unsafe-eval'), cross-origin isolated for
// a fine performance.now(), and also reports module load + price-book load. Node also reports CPU
// time, which tells more than wall time on a machine busy with other work.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { bookPath, cliPath, engineModule, engineOptions, sourceDir, wasmDir } from './support.mjs';
import { edit, lineCounts, runCases } from './reprice-cases.mjs';
import { largeQuote } from './quote-generator.mjs';
import { verdict } from '../bench/verdict.mjs';

const iterations = Number(process.argv[2] ?? 200);
const bookText = await readFile(bookPath, 'utf8');
const ms = (x) => `${x.toFixed(3)} ms`;

function print(where, results) {
  const cpu = (m) => (m.cpu ? ` [cpu median ${ms(m.cpu.median)} p95 ${ms(m.cpu.p95)}]` : '');
  for (const r of results) {
    console.log(`${where.padEnd(8)} ${String(r.lines).padStart(4)} lines ${r.detail.padEnd(7)}  ` +
      `price: median ${ms(r.price.median)} p95 ${ms(r.price.p95)}${cpu(r.price)}   ` +
      `live: median ${ms(r.live.median)} p95 ${ms(r.live.p95)}${cpu(r.live)}  (${r.rounds} edits)`);
  }
}

// ---- Node ----
const { createEngine } = await import(engineModule);
const engine = await createEngine(await engineOptions());
const book = await engine.loadPricebook(bookText);
console.log(`book ${book.id} ${book.version}; node ${process.version}`);
const cpuTime = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
print('node', runCases(engine, book, { iterations, cpuTime }));

// The budgets this benchmark measures, judged on Chromium's figures (the browser is what the
// budgets are about). The ratio to native needs bench_engine's live edit, which
// tests/bench/run.sh writes to build/bench/native.json (all.sh runs it first).
function verdicts({ results, load }) {
  const live = (lines) => results.filter((r) => r.lines === lines).map((r) => r.live);
  const worst = (lines, key) => Math.max(...live(lines).map((m) => m[key]));
  verdict('one edit, 500 lines, engine, ≤ 1 ms p95', `p95 ${ms(worst(500, 'p95'))} (summary and full)`, worst(500, 'p95') <= 1);
  verdict('one edit, 2,000 lines, engine, ≤ 4 ms p95', `p95 ${ms(worst(2000, 'p95'))} (summary and full)`, worst(2000, 'p95') <= 4);
  verdict('engine module + price book load ≤ 30 ms', `${ms(load.engine)} + ${ms(load.book)}`, load.engine + load.book <= 30);
  let native = null;
  try {
    native = JSON.parse(readFileSync(join(sourceDir, 'build/bench/native.json'), 'utf8'));
  } catch {
    console.log('(no build/bench/native.json: run tests/bench/run.sh for the wasm/native ratio)');
    return;
  }
  for (const lines of [500, 2000]) {
    const nativeMs = native.sizes.find((s) => s.lines === lines)?.live_edit_us?.median / 1000;
    if (!nativeMs) continue;
    const ratio = worst(lines, 'median') / nativeMs;
    verdict(`wasm live edit within 1.5× of native, ${lines.toLocaleString('en-US')} lines`,
      `${ms(worst(lines, 'median'))} against ${ms(nativeMs)} = ${ratio.toFixed(1)}×`, ratio <= 1.5);
  }
}

// ---- Native: the CLI reprices a file of edited quotes (process start amortised) ----
for (const lines of lineCounts) {
  const count = Math.max(20, Math.floor(20000 / lines));
  const quote = largeQuote(book.book, lines);
  const jsonl = Array.from({ length: count }, (_, i) => (edit(quote, i), JSON.stringify(quote))).join('\n') + '\n';
  const times = ['summary', 'full'].map((detail) => {
    const start = performance.now();
    execFileSync(cliPath, ['reprice', bookPath, ...(detail === 'summary' ? ['--summary'] : [])], { input: jsonl, maxBuffer: 1 << 30 });
    return `${detail} ${ms((performance.now() - start) / count)}`;
  });
  console.log(`native   ${String(lines).padStart(4)} lines  per quote (mean of ${count}): ${times.join(', ')}`);
}

// ---- Chromium ----
const files = {
  '/engine/edgequote.js': join(sourceDir, 'web/engine/edgequote.js'),
  '/engine/edgequote-engine.mjs': join(wasmDir, 'edgequote-engine.mjs'),
  '/engine/edgequote-engine.wasm': join(wasmDir, 'edgequote-engine.wasm'),
  '/quote-generator.mjs': join(sourceDir, 'tests/node/quote-generator.mjs'),
  '/reprice-cases.mjs': join(sourceDir, 'tests/node/reprice-cases.mjs'),
  '/book.json': bookPath,
};
const page = {
  '/': '<!doctype html><meta charset="utf-8"><title>reprice benchmark</title><script type="module" src="/bench.mjs"></script>',
  '/bench.mjs': `
    import { runCases } from './reprice-cases.mjs';
    const t0 = performance.now();
    const { loadEngine } = await import('./engine/edgequote.js');
    const engine = await loadEngine();
    const t1 = performance.now();
    const book = await engine.loadPricebook(await (await fetch('./book.json')).text());
    const t2 = performance.now();
    const results = runCases(engine, book, { iterations: ${iterations} });
    window.benchResult = { load: { engine: t1 - t0, book: t2 - t1 }, results, isolated: crossOriginIsolated };`,
};
const types = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.html': 'text/html' };
const server = createServer(async (request, response) => {
  const path = new URL(request.url, 'http://localhost').pathname;
  const body = page[path] ?? (files[path] ? await readFile(files[path]) : null);
  if (body === null) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, {
    'Content-Type': types[extname(path)] ?? 'text/html',
    'Content-Security-Policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'",
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cache-Control': 'no-store',
  }).end(body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { chromium } = await import('playwright-core');
const profile = mkdtempSync(join(tmpdir(), 'edgequote-bench-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const tab = await browser.newPage();
  const problems = [];
  tab.on('pageerror', (error) => problems.push(String(error)));
  tab.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  await tab.waitForFunction(() => window.benchResult || null, null, { timeout: 600000, polling: 500 }).catch(() => {});
  const result = await tab.evaluate(() => window.benchResult);
  if (!result) throw new Error(`the benchmark page did not finish: ${problems.join('; ')}`);
  console.log(`chromium ${browser.browser()?.version() ?? ''} (cross-origin isolated: ${result.isolated}): module load ${ms(result.load.engine)}, price-book load ${ms(result.load.book)}`);
  print('chromium', result.results);
  verdicts(result);
} finally {
  await browser.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
