// The configurator's download, gzip per file as the server sends it: the page's own share (HTML,
// JS, CSS) is held to a budget here; the total against the README's 150 KB budget (which includes the
// wasm engine) is printed for the README's budget table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { siteDir } from './harness.mjs';

const PAGE_BUDGET = 64 * 1024;
const TOTAL_BUDGET = 150 * 1024;

function files(dir, pattern) {
  return readdirSync(join(siteDir, dir)).filter((name) => pattern.test(name)).map((name) => join(dir, name));
}

test('the configurator page (without the engine) stays within its share of the payload budget', () => {
  const page = ['index.html', 'main.js', ...files('styles', /\.css$/), ...files('elements', /\.js$/), ...files('lib', /\.js$/)];
  const engine = ['engine/edgequote.js', 'engine/edgequote-engine.mjs', 'engine/edgequote-engine.wasm'];
  const size = (path) => gzipSync(readFileSync(join(siteDir, path)), { level: 9 }).length;
  const pageBytes = page.reduce((sum, path) => sum + size(path), 0);
  const engineBytes = engine.reduce((sum, path) => sum + size(path), 0);
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log(`configurator payload (gzip -9 per file): page ${kb(pageBytes)} + engine ${kb(engineBytes)} = ${kb(pageBytes + engineBytes)} (budget ${kb(TOTAL_BUDGET)})`);
  assert.ok(pageBytes <= PAGE_BUDGET, `the page is ${kb(pageBytes)} gzip; its share is ${kb(PAGE_BUDGET)}`);
});
