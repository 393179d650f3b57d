// The log outbox (web/lib/log-outbox.js) sends what waits in batches: several records per POST as
// JSON Lines, at most BATCH.maxRecords records and BATCH.maxChars characters a body, oldest first,
// and each record reaches the endpoint exactly once through partial failures: a batch taken is
// removed and not sent again, a batch answered 500 (or cut off by the network) stays for the next
// try, a body refused with 4xx is sent again one record per request so only the bad record stays,
// and a newer save of a quote made while its older one was in flight is still sent. Runs on the
// outbox's in-memory store (no IndexedDB in Node) with a scripted endpoint.
// Run: node --test tests/node/log-outbox.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { BATCH, batchesOf, LogOutbox } from '../../web/lib/log-outbox.js';

const record = (n, extra = {}) => ({ log_version: '1', quote_id: `q-${n}`, updated_at: `2026-12-06T10:00:${String(n % 60).padStart(2, '0')}Z`, ...extra });

// A scripted endpoint: answer(lines, call) → a status (or throws, as a network failure does).
// It keeps every body it took (2xx) and every POST it saw.
function endpoint(answer = () => 200) {
  const seen = { posts: [], taken: [] };
  seen.fetch = async (url, init) => {
    assert.equal(init.method, 'POST');
    assert.equal(init.headers['Content-Type'], 'application/x-ndjson');
    assert.ok(init.body.endsWith('\n'), 'every line ends with \\n');
    const lines = init.body.slice(0, -1).split('\n').map((line) => JSON.parse(line));
    seen.posts.push(lines);
    const status = await answer(lines, seen.posts.length);
    if (status >= 200 && status < 300) seen.taken.push(...lines);
    return { ok: status >= 200 && status < 300, status, text: async () => (status === 400 ? '{"errors":[{"line":1,"path":"/rep","message":"bad"}]}' : '') };
  };
  return seen;
}

async function outboxWith(seen, records, options = {}) {
  // A long first retry: the tests make each try themselves (flush) rather than wait for timers.
  const outbox = new LogOutbox({ endpoint: 'https://portal.example/logs', indexedDB: null, fetch: seen.fetch, retry: { firstMs: 60_000, maxMs: 60_000 }, ...options });
  for (const r of records) await outbox.add(r);
  return outbox;
}

const ids = (lines) => lines.map((r) => r.quote_id);
const range = (from, to) => Array.from({ length: to - from }, (_, i) => from + i);

test('batchesOf: by count and by size, in order, nothing dropped', () => {
  const items = (lengths) => lengths.map((n, i) => ({ i, line: 'x'.repeat(n) }));
  const shape = (batches) => batches.map((b) => b.map((item) => item.i));
  assert.deepEqual(batchesOf([], { maxRecords: 3, maxChars: 10 }), []);
  // Count: 7 records, 3 a batch.
  assert.deepEqual(shape(batchesOf(items([1, 1, 1, 1, 1, 1, 1]), { maxRecords: 3, maxChars: 100 })), [[0, 1, 2], [3, 4, 5], [6]]);
  // Size: exactly maxChars fits (4 + 6 = 10); one more character starts a new batch.
  assert.deepEqual(shape(batchesOf(items([4, 6, 1]), { maxRecords: 50, maxChars: 10 })), [[0, 1], [2]]);
  assert.deepEqual(shape(batchesOf(items([4, 7, 1]), { maxRecords: 50, maxChars: 10 })), [[0], [1, 2]]);
  // A record larger than maxChars goes alone, never held back.
  assert.deepEqual(shape(batchesOf(items([2, 25, 3]), { maxRecords: 50, maxChars: 10 })), [[0], [1], [2]]);
  // One record per batch is the old behaviour.
  assert.deepEqual(shape(batchesOf(items([1, 1]), { maxRecords: 1, maxChars: 10 })), [[0], [1]]);
  assert.ok(BATCH.maxRecords > 1 && BATCH.maxChars >= 256 * 1024, 'several summary records (~5 KB) per request');
});

test('what waits leaves in one POST of JSON Lines, oldest first, and is then removed', async () => {
  const seen = endpoint();
  const outbox = await outboxWith(seen, [1, 2, 3, 4, 5].map((n) => record(n)));
  await outbox.flush();
  assert.equal(seen.posts.length, 1, 'five records, one request');
  assert.deepEqual(ids(seen.posts[0]), ['q-1', 'q-2', 'q-3', 'q-4', 'q-5']);
  assert.equal(await outbox.pending(), 0);
  outbox.stop();
});

test('past maxRecords or maxChars: several POSTs, each record exactly once', async () => {
  const seen = endpoint();
  const outbox = await outboxWith(seen, range(0, 7).map((n) => record(n)), { batch: { maxRecords: 3, maxChars: 1_000_000 } });
  await outbox.flush();
  assert.deepEqual(seen.posts.map(ids), [['q-0', 'q-1', 'q-2'], ['q-3', 'q-4', 'q-5'], ['q-6']]);

  // By size: records of ~1 KB, 2.5 KB a body → two a body.
  const bySize = endpoint();
  const padded = range(0, 5).map((n) => record(n, { pad: 'p'.repeat(1000) }));
  const outbox2 = await outboxWith(bySize, padded, { batch: { maxRecords: 50, maxChars: 2500 } });
  await outbox2.flush();
  assert.deepEqual(bySize.posts.map((p) => p.length), [2, 2, 1]);
  assert.deepEqual(ids(bySize.taken), ['q-0', 'q-1', 'q-2', 'q-3', 'q-4']);
  outbox.stop();
  outbox2.stop();
});

