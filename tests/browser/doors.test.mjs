// Everything that enters the rep page is checked by shape before use (web/lib/inbound.js), and
// nothing is silently lost: a damaged saved quote, share link, imported file or host-given quote
// gets a clear message, the page opens on the last good state, the damaged record is set aside
// (never deleted) and reported once, every other saved quote stays reachable, and a reload works.
// Quotes live in IndexedDB, moved there from the localStorage of earlier versions without loss;
// a save that did not happen is never reported as one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSite, openConfigurator, settle, currentQuote, textOf, screenshot, repoRoot, savedRecords, importQuoteFile as importFile } from './harness.mjs';

const example = JSON.parse(readFileSync(join(repoRoot, 'pricebooks/examples/enterprise-in-band.json'), 'utf8'));

let site;
before(async () => {
  site = await openSite();
  // Storage failures on demand, set up before the page's scripts run: a flag in sessionStorage
  // makes IndexedDB absent, or makes writes fail as a full disk does.
  await site.context.addInitScript(() => {
    const flags = JSON.parse(sessionStorage.getItem('doors.test') ?? '{}');
    if (flags.noIndexedDB) Object.defineProperty(window, 'indexedDB', { get: () => undefined });
    if (flags.indexedDbFull) IDBObjectStore.prototype.put = () => { throw new DOMException('full', 'QuotaExceededError'); };
    if (flags.noRoomToSetAside) {
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key, value) {
        if (this === window.localStorage && String(key).startsWith('edgequote.corrupt.')) throw new DOMException('full', 'QuotaExceededError');
        return setItem.call(this, key, value);
      };
    }
  });
});
after(async () => {
  await site?.close();
});

// A saved quote exactly as the localStorage version of the page wrote it.
function oldRecord(id, name, overrides = {}) {
  const quote = structuredClone(example);
  quote.customer.name = name;
  return {
    version: 1, id, title: '', createdAt: '2026-11-20T10:00:00.000Z', updatedAt: `2026-11-2${id.at(-1)}T10:00:00.000Z`,
    book: { id: 'edge-cdn', version: quote.pricebook.version, hash: 'f'.repeat(64) }, quote,
    outcome: { status: 'open', reason: '', competitor: '', competitor_monthly: '', missing_features: [] },
    approval: null, scenarios: [{ id: 's1', term_months: 12, commit: null, discount_pct: null }],
    lastPriced: { net_monthly: '100.00', currency: 'USD', level: null }, ...overrides,
  };
}

// On a page of the same origin that is not the app (nothing holds the database open): wipe the
// browser's EdgeQuote storage and write `entries` into localStorage.
async function resetStorage(page, entries = {}, flags = {}) {
  await page.goto(`${site.url}favicon.svg`);
  await page.evaluate(async ({ entries, flags }) => {
    localStorage.clear();
    sessionStorage.setItem('doors.test', JSON.stringify(flags));
    await new Promise((resolve, reject) => {
      const request = indexedDB.deleteDatabase('edgequote');
      request.onsuccess = resolve;
      request.onerror = () => reject(request.error);
    });
    for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
  }, { entries, flags });
}

const notices = (page) => page.locator('notice-list .notice').evaluateAll((nodes) => nodes.map((n) => ({ kind: n.dataset.kind, text: n.querySelector('.notice-text').textContent })));
const savedTitles = (page) => page.evaluate(() => [...document.querySelector('quote-configurator').records].map((r) => r.quote.customer.name));
const localKeys = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('edgequote.quote.') || k.startsWith('edgequote.corrupt.')).sort());

