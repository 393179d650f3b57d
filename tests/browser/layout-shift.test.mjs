// No layout shift when the panels that load after the first priced total arrive: the ramp editor,
// the scenarios, the comparison of two quotes and the outcome form (deferred-views.js), the book
// versions and the comparison with competitors' list prices. Their space is reserved (web/styles/
// configurator.css, "Reserved before the later panels load") or they sit where they move nothing
// (the outcome form above the scenarios and the comparison, which grow with their quotes; the
// competitor comparison at the end of the sidebar), so what a rep is about to click stays put.
// Measured with the Layout Instability API: every `layout-shift` entry from the start of the
// load (an init script observes before any of the page's scripts run) until everything later has
// loaded and drawn, at 1280 x 800 and 390 x 844, in three phases: the page opening at the top;
// an import right after it opens (export-import.test.mjs's sequence), then the view on the
// outcome form; the page opening with the view moved to the outcome form as soon as it is ready.
//
// The bound: the cumulative score of each phase (the sum of its entries not within 500 ms of an
// input, as Web Vitals counts) is at most MAX_CLS = 0.02, a fifth of what Web Vitals calls "good"
// (0.1) for a whole visit. A score is the share of the viewport that moves times how far it moves
// (as a share of the viewport): 0.02 is a third of the screen moving 6 % of its height once, about
// one line of text on a phone. The measured scores are far from it or zero (README, "The
// configurator"), while a panel arriving unreserved above the view scores 0.05 to 0.7, so the
// bound tells one from the other although the timing of a load varies from run to run. Saves
// screenshots/layout-shift-{desktop,phone}-{loaded,imported,loaded-at-outcome}.png.
// Run: node --test tests/browser/layout-shift.test.mjs   (after building the site)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DESKTOP, PHONE, openSite, repoRoot, screenshot, settle } from './harness.mjs';

const MAX_CLS = 0.02;

// Runs in the page before its own scripts: every layout shift, with what moved and by how much.
function watchLayoutShifts() {
  window.__layoutShifts = [];
  const describe = (node) => {
    if (!node || node.nodeType !== 1) return node ? node.nodeName : null;
    const id = node.id ? `#${node.id}` : '';
    const cls = typeof node.className === 'string' && node.className ? `.${node.className.trim().split(/\s+/).join('.')}` : '';
    const parent = node.closest('section[id], at-list-elsewhere, aside, header');
    return `${node.localName}${id}${cls}${parent && parent !== node ? ` in ${parent.localName}${parent.id ? `#${parent.id}` : ''}` : ''}`;
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.__layoutShifts.push({
        value: entry.value,
        input: entry.hadRecentInput,
        at: Math.round(entry.startTime),
        sources: (entry.sources ?? []).map((s) => ({ node: describe(s.node), fromY: Math.round(s.previousRect.y), toY: Math.round(s.currentRect.y), height: Math.round(s.currentRect.height) })),
      });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

// Everything that loads after the first priced total has come and been drawn.
async function laterPanelsLoaded(page) {
  await page.waitForSelector('quote-configurator[data-ready]', { timeout: 30000 });
  await page.waitForFunction(() => {
    const c = document.querySelector('quote-configurator');
    const elsewhere = document.querySelector('at-list-elsewhere .elsewhere-body');
    return c?.session?.versions && customElements.get('ramp-editor') && customElements.get('quote-outcome') &&
      document.querySelector('ramp-editor')?.childElementCount > 0 && elsewhere && !elsewhere.querySelector('.loading');
  }, null, { timeout: 60000 });
  // A few frames and a pause for anything they start (the comparison re-compares after typing pauses).
  for (let i = 0; i < 5; i++) await settle(page);
  await page.waitForTimeout(600);
  await settle(page);
}

const score = (shifts) => shifts.filter((s) => !s.input).reduce((sum, s) => sum + s.value, 0);
const report = (shifts) => JSON.stringify(shifts.filter((s) => !s.input).map((s) => ({ value: +s.value.toFixed(4), at: s.at, sources: s.sources })), null, 1);

// A rep who goes straight to the outcome form as the page comes up (to record a result): the view
// is moved there the moment the page is ready, before the later panels above it have loaded.
function goToOutcomeWhenReady() {
  document.addEventListener('configurator-ready', () => document.getElementById('outcome')?.scrollIntoView({ block: 'center' }), { once: true });
}

async function shiftsSince(page, name, phase) {
  const shifts = await page.evaluate(() => window.__layoutShifts.splice(0));
  await screenshot(page, `layout-shift-${name}-${phase}`);
  if (process.env.EDGEQUOTE_SHOW_SHIFTS) console.log(name, phase, score(shifts).toFixed(4), report(shifts));
  return shifts;
}

const measured = [];

for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`${name}: the later panels load, and a quote file is imported, without moving what is on screen`, async () => {
    const site = await openSite({ viewport });
    try {
      const { page } = site;
      await site.context.addInitScript(watchLayoutShifts);
      // 1. The page from the top, as it opens.
      await page.goto(site.url);
      await laterPanelsLoaded(page);
      const top = await shiftsSince(page, name, 'loaded');

      // 2. An import as soon as the page is ready (what tests/browser/export-import.test.mjs
      // does before it clicks the outcome form): the Import button clicked and a file chosen.
      // The redraw that answers the click is the rep's doing (Web Vitals leaves out shifts
      // within 500 ms of an input, and so does this score); what the later panels move after it,
      // with the view gone to the outcome form, is not.
      await page.reload();
      await page.waitForSelector('quote-configurator[data-ready]', { timeout: 30000 });
      await page.evaluate(() => window.__layoutShifts.splice(0));
      const text = await readFile(join(repoRoot, 'pricebooks/examples/enterprise-in-band.json'), 'utf8');
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('quote-toolbar').getByRole('button', { name: 'Import' }).click()]);
      await chooser.setFiles({ name: 'enterprise-in-band.json', mimeType: 'application/json', buffer: Buffer.from(text) });
      await page.locator('notice-list .notice', { hasText: 'Imported' }).waitFor({ state: 'attached', timeout: 20000 });
      await page.evaluate(() => document.getElementById('outcome').scrollIntoView({ block: 'center' }));
      await laterPanelsLoaded(page);
      const imported = await shiftsSince(page, name, 'imported');

      // 3. Again, with the view on the outcome form from the moment the page is ready.
      await site.context.addInitScript(goToOutcomeWhenReady);
      await page.reload();
      await laterPanelsLoaded(page);
      const atOutcome = await shiftsSince(page, name, 'loaded-at-outcome');
      assert.ok(await page.evaluate(() => window.scrollY > 0), 'the view moved to the outcome form');

      const answered = imported.filter((s) => s.input).reduce((sum, s) => sum + s.value, 0);
      measured.push(`${name}: ${score(top).toFixed(4)} · ${score(atOutcome).toFixed(4)} · ${score(imported).toFixed(4)} (+${answered.toFixed(4)} answering the click)`);
      console.log(`cumulative layout shift, ${measured.at(-1)} (loading at the top · loading at the outcome form · after an import)`);
      for (const [phase, shifts] of [['loading the rep page', top], ['loading with the view on the outcome form', atOutcome], ['after importing a quote file', imported]]) {
        assert.ok(score(shifts) <= MAX_CLS, `${phase} (${name}): cumulative layout shift ${score(shifts).toFixed(4)} > ${MAX_CLS}: ${report(shifts)}`);
      }
    } finally {
      await site.close();
    }
  });
}
