// Shared set-up for the browser tests: the assembled site served by web/serve.mjs on a free
// port, Debian's Chromium through playwright-core, a listener for
// Content-Security-Policy violations, axe-core, and screenshots in tests/browser/screenshots/.
import { mkdtemp, mkdir, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer } from '../../web/serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../..');
export const siteDir = resolve(process.env.EDGEQUOTE_SITE_DIR ?? join(repoRoot, 'build/native/site'));
export const screenshotDir = join(here, 'screenshots');

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// Collected in the page before any of its scripts run (init scripts are not subject to CSP).
function watchCsp() {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push({ directive: event.violatedDirective, blocked: event.blockedURI, sample: event.sample, source: event.sourceFile });
  });
}

// One site server and one browser profile per test file.
export async function openSite({ viewport = DESKTOP } = {}) {
  if (!existsSync(join(siteDir, 'index.html'))) {
    throw new Error(`The site is not built in ${siteDir}: run \`cmake --build --preset default --target site\`.`);
  }
  await mkdir(screenshotDir, { recursive: true });
  // Every path that reached the server, in order (what a browser's cache spared is not here).
  const served = [];
  const recordRequest = async (request) => {
    served.push(new URL(request.url, 'http://localhost').pathname);
    return false;
  };
  const { server, url } = await startServer({ root: siteDir, port: 0, handle: recordRequest });
  const profile = await mkdtemp(join(tmpdir(), 'edgequote-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.EDGEQUOTE_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    acceptDownloads: true,
  });
  await context.addInitScript(watchCsp);
  const consoleProblems = [];
  const pageErrors = [];
  const track = (page) => {
    const inflight = new Set();
    requestsInFlight.set(page, inflight);
    page.on('request', (request) => inflight.add(request));
    page.on('requestfinished', (request) => inflight.delete(request));
    page.on('requestfailed', (request) => inflight.delete(request));
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(message.text())) consoleProblems.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  };
  context.on('page', track);
  const page = context.pages()[0] ?? (await context.newPage());
  track(page);
  return {
    url,
    context,
    page,
    consoleProblems,
    pageErrors,
    served,
    async close() {
      await context.close();
      await new Promise((done) => server.close(done));
      await rm(profile, { recursive: true, force: true });
    },
  };
}

// Loads the configurator and waits until the engine has priced the first quote.
export async function openConfigurator(page, url, { hash = '' } = {}) {
  await page.goto(url + hash);
  await page.waitForSelector('quote-configurator[data-ready]', { timeout: 20000 });
  await settle(page);
}

// The page's requests (its workers' included) not yet answered, per page of openSite.
const requestsInFlight = new WeakMap();

// Waits until the page's requests have been answered (code fetched on demand: an import's, a
// share link's, an export's; the book; a log endpoint's answer), for at most `limit` ms; true when
// there was one to wait for.
async function requestsAnswered(page, limit = 10000) {
  const inflight = requestsInFlight.get(page);
  if (!inflight?.size) return false;
  const until = Date.now() + limit;
  while (inflight.size && Date.now() < until) await new Promise((done) => setTimeout(done, 10));
  return true;
}

// Waits until the page has priced and drawn what was just typed, and what that started (code
// fetched on demand, answers from the pricing worker) has come and been drawn.
export async function settle(page) {
  for (let round = 0; round < 5; round++) {
    await framesUntilIdle(page);
    if (!(await requestsAnswered(page))) return;
  }
}

async function framesUntilIdle(page) {
  await page.evaluate(async () => {
    // A large quote is priced in a worker (web/lib/quote-session.js): drawn once its answer has
    // come (the session draws in the same task), so frames go by until no ask is waiting.
    const session = document.querySelector('quote-configurator')?.session;
    do await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 30)));
    while (session?.workerAsks > 0);
  });
}

