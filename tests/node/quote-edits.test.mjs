// Every named edit of the page (web/lib/quote-edits.js) applied as the quote session applies it,
// to an editableCopy (web/lib/quote-model.js: the header and the list of lines copied, the lines
// shared), leaves the quote it was copied from exactly as it was, and gives the same quote as the
// edit applied to a deep clone (what the session did before: a structuredClone per keystroke,
// 33 ms at 5,000 lines). An edit that changed a shared line in place would change the record's
// quote and the views' behind their backs: the first assertion catches it. A large record is
// saved with its lines' texts kept between saves (web/lib/quote-store.js recordText), which holds
// only while edits replace lines: it is written as JSON.stringify writes it after every edit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { loadEngine } from '../../web/engine/edgequote.js';
import { QUOTE_EDITS } from '../../web/lib/quote-edits.js';
import { editableCopy } from '../../web/lib/quote-model.js';
import { aroundLines, lineText, recordText } from '../../web/lib/quote-store.js';
import { recordBlob } from '../../web/lib/record-in-parts.js';
import { bookPath, engineOptions, largeQuote } from './support.mjs';

const engine = await loadEngine(await engineOptions());
const bookText = await readFile(bookPath, 'utf8');
const view = (await engine.loadPricebook(bookText)).view;
const book = JSON.parse(bookText);

// A quote with a traffic line and its region mix first, as the page makes them, then many lines.
const quote = largeQuote(book, 60, 5);
quote.lines.unshift({ sku: 'delivery', quantity: '60', unit: 'TB', region_mix: { na: '70', eu: '30' } });
quote.lines[2].discount_pct = '4';
const inQuote = (sku) => quote.lines.some((l) => l.sku === sku);
const feature = view.products.find((p) => p.category !== 'delivery' && p.category !== 'requests' && inQuote(p.sku));
const absent = view.products.find((p) => p.category !== 'delivery' && p.category !== 'requests' && !inQuote(p.sku)) ?? feature;
const discounted = quote.lines.findIndex((l, i) => i > 0 && l.quantity !== undefined);

const CASES = [
  ['customer-name', { name: 'Acme Media' }],
  ['segment', { segment: view.segments.find((s) => s.id !== quote.customer?.segment).id }],
  ['incumbent', { monthly: '45000' }],
  ['incumbent-vendor', { vendor: 'other-cdn' }],
  ['incumbent-estimate', { estimate: { vendor: 'other-cdn', vendor_name: 'Other CDN', monthly: '1234.50' } }],
  ['term', { months: view.terms.at(-1).months }],
  ['commit', { monthlySpend: '25000' }],
  ['bundle', { bundle: view.bundles.at(-1).id }],
  ['traffic', { sku: 'delivery', quantity: '250', unit: 'TB' }],
  ['requests', { sku: 'requests-https', quantity: '900', unit: 'M_requests' }],
  ['region-share', { region: 'apac', share: '10' }],
  ['region-mix', { mix: { na: '50', eu: '30', apac: '20' } }],
  ['feature', { sku: absent.sku, on: true }],
  ['feature', { sku: feature.sku, on: false }],
  ['feature-quantity', { sku: feature.sku, quantity: '9' }],
  ['quote-discount', { pct: '6' }],
  ['as-of', { date: '2027-11-01' }],
  ['periods', { periods: [
    { from_month: 1, to_month: 12, lines: [{ sku: 'delivery', quantity: '100', unit: 'TB' }] },
    { from_month: 13, to_month: 24, lines: [{ sku: 'delivery', quantity: '150', unit: 'TB' }] },
  ] }],
  ['line-discount', { index: discounted, sku: quote.lines[discounted].sku, field: 'target_net', value: '100' }],
  ['line-discount', { index: 2, sku: quote.lines[2].sku, field: 'discount_pct', value: '' }],
  ['apply-scenario', { scenario: { term_months: view.terms[0].months, commit: '', discount_pct: '3' } }],
];

test('every named edit is covered here', () => {
  assert.deepEqual([...new Set(CASES.map(([name]) => name))].sort(), Object.keys(QUOTE_EDITS).sort());
});

for (const [name, args] of CASES) {
  test(`${name} ${JSON.stringify(args).slice(0, 60)}: the quote copied from is left as it was, and the result is the deep clone's`, () => {
    const before = structuredClone(quote);
    const copy = editableCopy(quote);
    QUOTE_EDITS[name](copy, view, args);
    assert.deepEqual(quote, before, 'the quote the edit was copied from is unchanged');
    const reference = structuredClone(quote);
    QUOTE_EDITS[name](reference, view, args);
    assert.deepEqual(copy, reference);
    assert.notDeepEqual(copy, before, 'the edit changed something (a case that changes nothing proves nothing)');
  });
}

test('a large record saved after each edit is written as JSON.stringify writes it, its lines\' texts kept between saves', async () => {
  const lines = [...structuredClone(quote.lines), ...largeQuote(book, 600, 9).lines];
  const record = { id: 'r1', title: 'A "large" quote \u2028 \\', quote: { ...structuredClone(quote), lines }, scenarios: [], outcome: null };
  assert.equal(recordText(record), JSON.stringify(record));
  // Made in parts (a large record's save, web/lib/record-in-parts.js), the parts of unchanged
  // lines kept from the save before: the same text after every edit.
  let pauses = 0;
  const pause = async () => { pauses += 1; };
  assert.equal(await (await recordBlob(record, { lineText, aroundLines, pause })).text(), JSON.stringify(record));
  assert.equal(pauses, Math.ceil(record.quote.lines.length / 500), 'a pause before each part made');
  for (const [name, args] of CASES) {
    const copy = editableCopy(record.quote);
    QUOTE_EDITS[name](copy, view, args);
    record.quote = copy;
    assert.equal(recordText(record), JSON.stringify(record), `after ${name}`);
    assert.equal(await (await recordBlob(record, { lineText, aroundLines, pause })).text(), JSON.stringify(record), `in parts, after ${name}`);
  }
  // Nothing changed in the lines since: every part is the one made before, none made again.
  pauses = 0;
  record.title = 'Renamed';
  assert.equal(await (await recordBlob(record, { lineText, aroundLines, pause })).text(), JSON.stringify(record));
  assert.equal(pauses, 0);
  // A hole and a value that is not an object, as JSON.stringify writes them.
  record.quote.lines = [...record.quote.lines, 'x'];
  record.quote.lines[record.quote.lines.length + 1] = null;
  assert.equal(recordText(record), JSON.stringify(record));
  // Made in parts: the hole and the value that is not an object as JSON.stringify writes them.
  assert.equal(await (await recordBlob(record, { lineText, aroundLines, pause })).text(), JSON.stringify(record));
  // A line changed in place (which no edit does) would be written as it was: the texts are kept.
  const changed = record.quote.lines[3];
  changed.quantity = '123456';
  assert.notEqual(recordText(record), JSON.stringify(record));
  delete changed.quantity;
});
