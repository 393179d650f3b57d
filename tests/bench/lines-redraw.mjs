// The lines table drawn again after an edit that reprices every drawn line (the term, a
// discount, the segment), and laid out: what that edit's first frame pays for the table. Not a
// test. In headless Chromium, a quote of `lines` lines imported into the rep page; each try
// gives <priced-lines> its state with every line a new object (new net and discount), then
// forces the layout; min, first quartile and median over the tries, in ms. One process, short
// runs: alternate two builds with EDGEQUOTE_SITE_DIR for an A/B on a loaded machine.
//
//   node tests/bench/lines-redraw.mjs [tries] [lines]      (after `cmake --build --preset default --target site`)
//   node tests/bench/lines-redraw.mjs 60 500
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { openSite } from '../browser/harness.mjs';
import { largeQuote } from '../node/quote-generator.mjs';
import { bookPath } from '../node/support.mjs';

const tries = Number(process.argv[2] ?? 60);
const size = Number(process.argv[3] ?? 500);
const book = JSON.parse(await readFile(bookPath, 'utf8'));
const site = await openSite();
try {
  await site.page.goto(site.url);
  await site.page.waitForSelector('quote-configurator[data-ready]', { timeout: 60000 });
  await site.page.evaluate((text) => document.querySelector('quote-configurator').importText(text, 'bench'), JSON.stringify(largeQuote(book, size, 7)));
  await site.page.waitForTimeout(2500);
  const r = await site.page.evaluate((tries) => {
    const table = document.querySelector('priced-lines');
    const shown = table.shown;
    const times = [];
    for (let i = 0; i < tries; i++) {
      const lines = shown.priced.lines.map((l) => ({ ...l, net: (Math.random() * 100000).toFixed(2), discount_pct: String(i % 7) }));
      const start = performance.now();
      table.state = { ...shown, priced: { ...shown.priced, lines } };
      void document.body.offsetHeight;
      times.push(performance.now() - start);
    }
    table.state = shown;
    times.sort((a, b) => a - b);
    const at = (q) => times[Math.floor(q * (times.length - 1))].toFixed(1);
    return { rows: table.querySelectorAll('tr.line-row').length, min: at(0), q1: at(0.25), median: at(0.5) };
  }, tries);
  console.log(`lines-redraw: ${size} lines (${r.rows} rows drawn), ${tries} tries: min ${r.min} ms, q1 ${r.q1}, median ${r.median}; ` +
    `load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${process.env.EDGEQUOTE_SITE_DIR ?? 'build/native/site'}`);
} finally {
  await site.close();
}
