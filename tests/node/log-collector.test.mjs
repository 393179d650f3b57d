// The demo portal's log collector (web/demo/log-collector.mjs) and the site config door
// (web/lib/site-config.js): what is accepted, what is refused with 400 and why, that a refused
// body appends nothing, and CORS only for the allowed origins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLogRecord, createCollector, MAX_BODY_BYTES, MAX_RECORD_BYTES, readLogBody } from '../../web/demo/log-collector.mjs';
import { startServer } from '../../web/serve.mjs';
import { readSiteConfig } from '../../web/lib/site-config.js';

const record = (fields = {}) => ({
  log_version: '1',
  quote_id: 'q-0011223344ff',
  saved_at: '2026-12-01T10:00:00.000Z',
  updated_at: '2026-12-02T11:30:00.000Z',
  rep: 'Bianca Reyes',
  catalog: { premium_skus: ['waf'], approval_levels: ['rep', 'manager'] },
  quote: { customer: { name: 'Acme', segment: 'enterprise' } },
  priced: { lines: [], totals: { net_monthly: '100.00' } },
  outcome: { status: 'open', reason: null },
  ...fields,
});

// Each row: a change to a good record, and the JSON Pointer the collector must name.
const BAD_RECORDS = [
  [[], ''],
  [record({ log_version: 1 }), '/log_version'],
  [record({ log_version: '2' }), '/log_version'],
  [record({ quote_id: '' }), '/quote_id'],
  [record({ quote_id: 'x'.repeat(201) }), '/quote_id'],
  [record({ saved_at: '2026-12-01' }), '/saved_at'],
  [record({ updated_at: '2026-13-45T99:00:00Z' }), '/updated_at'],
  [record({ rep: null }), '/rep'],
  [record({ catalog: { premium_skus: [1], approval_levels: [] } }), '/catalog/premium_skus'],
  [record({ quote: 'a quote' }), '/quote'],
  [record({ priced: { lines: {}, totals: {} } }), '/priced/lines'],
  [record({ priced: { lines: [] } }), '/priced/totals'],
  [record({ outcome: { status: 'maybe' } }), '/outcome/status'],
  [record({ request: { name: 'Ann', email: 'not-an-address', company: 'Acme' } }), '/request/email'],
  [record({ request: { name: '', email: 'ann@acme.example', company: 'Acme' } }), '/request/name'],
  [record({ request: { name: 'Ann', email: 'ann@acme.example', company: 'Acme', message: 'x'.repeat(4001) } }), '/request/message'],
];

test('a quote-log record of the documented shape is accepted, with or without a request', () => {
  assert.equal(checkLogRecord(record()), null);
  assert.equal(checkLogRecord(record({ request: { name: 'Ann Lee', email: 'ann@acme.example', company: 'Acme', message: 'Call me' } })), null);
});

test('every malformed record is refused with the path of what is wrong', () => {
  for (const [bad, path] of BAD_RECORDS) {
    const problem = checkLogRecord(bad);
    assert.ok(problem, `refused: ${JSON.stringify(bad).slice(0, 80)}`);
    assert.equal(problem.path, path, problem.message);
  }
});

test('a body is read line by line: blank lines skipped, bad lines named by number', () => {
  const good = JSON.stringify(record());
  assert.deepEqual(readLogBody(`${good}\n\n${good}\r\n`).errors, []);
  assert.equal(readLogBody(`${good}\n\n${good}\r\n`).records.length, 2);
  const { errors } = readLogBody(`${good}\nnot json\n${JSON.stringify(record({ rep: '' }))}\n`);
  assert.deepEqual(errors.map((e) => [e.line, e.path]), [[2, ''], [3, '/rep']]);
  assert.equal(readLogBody('\n  \n').errors[0].message, 'no record in the body');
  const huge = JSON.stringify(record({ quote: { note: 'x'.repeat(MAX_RECORD_BYTES) } }));
  assert.match(readLogBody(huge).errors[0].message, /larger than/);
});

