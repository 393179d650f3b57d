// Embedding EdgeQuote in a sales portal on another origin (web/demo/), both ways: the
// <edge-quote> element (self-hosted by the portal) and the sandboxed iframe speaking the
// postMessage protocol. Every page runs under default-src 'self'; script-src 'self'
// 'wasm-unsafe-eval' (the portal adds frame-src for EdgeQuote's origin) with no violation; every
// snapshot the portal receives is re-priced here, in Node, on the shipped engine and book.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../web/serve.mjs';
import { screenshotDir, siteDir } from './harness.mjs';
import {
  assertNoCspViolations, assertVerifiable, openDemo, recordedEvents, recordEvents, sendRequestForm, settle, TEST_CONTACT, waitForQuote,
} from './embedding.mjs';

const here = new URL('.', import.meta.url).pathname;
const ROGUE_DIR = join(here, 'fixtures/rogue');

let session;
let rogue = null;
let allowRogueToFrame = false; // frame.html's frame-ancestors: the portal only, unless a test loosens it
before(async () => {
  session = await openDemo({
    frameAncestors: () => [session.demo.portal.origin, ...(rogue && allowRogueToFrame ? [rogue.origin] : [])].join(' '),
  });
});
after(async () => {
  await session?.close();
});

async function openPortal(page, query = '') {
  const response = await page.goto(`${session.demo.portalPage}${query}`);
  await waitForQuote(page, '#quote-element');
  await page.waitForSelector('#frame-status[data-connected]', { timeout: 20000 });
  const frame = page.frame({ url: /\/embed\/frame\.html/ });
  await waitForQuote(frame);
  await frame.waitForFunction(() => document.documentElement.dataset.embed === 'connected');
  await settle(frame);
  return { response, frame };
}

async function frameOf(page, url) {
  for (let i = 0; i < 200; i++) {
    const frame = page.frame({ url });
    if (frame) return frame;
    await page.waitForTimeout(50);
  }
  throw new Error(`no frame at ${url}`);
}

async function portalEvents(page) {
  return page.evaluate(() => window.portalEvents.map(({ source, type, detail, verified }) => ({ source, type, detail, verified })));
}

async function waitForPortalEvent(page, source, type, count = 1) {
  await page.waitForFunction(([s, t, n]) => window.portalEvents.filter((e) => e.source === s && e.type === t && e.verified).length >= n,
    [source, type, count], { timeout: 10000 });
}

