// Shared by the prospect, embedding and leak tests: the public build and the demo portal served on
// two origins by web/demo/serve-demo.mjs (the same policies a deployment would send), Chromium
// with a CSP-violation listener in every frame, and the engine in Node — loaded from the exact
// bytes the public build ships — to re-price snapshots independently of the page.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { repoRoot, DESKTOP } from './harness.mjs';
import { startDemo } from '../../web/demo/serve-demo.mjs';
import { startServer, CONTENT_SECURITY_POLICY } from '../../web/serve.mjs';

export const publicSiteDir = resolve(process.env.EDGEQUOTE_PUBLIC_SITE_DIR ?? join(repoRoot, 'build/native/site-public'));
export const demoPortalDir = resolve(process.env.EDGEQUOTE_DEMO_PORTAL_DIR ?? join(repoRoot, 'build/native/demo-portal'));
export const PUBLIC_BOOK = 'pricebooks/edge-cdn.public.json';

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// Runs in every frame (the cross-origin iframe too) before its scripts.
function watchCsp() {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push({ directive: event.violatedDirective, blocked: event.blockedURI, sample: event.sample, source: event.sourceFile });
  });
}

/**
 * EdgeQuote's public build and the mock portal on two local origins, plus Chromium.
 * `frameAncestors`: a function giving frame.html's frame-ancestors (default: the portal only).
 */