test('damaged saved quotes (a null line, term_months {"toString": null}, cut-off JSON) never brick the page', async () => {
  const { page } = site;
  const good = ['q-00000000000a1', 'q-00000000000a2', 'q-00000000000a3'].map((id, i) => oldRecord(id, `Good ${i + 1}`));
  const nullLine = oldRecord('q-0000000000bad1', 'Null line');
  nullLine.quote.lines = [null];
  const toStringNull = oldRecord('q-0000000000bad2', 'Hostile term');
  toStringNull.quote.term_months = { toString: null };
  const entries = {
    ...Object.fromEntries(good.map((r) => [`edgequote.quote.${r.id}`, JSON.stringify(r)])),
    [`edgequote.quote.${nullLine.id}`]: JSON.stringify(nullLine),
    [`edgequote.quote.${toStringNull.id}`]: JSON.stringify(toStringNull),
    'edgequote.quote.q-0000000000bad3': '{"version":1,"id":"q-0000000000bad3","quote":{"lines":[',
    'edgequote.corrupt.1700000000000.q-00000000dead': '{"set aside by the earlier page": true}',
    // The damaged record was the current quote: on the old page every reload hung on it.
    'edgequote.current': nullLine.id,
  };
  await resetStorage(page, entries);
  await openConfigurator(page, site.url);
  await screenshot(page, 'doors-damaged-storage');

  const shown = await notices(page);
  assert.equal(shown.length, 1, JSON.stringify(shown));
  assert.equal(shown[0].kind, 'warning');
  assert.match(shown[0].text, /3 saved quotes were damaged .* set aside/);
  // The page opens on the newest good quote; every good one is there.
  assert.deepEqual((await savedTitles(page)).sort(), ['Good 1', 'Good 2', 'Good 3']);
  assert.equal((await currentQuote(page)).customer.name, 'Good 3');
  assert.notEqual(await textOf(page, 'price-totals'), '');

  // Moved into IndexedDB: the good quotes byte for byte, the damaged ones copied aside as they
  // were (nothing deleted), localStorage emptied only after the copy was committed.
  const db = await savedRecords(page);
  assert.deepEqual(db.quotes.map((r) => r.id).sort(), good.map((r) => r.id));
  // (The quote opened was priced again: only its lastPriced differs.)
  const withoutPrice = ({ lastPriced, ...rest }) => rest;
  for (const record of good) assert.deepEqual(withoutPrice(db.quotes.find((r) => r.id === record.id)), withoutPrice(record));
  assert.deepEqual(db.aside.map((a) => a.raw).sort(), [entries['edgequote.quote.q-0000000000bad3'], entries['edgequote.corrupt.1700000000000.q-00000000dead'],
    JSON.stringify(nullLine), JSON.stringify(toStringNull)].sort());
  assert.match(db.aside.find((a) => a.key.endsWith('bad1')).reason, /bad_shape at \/quote\/lines\/0/);
  assert.match(db.aside.find((a) => a.key.endsWith('bad2')).reason, /bad_shape at \/quote\/term_months/);
  assert.deepEqual(await localKeys(page), []);

  // Reload: the same quotes, and no second warning about what was already reported.
  await page.reload();
  await page.waitForSelector('quote-configurator[data-ready]', { timeout: 20000 });
  await settle(page);
  assert.deepEqual(await notices(page), []);
  assert.deepEqual((await savedTitles(page)).sort(), ['Good 1', 'Good 2', 'Good 3']);
});

test('an interrupted migration is done again without loss: an older copy is replaced, a newer one kept', async () => {
  const { page } = site;
  const record = oldRecord('q-00000000000c1', 'Migrated twice');
  await resetStorage(page, { [`edgequote.quote.${record.id}`]: JSON.stringify(record) });
  await openConfigurator(page, site.url);
  // As if a later save happened in IndexedDB and the tab died before localStorage was cleared.
  await page.goto(`${site.url}favicon.svg`);
  await page.evaluate((record) => localStorage.setItem(`edgequote.quote.${record.id}`, JSON.stringify({ ...record, updatedAt: '2000-01-01T00:00:00.000Z', title: 'stale' })), record);
  await openConfigurator(page, site.url);
  const db = await savedRecords(page);
  const kept = db.quotes.find((r) => r.id === record.id);
  assert.notEqual(kept.title, 'stale', 'the newer copy in IndexedDB wins');
  assert.deepEqual(await localKeys(page), []);
});

test('a migration that cannot be written loses nothing: the quotes stay in localStorage and are read from there', async () => {
  const { page } = site;
  const records = [oldRecord('q-00000000000d1', 'Kept in place 1'), oldRecord('q-00000000000d2', 'Kept in place 2')];
  await resetStorage(page, Object.fromEntries(records.map((r) => [`edgequote.quote.${r.id}`, JSON.stringify(r)])), { indexedDbFull: true });
  await openConfigurator(page, site.url);
  const [notice] = await notices(page);
  assert.match(notice.text, /could not be moved to IndexedDB \(browser storage is full\).*still in localStorage/);
  assert.deepEqual((await savedTitles(page)).sort(), ['Kept in place 1', 'Kept in place 2']);
  assert.deepEqual(await localKeys(page), records.map((r) => `edgequote.quote.${r.id}`).sort());
  await page.evaluate(() => sessionStorage.removeItem('doors.test'));
});

