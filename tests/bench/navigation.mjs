// Navigation to the first priced total on localhost (budgets: warm ≤ 200 ms p95, a first visit
// ≤ 400 ms), in headless Chromium: from navigation start until the configurator has priced and
// drawn its first quote (its `edgequote:priced` performance mark, set as it marks itself
// `data-ready`). Not a test: prints
//   - the browser's first page (a fresh profile, the browser just started: one load),
//   - first visits in a running browser: a new tab, the HTTP cache cleared (a prospect opening a
//     link), median and p95 of `firsts` tabs,
//   - warm reloads in the same tab (HTTP cache on, as for a rep who reloads), median and p95,
//   - return visits: a new tab with the caches kept (a rep who opens the page again later: a new
//     renderer, so V8's in-process module cache is not there, Chromium's code cache may be),
//     median and p95 of `firsts` tabs, after a pause for the code cache to be written.
//
//   node tests/bench/navigation.mjs [runs] [firsts]     (after `cmake --build --preset default`)
import { openSite } from '../browser/harness.mjs';
import { verdict } from './verdict.mjs';

const runs = Number(process.argv[2] ?? 15);
const firsts = Number(process.argv[3] ?? 7);
const site = await openSite();
// [the page's own mark when the first priced total is in the DOM, the frame after Playwright saw
// it]: the second adds Playwright's polling and round trip, so it is an upper bound.
const timeToPriced = async (page) => {
  await page.goto(site.url);
  await page.waitForSelector('quote-configurator[data-ready]', { timeout: 20000 });
  return page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done([
    performance.getEntriesByName('edgequote:priced')[0]?.startTime ?? NaN,
    performance.now(),
  ]))));
};
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const stats = (values) => `median ${quantile(values, 0.5).toFixed(1)} ms, p95 ${quantile(values, 0.95).toFixed(1)} ms`;
try {
  const browserStart = await timeToPriced(site.page);
  const warm = [];
  for (let i = 0; i < runs; i += 1) warm.push(await timeToPriced(site.page));
  // Chromium writes a module's compiled code to its cache a while after the module ran.
  await new Promise((resolve) => setTimeout(resolve, 4000));
  const returns = [];
  for (let i = 0; i < firsts; i += 1) {
    const tab = await site.context.newPage();
    returns.push(await timeToPriced(tab));
    await tab.close();
  }
  const first = [];
  for (let i = 0; i < firsts; i += 1) {
    const tab = await site.context.newPage();
    const cdp = await site.context.newCDPSession(tab);
    await cdp.send('Network.clearBrowserCache');
    first.push(await timeToPriced(tab));
    await tab.close();
  }
  const mark = (list) => list.map((t) => t[0]);
  const seen = (list) => list.map((t) => t[1]);
  console.log(`navigation to first priced total (in the DOM, the page's mark): browser's first page ${browserStart[0].toFixed(1)} ms; ` +
              `first visits (new tab, cache cleared) ${stats(mark(first))} over ${firsts}; warm reloads ${stats(mark(warm))} over ${runs}; ` +
              `return visits (new tab, caches kept) ${stats(mark(returns))} over ${firsts}`);
  console.log(`  as Playwright sees it (next frame after it noticed): browser's first page ${browserStart[1].toFixed(1)} ms; ` +
              `first visits ${stats(seen(first))}; warm reloads ${stats(seen(warm))}; return visits ${stats(seen(returns))}`);
  verdict('navigation to the first priced total, warm, ≤ 200 ms p95', `median ${quantile(mark(warm), 0.5).toFixed(0)} ms, p95 ${quantile(mark(warm), 0.95).toFixed(0)} ms`,
    quantile(mark(warm), 0.95) <= 200);
  verdict('navigation to the first priced total, a first visit (cache cleared), ≤ 400 ms', `median ${quantile(mark(first), 0.5).toFixed(0)} ms ` +
    `(the browser's own first page: ${browserStart[0].toFixed(0)} ms)`, quantile(mark(first), 0.5) <= 400);
} finally {
  await site.close();
}
