// The quote session behind both pages (web/lib/quote-session.js): views ask for changes with
// events that carry data (an edit's name and its values, never a function), an unknown edit or
// command name is an error rather than a silent no-op, and a quote refused at the door leaves the
// last good state as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSite, openConfigurator, settle, currentQuote, textOf } from './harness.mjs';

let site;
before(async () => {
  site = await openSite();
  await openConfigurator(site.page, site.url);
});
after(async () => {
  await site?.close();
});

test('every edit a view asks for is data: the event detail survives structured cloning', async () => {
  const { page } = site;
  const details = await page.evaluate(() => {
    window.seenEdits = [];
    const app = document.querySelector('quote-configurator');
    const keep = (event) => window.seenEdits.push(event.detail);
    app.addEventListener('quote-edit', keep);
    app.addEventListener('record-edit', keep);
    return true;
  });
  assert.ok(details);
  await page.getByLabel('Monthly traffic').fill('42');
  await page.locator('deal-fields').getByLabel('Term').selectOption('24');
  await page.getByRole('checkbox', { name: 'Web application firewall', exact: true }).check();
  await page.locator('quote-toolbar').getByLabel('Quote title').fill('Data, not functions');
  await settle(page);
  const seen = await page.evaluate(() => window.seenEdits.map((detail) => {
    structuredClone(detail); // throws DataCloneError on a function
    return detail.edit;
  }));
  for (const name of ['traffic', 'term', 'feature', 'title']) assert.ok(seen.includes(name), `${name} in ${seen}`);
  const quote = await currentQuote(page);
  assert.equal(quote.term_months, 24);
  assert.equal(quote.lines[0].quantity, '42');
});

test('an unknown edit or command name is an error, and the quote is unchanged', async () => {
  const { page } = site;
  const before = await currentQuote(page);
  const errors = [];
  const listener = (error) => errors.push(error.message);
  page.on('pageerror', listener);
  await page.evaluate(() => {
    const view = document.querySelector('deal-fields');
    const send = (type, detail) => view.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail }));
    send('quote-edit', { edit: 'set-everything-free' });
    send('record-edit', { edit: 'toString' });
    send('quote-command', { command: 'launch' });
  });
  await settle(page);
  page.off('pageerror', listener);
  assert.ok(errors.some((m) => /unknown quote edit "set-everything-free"/.test(m)), errors.join('; '));
  assert.ok(errors.some((m) => /unknown record edit "toString"/.test(m)), errors.join('; '));
  assert.ok(errors.some((m) => /unknown command "launch"/.test(m)), errors.join('; '));
  assert.deepEqual(await currentQuote(page), before);
});

test('a quote refused at the door keeps the last good state and says why', async () => {
  const { page } = site;
  const before = await currentQuote(page);
  const net = await textOf(page, 'price-totals output[data-total=net_monthly]');
  await page.evaluate(() => document.querySelector('quote-configurator')
    .importText(JSON.stringify({ customer: {}, term_months: 12, lines: [null] }), 'broken.json'));
  await settle(page);
  assert.deepEqual(await currentQuote(page), before);
  assert.equal(await textOf(page, 'price-totals output[data-total=net_monthly]'), net);
  // Refused at the import's door (web/lib/inbound.js), with where.
  assert.match(await textOf(page, 'notice-list .notice:last-child'), /Could not import broken\.json: A quote line must be an object, not null\. \(at \/lines\/0\)/);
});

// A quote the session let in (admit's copy) or made (an edit) is its own and never changed once
// made, so opening it again (a saved quote picked from the list) is neither checked nor copied
// again (60-200 ms at 20,000 lines); any other object is checked, even one that looks the same.
test('a quote the session let in or made opens again as it is; any other object is checked and copied', async () => {
  const { page } = site;
  const result = await page.evaluate(async () => {
    const { session } = document.querySelector('quote-configurator');
    const outside = structuredClone(session.quote);
    const first = session.admit(outside);
    const again = session.admit(first.quote);
    await session.edit('customer-name', { name: 'Own Quote Media' });
    const edited = session.admit(session.quote);
    // Changed in place after it was let in (which nothing in the page does): not trusted, since
    // a copy made from it is a new object.
    const tampered = { ...first.quote, lines: [null] };
    const refused = session.admit(tampered, { notify: false });
    return {
      copied: first.ok && first.quote !== outside,
      sameAgain: again.ok && again.quote === first.quote,
      editedSame: edited.ok && edited.quote === session.quote,
      refused: refused.ok === false && refused.path,
    };
  });
  assert.deepEqual(result, { copied: true, sameAgain: true, editedSame: true, refused: '/lines/0' });
});
