// The rep page's download, gzip -9 per file as the server sends it, price book excluded.
//
// The critical path is what the first priced total needs: index.html, the style sheets it links
// for the screen, the module graph of its scripts (static imports, followed file by file) and
// the engine module the wrapper instantiates (edgequote-engine.mjs + .wasm). It is held to
// 140 KB. Everything else the page can load later (dynamic import(), modules named by URL, the
// print style sheet, the other wasm modules and their wrappers) is an on-demand chunk: each is
// listed with its own size. Sizes are deterministic, so this is a real test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { siteDir } from './harness.mjs';

// The budget (README, "Budgets") was met once the engine module lost nlohmann's parser and Embind
// (136.9 KB, the engine module 91.2 KB of it), then missed again by 4.1 KB when three engine
// features the first total needs were merged beside it: the outcome catalogues read with the book,
// the typical-traffic check and the like-with-like incumbent estimate (143.9 KB, the engine module
// 97.5 KB). Met again at 139.1 KB (engine module 94.8 KB, page 44.3 KB): Binaryen inlining the
// accessors Emscripten's -Os leaves as calls, books and live quotes by handle without std::map,
// exports/imports/share links and the line math loaded after the first total (README, "first
// load"). While over budget the test held the path to what it measured (a ratchet: 160 KB on the
// bundled page, 162 KB once the engine's hostile-input checks were merged, then 144 KB); under
// budget again, it holds the budget itself: anything that grows the first load past 140 KB fails.
const CRITICAL_BUDGET = 140 * 1024;
const CEILING = CRITICAL_BUDGET;
// The page's own JavaScript on the critical path: the bundle, the chunks it shares with on-demand
// code (three today, all preloaded from the HTML) and the engine's wrapper: never again a
// waterfall of modules.
const MAX_PAGE_SCRIPTS = 5;

