// Signed approvals end to end, as the "Done when" plays it: a rep builds a quote that
// needs a director and requests approval; an approver in another browser profile, whose key is
// listed in the test book (pricebooks/test-books/approvals-test.json; TEST-ONLY private keys in
// tests/node/fixtures), approves; the rep opens the token and the printed PDF (looked at as PNG
// via pdftoppm) shows the approval without DRAFT; an edit within the approved values keeps it;
// an edit past them brings DRAFT back and names the rule; every bad token keeps DRAFT. And the
// CLI gives the same verdict on the same token as the page's engine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSite, openConfigurator, settle, importQuoteFile, screenshot, screenshotDir, repoRoot, assertNoCspViolations, axeViolations } from './harness.mjs';

const testBookPath = join(repoRoot, 'pricebooks/test-books/approvals-test.json');
const testBook = readFileSync(testBookPath, 'utf8');
const keys = JSON.parse(readFileSync(join(repoRoot, 'tests/node/fixtures/approver-keys.TEST-ONLY.json'), 'utf8'));
const cli = process.env.EDGEQUOTE_CLI ?? join(repoRoot, 'build/native/core/edgequote');
const example = JSON.parse(readFileSync(join(repoRoot, 'pricebooks/examples/enterprise-in-band.json'), 'utf8'));
// 25% off on top of the in-band example: 22.67% discretionary, a director's call (tests/node/approvals.test.mjs).
const quote = { ...example, customer: { name: 'Northwind Media', segment: 'enterprise' }, discount_pct: '25' };

let rep;
let approver;