test('a sales portal embeds EdgeQuote both ways and verifies every snapshot it receives, under a strict CSP', async () => {
  const { page, demo } = session;
  const { response, frame } = await openPortal(page);
  const edgequote = demo.edgequote.origin;

  // --- the policies in force --------------------------------------------------------------
  assert.equal(response.headers()['content-security-policy'], `${CONTENT_SECURITY_POLICY}; frame-src ${edgequote}; frame-ancestors 'none'`);
  const frameResponse = await fetch(`${edgequote}/embed/frame.html`);
  // connect-src: EdgeQuote's pages may post quote logs to the portal's collector ("Logs that flow").
  assert.equal(frameResponse.headers.get('content-security-policy'), `${CONTENT_SECURITY_POLICY}; frame-ancestors ${demo.portal.origin}; connect-src 'self' ${demo.portal.origin}`);
  assert.equal(await page.locator('iframe').getAttribute('sandbox'), 'allow-scripts allow-same-origin');
  assert.equal(await page.locator('iframe').getAttribute('src'), `${edgequote}/embed/frame.html?origins=${encodeURIComponent(demo.portal.origin)}`);

  // --- the custom element ----------------------------------------------------------------------
  const element = page.locator('#quote-element');
  await element.getByLabel('Bundle').selectOption('business');
  await element.getByLabel('Monthly traffic').fill('25');
  await element.getByLabel('Web application firewall').check();
  await settle(page);
  await waitForPortalEvent(page, 'element', 'change', 2);
  await element.getByRole('button', { name: 'Request this quote' }).first().click();
  await sendRequestForm(element);
  await waitForPortalEvent(page, 'element', 'submit');
  assert.match(await element.locator('.eq-request-status').textContent(), /Request sent/);
  assert.equal(await element.locator('.eq-fallback').isVisible(), false, 'the portal handled it: no mailto: fallback');
  await page.waitForSelector('#submitted[data-verified=verified]');
  assert.match(await page.locator('#submitted').textContent(), /Quote request received \(element\)Northwind Media: \$[\d,.]+\/month, 12 months\. Figures verified\./);

  // --- the iframe ----------------------------------------------------------------------------------
  const framed = frame.locator('edge-quote');
  await framed.getByLabel('Bundle').selectOption('enterprise');
  await framed.getByLabel('Term').selectOption('36');
  await framed.getByLabel('Bot management').check();
  await settle(frame);
  // Bot management runs on the WAF: the book's constraint, shown beside the feature.
  assert.match(await framed.locator('feature-picker [data-sku=bot-management] .field-error').textContent(), /WAF/);
  assert.equal(await framed.locator('.eq-request').getAttribute('aria-disabled'), 'true');
  await framed.getByLabel('Web application firewall').check();
  await settle(frame);
  await waitForPortalEvent(page, 'iframe', 'change', 4);
  await framed.getByRole('button', { name: 'Request this quote' }).first().click();
  await sendRequestForm(framed);
  await waitForPortalEvent(page, 'iframe', 'submit');
  assert.match(await framed.locator('.eq-request-status').textContent(), /Request sent/);
  await page.waitForSelector('#submitted[data-verified=verified]');
  assert.match(await page.locator('#submitted').textContent(), /Quote request received \(iframe\)Northwind Media: .*36 months\. Figures verified\./);

  // --- every snapshot, re-priced independently -------------------------------------------------
  const all = await portalEvents(page);
  // The one state that could not be priced (bot management without the WAF) says so: no snapshot.
  const unpriced = all.filter((e) => !e.detail.valid);
  assert.deepEqual(unpriced.map((e) => [e.source, e.type, e.verified, e.detail.priced, e.detail.sha256]), [['iframe', 'change', 'not priced', null, null]]);
  assert.equal(unpriced[0].detail.errors[0].code, 'requires_missing');
  const events = all.filter((e) => e.detail.valid);
  assert.ok(events.every((e) => e.verified === 'verified'), JSON.stringify(events.map((e) => [e.source, e.type, e.verified])));
  for (const event of events) {
    const priced = await assertVerifiable(event.detail, `${event.source} ${event.type}`);
    assert.equal(priced.approval, null);
    assert.equal(event.detail.quote.customer.name, 'Northwind Media', 'the portal context reached both embeds');
    assert.equal(event.detail.quote.customer.segment, 'enterprise');
  }
  const iframeSubmit = events.find((e) => e.source === 'iframe' && e.type === 'submit').detail;
  assert.equal(iframeSubmit.protocol, 'edgequote');
  assert.equal(iframeSubmit.version, 1);
  assert.equal(iframeSubmit.quote.bundle, 'enterprise');
  assert.equal(iframeSubmit.quote.term_months, 36);
  assert.match(iframeSubmit.url, new RegExp(`^${edgequote}/#quote=`), 'the frame shares links to the prospect page');
  const elementSubmit = events.find((e) => e.source === 'element' && e.type === 'submit').detail;
  assert.equal(elementSubmit.quote.bundle, 'business');

  // --- the request's contact and log record, handed to the portal and stored by it ----------------
  for (const submit of [elementSubmit, iframeSubmit]) {
    assert.deepEqual(submit.contact, TEST_CONTACT);
    assert.deepEqual(submit.log.request, TEST_CONTACT);
    assert.deepEqual(submit.log.quote, submit.quote, 'the log record is of the quote submitted');
    assert.equal(submit.log.priced.totals.net_monthly, JSON.parse(submit.priced).totals.net_monthly);
  }
  await page.waitForFunction(() => window.portalEvents.filter((e) => e.type === 'submit').every((e) => e.stored === 'stored'), null, { timeout: 20000 });
  const collected = readFileSync(demo.logsFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  assert.deepEqual(collected.map((r) => r.quote.bundle).sort(), ['business', 'enterprise'], 'the portal\'s collector has both requests');

  await page.screenshot({ path: join(screenshotDir, 'embed-portal.png'), fullPage: true });
  await page.locator('iframe').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshotDir, 'embed-iframe.png') });
  await assertNoCspViolations(session);
});

