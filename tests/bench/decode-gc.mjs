// What reading the pricing worker's answer costs the page's main thread, by way of turning its
// parts (UTF-8 bytes) into values: the time to decode and parse them, and the garbage collection
// work their strings leave for later. Not a test: prints a table.
//
//   node tests/bench/decode-gc.mjs [lines] [rounds]   (after `cmake --build --preset default --target site`)
//   node tests/bench/decode-gc.mjs 20000 3
//
// A quote of `lines` lines (tests/node/quote-generator.mjs, seeded) is imported into the rep page;
// its full detail is fetched from the worker (what an export or a line's math asks for) and the
// answer's line parts are kept as they arrived. Each way below then reads them all, `rounds`
// times: its time (performance.now() around it), and, between two forced collections, the time
// V8 spent in `V8.GC_HEAP_EXTERNAL_SECOND_PASS_CALLBACKS` (from a trace). That second pass
// disposes of strings Chromium made outside V8 (what TextDecoder returns), in a task of its own
// on the thread: decoded in 64 KB pieces, the 12 MB of a 20,000-line quote's full lines left one
// of 51-330 ms (tests/bench/README.md, "round 12").
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { openSite } from '../browser/harness.mjs';
import { largeQuote } from '../node/quote-generator.mjs';
import { bookPath } from '../node/support.mjs';

const lines = Number(process.argv[2] ?? 20000);
const rounds = Number(process.argv[3] ?? 3);

// Each way reads `parts` (Uint8Arrays of JSON text) in the page and returns the values.
const WAYS = {
  // What the page does (web/lib/pricing-worker-client.js parseParts): the parts are ASCII.
  'TextDecoder, a part at once': `const d = new TextDecoder(); for (const p of parts) keep.push(JSON.parse(d.decode(p)));`,
  // What it did until round 12 (web/engine/edgequote.js utf8Text's 64 KB pieces, still used for
  // the engine's own answers of up to 1 MB, whose text has characters past ASCII).
  'TextDecoder, 64 KB pieces': `const { utf8Text } = await import('./engine/edgequote.js'); for (const p of parts) keep.push(JSON.parse(utf8Text(p)));`,
  'Response.json()': `for (const p of parts) keep.push(await new Response(p).json());`,
  // Strings V8 makes itself, for comparison (right for ASCII only).
  'String.fromCharCode, 8 KB': `for (const p of parts) { let s = ''; for (let at = 0; at < p.length; at += 8192) s += String.fromCharCode.apply(null, p.subarray(at, at + 8192)); keep.push(JSON.parse(s)); }`,
};

const book = JSON.parse(await readFile(bookPath, 'utf8'));
const site = await openSite();
const { page } = site;
// The worker's messages as they arrive (before the page reads them).
await page.context().addInitScript(() => {
  const listen = Worker.prototype.addEventListener;
  Worker.prototype.addEventListener = function (type, handler, options) {
    if (type !== 'message') return listen.call(this, type, handler, options);
    return listen.call(this, type, (event) => { globalThis.lastWorkerAnswer = event.data; return handler(event); }, options);
  };
});
console.log(`decode-gc: ${lines} lines, ${rounds} rounds; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
try {
  await page.goto(site.url);
  await page.waitForSelector('quote-configurator[data-ready]', { timeout: 60000 });
  await page.evaluate(async (text) => {
    const app = document.querySelector('quote-configurator');
    await app.importText(text, 'benchmark quote');
    while (app.session.workerAsks > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    await app.session.fullDetail();
    globalThis.benchParts = globalThis.lastWorkerAnswer?.lineParts;
  }, JSON.stringify(largeQuote(book, lines, 7)));
  const { count, bytes } = await page.evaluate(() => ({ count: benchParts?.length ?? 0, bytes: (benchParts ?? []).reduce((sum, p) => sum + p.length, 0) }));
  if (!count) throw new Error('the worker sent no line parts (is the quote priced in the worker at this size?)');
  console.log(`${count} parts, ${(bytes / 1e6).toFixed(1)} MB of lines in full detail`);
  const cdp = await page.context().newCDPSession(page);
  const browser = page.context().browser();
  for (const [way, code] of Object.entries(WAYS)) {
    const times = [];
    const secondPass = [];
    for (let round = 0; round < rounds; round += 1) {
      // Timed without a trace (tracing V8 slows the parse down), then traced for the collection.
      const run = `(async () => {
        const parts = benchParts; let keep = [];
        const start = performance.now(); ${code} const time = performance.now() - start;
        keep = null; return time; })()`;
      await cdp.send('HeapProfiler.collectGarbage');
      times.push(await page.evaluate(run));
      await cdp.send('HeapProfiler.collectGarbage');
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
      await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'toplevel'] });
      await page.evaluate(run);
      await cdp.send('HeapProfiler.collectGarbage');
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
      const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
      secondPass.push(events.filter((e) => e.name === 'V8.GC_HEAP_EXTERNAL_SECOND_PASS_CALLBACKS' && e.ph === 'X')
        .reduce((sum, e) => sum + e.dur / 1000, 0));
    }
    const list = (values) => values.map((v) => v.toFixed(1)).join(', ');
    console.log(`${way.padEnd(40)} read: ${list(times)} ms; second pass of GC after: ${list(secondPass)} ms`);
  }
  console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
} finally {
  await site.close();
}