// Both browser profiles price with the test book, served where the sample book is.
async function useTestBook(context) {
  await context.route('**/pricebooks/edge-cdn.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: testBook }));
}

before(async () => {
  rep = await openSite();
  approver = await openSite();
  await useTestBook(rep.context);
  await useTestBook(approver.context);
  await openConfigurator(rep.page, rep.url);
});
after(async () => {
  await rep?.close();
  await approver?.close();
});

async function importQuote(page, value) {
  await importQuoteFile(page, 'quote.json', JSON.stringify(value));
}

async function print(page, name) {
  await page.evaluate(() => document.querySelector('quote-configurator').drawDeferredViews());
  const pdf = join(screenshotDir, `${name}.pdf`);
  await page.pdf({ path: pdf, format: 'Letter', printBackground: true });
  execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', pdf, join(screenshotDir, name)]);
  return execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
}

const status = (page) => page.locator('approval-panel').getAttribute('data-status');
async function waitForStatus(page, wanted) {
  await page.waitForFunction((s) => document.querySelector('approval-panel')?.dataset.status === s, wanted, { timeout: 20000 });
}

async function setQuoteDiscount(page, value) {
  await page.locator('priced-lines').getByLabel('Quote discount').fill(value);
  await settle(page);
}

async function pasteToken(page, token) {
  const panel = page.locator('approval-panel');
  await panel.getByLabel(/Signed approval/).fill(token);
  await panel.getByRole('button', { name: 'Verify and add' }).click();
}

let goodToken;

test('a rep requests approval, an approver in another browser signs it, and the printed quote is approved', async () => {
  const page = rep.page;
  await importQuote(page, quote);
  await waitForStatus(page, 'open');
  let text = await print(page, 'approval-e2e-draft');
  assert.match(text, /DRAFT/);

  // Request approval: a link for the approver.
  await page.locator('approval-panel').getByRole('button', { name: 'Request approval' }).click();
  const link = page.locator('approval-panel').getByLabel(/Approval request link/);
  await link.waitFor();
  const requestUrl = await link.inputValue();
  assert.match(requestUrl, /\/approve\.html#request=/);
  assert.match(await page.locator('approval-panel a', { hasText: 'Email it' }).getAttribute('href'), /^mailto:\?subject=Approval%20needed/);
  // Copy link puts that very link on the clipboard and says so.
  await rep.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(rep.url).origin });
  const copy = page.locator('approval-panel').getByRole('button', { name: 'Copy link' });
  await copy.click();
  await page.locator('approval-panel').getByRole('button', { name: 'Copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), requestUrl);

  // The approver: a key listed in the test book, kept non-extractable in IndexedDB.
  const desk = approver.page;
  await desk.goto(`${approver.url}approve.html`);
  await desk.waitForSelector('approval-desk[data-ready]', { timeout: 20000 });
  await desk.evaluate(async (jwk) => {
    const { storeKey } = await import('./approve/approver-keys.js');
    const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
    const privateKey = await crypto.subtle.importKey('jwk', jwk, algorithm, false, ['sign']);
    const { d, ...publicJwk } = jwk;
    const publicKey = await crypto.subtle.importKey('jwk', publicJwk, algorithm, true, ['verify']);
    await storeKey({ privateKey, publicKey });
  }, keys.approvers['test.director'].private_jwk);
  await desk.goto('about:blank');  // a fresh load: the page reads the stored key on start
  await desk.goto(`${approver.url}approve.html${new URL(requestUrl).hash}`);
  await desk.waitForSelector('approval-desk[data-ready]', { timeout: 20000 });
  assert.match(await desk.locator('.key-status').first().textContent(), /signs as Test Director \(test key\) \(Director\)/);
  assert.equal(await desk.locator('[data-check=book]').getAttribute('class'), 'ok');
  assert.equal(await desk.locator('[data-check=snapshot]').getAttribute('class'), 'ok');
  assert.ok(await desk.locator('[data-role=fired-rules] tr[data-rule="discount-over-20"]').count());
  await desk.getByLabel(/Comment/).fill('Renewal, matches last year.');
  await screenshot(desk, 'approval-e2e-approver', { fullPage: true });
  assert.deepEqual(await axeViolations(desk), [], 'the approver page passes axe (WCAG 2 A/AA)');
  await desk.getByRole('button', { name: 'Approve and sign' }).click();
  const tokenBox = desk.locator('#approval-token');
  await tokenBox.waitFor();
  goodToken = await tokenBox.inputValue();
  assert.match(goodToken, /^eqa1\./);
  // The private key cannot leave the approver's browser.
  assert.equal(await desk.evaluate(async () => {
    const { loadKey } = await import('./approve/approver-keys.js');
    const key = await loadKey();
    return key.privateKey.extractable;
  }), false);

  // Back on the rep page: the token opens as a link.
  await page.goto(`${rep.url}index.html#approval=${goodToken}`);
  await page.waitForSelector('quote-configurator[data-ready]', { timeout: 20000 });
  await waitForStatus(page, 'approved');
  await page.locator('approval-panel').screenshot({ path: join(screenshotDir, 'approval-e2e-rep-approved.png') });
  assert.match(await page.locator('approval-panel .approval-status').textContent(), /Approved: Test Director \(test key\) \(Director\)/);
  text = await print(page, 'approval-e2e-approved');
  assert.doesNotMatch(text, /DRAFT/);
  assert.match(text, /Approved by Test Director \(test key\) \(Director\), \w+ \d+, \d{4}, verification code [0-9A-Z]{4}-[0-9A-Z]{4}/);
  assert.ok(existsSync(join(screenshotDir, 'approval-e2e-approved-1.png')));
  // The customer copy carries nothing internal; the deal desk copy says it is internal and keeps it.
  assert.doesNotMatch(text, /DEAL DESK|margin|floor|cost|discount-over|within the rep/i);
  await page.evaluate(() => {
    const configurator = document.querySelector('quote-configurator');
    configurator.printCopy = 'internal';
    configurator.render();
  });
  const internal = await print(page, 'approval-e2e-deal-desk');
  assert.match(internal, /DEAL DESK COPY: internal/);
  assert.match(internal, /discount-over-20 \(Director\): [\d.]+ vs > 20: covered by test\.director/);
  assert.match(internal, /Margin [\d.]+%/);
  await page.evaluate(() => {
    const configurator = document.querySelector('quote-configurator');
    configurator.printCopy = 'customer';
    configurator.render();
  });
});

test('smart re-approval: an edit within the approved values keeps it, an edit past them brings DRAFT back and names the rule', async () => {
  const page = rep.page;
  await setQuoteDiscount(page, '24');
  await waitForStatus(page, 'approved');
  assert.doesNotMatch(await print(page, 'approval-e2e-within'), /DRAFT/);

  await setQuoteDiscount(page, '27');
  await waitForStatus(page, 'open');
  const open = page.locator('approval-panel [data-open-rule="discount-over-20"]');
  assert.equal(await open.getAttribute('data-code'), 'approval_value_moved');
  assert.match(await open.textContent(), /discount-over-20 is now [\d.]+; Test Director \(test key\) approved 22\.67/);
  assert.match(await print(page, 'approval-e2e-past'), /DRAFT/);
  await page.locator('approval-panel').screenshot({ path: join(screenshotDir, 'approval-e2e-past-panel.png') });

  await setQuoteDiscount(page, '25');
  await waitForStatus(page, 'approved');
});

test('the CLI gives the same verdict on the same token as the page', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgequote-e2e-'));
  const quoteFile = join(dir, 'quote.json');
  writeFileSync(quoteFile, JSON.stringify(quote));
  const result = spawnSync(cli, ['verify', testBookPath, quoteFile, goodToken], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const inPage = await rep.page.evaluate(async ({ quote, token }) => {
    const { loadApprovals } = await import('./engine/approvals.js');
    const approvals = await loadApprovals();
    const book = await approvals.loadPricebook(await (await fetch('pricebooks/edge-cdn.json')).text());
    return approvals.verify(book, quote, [token], { text: true });
  }, { quote, token: goodToken });
  assert.equal(inPage, result.stdout.trimEnd());
});

test('every bad token is refused with a reason and keeps DRAFT', async () => {
  const page = rep.page;
  // Without the good token the quote is open again.
  await page.locator('approval-panel [data-remove-approval="0"]').click();
  await waitForStatus(page, 'open');
  const bad = await page.evaluate(async ({ quote, keys, bookText }) => {
    const { loadApprovals } = await import('./engine/approvals.js');
    const approvals = await loadApprovals();
    const book = await approvals.loadPricebook(bookText);
    const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
    const key = (jwk) => crypto.subtle.importKey('jwk', jwk, algorithm, false, ['sign']);
    const b64 = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const fromB64 = (text) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4)), (c) => c.charCodeAt(0));
    const signWith = async (statement, jwk) => {
      const bytes = new TextEncoder().encode(statement);
      const signature = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, await key(jwk), bytes));
      return `eqa1.${b64(bytes)}.${b64(signature)}`;
    };
    const time = '2026-12-06T15:46:09Z';
    const director = keys.approvers['test.director'].private_jwk;
    const good = await approvals.sign(book, quote, { approver: 'test.director', privateKey: await key(director), time });
    const statement = JSON.parse(good.statement);
    const [, , signature] = good.token.split('.');
    const raised = { ...statement, rules: statement.rules.map((r) => ({ ...r, value: '40' })) };
    const nextBook = await approvals.loadPricebook(bookText.replace('"version": "2026.11.0"', '"version": "2026.12.0"'));
    const otherCustomer = { ...quote, customer: { ...quote.customer, name: 'Someone Else Inc' } };
    return {
      'a forged token (edited after signing)': `eqa1.${b64(new TextEncoder().encode(JSON.stringify(raised)))}.${signature}`,
      'a token signed over another quote': `${good.token.split('.').slice(0, 2).join('.')}.${(await approvals.sign(book, otherCustomer, { approver: 'test.director', privateKey: await key(director), time })).token.split('.')[2]}`,
      'a key not in the book': await signWith(good.statement, keys.not_in_any_book.private_jwk),
      'a manager signing a director rule': await signWith(JSON.stringify({ ...statement, approver: 'test.manager' }), keys.approvers['test.manager'].private_jwk),
      'a token for another customer': (await approvals.sign(book, otherCustomer, { approver: 'test.director', privateKey: await key(director), time })).token,
      'a token for another book version': (await approvals.sign(nextBook, { ...quote, pricebook: { id: 'edge-cdn', version: '2026.12.0' } }, { approver: 'test.director', privateKey: await key(director), time })).token,
      'a malformed token': 'eqa1.this-is-not.a-token',
      'a typed-in approval': 'Dana Whitfield, Director',
      'an oversized token': `eqa1.${'A'.repeat(9000)}.${signature}`,
      _unused: fromB64('AAAA').length,
    };
  }, { quote, keys, bookText: testBook });
  delete bad._unused;
  const expected = {
    'a forged token (edited after signing)': /signature does not match/,
    'a token signed over another quote': /signature does not match/,
    'a key not in the book': /signature does not match/,
    'a manager signing a director rule': /approves up to manager/,
    'a token for another customer': /Given for "Someone Else Inc"/,
    'a token for another book version': /Given under edge-cdn 2026\.12\.0/,
    'a malformed token': /damaged in transit|a P-256 signature is 64/,
    'a typed-in approval': /not an EdgeQuote approval token/,
    'an oversized token': /at most 8192/,
  };
  for (const [label, token] of Object.entries(bad)) {
    await page.evaluate(() => {
      const configurator = document.querySelector('quote-configurator');
      configurator.notices = [];
      configurator.render();
    });
    await pasteToken(page, token);
    await page.waitForFunction(() => /Signed approval refused/.test(document.querySelector('notice-list').textContent), null, { timeout: 20000 });
    const notice = await page.locator('notice-list').textContent();
    assert.match(notice, /Signed approval refused/, label);
    assert.match(notice, expected[label], `${label}: ${notice}`);
    assert.equal(await status(page), 'open', label);
    assert.equal(await page.locator('approval-panel [data-remove-approval]').count(), 0, `${label}: nothing was added`);
  }
  assert.match(await print(page, 'approval-e2e-bad-tokens'), /DRAFT/);
  await assertNoCspViolations(rep);
  await assertNoCspViolations(approver);
});