test('attributes and properties stay in sync, events leave the shadow DOM, and the host themes the element', async () => {
  const page = await session.context.newPage();
  await openPortal(page);
  await recordEvents(page);
  const state = await page.evaluate(() => {
    const element = document.getElementById('quote-element');
    const out = {};
    element.setAttribute('segment', 'smb');
    out.segmentProperty = element.segment;
    element.customerName = 'Acme Corp';
    out.nameAttribute = element.getAttribute('customer-name');
    element.mode = 'banana';
    out.modeAttribute = element.getAttribute('mode');
    element.removeAttribute('mode');
    out.defaultMode = element.mode;
    out.pricebook = element.pricebook;
    return out;
  });
  assert.deepEqual(state, {
    segmentProperty: 'smb', nameAttribute: 'Acme Corp', modeAttribute: 'prospect', defaultMode: 'prospect',
    pricebook: 'edgequote/pricebooks/edge-cdn.public.json',
  });
  await settle(page);
  // Removing `mode` restarts the element (a new session loads the book): under load the events of
  // the attribute changes before it can still be arriving. Wait for the last one to carry them.
  await page.waitForFunction(() => {
    const last = (window.__edgeQuoteEvents ?? []).filter((e) => e.type === 'quote-change').at(-1)?.detail;
    return last?.valid && last.quote.customer?.segment === 'smb' && last.quote.customer?.name === 'Acme Corp';
  }, null, { timeout: 10_000 });
  const [change] = (await recordedEvents(page, 'quote-change')).slice(-1);
  assert.ok(change.bubbles && change.composed, 'quote-change bubbles and is composed');
  assert.equal(change.target, 'EDGE-QUOTE');
  assert.equal(change.detail.quote.customer.segment, 'smb');
  assert.equal(change.detail.quote.customer.name, 'Acme Corp');
  await assertVerifiable(change.detail, 'after the attributes changed');

  // Rep mode: the rep's discount fields appear; with the public book there is still no approval.
  const element = page.locator('#quote-element');
  await page.evaluate(() => { document.getElementById('quote-element').mode = 'rep'; });
  await waitForQuote(page, '#quote-element');
  assert.ok(await element.locator('input[aria-label$="discount percent"]').count() > 0);
  assert.equal(await element.getByLabel('Segment').isVisible(), true);
  await page.evaluate(() => { document.getElementById('quote-element').mode = 'prospect'; });
  await waitForQuote(page, '#quote-element');
  assert.equal(await element.locator('input[aria-label$="discount percent"]').count(), 0);

  // A currency the book is not in is refused rather than shown as if it were.
  await page.evaluate(() => { document.getElementById('quote-element').currency = 'EUR'; });
  await page.waitForSelector('#quote-element[data-state=failed]');
  assert.match(await element.locator('.eq-status').textContent(), /in USD, and this page expects EUR/);
  await page.evaluate(() => { document.getElementById('quote-element').currency = 'USD'; });
  await waitForQuote(page, '#quote-element');

  // The portal's --eq-primary reaches the element's buttons inside the shadow root.
  const background = await element.locator('.eq-request').evaluate((button) => getComputedStyle(button).backgroundColor);
  assert.equal(background, 'rgb(79, 70, 229)');
  await page.close();
  await assertNoCspViolations(session);
});

test('a customer name containing markup is shown as text, in the element, the iframe and the portal', async () => {
  const page = await session.context.newPage();
  const name = '<img src=x onerror="window.__pwned=1">Evil & Co';
  const { frame } = await openPortal(page, `&customer=${encodeURIComponent(name)}`);
  await waitForPortalEvent(page, 'iframe', 'change');
  for (const [scope, label] of [[page, 'element'], [frame, 'iframe']]) {
    const selector = label === 'element' ? '#quote-element' : 'edge-quote';
    const shown = await scope.evaluate((s) => {
      const root = document.querySelector(s).shadowRoot;
      return {
        heading: root.querySelector('.eq-customer').textContent,
        field: root.querySelector('deal-fields input').value,
        images: root.querySelectorAll('img').length,
        pwned: window.__pwned ?? null,
      };
    }, selector);
    assert.deepEqual(shown, { heading: `Quote for ${name}`, field: name, images: 0, pwned: null }, label);
  }
  assert.equal(await page.locator('h1 [data-bind=customer]').textContent(), name);
  assert.equal(await page.locator('img').count(), 0);
  assert.ok((await page.locator('#event-log').textContent()).includes(`${name} · $`));
  await page.locator('#quote-element').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(screenshotDir, 'embed-markup-name.png') });
  await page.close();
  await assertNoCspViolations(session); // an onerror attribute that became markup would be a violation
});