// Imports a quote file through the toolbar's file input, as a rep would, and waits for the
// import to end: reading the file, fetching the import code and pricing take several tasks (more
// on a loaded machine than one frame), and every import ends with a notice saying how it went.
// Resolves to that notice ({kind, text}).
export async function importQuoteFile(page, name, text) {
  const lastId = () => document.querySelector('notice-list .notice:last-child [data-dismiss]')?.dataset.dismiss ?? null;
  const before = await page.evaluate(lastId);
  await page.locator('quote-toolbar input[type=file]').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForFunction((before) => {
    const last = document.querySelector('notice-list .notice:last-child');
    return last && last.querySelector('[data-dismiss]').dataset.dismiss !== before && /import|not opened/i.test(last.textContent);
  }, before, { timeout: 120000 });
  await settle(page);
  return page.locator('notice-list .notice:last-child').evaluate((n) => ({ kind: n.dataset.kind, text: n.querySelector('.notice-text').textContent }));
}

export async function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations ?? []);
}

export async function assertNoCspViolations(site) {
  for (const page of site.context.pages()) {
    assert.deepEqual(await cspViolations(page), [], 'Content-Security-Policy violations');
  }
  assert.deepEqual(site.consoleProblems.filter((m) => /Content Security Policy|Refused to/i.test(m)), [], 'CSP messages in the console');
  assert.deepEqual(site.pageErrors, [], 'uncaught errors in the page');
}

let axeSource = null;

// axe-core's WCAG 2 A/AA rules; evaluated through DevTools, so no inline script is injected.
export async function axeViolations(page, { impacts = ['serious', 'critical'] } = {}) {
  axeSource ??= await readFile(join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const results = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    resultTypes: ['violations'],
  }));
  return results.violations
    .filter((v) => impacts.includes(v.impact))
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

export async function screenshot(page, name, options = {}) {
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, ...options });
  return path;
}

// The accessible label of the focused control: what a keyboard user is on.
export async function focusedLabel(page) {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (!active) return '';
    const labelled = active.id && document.querySelector(`label[for="${CSS.escape(active.id)}"]`);
    return (active.getAttribute('aria-label') ?? labelled?.textContent ?? active.textContent ?? '').trim();
  });
}

// Presses Tab until the focused control's label matches, as a keyboard user would.
export async function tabTo(page, label, { max = 40, backwards = false } = {}) {
  const matches = (text) => (label instanceof RegExp ? label.test(text) : text === label);
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const current = await focusedLabel(page);
    if (matches(current)) return i + 1;
  }
  throw new Error(`Tab never reached "${label}" (last: "${await focusedLabel(page)}")`);
}

// The engine's own answer for a quote, priced in the page through the same wrapper the page uses.
export async function priceInPage(page, quote, detail = 'full') {
  return page.evaluate(async ({ quote, detail }) => {
    const { loadEngine } = await import('./engine/edgequote.js');
    const engine = await loadEngine();
    const text = await (await fetch('pricebooks/edge-cdn.json')).text();
    const book = await engine.loadPricebook(text);
    return engine.price(book, quote, { detail });
  }, { quote, detail });
}

export async function currentQuote(page) {
  return page.evaluate(() => document.querySelector('quote-configurator').quote);
}

export async function textOf(page, selector) {
  return (await page.locator(selector).first().textContent())?.trim() ?? '';
}

// The saved quotes as stored in the browser (IndexedDB "edgequote", web/lib/quote-store.js).
export async function savedRecords(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const request = indexedDB.open('edgequote');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains('quotes') || !db.objectStoreNames.contains('aside')) {
        db.close();
        resolve({ quotes: [], aside: [] });
        return;
      }
      const tx = db.transaction(['quotes', 'aside']);
      const quotes = tx.objectStore('quotes').getAll();
      const aside = tx.objectStore('aside').getAll();
      tx.oncomplete = () => {
        db.close();
        resolve({ quotes: quotes.result.map((row) => JSON.parse(row.text)), aside: aside.result });
      };
    };
  }));
}