// A quote too large for a link (past 16,000 characters of request: ~150 lines) can still be
// approved: the request goes as a file, which the approver opens on the approval page. The
// director's quote of the first test with its HTTPS requests (2,000 M) entered as 250 lines of
// 8 M: the same charges and costs (a per-unit price and cost), so the director can sign it.
test('a quote too large for a link is sent as a request file, opened by the approver, signed and verified', async () => {
  const page = rep.page;
  const requests = quote.lines.find((line) => line.sku === 'requests-https');
  assert.equal(requests.quantity, '2000');
  const lines = quote.lines.flatMap((line) => (line !== requests ? [line] : Array.from({ length: 250 }, () => ({ ...line, quantity: '8' }))));
  const big = { ...quote, customer: { name: 'Large Approvals Co', segment: 'enterprise' }, lines };
  assert.equal(lines.length, 254);
  await importQuote(page, big);
  await waitForStatus(page, 'open');
  const panel = page.locator('approval-panel');
  await panel.getByRole('button', { name: 'Request approval' }).click();
  const save = panel.getByRole('button', { name: 'Download request file' });
  await save.waitFor();
  assert.equal(await panel.getByLabel(/Approval request link/).count(), 0, 'no link that would be cut short');
  assert.match(await panel.locator('[data-request-file]').textContent(), /too large for a link \(254 lines\)/);
  assert.match(decodeURIComponent(await panel.locator('a', { hasText: 'Email the approver' }).getAttribute('href')), /the attached file Large-Approvals-Co\.approval-request\.json: open it on http.*approve\.html/);
  const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
  assert.equal(download.suggestedFilename(), 'Large-Approvals-Co.approval-request.json');
  const text = readFileSync(await download.path(), 'utf8');
  const file = JSON.parse(text);
  assert.equal(file.format, 'edgequote.approval-request');
  assert.equal(file.request.quote.lines.length, 254);
  await panel.locator('[data-request-file]').scrollIntoViewIfNeeded();
  await screenshot(page, 'approval-request-file');

  // The approver (the key stored by the first test) opens the file on the approval page.
  const desk = approver.page;
  await desk.goto(`${approver.url}approve.html`);
  await desk.waitForSelector('approval-desk[data-ready]', { timeout: 20000 });
  await desk.getByLabel(/Open a request file/).setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: Buffer.from(text) });
  await desk.locator('[data-check=snapshot]').waitFor({ timeout: 20000 });
  assert.equal(await desk.locator('[data-check=book]').getAttribute('class'), 'ok');
  assert.equal(await desk.locator('[data-check=snapshot]').getAttribute('class'), 'ok', 'the approver prices the 254 lines byte for byte as the rep did');
  assert.equal(await desk.locator('#approval-request table.lines-table tbody tr').count() >= 254, true);
  await desk.locator('.request-file').scrollIntoViewIfNeeded();
  await screenshot(desk, 'approval-request-file-approver');
  await desk.getByRole('button', { name: 'Approve and sign' }).click();
  await desk.locator('#approval-token, .approval-result .notice').first().waitFor();
  assert.equal(await desk.locator('.approval-result .notice').count(), 0, await desk.locator('.approval-result').textContent());
  const token = await desk.locator('#approval-token').inputValue();
  assert.match(token, /^eqa1\./);

  // Back on the rep page: the token pasted, the quote approved.
  await pasteToken(page, token);
  await waitForStatus(page, 'approved');

  // A damaged or foreign file is refused with why, and a link still opens as before.
  await desk.getByLabel(/Open a request file/).setInputFiles({ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from(text.slice(0, 500)) });
  await desk.getByText('The file is not an approval request (it is not JSON). Ask the rep to send the request file again.').waitFor();
  await desk.getByLabel(/Open a request file/).setInputFiles({ name: 'quote.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(big)) });
  await desk.getByText(/is not an approval request from the rep page/).waitFor();
  await desk.getByLabel(/Open a request file/).setInputFiles({ name: 'odd.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ format: 'edgequote.approval-request', request: { v: 1, quote: null } })) });
  await desk.getByText('The approval request file is not usable (no quote).').waitFor();
  assert.deepEqual(await axeViolations(desk), [], 'the approver page with a request file passes axe');
  await assertNoCspViolations(approver);
});
