// Logs that flow (README, "Logs that flow"): the rep page, configured by its site-config.json
// with the demo portal's collector as its log endpoint, queues every saved quote's log record in
// an IndexedDB outbox; offline, after a reload and while the endpoint answers 500 nothing is lost,
// and the records arrive in the portal's JSON Lines file once it can take them; the insights page
// loads them by URL (with a bad line counted with its source and line); a bad site config is
// ignored with a notice; and a prospect's "Request this quote" form goes to the host when
// embedded, to the endpoint when the site has one, and by mailto: when neither.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../web/serve.mjs';
import { axeViolations, openConfigurator, screenshotDir, settle, siteDir, savedRecords } from './harness.mjs';
import { openDemo, sendRequestForm, TEST_CONTACT, waitForQuote } from './embedding.mjs';

let session;
let rep;              // the rep site: build/native/site, its site-config.json answered here
let siteConfig = '';  // the text served as the rep site's site-config.json
let prospectLogs = true;
const REP_NAME = 'Dana Whitfield';

before(async () => {
  session = await openDemo({ logOrigins: () => (rep ? [rep.origin] : []), prospectLogs: () => prospectLogs });
  const started = await startServer({
    root: siteDir,
    port: 0,
    connectSrc: () => session.demo.portal.origin,
    handle: (request, response, headers) => {
      if (new URL(request.url, 'http://localhost').pathname !== '/site-config.json') return false;
      response.writeHead(200, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' });
      response.end(siteConfig);
      return true;
    },
  });
  rep = { ...started, origin: new URL(started.url).origin };
  siteConfig = JSON.stringify({ log_endpoint: session.demo.logsUrl });
});

after(async () => {
  await session?.close();
  await new Promise((done) => (rep ? rep.server.close(done) : done()));
});

async function collected() {
  if (!existsSync(session.demo.logsFile)) return [];
  // The one bad line the insights test appends is skipped, as every reader of a log does.
  return (await readFile(session.demo.logsFile, 'utf8')).split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
}

async function waitFor(what, check, timeout = 40000) {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

// The flow is loaded after the first priced total (web/lib/log-flow.js).
async function openRepPage(page) {
  await openConfigurator(page, rep.url);
  await page.evaluate(() => document.querySelector('quote-configurator').logFlow.then(() => true));
}

const outboxStatus = (page) => page.locator('quote-toolbar .outbox-status');
const customer = (page) => page.locator('deal-fields').getByLabel('Customer', { exact: true });

async function outboxEntries(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const request = indexedDB.open('edgequote-outbox');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('outbox')) {
        db.close();
        resolve([]);
        return;
      }
      const all = db.transaction('outbox').objectStore('outbox').getAll();
      all.onsuccess = () => {
        db.close();
        resolve(all.result.map((entry) => entry.record));
      };
    };
  }));
}

