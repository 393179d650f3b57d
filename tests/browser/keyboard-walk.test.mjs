// A keyboard-only walk through the rep page and the prospect page, at desktop (1280) and phone
// (390) widths: Tab from the skip link through the whole page, as someone without a mouse would,
// and check that every control a quote needs is reached, in the order the page reads, visible when
// reached, and that it works from the keyboard (Enter, Space, the arrow keys). axe cannot see any
// of this: a control left out of the Tab order passes every automated rule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSite, openConfigurator, DESKTOP, PHONE, screenshot } from './harness.mjs';
import { openDemo, waitForQuote } from './embedding.mjs';

let rep;
let prospect;
before(async () => {
  rep = await openSite();
  prospect = await openDemo();
});
after(async () => {
  await rep?.close();
  await prospect?.close();
});

// The focused control, looking inside shadow roots: its accessible label, and where it is.
async function focused(page) {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element || element === document.body) return null;
    // Marked once, so the walk knows when it has come round.
    window.__walkNext = (window.__walkNext ?? 0) + 1;
    if (!element.dataset.walkId) element.dataset.walkId = String(window.__walkNext);
    const label = (element.getAttribute('aria-label') ?? element.labels?.[0]?.textContent ?? element.textContent ?? '')
      .replace(/\s+/g, ' ').trim();
    const box = element.getBoundingClientRect();
    return {
      id: element.dataset.walkId,
      label,
      tag: element.localName,
      type: element.getAttribute('type') ?? '',
      visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
    };
  });
}

// Tab from the skip link until focus comes back round (or `max` stops).
async function walk(page, max = 220) {
  await page.focus('.skip-link');
  const stops = [await focused(page)];
  const seen = new Set([stops[0].id]);
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const stop = await focused(page);
    if (!stop) continue; // the document itself, between the last control and the first
    if (seen.has(stop.id)) break;
    seen.add(stop.id);
    stops.push(stop);
  }
  return stops;
}

// Each expected label (string or RegExp) found after the one before it.
function assertInOrder(stops, expected, what) {
  const labels = stops.map((s) => s.label);
  let from = 0;
  for (const want of expected) {
    const at = labels.findIndex((label, i) => i >= from && (want instanceof RegExp ? want.test(label) : label === want));
    assert.ok(at >= 0, `${what}: Tab never reaches "${want}" after "${labels[from - 1] ?? '(start)'}". Reached, in order: ${labels.join(' | ')}`);
    from = at + 1;
  }
}

async function tabUntil(page, label, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const stop = await focused(page);
    if (stop && (label instanceof RegExp ? label.test(stop.label) : stop.label === label)) return stop;
  }
  throw new Error(`Tab never reached "${label}"`);
}

async function pause(page) {
  await page.evaluate(() => new Promise((done) => setTimeout(done, 80)));
}

const repQuote = (page) => page.evaluate(() => document.querySelector('quote-configurator').quote);
const prospectQuote = (page) => page.evaluate(() => document.querySelector('edge-quote').quote);

// What a quote needs, in the order the page reads: deal, traffic (presets, each region's share
// and its slider, the mix presets), requests, features.
const TRAFFIC_WALK = [
  'Monthly traffic', 'Traffic unit', '1 TB',
  'North America', 'North America share', 'Europe', 'Europe share', 'Asia-Pacific', 'Asia-Pacific share',
  'NA only', /^HTTPS requests a month$/, 'Web application firewall', 'Bot management',
];

// Presets, a slider and a feature, used from the keyboard only.
async function useTrafficFromKeyboard(page, readQuote) {
  await tabUntil(page, '1 TB');
  await page.keyboard.press('ArrowRight');
  assert.equal((await focused(page)).label, '10 TB', 'the arrow keys move along the traffic presets');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await pause(page);
  let quote = await readQuote(page);
  assert.deepEqual([quote.lines[0].quantity, quote.lines[0].unit], ['60', 'TB'], 'Enter picks the focused preset');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');
  await pause(page);
  quote = await readQuote(page);
  assert.equal(quote.lines[0].quantity, '250', 'Space picks it too');

  // One Tab stop per preset row: the next Tab leaves the row.
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).label, 'North America');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).label, 'North America share');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await pause(page);
  quote = await readQuote(page);
  assert.equal(quote.lines[0].region_mix.na, '98', 'the arrow keys move the region slider');

  await tabUntil(page, 'NA only');
  await page.keyboard.press('ArrowRight');
  assert.equal((await focused(page)).label, '70 / 20 / 10');
  await page.keyboard.press('Enter');
  await pause(page);
  quote = await readQuote(page);
  assert.deepEqual(quote.lines[0].region_mix, { na: '70', eu: '20', apac: '10' });

  await tabUntil(page, 'Web application firewall');
  await page.keyboard.press('Space');
  await pause(page);
  quote = await readQuote(page);
  assert.ok(quote.lines.some((line) => line.sku === 'waf'), 'Space ticks a feature');
}