test('the frame ignores messages from origins it is not configured for, and the portal ignores all but EdgeQuote', async () => {
  const { demo } = session;
  const edgequote = demo.edgequote.origin;
  rogue = await session.serveOther(ROGUE_DIR, `default-src 'self'; script-src 'self'; frame-src ${edgequote}`);

  // The portal: a forged "submit" from its own window (not EdgeQuote's origin) is dropped.
  const portal = await session.context.newPage();
  await openPortal(portal);
  const before = (await portalEvents(portal)).length;
  await portal.evaluate(() => window.postMessage({ protocol: 'edgequote', version: 1, type: 'submit', quote: { customer: { name: 'Forged' } }, priced: '{}', sha256: '0'.repeat(64) }, '*'));
  await settle(portal);
  assert.equal((await portalEvents(portal)).length, before);
  assert.equal(await portal.locator('#submitted').isVisible(), false);
  await portal.close();

  // Another site frames EdgeQuote (a deployment whose frame-ancestors is too loose) with the
  // portal's configuration, and posts an init: the frame does not listen, and never talks to it.
  allowRogueToFrame = true;
  const page = await session.context.newPage();
  await page.goto(rogue.url);
  await page.evaluate((src) => {
    window.__received = [];
    window.addEventListener('message', (event) => window.__received.push({ origin: event.origin, data: event.data }));
    document.getElementById('target').src = src;
  }, `${edgequote}/embed/frame.html?origins=${encodeURIComponent(demo.portal.origin)}`);
  const frame = await frameOf(page, /\/embed\/frame\.html/);
  await waitForQuote(frame);
  await page.evaluate(() => {
    const target = document.getElementById('target').contentWindow;
    target.postMessage({ protocol: 'edgequote', version: 1, type: 'init', context: { customerName: 'Rogue Inc', mode: 'rep' } }, '*');
  });
  await frame.locator('edge-quote').getByLabel('Web application firewall').check();
  await frame.locator('edge-quote').getByRole('button', { name: 'Request this quote' }).first().click();
  await sendRequestForm(frame.locator('edge-quote'));
  await settle(frame);
  const inside = await frame.evaluate(() => {
    const element = document.querySelector('edge-quote');
    return { embed: document.documentElement.dataset.embed, name: element.customerName, mode: element.mode, quoted: element.quote.customer.name };
  });
  assert.deepEqual(inside, { embed: 'waiting', name: '', mode: 'prospect', quoted: '' }, 'the init from another origin was ignored');
  assert.ok(await frame.locator('edge-quote .eq-fallback').isVisible(), 'with no host, the request falls back to mailto:');
  assert.deepEqual(await page.evaluate(() => window.__received), [], 'nothing was posted to the other site');
  await page.screenshot({ path: join(screenshotDir, 'embed-rogue-ignored.png') });
  await page.close();

  // With frame-ancestors as README.md says (the portal only), the other site cannot frame it at all.
  allowRogueToFrame = false;
  const blocked = await session.context.newPage();
  await blocked.goto(rogue.url);
  await blocked.evaluate((src) => { document.getElementById('target').src = src; }, `${edgequote}/embed/frame.html?origins=${encodeURIComponent(demo.portal.origin)}`);
  await blocked.waitForTimeout(1500);
  assert.ok(session.consoleMessages.some((m) => /frame-ancestors/.test(m.text) && m.url.startsWith(rogue.origin)), 'the browser refused to frame it');
  const framedReady = blocked.frames().some((f) => /\/embed\/frame\.html/.test(f.url()));
  if (framedReady) {
    const ready = await blocked.frame({ url: /\/embed\/frame\.html/ }).evaluate(() => Boolean(document.querySelector('edge-quote[data-state=ready]'))).catch(() => false);
    assert.equal(ready, false, 'EdgeQuote did not run inside the other site');
  }
  await blocked.close();
  await assertNoCspViolations(session, { allowConsole: (m) => /frame-ancestors/.test(m.text) && m.url.startsWith(rogue.origin) });
});

test('in rep mode on the internal book (the rep site), the element shows guidance and approval; prospect mode drops them', async () => {
  const rep = await session.serveOther(siteDir);
  const page = await session.context.newPage();
  await page.goto(`${rep.url}insights.html`);
  await page.evaluate(async () => {
    await import('./embed/edge-quote.js');
    const element = document.createElement('edge-quote');
    element.setAttribute('pricebook', 'pricebooks/edge-cdn.json');
    element.setAttribute('mode', 'rep');
    element.setAttribute('segment', 'f500');
    document.body.replaceChildren(element);
  });
  await waitForQuote(page);
  await recordEvents(page);
  const element = page.locator('edge-quote');
  await element.locator('guidance-panel').waitFor();
  await element.getByLabel('Monthly traffic').fill('5');
  await settle(page);
  assert.match(await element.locator('guidance-panel .approval-headline').textContent(), /approval/i);
  assert.equal(await element.locator('guidance-panel .approval-form').isVisible(), false, 'approvals are recorded in the host');
  const [repChange] = (await recordedEvents(page, 'quote-change')).slice(-1);
  assert.notEqual(JSON.parse(repChange.detail.priced).approval, null);
  await page.evaluate(() => { document.querySelector('edge-quote').mode = 'prospect'; });
  await waitForQuote(page);
  const [prospectChange] = (await recordedEvents(page, 'quote-change')).slice(-1);
  const priced = JSON.parse(prospectChange.detail.priced);
  assert.equal(priced.approval, null);
  assert.deepEqual(priced.guidance, []);
  assert.equal(await element.locator('guidance-panel').count(), 0);
  await page.close();
});