test('quotes saved offline wait in the outbox, survive a reload and a failing endpoint, then arrive in the portal\'s log', async () => {
  const { page, context, demo } = session;
  await page.goto(rep.url);
  await page.evaluate((name) => localStorage.setItem('edgequote.rep', name), REP_NAME);
  await openRepPage(page);
  // The quote the page opened on may be logged as it loads (online): sent at once, quietly.
  await waitFor('an empty outbox', async () => (await outboxEntries(page)).length === 0);
  assert.equal(await outboxStatus(page).isVisible(), false, 'quiet when nothing waits');
  const baseline = (await collected()).length;

  await context.setOffline(true);
  await customer(page).fill('Offline Alpha');
  await settle(page);
  await page.keyboard.press('Alt+n');
  await settle(page);
  await customer(page).fill('Offline Beta');
  await settle(page);
  await outboxStatus(page).filter({ hasText: '2 not yet sent' }).waitFor({ timeout: 20000 });
  assert.match(await outboxStatus(page).getAttribute('title'), /offline/);
  await page.locator('quote-toolbar').screenshot({ path: join(screenshotDir, 'logs-flow-toolbar-pending.png') });

  // Back online, but the endpoint answers 500: still nothing lost, through a reload too.
  demo.collector.failNext(1_000_000);
  await context.setOffline(false);
  await page.reload();
  await page.waitForSelector('quote-configurator[data-ready]');
  await page.evaluate(() => document.querySelector('quote-configurator').logFlow.then(() => true));
  await outboxStatus(page).filter({ hasText: '2 not yet sent' }).waitFor({ timeout: 20000 });
  await waitFor('a try answered 500', async () => /HTTP 500/.test(await outboxStatus(page).getAttribute('title') ?? ''));
  assert.deepEqual((await outboxEntries(page)).map((r) => r.quote.customer.name).sort(), ['Offline Alpha', 'Offline Beta']);
  assert.equal((await collected()).length, baseline, 'nothing reached the file while the endpoint failed');

  // The endpoint recovers: the next try (back-off: 2 s, 4 s, ...) sends both, in one request.
  const bodiesBefore = demo.collector.bodies;
  demo.collector.failNext(0);
  const arrived = await waitFor('both records in the portal\'s file', async () => {
    const records = (await collected()).slice(baseline);
    return records.length >= 2 ? records : null;
  });
  await waitFor('the status to go quiet', async () => !(await outboxStatus(page).isVisible()));
  assert.deepEqual(await outboxEntries(page), [], 'removed from the outbox only after the 2xx');
  assert.equal(demo.collector.bodies - bodiesBefore, 1, 'both records in one POST (a batch of JSON Lines)');
  const saved = (await savedRecords(page)).quotes;
  const byName = Object.fromEntries(arrived.map((r) => [r.quote.customer.name, r]));
  for (const name of ['Offline Alpha', 'Offline Beta']) {
    const record = byName[name];
    assert.ok(record, `${name} arrived`);
    assert.equal(record.log_version, '1');
    assert.equal(record.rep, REP_NAME);
    assert.equal(record.outcome.status, 'open');
    assert.equal(record.quote_id, saved.find((q) => q.quote.customer?.name === name).id, 'the saved quote\'s own id');
    assert.ok(Array.isArray(record.priced.lines) && record.priced.totals.net_monthly, 'with its priced snapshot');
  }
  // Posted to another origin under the page's strict policy: allowed by connect-src, nothing else.
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'no Content-Security-Policy violation');
});

test('an endpoint answering 500 then 200 loses nothing, and the insights page loads the log by URL', async () => {
  const { page, demo } = session;
  const before = (await collected()).length;
  const failedBefore = demo.collector.failed;
  demo.collector.failNext(2);
  await page.keyboard.press('Alt+n');
  await settle(page);
  await customer(page).fill('Retry Gamma');
  await settle(page);
  // Held while the endpoint answers 500 twice, then sent on a later try (back-off 2 s, 4 s).
  const records = await waitFor('the record after two 500s', async () => {
    const all = await collected();
    return all.some((r) => r.quote.customer.name === 'Retry Gamma') ? all : null;
  });
  assert.ok(records.length > before);
  assert.equal(demo.collector.failed - failedBefore, 2, 'the endpoint answered 500 twice before taking it');
  await waitFor('the status to go quiet', async () => !(await outboxStatus(page).isVisible()));

  // The insights page, given the portal's URL (?logs=): three quotes, no bad line.
  const insights = await session.context.newPage();
  await insights.goto(`${rep.url}insights.html?logs=${encodeURIComponent(demo.logsUrl)}`);
  await insights.locator('#files .file').first().waitFor({ timeout: 30000 });
  assert.equal(await insights.locator('#files .file-name').first().textContent(), demo.logsUrl);
  const quotes = new Set((await collected()).map((r) => r.quote_id)).size; // a quote's latest save counts
  assert.ok(quotes >= 3);
  await insights.locator('#status', { hasText: new RegExp(`^${quotes} quotes from 1 log`) }).waitFor({ timeout: 20000 });

  // A bad line in the collected log: skipped and counted with its source (the URL) and line.
  const lines = (await readFile(demo.logsFile, 'utf8')).split('\n').filter(Boolean).length;
  await appendFile(demo.logsFile, 'this is not a log record\n');
  await insights.getByLabel(/load a log from a URL/).fill(demo.logsUrl);
  await insights.getByRole('button', { name: 'Load' }).click();
  await insights.locator('#files .file').nth(1).waitFor({ timeout: 30000 });
  assert.match(await insights.locator('#files .file-meta').nth(1).textContent(), /1 bad line/);
  const skipped = insights.locator('[data-section=errors]');
  await skipped.waitFor();
  const row = skipped.locator('tbody tr').first();
  assert.match(await row.textContent(), new RegExp(`${demo.logsUrl.replace(/[.?/]/g, '\\$&')}${lines + 1}`));
  await insights.screenshot({ path: join(screenshotDir, 'logs-flow-insights-by-url.png') });
  await insights.close();
});

