// Share-link decoding under hostile input: a seeded mutation fuzzer, since the
// decoder is JavaScript that libFuzzer cannot reach. Links made by the page are damaged byte by
// byte, cut short, re-encoded around broken or hostile JSON, or inflated into megabytes. Every
// one must either decode to a payload of the right shape — which the engine then prices or
// refuses with a PricingError, never anything worse — or be refused with a ShareLinkError that
// says why; and the decoder must keep working afterwards.
// Run: node --test tests/node/share-link-fuzz.test.mjs   (EDGEQUOTE_SHARE_FUZZ_CASES=N for more)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bookPath, engineModule, engineOptions, examplesDir, random, sourceDir } from './support.mjs';

const { decodeShareFragment, encodeShareFragment, payloadProblem, ShareLinkError, FRAGMENT_KEY } =
  await import(join(sourceDir, 'web/lib/share-link.js'));
const { createEngine, PricingError } = await import(engineModule);
const engine = await createEngine(await engineOptions());
const book = await engine.loadPricebook(readFileSync(bookPath, 'utf8'));
const example = readdirSync(examplesDir).filter((name) => name.endsWith('.json')).sort()[0];
const quote = JSON.parse(readFileSync(join(examplesDir, example), 'utf8'));
const bookInfo = { id: book.id, version: book.version, hash: book.hash };
const CASES = Number(process.env.EDGEQUOTE_SHARE_FUZZ_CASES ?? 1500);

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const HOSTILE = ['+', '/', '=', '%', ' ', '#', '\u00e9', '\0'];

async function deflated(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `${FRAGMENT_KEY}=${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

// One hostile link, drawn from a valid one.
async function mutant(rng, valid, payloadText) {
  const body = valid.slice(FRAGMENT_KEY.length + 1);
  const at = () => Math.floor(rng() * body.length);
  switch (Math.floor(rng() * 7)) {
    case 0: { // base64 characters changed
      const chars = [...body];
      for (let k = 1 + Math.floor(rng() * 4); k > 0; k -= 1) chars[at()] = ALPHABET[Math.floor(rng() * ALPHABET.length)];
      return `${FRAGMENT_KEY}=${chars.join('')}`;
    }
    case 1: // cut short, as a chat tool might
      return `${FRAGMENT_KEY}=${body.slice(0, at())}`;
    case 2: { // a character no link holds
      const i = at();
      return `${FRAGMENT_KEY}=${body.slice(0, i)}${HOSTILE[Math.floor(rng() * HOSTILE.length)]}${body.slice(i)}`;
    }
    case 3: { // well compressed, but the JSON inside damaged
      const chars = [...payloadText];
      for (let k = 1 + Math.floor(rng() * 3); k > 0; k -= 1) chars[Math.floor(rng() * chars.length)] = '{}[]",:0a\\ '[Math.floor(rng() * 11)];
      return deflated(chars.join(''));
    }
    case 4: { // valid JSON of the wrong shape: fields dropped or replaced by other types
      const payload = JSON.parse(payloadText);
      const targets = [payload, payload.quote, payload.quote.lines?.[0], payload.book];
      const target = targets[Math.floor(rng() * targets.length)] ?? payload;
      const keys = Object.keys(target);
      const key = keys[Math.floor(rng() * keys.length)];
      const values = [null, 7, -1, 1e308, '', 'x'.repeat(500), [], {}, true, '1e9', [[[[[]]]]]];
      if (rng() < 0.3) delete target[key];
      else target[key] = values[Math.floor(rng() * values.length)];
      return deflated(JSON.stringify(payload));
    }
    case 5: { // deep nesting or many lines
      const deep = '['.repeat(1 + Math.floor(rng() * 5000));
      const payload = JSON.parse(payloadText);
      if (rng() < 0.5) return deflated(`{"v":1,"quote":${deep}${']'.repeat(deep.length)}}`);
      payload.quote.lines = Array.from({ length: 150 + Math.floor(rng() * 200) }, () => payload.quote.lines[0]);
      return deflated(JSON.stringify(payload));
    }
    default: // a small link that inflates into megabytes
      return deflated(' '.repeat(256 * 1024 + Math.floor(rng() * 2 * 1024 * 1024)));
  }
}

test('hostile share links decode to a well-formed quote or are refused plainly; nothing else escapes', async () => {
  const valid = await encodeShareFragment({ quote, book: bookInfo, netMonthly: '1000.00', title: 'fuzz' });
  const payloadText = JSON.stringify({ v: 1, book: bookInfo, net_monthly: '1000.00', title: 'fuzz', quote });
  const rng = random(20261127).next;
  const outcomes = { decoded: 0, priced: 0, refusedByEngine: 0, refused: 0 };
  for (let i = 0; i < CASES; i += 1) {
    const link = await mutant(rng, valid, payloadText);
    let payload;
    try {
      payload = await decodeShareFragment(`#${link}`);
    } catch (error) {
      assert.ok(error instanceof ShareLinkError, `case ${i}: ${error?.constructor?.name}: ${error?.message}\nlink: ${link.slice(0, 300)}`);
      assert.ok(error.message.length > 10, `case ${i}: an empty refusal`);
      outcomes.refused += 1;
      continue;
    }
    outcomes.decoded += 1;
    assert.equal(payloadProblem(payload), null, `case ${i}: decoded a payload of the wrong shape`);
    try {
      engine.price(book, payload.quote, { detail: 'summary' });
      outcomes.priced += 1;
    } catch (error) {
      assert.ok(error instanceof PricingError, `case ${i}: the engine threw ${error?.constructor?.name}: ${error?.message}`);
      outcomes.refusedByEngine += 1;
    }
  }
  // The mutations must exercise both ways out, or the test says little.
  assert.ok(outcomes.refused > CASES / 4, JSON.stringify(outcomes));
  assert.ok(outcomes.decoded > CASES / 20, JSON.stringify(outcomes));
  // And the decoder still opens a good link.
  assert.deepEqual((await decodeShareFragment(`#${valid}`)).quote, quote);
  console.log(`share-link fuzz: ${CASES} links: ${JSON.stringify(outcomes)}`);
});
