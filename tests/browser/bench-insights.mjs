// Benchmark: the insights page in headless Chromium on large logs.
//
//   node tests/tools/generate-logs.mjs --records 100000 --seed 2026 --out /tmp/logs-100k
//   node tests/browser/bench-insights.mjs /tmp/logs-100k/*.jsonl
//
// Prints the time from picking the files to the first full render (reading every record once)
// and the time of each re-aggregation on a filter change (the engine's call, as the page logs
// it in body[data-aggregate-ms]; median of 5), plus the page's own render time around it.
import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../web/serve.mjs';
import { verdict } from '../bench/verdict.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const build = process.env.EDGEQUOTE_BUILD_DIR ?? join(root, 'build', 'native');
const siteDir = process.env.EDGEQUOTE_SITE_DIR ?? join(build, 'site');
const wasmDir = process.env.EDGEQUOTE_WASM_DIR ?? join(build, 'wasm-build', 'wasm');
const files = process.argv.slice(2);
if (!files.length) throw new Error('usage: node tests/browser/bench-insights.mjs LOG...');

const work = mkdtempSync(join(tmpdir(), 'edgequote-insights-bench-'));
let served = siteDir;
if (!existsSync(join(siteDir, 'engine', 'edgequote-insights.wasm'))) {
  served = join(work, 'site');
  cpSync(siteDir, served, { recursive: true });
  for (const name of ['edgequote-insights.mjs', 'edgequote-insights.wasm']) cpSync(join(wasmDir, name), join(served, 'engine', name));
}
const { server } = await startServer({ root: served, port: 0 });
const context = await chromium.launchPersistentContext(join(work, 'profile'), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1440, height: 1000 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`http://127.0.0.1:${server.address().port}/insights.html`);
  await page.waitForSelector('body[data-ready="true"]');
  const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  let started = Date.now();
  await page.setInputFiles('#log-files', files);
  await page.waitForSelector('#kpis:not([hidden]) .kpi', { timeout: 600000 });
  const readMs = Date.now() - started;
  const quotes = await page.textContent('.kpi[data-metric="quotes"] output');
  console.log(`read + first render: ${quotes} quotes, ${(bytes / 1e6).toFixed(1)} MB in ${readMs} ms (${(bytes / 1e6 / (readMs / 1000)).toFixed(0)} MB/s)`);

  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const toggles = [
    ['all quotes', async () => {}],
    ['segment enterprise', async () => page.check('#filter-segments input[value="enterprise"]')],
    ['product waf', async () => page.selectOption('#filter-sku', 'waf')],
  ];
  let slowest = 0;
  for (const [label, apply] of toggles) {
    await page.click('button[type="reset"]');
    await page.waitForTimeout(50);
    await apply();
    const engine = [];
    const wall = [];
    for (let run = 0; run < 5; run++) {
      await page.evaluate(() => { delete document.body.dataset.aggregateMs; });
      started = Date.now();
      await page.dispatchEvent('#filters', 'change');
      await page.waitForFunction(() => document.body.dataset.aggregateMs !== undefined);
      wall.push(Date.now() - started);
      engine.push(Number(await page.evaluate(() => document.body.dataset.aggregateMs)));
    }
    console.log(`aggregate (${label}): engine ${median(engine).toFixed(0)} ms, with rendering ${median(wall)} ms`);
    slowest = Math.max(slowest, median(wall));
  }
  const records = Number(quotes.replace(/\D/g, ''));
  if (records >= 100000) verdict('insights: aggregate 100,000 log records in the browser < 1 s', `${slowest} ms with rendering (slowest filter, median of 5)`, slowest < 1000);
} finally {
  await context.close();
  server.close();
  rmSync(work, { recursive: true, force: true });
}