test('the first save of a page load is logged: the new quote a fresh start opens on arrives without a second save', async () => {
  const { page } = session;
  // A fresh start (no saved quote, the rep's name kept): the page opens on a new quote and saves
  // it as it draws the first total, before the log flow has loaded. That save must be logged
  // by itself (it used to wait for the quote's next save).
  await page.goto(new URL('site-config.json', rep.url).href);  // the site's origin, no page holding the database
  await page.evaluate(() => new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase('edgequote');
    request.onsuccess = resolve;
    request.onerror = () => reject(request.error);
  }));
  await openRepPage(page);
  const [fresh] = (await savedRecords(page)).quotes;
  assert.ok(fresh, 'the new quote is saved');
  const arrived = await waitFor('the new quote in the portal\'s log', async () => (await collected()).find((r) => r.quote_id === fresh.id), 20000);
  assert.equal(arrived.rep, REP_NAME);
  assert.equal(arrived.updated_at, fresh.updatedAt, 'the save as it was made');
  assert.ok(arrived.priced.totals.net_monthly, 'priced');
});

test('a site config that is not valid is ignored with a notice, and the page works', async () => {
  const { page } = session;
  siteConfig = '{"log_endpoint": "javascript:alert(1)"}';
  try {
    await openRepPage(page);
    const notice = page.locator('notice-list .notice', { hasText: 'site config' });
    await notice.waitFor({ timeout: 10000 });
    assert.match(await notice.textContent(), /ignored: The log endpoint must be http\(s\)/);
    await customer(page).fill('Unlogged Delta');
    await settle(page);
    assert.equal(await outboxStatus(page).count(), 0, 'no endpoint: no outbox status at all');
  } finally {
    siteConfig = JSON.stringify({ log_endpoint: session.demo.logsUrl });
  }
});

test('records saved before the rep gives a name wait for it, then leave under that name', async () => {
  const { page } = session;
  await page.evaluate(() => localStorage.removeItem('edgequote.rep'));
  await openRepPage(page);
  await page.keyboard.press('Alt+n');
  await settle(page);
  await customer(page).fill('Nameless Epsilon');
  await settle(page);
  await outboxStatus(page).filter({ hasText: /not yet sent · name needed/ }).waitFor({ timeout: 20000 });
  assert.match(await outboxStatus(page).getAttribute('title'), /wait for your name/);
  await new Promise((done) => setTimeout(done, 2500));
  assert.equal((await collected()).some((r) => r.quote.customer.name === 'Nameless Epsilon'), false, 'held, not sent without a rep');

  await page.keyboard.press('Alt+o');
  await page.locator('saved-quotes dialog').getByLabel('Your name (rep)').fill('Sam Ortiz');
  const record = await waitFor('the record under the new name', async () => (await collected()).find((r) => r.quote.customer.name === 'Nameless Epsilon'));
  assert.equal(record.rep, 'Sam Ortiz');
  await page.keyboard.press('Escape');
  await waitFor('the status to go quiet', async () => !(await outboxStatus(page).isVisible()));
});

