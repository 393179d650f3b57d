// Where the rep page's first load goes, in headless Chromium: the requests made before the first
// priced total, the page's start-up marks, the engine module's compilation (functions compiled
// lazily on the main thread before the first total, wasm code cache produced / used) and a CPU
// profile of the main thread from navigation to the first priced total, by function (JS and wasm).
// Not a test: prints a report.
//
//   node tests/bench/load-profile.mjs [reopens] [--top N] [--dwell MS] [--profile]
//                                           (after `cmake --build --preset default`)
//
// Loads, in one browser profile: cold (empty HTTP and code caches), a reload in the same tab, then
// `reopens` times the page opened again in a new tab (a new renderer process: what a rep who
// comes back later gets) after the previous one stayed open `--dwell` ms (default 4000; V8 hands
// its optimised code to Chromium's code cache ~2 s after it last optimised a function). The CPU
// profile (--profile) slows the page down (every compiled function is logged): its per-function
// times are for proportions, the marks of a run without it for durations. Wasm functions show as
// `wasm-function[N]` (the module has no name section): link one with `--profiling-funcs` to name
// them (PERFORMANCE.md beside this file, "first load").
import { openSite } from '../browser/harness.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const reopens = Number(args.find((a, i) => /^\d+$/.test(a) && !/^--/.test(args[i - 1] ?? '')) ?? 2);
const top = option('--top', 20);
const dwell = option('--dwell', 4000);
const profiling = args.includes('--profile');
const TRACE_CATEGORIES = ['disabled-by-default-devtools.timeline', 'v8.wasm', 'blink.user_timing'].join(',');

// 1280 × 720 (Playwright's default): at the harness's 1280 × 800 no run wrote the module to the code
// cache within 8 s (not explained; PERFORMANCE.md beside this file, "first load").
const site = await openSite({ viewport: { width: 1280, height: 720 } });

async function traced(page, run) {
  const cdp = await site.context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  await cdp.send('Tracing.start', { categories: TRACE_CATEGORIES, transferMode: 'ReportEvents' });
  if (profiling) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  const result = await run();
  const profile = profiling ? (await cdp.send('Profiler.stop')).profile : null;
  // The code cache is written a while after the load: keep tracing through the dwell.
  await new Promise((done) => setTimeout(done, dwell));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  return { result, events, profile };
}

// Self time by function (name + file) of the samples within [from, to] (trace clock, µs).
function selfTimes(profile, from, to) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i];
    if (t < from || t > to) return;
    const frame = byId.get(id).callFrame;
    const file = frame.url.split('/').slice(-2).join('/');
    const key = `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`.trim();
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

async function load(kind, page, navigate) {
  const { result: { marks, resources }, events, profile } = await traced(page, async () => {
    await navigate();
    await page.waitForSelector('quote-configurator[data-ready]', { timeout: 30000 });
    return page.evaluate(() => ({
      marks: Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('edgequote:')).map((m) => [m.name.slice(10), m.startTime])),
      resources: performance.getEntriesByType('resource').map((r) => ({
        name: r.name.replace(location.origin, ''), start: r.startTime, end: r.responseEnd, bytes: r.transferSize, initiator: r.initiatorType,
      })),
    }));
  });
  const priced = marks.priced ?? Infinity;
  const fixed = (x) => (x ?? NaN).toFixed(1);
  console.log(`\n## ${kind}: engine loaded ${fixed(marks['engine-loaded'])} ms, book loaded ${fixed(marks['book-loaded'])} ms, first priced total ${fixed(priced)} ms after navigation start`);
  const before = resources.filter((x) => x.start < priced).sort((a, b) => a.start - b.start);
  console.log(`${before.length} requests before the first priced total (start → end, ms; bytes transferred, headers only = revalidated):`);
  for (const r of before) {
    console.log(`  ${r.start.toFixed(1).padStart(7)} → ${r.end.toFixed(1).padStart(7)}  ${String(r.bytes).padStart(7)} B  ${r.initiator.padEnd(6)} ${r.name}`);
  }
  // Trace clock: the page's own mark, as blink.user_timing records it.
  const pricedAt = events.find((e) => e.name === 'edgequote:priced')?.ts ?? Infinity;
  const navigationAt = pricedAt - priced * 1000;
  const lazy = events.filter((e) => e.name === 'wasm.CompileLazy');
  const lazyBefore = lazy.filter((e) => e.ts < pricedAt);
  const ms = (list) => (list.reduce((s, e) => s + (e.dur ?? 0), 0) / 1000).toFixed(1);
  const count = (name) => events.filter((e) => e.name === name).length;
  console.log(`engine module: ${lazyBefore.length} functions compiled on first call before the first total (${ms(lazyBefore)} ms), ` +
              `${lazy.length} by the end of the dwell (${ms(lazy)} ms); code cache: used ${count('v8.wasm.moduleCacheHit')}, ` +
              `refused ${count('v8.wasm.moduleCacheInvalid')}, written ${count('v8.wasm.cachedModule')}; ` +
              `streamed compilations ${count('v8.wasm.streamFromResponseCallback')}, from the in-process module cache ${count('wasm.GetNativeModuleFromCache')}`);
  if (!profile) return;
  const times = selfTimes(profile, navigationAt, pricedAt);
  const sum = times.reduce((s, [, t]) => s + t, 0);
  const wasmMs = times.filter(([k]) => /\.wasm/.test(k)).reduce((s, [, t]) => s + t, 0);
  console.log(`main thread, navigation → first priced total, self time by function (${sum.toFixed(1)} ms sampled; wasm ${wasmMs.toFixed(1)} ms):`);
  for (const [key, t] of times.slice(0, top)) console.log(`  ${t.toFixed(1).padStart(6)} ms  ${key}`);
}

try {
  // A tab of its own, as for every later load.
  let page = await site.context.newPage();
  await site.page.close();
  await load('cold', page, () => page.goto(site.url));
  await load('reload, same tab', page, () => page.reload());
  for (let i = 0; i < reopens; i += 1) {
    const previous = page;
    page = await site.context.newPage();
    await previous.close();
    await load(`opened again in a new tab (${i + 1})`, page, () => page.goto(site.url));
  }
} finally {
  await site.close();
}
