// Which version of a book is in effect on a date (core/src/book_versions.cpp): the wasm versions
// module (web/engine/versions.js) gives byte for byte what `edgequote versions --index INDEX --on
// DATE ID` prints, for every boundary day of the sample site's two versions and for refused indexes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { cliPath, engineModule, sourceDir, wasmDir } from './support.mjs';
import { createVersions } from '../../web/engine/versions.js';

const api = await import(engineModule);
const engine = await createVersions({
  moduleUrl: new URL(`file://${join(wasmDir, 'edgequote-versions.mjs')}`),
  wasmBinary: await readFile(join(wasmDir, 'edgequote-versions.wasm')),
});
const dir = mkdtempSync(join(tmpdir(), 'edgequote-versions-'));

// The index the site build writes, from the two sample books.
const index = execFileSync(cliPath, ['versions', join(sourceDir, 'pricebooks/edge-cdn.json'), join(sourceDir, 'pricebooks/edge-cdn-2027.json')], { encoding: 'utf8' });

function cli(indexText, date, id = 'edge-cdn') {
  const file = join(dir, `index-${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(file, indexText);
  const run = spawnSync(cliPath, ['versions', '--index', file, '--on', date, id], { encoding: 'utf8' });
  return { status: run.status, out: run.stdout.trimEnd() };
}

function wasm(indexText, date, id = 'edge-cdn') {
  try {
    return { ok: true, out: JSON.stringify({ book: engine.bookInEffect(indexText, id, date) }) };
  } catch (error) {
    assert.ok(error instanceof api.PricingError, String(error));
    return { ok: false, out: JSON.stringify({ errors: error.errors }) };
  }
}

test('the CLI and the wasm module pick the same version on each boundary day', () => {
  for (const [date, version] of [['2026-10-31', null], ['2026-11-01', '2026.11.0'], ['2027-10-31', '2026.11.0'],
    ['2027-11-01', '2027.11.0'], ['2028-10-31', '2027.11.0'], ['2028-11-01', null], ['2027-02-29', null]]) {
    const native = cli(index, date);
    const module = wasm(index, date);
    assert.equal(module.out, native.out, date);
    assert.equal(native.status, version ? 0 : 2, date);
    if (version) assert.equal(JSON.parse(module.out).book.version, version, date);
  }
});

test('an index with overlapping versions is refused the same way by both', async () => {
  const overlapping = JSON.parse(index);
  overlapping.books[1].effective_from = '2027-10-31';
  const text = JSON.stringify(overlapping);
  const native = cli(text, '2027-01-01');
  const module = wasm(text, '2027-01-01');
  assert.equal(module.out, native.out);
  assert.equal(JSON.parse(native.out).errors[0].code, 'book_versions_overlap');
  assert.equal(JSON.parse(native.out).errors[0].path, '/books/1/effective_from');
  const main = await api.createEngine({ moduleUrl: new URL(`file://${join(wasmDir, 'edgequote-engine.mjs')}`), wasmBinary: await readFile(join(wasmDir, 'edgequote-engine.wasm')) });
  assert.ok(main.errorCodes().some((c) => c.code === 'book_versions_overlap'), 'the code is in the engine\'s exported table');
});