test('the collector appends good bodies, refuses bad ones whole with 400, and serves the file back', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'edgequote-collector-'));
  const file = join(dir, 'logs.jsonl');
  const collector = createCollector({ file, allowedOrigins: () => ['http://rep.example'] });
  const { server, url } = await startServer({ root: dir, port: 0, handle: (request, response, headers) => collector.handle(request, response, headers) });
  t.after(async () => {
    await new Promise((done) => server.close(done));
    await rm(dir, { recursive: true, force: true });
  });
  const logs = new URL('/logs', url);
  const post = (body, headers = {}) => fetch(logs, { method: 'POST', body, headers: { 'Content-Type': 'application/x-ndjson', ...headers } });

  assert.equal((await (await fetch(logs)).text()), '', 'no file yet: an empty log');
  const first = await post(`${JSON.stringify(record())}\n`);
  assert.equal(first.status, 200);
  assert.deepEqual(await first.json(), { accepted: 1 });

  const mixed = await post(`${JSON.stringify(record({ quote_id: 'q-2' }))}\n{"log_version":"1"}\n`);
  assert.equal(mixed.status, 400);
  const { errors } = await mixed.json();
  assert.deepEqual(errors.map((e) => [e.line, e.path]), [[2, '/quote_id']]);
  const stored = (await readFile(file, 'utf8')).trim().split('\n');
  assert.equal(stored.length, 1, 'a refused body appends nothing, not even its good line');
  assert.equal(JSON.parse(stored[0]).quote_id, 'q-0011223344ff');

  assert.equal((await post('x'.repeat(MAX_BODY_BYTES + 1))).status, 413);

  collector.failNext(1);
  assert.equal((await post(`${JSON.stringify(record({ quote_id: 'q-3' }))}\n`)).status, 500, 'failNext answers 500');
  assert.equal(collector.failed, 1);
  assert.equal((await post(`${JSON.stringify(record({ quote_id: 'q-3' }))}\n`)).status, 200, 'then accepts again');

  // A batch (what the outbox sends): several records in one body, taken whole, in order.
  const bodiesBefore = collector.bodies;
  const batch = await post(['q-4', 'q-5', 'q-6'].map((id) => `${JSON.stringify(record({ quote_id: id }))}\n`).join(''));
  assert.equal(batch.status, 200);
  assert.deepEqual(await batch.json(), { accepted: 3 });
  assert.equal(collector.bodies, bodiesBefore + 1);

  const served = await fetch(logs);
  assert.match(served.headers.get('content-type'), /application\/x-ndjson/);
  assert.deepEqual((await served.text()).trim().split('\n').map((line) => JSON.parse(line).quote_id), ['q-0011223344ff', 'q-3', 'q-4', 'q-5', 'q-6']);
  assert.match(served.headers.get('content-security-policy'), /default-src 'self'/, 'the server\'s security headers are sent');
});

test('CORS: an allowed origin may post and read; another origin is refused and told nothing', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'edgequote-collector-'));
  const file = join(dir, 'logs.jsonl');
  await writeFile(file, '');
  const collector = createCollector({ file, allowedOrigins: () => ['http://rep.example'] });
  const { server, url } = await startServer({ root: dir, port: 0, handle: (request, response, headers) => collector.handle(request, response, headers) });
  t.after(async () => {
    await new Promise((done) => server.close(done));
    await rm(dir, { recursive: true, force: true });
  });
  const logs = new URL('/logs', url);
  const preflight = await fetch(logs, { method: 'OPTIONS', headers: { Origin: 'http://rep.example', 'Access-Control-Request-Method': 'POST' } });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://rep.example');
  assert.match(preflight.headers.get('access-control-allow-headers'), /Content-Type/);

  const stranger = await fetch(logs, { method: 'OPTIONS', headers: { Origin: 'http://evil.example' } });
  assert.equal(stranger.status, 403);
  assert.equal(stranger.headers.get('access-control-allow-origin'), null);
  const posted = await fetch(logs, { method: 'POST', body: JSON.stringify(record()), headers: { Origin: 'http://evil.example' } });
  assert.equal(posted.status, 403);
  assert.equal(await readFile(file, 'utf8'), '', 'nothing kept from a refused origin');
  const allowed = await fetch(logs, { method: 'POST', body: JSON.stringify(record()), headers: { Origin: 'http://rep.example' } });
  assert.equal(allowed.status, 200);
  assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://rep.example');
});

test('the site config: an endpoint, null, or a refusal with its path; unknown keys are warned about', () => {
  const base = 'https://quote.example/site-config.json';
  assert.deepEqual(readSiteConfig('{"log_endpoint": null}', { base }).value, { logEndpoint: null });
  assert.deepEqual(readSiteConfig('{}', { base }).value, { logEndpoint: null });
  assert.equal(readSiteConfig('{"log_endpoint": "/collect/logs"}', { base }).value.logEndpoint, 'https://quote.example/collect/logs');
  assert.equal(readSiteConfig('{"log_endpoint": "https://portal.example/logs#x"}', { base }).value.logEndpoint, 'https://portal.example/logs');
  const warned = readSiteConfig('{"log_endpiont": "https://portal.example/logs"}', { base });
  assert.equal(warned.ok, true);
  assert.equal(warned.value.logEndpoint, null);
  assert.equal(warned.warnings[0].path, '/log_endpiont');
  for (const [text, code, path] of [
    ['not json', 'not_json', ''],
    ['[]', 'bad_shape', ''],
    ['{"log_endpoint": 42}', 'bad_shape', '/log_endpoint'],
    ['{"log_endpoint": "javascript:alert(1)"}', 'bad_shape', '/log_endpoint'],
    ['{"log_endpoint": "https://user:secret@portal.example/logs"}', 'bad_shape', '/log_endpoint'],
    [`{"log_endpoint": "https://portal.example/${'x'.repeat(2100)}"}`, 'too_big', '/log_endpoint'],
    [`{"$comment": "${'x'.repeat(20000)}"}`, 'too_big', ''],
    [`${'['.repeat(60)}${']'.repeat(60)}`, 'nested_too_deep', ''],
  ]) {
    const read = readSiteConfig(text, { base });
    assert.equal(read.ok, false, text.slice(0, 40));
    assert.deepEqual([read.code, read.path], [code, path], read.message);
  }
});
