// Signed approvals end to end outside the browser: tokens signed with WebCrypto (Node's) through
// the approvals module, verified by `edgequote verify` (OpenSSL's libcrypto) and by the module
// (WebCrypto again): same verdict, byte for byte, on every token, good or bad.
// The private keys are test fixtures (tests/node/fixtures/approver-keys.TEST-ONLY.json), listed
// in pricebooks/test-books/approvals-test.json only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliPath, sourceDir, wasmDir } from './support.mjs';

const { createApprovals, utcSeconds } = await import(pathToFileURL(join(sourceDir, 'web/engine/approvals.js')));
const approvals = await createApprovals({
  moduleUrl: pathToFileURL(join(wasmDir, 'edgequote-approvals.mjs')),
  wasmBinary: await readFile(join(wasmDir, 'edgequote-approvals.wasm')),
});

const bookPath = join(sourceDir, 'pricebooks/test-books/approvals-test.json');
const bookText = readFileSync(bookPath, 'utf8');
const book = await approvals.loadPricebook(bookText);
const fixtures = JSON.parse(readFileSync(join(sourceDir, 'tests/node/fixtures/approver-keys.TEST-ONLY.json'), 'utf8'));
const importPrivate = (jwk) => crypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
const keys = {
  manager: await importPrivate(fixtures.approvers['test.manager'].private_jwk),
  director: await importPrivate(fixtures.approvers['test.director'].private_jwk),
  vp: await importPrivate(fixtures.approvers['test.vp'].private_jwk),
  outsider: await importPrivate(fixtures.not_in_any_book.private_jwk),
};

const base = JSON.parse(readFileSync(join(sourceDir, 'pricebooks/examples/enterprise-in-band.json'), 'utf8'));
// Quote-level discounts on the in-band example: discretionary discount past 10 / 20 / 30 %.
const quoteAt = (discount, customer = base.customer.name) => ({ ...base, customer: { ...base.customer, name: customer }, discount_pct: discount });
const time = '2026-12-06T15:46:09Z';

const dir = mkdtempSync(join(tmpdir(), 'edgequote-approvals-'));
let files = 0;
function write(name, content) {
  const path = join(dir, `${files++}-${name}`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

// `edgequote verify` on a quote and tokens: its status, JSON and exit code.
function cliVerify(quote, tokens, bookFile = bookPath) {
  const result = spawnSync(cliPath, ['verify', bookFile, write('quote.json', quote), ...tokens], { encoding: 'utf8' });
  return { status: result.status, text: result.stdout.trimEnd(), json: result.stdout ? JSON.parse(result.stdout) : null, stderr: result.stderr };
}

// Both verifiers on the same inputs: the same bytes; returns the verdict.
async function bothVerify(quote, tokens) {
  const cli = cliVerify(quote, tokens);
  const wasm = await approvals.verify(book, quote, tokens, { text: true });
  assert.equal(wasm, cli.text, 'the browser engine and the CLI give the same verdict, byte for byte');
  assert.equal(cli.status, cli.json.status === 'open' ? 3 : 0, 'exit 3 exactly when not approved');
  return cli;
}

const sign = (quote, approver, key, options = {}) =>
  approvals.sign(book, quote, { approver, privateKey: key, time, comment: 'test approval', ...options }).then((s) => s.token);

// A statement assembled by hand (as a forger would) from one the engine made: the engine's
// canonical form is JSON.stringify of its parse (strings only, no spaces, keys in order).
async function forge(statement, change, key) {
  const edited = JSON.parse(statement);
  change(edited);
  const bytes = new TextEncoder().encode(JSON.stringify(edited));
  const signature = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, bytes));
  const b64 = (b) => Buffer.from(b).toString('base64url');
  return `eqa1.${b64(bytes)}.${b64(signature)}`;
}

// A real token whose statement is edited while its signature is kept.
function editedAfterSigning(token, change) {
  const [prefix, payload, signature] = token.split('.');
  const statement = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  change(statement);
  return `${prefix}.${Buffer.from(JSON.stringify(statement)).toString('base64url')}.${signature}`;
}

test('the quotes used here need manager, director and vp', () => {
  const level = (q) => JSON.parse(approvals.priceCanonical(book, q)).approval.level;
  assert.equal(level(quoteAt('0')), 'rep');
  assert.equal(level(quoteAt('15')), 'manager');
  assert.equal(level(quoteAt('25')), 'director');
  assert.equal(level(quoteAt('36')), 'vp');
});

