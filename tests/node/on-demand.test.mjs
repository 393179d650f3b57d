// Features the first priced total does not need are wasm modules of their own, reached through
// the engine's one wrapper API: engine.approvals() and engine.insights() load them on first use
// and return the same loaded feature every time after.
// Run: node --test tests/node/on-demand.test.mjs (after `cmake --build --preset default`)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { engineModule, engineOptions, sourceDir, wasmDir } from './support.mjs';

const { createEngine } = await import(engineModule);
const engine = await createEngine(await engineOptions());
const options = async (name) => ({
  moduleUrl: pathToFileURL(join(wasmDir, `edgequote-${name}.mjs`)),
  wasmBinary: await readFile(join(wasmDir, `edgequote-${name}.wasm`)),
});

test('engine.approvals() loads the approvals module once and it works', async () => {
  const first = await engine.approvals(await options('approvals'));
  const again = await engine.approvals();
  assert.equal(again, first, 'the second call returns the loaded module');
  const book = await first.loadPricebook(await readFile(join(sourceDir, 'pricebooks/test-books/approvals-test.json'), 'utf8'));
  assert.ok(book.handle > 0);
});

test('engine.insights() loads the insights module once', async () => {
  const first = await engine.insights(await options('insights'));
  assert.equal(await engine.insights(), first);
  assert.equal(typeof first, 'object');
});