test('a batch taken, the next answered 500: the first is not sent again, the rest arrives on the next try', async () => {
  let failing = true;
  const seen = endpoint((lines, call) => (call === 2 && failing ? 500 : 200));
  const outbox = await outboxWith(seen, range(0, 7).map((n) => record(n)), { batch: { maxRecords: 3, maxChars: 1_000_000 } });
  await outbox.flush();
  assert.deepEqual(ids(seen.taken), ['q-0', 'q-1', 'q-2']);
  assert.equal(seen.posts.length, 2, 'after a 500 the rest waits (no third post this round)');
  assert.equal(await outbox.pending(), 4);
  assert.ok(outbox.nextTryAt > Date.now(), 'a retry is scheduled');
  assert.match(outbox.problem, /HTTP 500/);

  failing = false;
  await outbox.flush();
  assert.deepEqual(ids(seen.taken), range(0, 7).map((n) => `q-${n}`), 'every record exactly once, in order');
  assert.equal(await outbox.pending(), 0);
  assert.equal(outbox.failures, 0);
  outbox.stop();
});

test('the network fails mid-way: nothing lost, nothing taken twice', async () => {
  const seen = endpoint((lines, call) => {
    if (call === 2) throw new TypeError('Failed to fetch');
    return 200;
  });
  const outbox = await outboxWith(seen, range(0, 5).map((n) => record(n)), { batch: { maxRecords: 2, maxChars: 1_000_000 } });
  await outbox.flush();
  assert.equal(await outbox.pending(), 3);
  assert.match(outbox.problem, /could not be reached/);
  await outbox.flush();
  assert.deepEqual(ids(seen.taken), ['q-0', 'q-1', 'q-2', 'q-3', 'q-4']);
  outbox.stop();
});

test('a body refused with 400: each record again alone; only the bad one stays, refused', async () => {
  const bad = (lines) => lines.some((r) => r.rep === '');
  const seen = endpoint((lines) => (bad(lines) ? 400 : 200));
  const records = [record(1), record(2, { rep: '' }), record(3)];
  const outbox = await outboxWith(seen, records);
  await outbox.flush();
  assert.deepEqual(seen.posts.map(ids), [['q-1', 'q-2', 'q-3'], ['q-1'], ['q-2'], ['q-3']]);
  assert.deepEqual(ids(seen.taken), ['q-1', 'q-3']);
  assert.deepEqual((await outbox.entries()).map((e) => e.id), ['q-2'], 'the refused record is kept');
  assert.equal(outbox.refused.size, 1);
  assert.match(outbox.refused.get('q-2'), /^HTTP 400/, 'with the endpoint\'s reason');
  // Not tried again in this page load.
  await outbox.flush();
  assert.equal(seen.posts.length, 4);
  // A newer save of it is worth a try.
  await outbox.add(record(2, { rep: 'Dana' }));
  await outbox.flush();
  assert.deepEqual(ids(seen.taken), ['q-1', 'q-3', 'q-2']);
  outbox.stop();
});

test('a newer save of a quote made while its older one is in flight is kept and sent next', async () => {
  let outbox;
  const seen = endpoint(async (lines, call) => {
    if (call === 1) await outbox.add(record(2, { rep: 'newer' }));
    return 200;
  });
  outbox = await outboxWith(seen, [record(1), record(2, { rep: 'older' })]);
  await outbox.flush();
  assert.deepEqual((await outbox.entries()).map((e) => e.record.rep), ['newer']);
  await outbox.flush();
  assert.deepEqual(seen.taken.map((r) => `${r.quote_id} ${r.rep ?? ''}`), ['q-1 ', 'q-2 older', 'q-2 newer']);
  assert.equal(await outbox.pending(), 0);
  outbox.stop();
});

test('back-off: 2 s, 4 s, 8 s … at most maxMs; held records are not sent', async () => {
  const seen = endpoint(() => 503);
  const outbox = await outboxWith(seen, [record(1), record(2, { rep: null })], {
    retry: { firstMs: 2000, maxMs: 5000 },
    prepare: (r) => (r.rep === null ? null : r),  // waits for a name, as the page's records do
  });
  const delays = [];
  for (let i = 0; i < 4; i += 1) {
    const before = Date.now();
    await outbox.flush();
    delays.push(Math.round((outbox.nextTryAt - before) / 1000));
  }
  assert.deepEqual(delays, [2, 4, 5, 5]);
  assert.ok(seen.posts.every((lines) => ids(lines).join() === 'q-1'), 'the held record never left');
  assert.equal(await outbox.pending(), 2);
  outbox.stop();
});