const read = (path) => readFileSync(join(siteDir, path), 'utf8');
const gzip = (path) => gzipSync(readFileSync(join(siteDir, path)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const resolveFrom = (from, specifier) => normalize(join(dirname(from), specifier)).split('\\').join('/');

// The references in one JavaScript file (minified or not): static imports and re-exports;
// dynamic imports and `new URL('…', import.meta.url)` with a literal path (loaded later).
function references(path) {
  const text = read(path);
  const literal = (re) => [...text.matchAll(re)].map((m) => m[1]).filter((s) => s.startsWith('.'));
  const dynamicTargets = literal(/\bimport\(\s*["'`]([^"'`]+)["'`]\s*\)/g);
  // Module paths kept in a constant and imported later (e.g. `const X = '../on-demand/x.js'`).
  const namedModules = literal(/["'`](\.{1,2}\/[\w./-]+\.(?:m?js|wasm))["'`]/g);
  const staticTargets = literal(/(?:\bimport|\bfrom)\s*["']([^"']+)["']/g);
  const resolve = (list) => [...new Set(list.map((s) => resolveFrom(path, s)))].filter((p) => existsSync(join(siteDir, p)));
  const statics = resolve(staticTargets);
  const later = resolve([...dynamicTargets, ...namedModules]).filter((p) => !statics.includes(p));
  return { statics, later };
}

// Every file reached from `entries` through static imports.
function staticGraph(entries) {
  const seen = new Set();
  const queue = [...entries];
  while (queue.length) {
    const path = queue.shift();
    if (seen.has(path)) continue;
    seen.add(path);
    if (/\.m?js$/.test(path)) queue.push(...references(path).statics);
  }
  return seen;
}

function payload() {
  const html = read('index.html');
  const attr = (tag, name) => tag.match(new RegExp(`\\b${name}="([^"]+)"`))?.[1];
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => attr(m[0], 'src')).filter(Boolean);
  const sheets = [...html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*>/g)].map((m) => m[0]);
  const screenSheets = sheets.filter((tag) => !/media="print"/.test(tag)).map((tag) => attr(tag, 'href'));
  const printSheets = sheets.filter((tag) => /media="print"/.test(tag)).map((tag) => attr(tag, 'href'));

  // The page loads its code from a fingerprinted copy (static/<hash>/, cmake/minify-site.mjs):
  // the files measured are the ones it loads.
  const base = scripts.find((s) => s.endsWith('bundle/main.js'))?.slice(0, -'bundle/main.js'.length) ?? '';
  // The engine module the wrapper instantiates on load (web/engine/edgequote.js).
  const engineModule = [`${base}engine/edgequote-engine.mjs`, `${base}engine/edgequote-engine.wasm`];
  const critical = new Set(['index.html', ...screenSheets, ...staticGraph([...scripts, ...engineModule])]);

  // On demand: every later reference from the critical path, each with its own static graph
  // (what is already on the critical path is not downloaded again).
  // A file belongs to the first chunk that reaches it.
  const chunks = new Map();
  const claimed = new Set();
  const addChunk = (entry, files) => {
    const own = [...files].filter((p) => !critical.has(p) && !claimed.has(p));
    own.forEach((p) => claimed.add(p));
    if (own.length) chunks.set(entry, own);
  };
  for (const sheet of printSheets) addChunk(sheet, [sheet]);
  const pending = [...critical].filter((p) => /\.m?js$/.test(p));
  const visited = new Set();
  while (pending.length) {
    const path = pending.shift();
    if (visited.has(path)) continue;
    visited.add(path);
    for (const target of references(path).later) {
      if (critical.has(target) || claimed.has(target)) continue;
      const graph = staticGraph([target]);
      // A wrapper loads its wasm module beside it (engine/<x>.js -> engine/edgequote-<x>.mjs/.wasm).
      for (const p of [...graph]) {
        for (const ext of ['.mjs', '.wasm']) {
          const module = p.replace(/engine\/(\w+)\.js$/, `engine/edgequote-$1${ext}`);
          if (module !== p && existsSync(join(siteDir, module))) {
            graph.add(module);
          }
        }
      }
      addChunk(target, graph);
      pending.push(...[...graph].filter((p) => /\.m?js$/.test(p)));
    }
  }
  return { critical: [...critical], chunks, base };
}

test('the rep page\'s critical path (first priced total) does not grow and is bundled; every on-demand chunk is reported', () => {
  const { critical, chunks, base } = payload();
  const criticalBytes = critical.reduce((sum, path) => sum + gzip(path), 0);
  const isEngineModule = (p) => p.startsWith(`${base}engine/edgequote-`);
  const wasmBytes = critical.filter(isEngineModule).reduce((sum, p) => sum + gzip(p), 0);
  const lines = [
    `rep page critical path (gzip -9 per file): ${kb(criticalBytes)} in ${critical.length} files ` +
      `(engine module ${kb(wasmBytes)}, page ${kb(criticalBytes - wasmBytes)}; budget ${kb(CRITICAL_BUDGET)}: ` +
      `${criticalBytes <= CRITICAL_BUDGET ? 'met' : `missed by ${kb(criticalBytes - CRITICAL_BUDGET)}`})`,
  ];
  for (const [entry, files] of chunks) {
    const bytes = files.reduce((sum, path) => sum + gzip(path), 0);
    // A bundler's chunk has a hashed name: say which elements it defines.
    const defines = files.filter((p) => p.endsWith('.js'))
      .flatMap((p) => [...read(p).matchAll(/customElements\.define\(\s*["'`]([\w-]+)/g)].map((m) => `<${m[1]}>`));
    const what = defines.length ? `, defines ${defines.join(' ')}` : '';
    lines.push(`  on demand: ${entry}: ${kb(bytes)} (${files.join(' + ')}${what})`);
  }
  console.log(lines.join('\n'));
  // The walk must have found the page and its engine: an empty graph would pass any budget.
  assert.ok(critical.includes(`${base}engine/edgequote.js`), 'the engine wrapper is on the critical path');
  assert.ok(critical.includes(`${base}engine/edgequote-engine.wasm`), 'the engine module is on the critical path');
  assert.ok(critical.some((p) => p.startsWith(`${base}elements/`) || p.startsWith(`${base}bundle`)), 'the page\'s elements are on the critical path');
  assert.ok(criticalBytes <= CEILING, `the critical path is ${kb(criticalBytes)} gzip; it must not grow past ${kb(CEILING)} (budget ${kb(CRITICAL_BUDGET)})`);
  const pageScripts = critical.filter((p) => /\.m?js$/.test(p) && !isEngineModule(p));
  assert.ok(pageScripts.length <= MAX_PAGE_SCRIPTS, `the page's critical path is ${pageScripts.length} scripts: ${pageScripts.join(', ')}`);
});