test('a share link whose quote is damaged is refused plainly; the page stays on the last good quote', async () => {
  const { page } = site;
  await resetStorage(page);
  await openConfigurator(page, site.url);
  const before = await currentQuote(page);
  const link = await page.evaluate(async (book) => {
    const { encodeShareFragment } = await import('./lib/share-link.js');
    const quote = { customer: { name: 'Hostile' }, term_months: { toString: null }, lines: [null] };
    return encodeShareFragment({ quote, book, netMonthly: null });
  }, { id: 'edge-cdn', version: before.pricebook.version, hash: 'a'.repeat(64) });
  // Opened fresh, as from a chat message (on the old page this load hung on "Loading…").
  await page.goto(`${site.url}favicon.svg`);
  await page.goto(`${site.url}#${link}`);
  await page.waitForSelector('quote-configurator[data-ready]', { timeout: 20000 });
  await settle(page);
  const shown = await notices(page);
  assert.equal(shown.at(-1).kind, 'error');
  assert.match(shown.at(-1).text, /could not be opened.*no valid quote/);
  assert.deepEqual(await currentQuote(page), before);
  assert.equal((await savedTitles(page)).length, 1, 'nothing was added');
  await page.reload();
  await page.waitForSelector('quote-configurator[data-ready]', { timeout: 20000 });
});

test('a link made for another price book is never "unchanged"', async () => {
  const { page } = site;
  await resetStorage(page);
  await openConfigurator(page, site.url);
  const quote = await currentQuote(page);
  const link = await page.evaluate(async (quote) => {
    const { encodeShareFragment } = await import('./lib/share-link.js');
    return encodeShareFragment({ quote, book: { id: 'someone-elses-book', version: '1', hash: 'b'.repeat(64) }, netMonthly: '1.00' });
  }, quote);
  await page.goto(`${site.url}favicon.svg`);
  await page.goto(`${site.url}#${link}`);
  await page.waitForSelector('quote-configurator[data-ready]', { timeout: 20000 });
  await settle(page);
  const last = (await notices(page)).at(-1);
  assert.equal(last.kind, 'warning');
  assert.match(last.text, /made for price book “someone-elses-book”/);
  assert.doesNotMatch(last.text, /not changed|cannot be priced here/);
});

test('imports: hostile shapes and rounded integers are refused with where; scenarios are capped at four', async () => {
  const { page } = site;
  await resetStorage(page);
  await openConfigurator(page, site.url);
  const before = await currentQuote(page);
  const count = (await savedTitles(page)).length;
  const nullLine = await importFile(page, 'null-line.json', JSON.stringify({ ...example, lines: [null] }));
  assert.equal(nullLine.kind, 'error');
  assert.match(nullLine.text, /Could not import null-line\.json: A quote line must be an object, not null\. \(at \/lines\/0\)/);
  const big = JSON.stringify(example).replace(/"quantity":"[^"]*"/, '"quantity":9007199254740993');
  const rounded = await importFile(page, 'big.json', big);
  assert.match(rounded.text, /past 2\^53.*decimal string/);
  assert.deepEqual(await currentQuote(page), before);
  assert.equal((await savedTitles(page)).length, count);

  const scenarios = Array.from({ length: 1000 }, (_, i) => ({ id: `s${i}`, term_months: 24, commit: null, discount_pct: null }));
  const many = await importFile(page, 'many.json', JSON.stringify({
    format: 'edgequote.saved-quote', version: 1, title: 'Many scenarios', quote: example, scenarios,
  }));
  assert.equal(many.kind, 'warning');
  assert.match(many.text, /Kept the first 4 of 1000 scenarios/);
  await page.waitForFunction(() => document.querySelector('quote-configurator').record?.title === 'Many scenarios');
  assert.equal(await page.evaluate(() => document.querySelector('quote-configurator').record.scenarios.length), 4);
});