for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`the rep page can be walked and used with the keyboard alone at ${name} width (${viewport.width} px)`, async (t) => {
    const { page } = rep;
    await page.setViewportSize(viewport);
    await openConfigurator(page, rep.url);
    await page.keyboard.press('Alt+n');
    await pause(page);
    const stops = await walk(page);
    t.diagnostic(`Tab reaches, in order: ${stops.map((s) => s.label).join(' | ')}`);
    assertInOrder(stops, [
      'Skip to the quote', 'Quote title', 'New', /^Saved/, 'Share link', /^Export JSON/, /^Export CSV/, 'Import', 'Print',
      'Keyboard shortcuts',
      'Customer', 'Segment', 'Bundle', 'Term', ...TRAFFIC_WALK, 'Quote discount',
    ], `rep page at ${viewport.width} px`);
    const hidden = stops.filter((s) => !s.visible).map((s) => s.label);
    assert.deepEqual(hidden, [], 'every control is in view when Tab reaches it');
    assert.equal(stops.filter((s) => /^\d+ (TB|PB)$/.test(s.label)).length, 1, 'the traffic presets are one Tab stop');

    // Skip link: Enter jumps to the quote.
    await page.focus('.skip-link');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).label, 'Customer');
    await useTrafficFromKeyboard(page, repQuote);

    // The shortcuts list from its button, and Escape closes it.
    await page.focus('.skip-link');
    await tabUntil(page, 'Keyboard shortcuts');
    await page.keyboard.press('Enter');
    await page.locator('shortcut-help dialog[open]').waitFor();
    await screenshot(page, `keyboard-walk-rep-${name}-shortcuts`);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('shortcut-help dialog[open]').count(), 0);
    await screenshot(page, `keyboard-walk-rep-${name}`);
  });

  test(`the prospect page can be walked and used with the keyboard alone at ${name} width (${viewport.width} px)`, async (t) => {
    const { page } = prospect;
    await page.setViewportSize(viewport);
    await page.goto(prospect.demo.edgequote.url);
    await waitForQuote(page);
    const stops = await walk(page);
    t.diagnostic(`Tab reaches, in order: ${stops.map((s) => s.label).join(' | ')}`);
    assertInOrder(stops, [
      'Skip to the configurator', 'Pricing', 'Customer', 'Bundle', 'Term', ...TRAFFIC_WALK, 'Request this quote', 'Share link',
    ], `prospect page at ${viewport.width} px`);
    const hidden = stops.filter((s) => !s.visible).map((s) => s.label);
    assert.deepEqual(hidden, [], 'every control is in view when Tab reaches it');

    // The skip link leads into the configurator itself.
    await page.focus('.skip-link');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).label, 'Customer');
    await useTrafficFromKeyboard(page, prospectQuote);
    await screenshot(page, `keyboard-walk-prospect-${name}`);
  });
}

test('"?" opens a dialog listing every keyboard shortcut, and typing "?" in a field does not', async () => {
  const { page } = rep;
  await page.setViewportSize(DESKTOP);
  await openConfigurator(page, rep.url);
  // The page opens with the caret in the customer field: "?" there is a character.
  await page.keyboard.type('Who?');
  assert.equal(await page.locator('shortcut-help dialog[open]').count(), 0);
  assert.equal((await repQuote(page)).customer.name, 'Who?');

  await page.locator('deal-fields').getByLabel('Customer', { exact: true }).blur();
  await page.keyboard.press('Shift+Slash'); // "?" on a US keyboard
  const dialog = page.locator('shortcut-help dialog[open]');
  await dialog.waitFor();
  assert.equal(await dialog.evaluate((d) => d.localName === 'dialog' && d.matches(':modal')), true, 'a native modal dialog');
  const rows = await dialog.locator('dt').evaluateAll((dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent]));
  const keys = Object.fromEntries(rows);
  assert.equal(keys['Alt+N'], 'New quote');
  assert.equal(keys['Alt+O'], 'Open a saved quote');
  assert.equal(keys['Alt+S'], 'Copy a link to this quote');
  assert.equal(keys['Alt+P'], 'Print or save as PDF');
  assert.equal(keys['?'], 'Show this list of shortcuts');
  await screenshot(page, 'shortcuts-dialog');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('shortcut-help dialog[open]').count(), 0);

  // The visible button opens it too.
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
  assert.equal(await page.locator('shortcut-help dialog[open]').count(), 0);
});
