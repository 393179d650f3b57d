// Navigation to the first priced total on localhost (budget: ≤ 200 ms), in headless
// Chromium: from navigation start until the configurator has priced and drawn its first quote
// (its `edgequote:priced` performance mark, set as it marks itself `data-ready`). Not a test:
// prints the cold first load, then median and p95 of warm reloads (HTTP cache on, as for a rep
// who opens the page again).
//
//   node tests/bench/navigation.mjs [runs]      (after `cmake --build --preset default`)
import { openSite } from '../browser/harness.mjs';
import { verdict } from './verdict.mjs';

const runs = Number(process.argv[2] ?? 15);
const site = await openSite();
// [the page's own mark when the first priced total is in the DOM, the frame after Playwright saw
// it]: the second adds Playwright's polling and round trip, so it is an upper bound.
const timeToPriced = async () => {
  await site.page.goto(site.url);
  await site.page.waitForSelector('quote-configurator[data-ready]', { timeout: 20000 });
  return site.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done([
    performance.getEntriesByName('edgequote:priced')[0]?.startTime ?? NaN,
    performance.now(),
  ]))));
};
try {
  const cold = await timeToPriced();
  const warm = [];
  for (let i = 0; i < runs; i += 1) warm.push(await timeToPriced());
  const quantile = (k, q) => {
    const sorted = warm.map((w) => w[k]).sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  };
  const stats = (k) => `warm median ${quantile(k, 0.5).toFixed(1)} ms, p95 ${quantile(k, 0.95).toFixed(1)} ms`;
  console.log(`navigation to first priced total (in the DOM, the page's mark): cold ${cold[0].toFixed(1)} ms; ${stats(0)} ` +
              `over ${runs} reloads (budget 200 ms)`);
  console.log(`  as Playwright sees it (next frame after it noticed): cold ${cold[1].toFixed(1)} ms; ${stats(1)}`);
  verdict('navigation to the first priced total, warm, ≤ 200 ms p95', `median ${quantile(0, 0.5).toFixed(0)} ms, p95 ${quantile(0, 0.95).toFixed(0)} ms`, quantile(0, 0.95) <= 200);
  verdict('navigation to the first priced total, cold (first visit), ≤ 400 ms', `${cold[0].toFixed(0)} ms (one load)`, cold[0] <= 400);
} finally {
  await site.close();
}