export async function openDemo({ viewport = DESKTOP, frameAncestors = null, logOrigins = () => [], prospectLogs = false } = {}) {
  for (const [dir, target] of [[publicSiteDir, 'site-public'], [demoPortalDir, 'demo-portal']]) {
    if (!existsSync(join(dir, 'index.html'))) throw new Error(`${dir} is not built: run \`cmake --build --preset default --target ${target}\`.`);
  }
  const profile = await mkdtemp(join(tmpdir(), 'edgequote-embed-'));
  // The portal's collected logs (web/demo/log-collector.mjs): beside the profile, gone with it.
  const demo = await startDemo({ publicDir: publicSiteDir, portalDir: demoPortalDir, edgequotePort: 0, portalPort: 0, frameAncestors,
    logsFile: join(profile, 'collected-logs.jsonl'), logOrigins, prospectLogs });
  const context = await chromium.launchPersistentContext(join(profile, 'chromium'), {
    executablePath: process.env.EDGEQUOTE_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  await context.addInitScript(watchCsp);
  const consoleMessages = [];
  const pageErrors = [];
  const track = (page) => {
    page.on('console', (message) => consoleMessages.push({ type: message.type(), text: message.text(), url: page.url() }));
    page.on('pageerror', (error) => pageErrors.push(error.message));
  };
  context.on('page', track);
  const page = context.pages()[0] ?? (await context.newPage());
  track(page);
  const extraServers = [];
  return {
    demo,
    context,
    page,
    consoleMessages,
    pageErrors,
    /** Another origin serving `root` with `policy` (a string or a function of the origins). */
    async serveOther(root, policy) {
      const started = await startServer({ root, port: 0, contentSecurityPolicy: policy ?? CONTENT_SECURITY_POLICY });
      extraServers.push(started.server);
      return { ...started, origin: new URL(started.url).origin };
    },
    async close() {
      await context.close();
      await Promise.all(extraServers.map((server) => new Promise((done) => server.close(done))));
      await demo.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** No CSP violation in any frame of any page, no CSP message in a console, no uncaught error. */
export async function assertNoCspViolations(session, { allowConsole = () => false } = {}) {
  for (const page of session.context.pages()) {
    for (const frame of page.frames()) {
      const violations = await frame.evaluate(() => window.__cspViolations ?? []).catch(() => []);
      assert.deepEqual(violations, [], `Content-Security-Policy violations in ${frame.url()}`);
    }
  }
  const cspMessages = session.consoleMessages.filter((m) => /Content Security Policy|Refused to/i.test(m.text) && !allowConsole(m));
  assert.deepEqual(cspMessages, [], 'CSP messages in a console');
  assert.deepEqual(session.pageErrors, [], 'uncaught errors in a page');
}

// --- the element, inside its shadow root ---------------------------------------------------------

/** Waits until the <edge-quote> matched by `selector` (in `scope`: a page or a frame) has priced. */
export async function waitForQuote(scope, selector = 'edge-quote') {
  await scope.waitForSelector(`${selector}[data-state=ready]`, { timeout: 20000 });
  await settle(scope);
}

// Not requestAnimationFrame: Chromium does not run it in a cross-origin iframe out of view.
export async function settle(scope) {
  await scope.evaluate(() => new Promise((done) => setTimeout(done, 60)));
}

/** Starts collecting the element's events on document (they bubble out, composed). */
export async function recordEvents(scope) {
  await scope.evaluate(() => {
    window.__edgeQuoteEvents = [];
    for (const type of ['quote-change', 'quote-submit', 'quote-saved']) {
      document.addEventListener(type, (event) => {
        window.__edgeQuoteEvents.push({ type, bubbles: event.bubbles, composed: event.composed, target: event.target.tagName, detail: event.detail });
      });
    }
  });
}

export async function recordedEvents(scope, type) {
  return scope.evaluate((t) => (window.__edgeQuoteEvents ?? []).filter((e) => !t || e.type === t), type);
}

/** The text a user can read in the element's shadow tree (visible text nodes), joined. */
export async function shadowText(scope, selector = 'edge-quote') {
  return scope.evaluate((s) => {
    const host = document.querySelector(s);
    const walker = document.createTreeWalker(host.shadowRoot, NodeFilter.SHOW_TEXT);
    const parts = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const visible = parent.closest('select') ? parent.closest('select').checkVisibility() : parent.checkVisibility();
      if (visible && node.data.trim()) parts.push(node.data.trim());
    }
    return parts.join(' ');
  }, selector);
}

// --- the engine in Node, on the shipped bytes ------------------------------------------------------

let nodeEngine = null;

/** The engine and the public book exactly as the public build ships them, priced in Node. */
export async function shippedEngine() {
  nodeEngine ??= (async () => {
    const { createEngine } = await import(pathToFileURL(join(publicSiteDir, 'engine/edgequote.js')));
    const engine = await createEngine({
      moduleUrl: pathToFileURL(join(publicSiteDir, 'engine/edgequote-engine.mjs')),
      wasmBinary: await readFile(join(publicSiteDir, 'engine/edgequote-engine.wasm')),
    });
    const book = await engine.loadPricebook(await readFile(join(publicSiteDir, PUBLIC_BOOK), 'utf8'));
    return { engine, book };
  })();
  return nodeEngine;
}

export function sha256Hex(text) {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Asserts a snapshot ({quote, priced, sha256}) is what the engine gives for its quote. */
export async function assertVerifiable(snapshot, label = 'snapshot') {
  assert.equal(typeof snapshot.priced, 'string', `${label}: priced is the canonical text`);
  assert.match(snapshot.sha256, /^[0-9a-f]{64}$/, `${label}: sha256 is hex`);
  assert.equal(sha256Hex(snapshot.priced), snapshot.sha256, `${label}: sha256 is the hash of priced`);
  const { engine, book } = await shippedEngine();
  const repriced = engine.priceCanonical(book, snapshot.quote, { detail: 'full' });
  assert.equal(sha256Hex(repriced), snapshot.sha256, `${label}: re-pricing the quote gives the same hash`);
  return JSON.parse(repriced);
}

export const TEST_CONTACT = Object.freeze({ name: 'Ann Lee', email: 'ann.lee@northwind.example', company: 'Northwind Media', message: 'Can we start next month?' });

/** Fills "Request this quote"'s form inside an <edge-quote> (a locator) and sends it. */
export async function sendRequestForm(element, contact = TEST_CONTACT) {
  const form = element.locator('form.eq-request-form');
  await form.waitFor({ state: 'visible' });
  await form.getByLabel('Your name').fill(contact.name);
  await form.getByLabel('Work email').fill(contact.email);
  await form.getByLabel('Company').fill(contact.company);
  await form.getByLabel('Message (optional)').fill(contact.message ?? '');
  await form.getByRole('button', { name: 'Send request' }).click();
}
