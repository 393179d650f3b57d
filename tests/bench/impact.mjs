// Benchmark: price-change impact on 100,000 logged quotes (budgets: < 2 s in the CLI on one
// core, < 10 s in the browser), the WAF list price cut by 15 % (2,500 -> 2,125).
//
//   node tests/bench/impact.mjs [RECORDS]        (default 100000; after building edgequote,
//                                                 the wasm modules and the site)
//
// The logs are generated once into build/bench/logs-RECORDS (tests/tools/generate-logs.mjs,
// seed 2026: the same logs the insights benchmark reads) and reused. Prints:
//   - the CLI pinned to one core (taskset -c 0): wall, user and system time, three runs, and
//     the time of reading alone (every line skimmed, every quote set aside) to show where the
//     rest goes;
//   - the insights wasm module in Node, CPU time of the whole run (what the worker runs);
//   - headless Chromium: the insights page with the logs picked, the form's WAF price edited,
//     from the click to the result drawn (the Web Worker reads every file once, keeps the
//     counting saves' quotes and re-prices them),
//     and that the page's JSON equals the CLI's byte for byte.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';
import { startServer } from '../../web/serve.mjs';
import { verdict } from './verdict.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const build = process.env.EDGEQUOTE_BUILD_DIR ?? join(root, 'build', 'native');
const cli = process.env.EDGEQUOTE_CLI ?? join(build, 'core', 'edgequote');
const siteDir = process.env.EDGEQUOTE_SITE_DIR ?? join(build, 'site');
const records = Number(process.argv[2] ?? 100000);

const logsDir = join(root, 'build', 'bench', `logs-${records}`);
if (!existsSync(join(logsDir, '.complete'))) {  // as tests/bench/all.sh makes them
  rmSync(logsDir, { recursive: true, force: true });
  mkdirSync(logsDir, { recursive: true });
  console.log(`generating ${records} records into ${logsDir} (once)...`);
  execFileSync(process.execPath, [join(root, 'tests/tools/generate-logs.mjs'), '--records', String(records), '--seed', '2026', '--out', logsDir], { stdio: 'inherit' });
  writeFileSync(join(logsDir, '.complete'), '');
}
const files = readdirSync(logsDir).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(logsDir, f));
const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);

const work = mkdtempSync(join(tmpdir(), 'edgequote-impact-bench-'));
const bookPath = join(root, 'pricebooks', 'edge-cdn.json');
const book = JSON.parse(readFileSync(bookPath, 'utf8'));
book.version = `${book.version}-proposed`;  // what the page's form produces
book.products.find((p) => p.sku === 'waf').price.amount = '2125';
const proposedPath = join(work, 'waf-15.json');
writeFileSync(proposedPath, JSON.stringify(book));

// ---- The CLI, one core --------------------------------------------------------------------

function timed(args) {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %U %S', 'taskset', '-c', '0', cli, ...args], { maxBuffer: 1 << 28, encoding: 'utf8' });
  const [wall, user, system] = run.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { wall, user, system, out: run.stdout };
}

console.log(`${files.length} logs, ${(bytes / 1e6).toFixed(0)} MB, ${records} records; WAF 2,500 -> 2,125`);
let cliOut = null;
const cliWalls = [];
for (let i = 0; i < 3; i++) {
  const t = timed(['impact', bookPath, proposedPath, ...files]);
  cliWalls.push(t.wall);
  cliOut = t.out.trimEnd();
  const r = JSON.parse(cliOut);
  console.log(`CLI (one core): ${t.wall.toFixed(2)} s wall, ${t.user.toFixed(2)} s user, ${t.system.toFixed(2)} s system; ${r.read.repriced} quotes re-priced, net ${r.totals.net_before} -> ${r.totals.net_after}`);
}
// The budgets are for 100,000 quotes; a smaller run (all.sh quick) prints its figures only.
const atBudgetSize = records >= 100000;
const medianOf = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
if (atBudgetSize) verdict('impact, 100,000 logged quotes, CLI on one core < 2 s', `${medianOf(cliWalls).toFixed(2)} s wall (median of 3)`, medianOf(cliWalls) < 2);

// A proposed book that replaces nothing under another id skips every quote once its line is
// skimmed: the time of reading alone.
const other = { ...book, id: 'not-the-same-book' };
const otherPath = join(work, 'other.json');
writeFileSync(otherPath, JSON.stringify(other));
const readOnly = timed(['impact', bookPath, otherPath, ...files]);
console.log(`CLI reading alone (every quote skipped as another book's): ${readOnly.wall.toFixed(2)} s wall, ${readOnly.user.toFixed(2)} s user`);

// ---- The same wasm module in Node: CPU time, which a loaded machine does not inflate ----------

{
  const { openAsBlob } = await import('node:fs');
  const { pathToFileURL } = await import('node:url');
  const wasmDir = process.env.EDGEQUOTE_WASM_DIR ?? join(build, 'wasm-build', 'wasm');
  const { createInsights } = await import(pathToFileURL(join(root, 'web', 'engine', 'insights.js')));
  const insights = await createInsights({ moduleUrl: pathToFileURL(join(wasmDir, 'edgequote-insights.mjs')), wasmBinary: readFileSync(join(wasmDir, 'edgequote-insights.wasm')) });
  const blobs = await Promise.all(files.map((f) => openAsBlob(f)));
  const run = insights.openImpact(readFileSync(bookPath, 'utf8'), JSON.stringify(book));
  const cpu = process.cpuUsage();
  const started = Date.now();
  const text = await run.run(blobs, () => {}, { text: true });
  const used = process.cpuUsage(cpu);
  run.release();
  console.log(`wasm in Node (the page's module): ${((used.user + used.system) / 1e6).toFixed(2)} s CPU (${((Date.now() - started) / 1000).toFixed(1)} s wall); JSON ${text === cliOut ? '==' : '!='} CLI JSON`);
}

// ---- Headless Chromium ----------------------------------------------------------------------

const { server } = await startServer({ root: siteDir, port: 0 });
const context = await chromium.launchPersistentContext(join(work, 'profile'), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  acceptDownloads: true,
  viewport: { width: 1440, height: 1000 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`http://127.0.0.1:${server.address().port}/insights.html`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.setInputFiles('#log-files', files);
  await page.waitForSelector('#impact[data-ready="true"] [data-impact-editor] input', { state: 'attached', timeout: 600000 });
  await page.click('details.impact-edit summary');  // the list-price form opens
  await page.fill('#impact-waf-amount', '2125');
  const pageTimes = [];
  for (let i = 0; i < 2; i++) {
    const started = Date.now();
    await page.click('[data-impact-run]');
    await page.waitForSelector('#impact[data-state="result"]', { timeout: 600000 });
    const ms = Date.now() - started;
    const pageText = await page.evaluate(() => document.querySelector('#impact').impactText);
    console.log(`Chromium (Web Worker): ${(ms / 1000).toFixed(1)} s from the click to the result drawn; page JSON ${pageText === cliOut ? '==' : '!='} CLI JSON`);
    pageTimes.push(ms / 1000);
    await page.evaluate(() => { delete document.querySelector('#impact').dataset.state; });
  }
  if (atBudgetSize) {
    verdict('impact, 100,000 logged quotes, in the browser < 10 s', `${pageTimes.map((t) => `${t.toFixed(1)} s`).join(', ')} from the click to the result drawn`,
      Math.max(...pageTimes) < 10);
  }
} finally {
  await context.close();
  server.close();
  rmSync(work, { recursive: true, force: true });
}