test('storage full: an import is not called saved, the user is told what was not kept and offered the export', async () => {
  const { page } = site;
  await resetStorage(page);
  await openConfigurator(page, site.url);
  const count = (await savedTitles(page)).length;
  // Every write fails as a full disk does, in IndexedDB and in localStorage.
  await page.evaluate(() => {
    const full = () => { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
    IDBObjectStore.prototype.put = full;
    IDBObjectStore.prototype.add = full;
    Storage.prototype.setItem = full;
  });
  const shown = await importFile(page, 'acme.json', JSON.stringify({ ...example, customer: { ...example.customer, name: 'Kept only here' } }));
  await screenshot(page, 'doors-storage-full');
  const all = await notices(page);
  assert.ok(!all.some((n) => n.kind === 'success'), JSON.stringify(all));
  assert.equal(shown.kind, 'error');
  assert.match(shown.text, /not saved in this browser \(browser storage is full\).*Export it to keep it/);
  assert.match(await textOf(page, 'quote-toolbar .save-status'), /^Not saved in the browser: browser storage is full/);
  // The offered export is one click away, and gives the quote.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('notice-list .notice-action', { hasText: 'Export JSON' }).last().click(),
  ]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(exported.quote.customer.name, 'Kept only here');
  // Leaving asks first (the quote exists only in this tab).
  let asked = false;
  page.once('dialog', (dialog) => {
    asked = dialog.type() === 'beforeunload';
    dialog.accept();
  });
  await page.reload();
  await page.waitForSelector('quote-configurator[data-ready]', { timeout: 20000 });
  assert.ok(asked, 'a beforeunload prompt');
  assert.equal((await savedTitles(page)).length, count, 'every quote that was saved is still there');
});

test('without IndexedDB, a damaged entry with no room to be copied aside is left in place and reported once', async () => {
  const { page } = site;
  const damaged = oldRecord('q-0000000000eee1', 'No room');
  damaged.quote.lines = [null];
  const good = oldRecord('q-0000000000fff1', 'Still here');
  await resetStorage(page, {
    [`edgequote.quote.${damaged.id}`]: JSON.stringify(damaged),
    [`edgequote.quote.${good.id}`]: JSON.stringify(good),
  }, { noIndexedDB: true, noRoomToSetAside: true });
  await openConfigurator(page, site.url);
  const first = await notices(page);
  assert.equal(first.length, 1);
  assert.doesNotMatch(first[0].text, /were set aside|was set aside/);
  assert.match(first[0].text, /left in place/);
  assert.deepEqual(await savedTitles(page), ['Still here']);
  assert.ok((await localKeys(page)).includes(`edgequote.quote.${damaged.id}`), 'not deleted');
  for (let i = 0; i < 2; i++) {
    await page.reload();
    await page.waitForSelector('quote-configurator[data-ready]', { timeout: 20000 });
    await settle(page);
    assert.deepEqual(await notices(page), [], `reload ${i + 1}: reported once, not on every load`);
  }
  await page.evaluate(() => sessionStorage.removeItem('doors.test'));
});

test('<edge-quote>: a hostile quote from the host is refused with where; bad attributes are named, not used', async () => {
  const { page } = site;
  await resetStorage(page);
  // On a page of the site without the rep page's bundle, as on a host's page: the embed runs its
  // elements from their own files, which the rep page's bundle has already defined.
  await page.goto(new URL('insights.html', site.url).href);
  const result = await page.evaluate(async () => {
    await import('./embed/edge-quote.js');
    const element = document.createElement('edge-quote');
    element.setAttribute('pricebook', 'pricebooks/edge-cdn.json');
    document.body.append(element);
    await element.ready;
    const before = element.quote;
    const refused = [];
    for (const quote of [{ customer: {}, lines: [null] }, { customer: {}, lines: [], term_months: { toString: null } }]) {
      refused.push(await element.setQuote(quote));
    }
    element.setAttribute('segment', 'x" onmouseover="alert(1)');
    element.setAttribute('share-base', 'javascript:alert(1)');
    await new Promise((done) => setTimeout(done, 50));
    const state = { refused, unchanged: JSON.stringify(element.quote) === JSON.stringify(before), ready: element.dataset.state,
      segment: element.segment, shareBase: element.shareBase,
      notices: [...element.shadowRoot.querySelectorAll('.notice-text')].map((n) => n.textContent) };
    element.remove();
    return state;
  });
  assert.deepEqual(result.refused, [false, false]);
  assert.ok(result.unchanged);
  assert.equal(result.ready, 'ready');
  assert.equal(result.segment, '');
  assert.equal(result.shareBase, '');
  assert.ok(result.notices.some((t) => /from the host was not opened: A quote line must be an object, not null \(at \/lines\/0\)/.test(t)), JSON.stringify(result.notices));
  assert.ok(result.notices.some((t) => /The term must be a decimal string or a number, not an object \(at \/term_months\)/.test(t)), JSON.stringify(result.notices));
  assert.ok(result.notices.some((t) => /set segment to a value/.test(t)), JSON.stringify(result.notices));
});