test('"Request this quote" asks who is asking, then goes to the host, to the endpoint, or by mailto:', async () => {
  const { context, demo } = session;
  // --- to the log endpoint: the prospect page of a site whose config names the portal ------------
  const page = await context.newPage();
  await page.goto(demo.edgequote.url);
  await waitForQuote(page);
  const quote = page.locator('edge-quote');
  await quote.getByRole('button', { name: 'Request this quote' }).first().click();
  const form = quote.locator('form.eq-request-form');
  await form.waitFor();
  assert.equal(await quote.getByLabel('Your name').evaluate((input) => input === input.getRootNode().activeElement), true, 'focus moves into the form');
  // Sent empty, with a malformed email: each field says what is wrong, and focus goes to the first.
  await form.getByLabel('Work email').fill('ann at northwind');
  await form.getByRole('button', { name: 'Send request' }).click();
  assert.equal(await form.getByLabel('Your name').getAttribute('aria-invalid'), 'true');
  assert.equal(await form.getByLabel('Work email').getAttribute('aria-invalid'), 'true');
  assert.match(await form.locator('[data-error-for=email]').textContent(), /email address such as/);
  assert.match(await form.locator('.eq-request-problems').textContent(), /Check 3 fields/);
  assert.deepEqual(await axeViolations(page), []);
  await form.scrollIntoViewIfNeeded();
  await quote.locator('.eq-actions').screenshot({ path: join(screenshotDir, 'logs-flow-request-form-errors.png') });
  const before = (await collected()).length;
  await sendRequestForm(quote);
  await quote.locator('.eq-request-status', { hasText: 'Request sent' }).waitFor({ timeout: 20000 });
  const viaEndpoint = await waitFor('the request in the portal\'s file', async () => (await collected()).slice(before).find((r) => r.request));
  assert.deepEqual(viaEndpoint.request, TEST_CONTACT);
  assert.equal(viaEndpoint.rep, 'self-serve prospect');
  assert.equal(await quote.locator('.eq-fallback').isVisible(), false, 'no mailto: when the endpoint took it');
  await quote.locator('.eq-actions').screenshot({ path: join(screenshotDir, 'logs-flow-request-sent.png') });

  // --- to the host: the portal's element (its copy of the site has no endpoint) -----------------
  const portal = await context.newPage();
  await portal.goto(demo.portalPage);
  const element = portal.locator('#quote-element');
  await waitForQuote(portal, '#quote-element');
  await element.getByRole('button', { name: 'Request this quote' }).first().click();
  await sendRequestForm(element, { ...TEST_CONTACT, message: '' });
  await portal.waitForFunction(() => window.portalEvents.some((e) => e.type === 'submit' && e.stored === 'stored'), null, { timeout: 20000 });
  const submit = await portal.evaluate(() => window.portalEvents.find((e) => e.type === 'submit').detail);
  assert.deepEqual(submit.contact, { ...TEST_CONTACT, message: '' });
  assert.equal(submit.log.request.email, TEST_CONTACT.email);
  assert.equal(submit.log.request.message, null);
  assert.equal(submit.log.quote.customer.name, 'Northwind Media');
  assert.match(await portal.locator('#submitted').textContent(), /From Ann Lee \(Northwind Media\), ann\.lee@northwind\.example/);
  const stored = (await collected()).filter((r) => r.request && r.quote_id === submit.log.quote_id);
  assert.equal(stored.length, 1, 'the portal stored the record it was handed');
  await portal.close();

  // --- by mailto: a site with no endpoint and no host -----------------------------------------------
  prospectLogs = false;
  try {
    await page.reload();
    await waitForQuote(page);
    await quote.getByRole('button', { name: 'Request this quote' }).first().click();
    await sendRequestForm(quote);
    const mailto = quote.locator('.eq-fallback a.eq-mailto');
    await mailto.waitFor({ state: 'visible' });
    const href = await mailto.getAttribute('href');
    const body = new URLSearchParams(href.slice(href.indexOf('?') + 1)).get('body');
    assert.match(body, /Ann Lee, Northwind Media\nann\.lee@northwind\.example\n\nCan we start next month\?/);
    assert.match(href, /subject=Quote%20request%3A%20Northwind%20Media/);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'no Content-Security-Policy violation');
  } finally {
    prospectLogs = true;
  }
  await page.close();
});
