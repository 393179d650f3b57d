// Navigation to the first priced total on localhost (DESIGN.md §6: ≤ 200 ms), in headless
// Chromium: from navigation start until the configurator has priced and drawn its first quote
// (`quote-configurator[data-ready]`). Not a test: prints the cold first load, then median and
// p95 of warm reloads (HTTP cache on, as for a rep who opens the page again).
//
//   node tests/bench/navigation.mjs [runs]      (after `cmake --build --preset default`)
import { openSite } from '../browser/harness.mjs';

const runs = Number(process.argv[2] ?? 15);
const site = await openSite();
const timeToPriced = async () => {
  await site.page.goto(site.url);
  await site.page.waitForSelector('quote-configurator[data-ready]', { timeout: 20000 });
  return site.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(performance.now()))));
};
try {
  const cold = await timeToPriced();
  const warm = [];
  for (let i = 0; i < runs; i += 1) warm.push(await timeToPriced());
  warm.sort((a, b) => a - b);
  const at = (q) => warm[Math.min(warm.length - 1, Math.floor(q * warm.length))];
  console.log(`navigation to first priced total: cold ${cold.toFixed(1)} ms; warm median ${at(0.5).toFixed(1)} ms, ` +
              `p95 ${at(0.95).toFixed(1)} ms over ${runs} reloads (budget 200 ms)`);
} finally {
  await site.close();
}