test('a director approves a director quote: approved by the CLI and the module alike', async () => {
  const token = await sign(quoteAt('25'), 'test.director', keys.director);
  const verdict = await bothVerify(quoteAt('25'), [token]);
  assert.equal(verdict.status, 0, verdict.stderr);
  assert.equal(verdict.json.status, 'approved');
  assert.ok(verdict.json.rules.every((r) => r.covered && r.by.includes('test.director')));
  assert.equal(verdict.json.approvals[0].same_quote, true);
  assert.match(verdict.json.approvals[0].verification_code, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  // From a file too (@FILE, one token per line, as pasted with a trailing newline).
  assert.equal(cliVerify(quoteAt('25'), [`@${write('token.txt', `${token}\n`)}`]).status, 0);
});

test('smart re-approval: an edit within the approved values keeps it, an edit past them opens the rule', async () => {
  const token = await sign(quoteAt('25'), 'test.director', keys.director);
  const within = await bothVerify(quoteAt('24'), [token]);
  assert.equal(within.json.status, 'approved');
  assert.equal(within.json.approvals[0].same_quote, false);
  const past = await bothVerify(quoteAt('26'), [token]);
  assert.equal(past.status, 3);
  const open = past.json.rules.find((r) => !r.covered);
  assert.equal(open.code, 'approval_value_moved');
  assert.match(past.stderr, /not approved/);
});

test('every bad token is refused with its reason and leaves the quote unapproved', async () => {
  const director = await approvals.statement(book, quoteAt('25'), { approver: 'test.director', time, comment: '' });
  const goodFor15 = await sign(quoteAt('15'), 'test.director', keys.director);
  const goodFor25 = await sign(quoteAt('25'), 'test.director', keys.director);
  // Another book version: the same book with another version, signed there.
  const nextText = bookText.replace('"version": "2026.11.0"', '"version": "2026.12.0"');
  assert.notEqual(nextText, bookText);
  const nextBook = await approvals.loadPricebook(nextText);
  const nextQuote = { ...quoteAt('25'), pricebook: { id: 'edge-cdn', version: '2026.12.0' } };
  const otherVersion = (await approvals.sign(nextBook, nextQuote, { approver: 'test.director', privateKey: keys.director, time })).token;
  const vpQuote = quoteAt('36');
  const vpRules = JSON.parse(approvals.priceCanonical(book, vpQuote)).approval.fired.map((r) => ({ rule: r.rule, level: r.level, value: r.value }));
  const vpHash = await approvals.quoteSha256(book, vpQuote);
  const cases = [
    ['forged: the signature of another quote spliced onto this one', `${goodFor25.split('.').slice(0, 2).join('.')}.${goodFor15.split('.')[2]}`, 'approval_signature_invalid', quoteAt('25')],
    ['forged: the statement edited after signing (the value approved raised)', editedAfterSigning(goodFor25, (s) => { s.rules.forEach((r) => { r.value = '40'; }); }), 'approval_signature_invalid', quoteAt('25')],
    ['signed with a key that is not in the book', await forge(director, () => {}, keys.outsider), 'approval_signature_invalid', quoteAt('25')],
    ['an approver who is not in the book', await forge(director, (s) => { s.approver = 'test.outsider'; }, keys.outsider), 'approval_unknown_approver', quoteAt('25')],
    ['a manager signing a VP rule', await forge(director, (s) => {
      Object.assign(s, { approver: 'test.manager', level: 'vp', rules: vpRules });
      s.quote.sha256 = vpHash;
    }, keys.manager), 'approval_level_too_low', vpQuote],
    ['replayed on another customer\'s quote', goodFor25, 'approval_other_deal', quoteAt('25', 'Someone Else Inc')],
    ['another version of the book', otherVersion, 'approval_other_book', quoteAt('25')],
    ['a rejection', await sign(quoteAt('25'), 'test.director', keys.director, { decision: 'rejected', comment: 'too deep' }), 'approval_rejected', quoteAt('25')],
    ['malformed', 'eqa1.not-a-token', 'approval_token_malformed', quoteAt('25')],
    ['free text', 'Dana Whitfield, Director', 'approval_token_malformed', quoteAt('25')],
    ['truncated', goodFor25.slice(0, -10), 'approval_token_malformed', quoteAt('25')],
    ['oversized', `eqa1.${'A'.repeat(9000)}.${goodFor25.split('.')[2]}`, 'approval_token_too_large', quoteAt('25')],
  ];
  for (const [label, token, code, quote] of cases) {
    const verdict = await bothVerify(quote, [token]);
    assert.equal(verdict.status, 3, `${label}: exit 3`);
    assert.equal(verdict.json.status, 'open', label);
    assert.equal(verdict.json.approvals[0].valid, false, label);
    assert.equal(verdict.json.approvals[0].code, code, `${label}: ${verdict.json.approvals[0].message}`);
    assert.ok(verdict.json.approvals[0].message.length > 10, label);
    assert.ok(verdict.json.rules.every((r) => !r.covered && r.code === 'approval_missing'), label);
    assert.match(verdict.stderr, /refused/, label);
  }
});

test('a bad token beside a good one changes nothing', async () => {
  const good = await sign(quoteAt('25'), 'test.director', keys.director);
  const verdict = await bothVerify(quoteAt('25'), ['garbage', good]);
  assert.equal(verdict.json.status, 'approved');
});

test('the approver page cannot make what the CLI would refuse', async () => {
  await assert.rejects(approvals.statement(book, quoteAt('36'), { approver: 'test.director', time }), { code: 'approval_level_too_low' });
  await assert.rejects(approvals.statement(book, quoteAt('25'), { approver: 'test.outsider', time }), { code: 'approval_unknown_approver' });
  await assert.rejects(approvals.statement(book, quoteAt('25'), { approver: 'test.director', time: 'yesterday' }), { code: 'approval_input_invalid' });
  assert.match(utcSeconds(new Date(Date.UTC(2026, 11, 6, 15, 46, 9, 123))), /^2026-12-06T15:46:09Z$/);
});

test('edgequote verify: usage, unreadable files and invalid quotes are not verdicts', () => {
  assert.equal(spawnSync(cliPath, ['verify', bookPath], { encoding: 'utf8' }).status, 1);
  assert.equal(spawnSync(cliPath, ['verify', bookPath, join(dir, 'missing.json'), 'x'], { encoding: 'utf8' }).status, 1);
  const bad = spawnSync(cliPath, ['verify', bookPath, write('bad.json', { ...base, term_months: 7 }), 'x'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.equal(JSON.parse(bad.stdout).errors[0].code, 'term_not_offered');
  // No approval needed: exit 0 with or without tokens.
  const none = cliVerify(quoteAt('0'), []);
  assert.equal(none.status, 0);
  assert.equal(none.json.status, 'not_required');
  assert.ok(execFileSync(cliPath, ['codes'], { encoding: 'utf8' }).includes('approval_value_moved'));
});

// A request too long for a link (web/lib/signed-approvals.js) travels as a file: the same request,
// read back by the approval page's reader, which refuses a damaged or foreign file with why.
test('an approval request file reads back as the request it was made from; other files are refused with why', async () => {
  const { makeRequest, requestFragment, readRequest, requestFileText, readRequestFile, MAX_REQUEST_CHARS, ApprovalRequestError } =
    await import(pathToFileURL(join(sourceDir, 'web/lib/approval-request.js')));
  const quote = quoteAt('25');
  const priced = JSON.parse(approvals.priceCanonical(book, quote));
  const request = makeRequest({ quote, book, quoteSha256: await approvals.quoteSha256(book, quote), priced });
  assert.deepEqual(readRequest(requestFragment(request)), request, 'the link form');
  assert.deepEqual(readRequestFile(requestFileText(request)), request, 'the file form');
  // A quote too large for a link is what the file is for: 300 lines are past the link's limit.
  const large = { ...quote, lines: Array.from({ length: 300 }, () => quote.lines[0]) };
  const largeRequest = { ...request, quote: large };
  assert.ok(requestFragment(largeRequest).length > MAX_REQUEST_CHARS);
  assert.deepEqual(readRequestFile(requestFileText(largeRequest)), largeRequest);
  const refusals = [
    ['{"format":"edgequote.approval-request"', /not JSON/],
    [JSON.stringify(quote), /not an approval request from the rep page/],
    [JSON.stringify([]), /not an approval request from the rep page/],
    [JSON.stringify({ format: 'edgequote.approval-request', request: { ...request, v: 2 } }), /file is not usable \(another version/],
    [JSON.stringify({ format: 'edgequote.approval-request', request: { ...request, quote: null } }), /file is not usable \(no quote\)/],
    [JSON.stringify({ format: 'edgequote.approval-request', request: { ...request, quote_sha256: 'x' } }), /no priced snapshot hash/],
    [JSON.stringify({ format: 'edgequote.approval-request', request: { ...request, book: { id: 'edge-cdn' } } }), /no price book identity/],
    [' '.repeat(16 * 1024 * 1024 + 1), /larger than any approval request/],
    [null, /not text/],
  ];
  for (const [text, message] of refusals) {
    assert.throws(() => readRequestFile(text), (e) => e instanceof ApprovalRequestError && message.test(e.message), String(text).slice(0, 60));
  }
});
