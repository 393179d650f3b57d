// The competitor books (pricebooks/competitors/) against the JSON Schema and through the CLI:
// `edgequote validate` accepts each one (its comparison section included), `edgequote compare`
// prints the comparison as schema-valid JSON and as a table, and the priced quotes it embeds
// validate against the priced-quote schema. The golden amounts are worked out in
// tests/core/compare_test.cpp; the ones repeated here are the README's worked comparison.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { sourceDir, cliPath } from './support.mjs';

const pricebooks = join(sourceDir, 'pricebooks');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const competitorDir = join(pricebooks, 'competitors');
const competitorBooks = readdirSync(competitorDir).filter((f) => f.endsWith('.json') && f !== 'index.json').sort().map((f) => join(competitorDir, f));
const ourBook = join(pricebooks, 'edge-cdn.json');

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const validateBook = ajv.compile(readJson(join(pricebooks, 'schema', 'pricebook.schema.json')));
const validateQuote = ajv.compile(readJson(join(pricebooks, 'schema', 'quote.schema.json')));
const validatePriced = ajv.compile(readJson(join(pricebooks, 'schema', 'priced-quote.schema.json')));
const explain = (fn) => ajv.errorsText(fn.errors, { separator: '\n  ' });

function writeTemp(name, doc) {
  const dir = mkdtempSync(join(tmpdir(), 'edgequote-competitors-'));
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

const quote300 = {
  schema_version: '1.0',
  pricebook: { id: 'edge-cdn', version: '2026.11.0' },
  customer: { name: 'Contoso Video', segment: 'enterprise', incumbent_vendor: 'cloudfront' },
  term_months: 12,
  lines: [
    { sku: 'delivery', quantity: '300', unit: 'TB', region_mix: { na: '60', eu: '30', apac: '10' } },
    { sku: 'requests-https', quantity: '3000', unit: 'M_requests', region_mix: { na: '60', eu: '30', apac: '10' } },
    { sku: 'waf', quantity: 1 },
  ],
};

test('five competitor books, each valid against the schema, with its source cited and no internal part', () => {
  assert.equal(competitorBooks.length, 5);
  for (const path of competitorBooks) {
    const book = readJson(path);
    assert.ok(validateBook(book), `${path}:\n  ${explain(validateBook)}`);
    assert.equal(book.internal, undefined, path);
    assert.ok(book.description.includes(book.comparison.source.url), `${path} cites its pricing page`);
    // Every region of our book is mapped or declared without counterpart.
    const ours = readJson(ourBook);
    for (const region of ours.regions) assert.ok(region.id in book.comparison.regions, `${path}: ${region.id}`);
  }
});

test('index.json lists every competitor book, and only those', () => {
  const index = readJson(join(competitorDir, 'index.json'));
  assert.deepEqual([...index.books].sort(), competitorBooks.map((p) => p.split('/').pop()).sort());
});

test('the schema refuses a comparison without its source, and a region mapped to a number', () => {
  const book = readJson(competitorBooks[0]);
  const noSource = structuredClone(book);
  delete noSource.comparison.source;
  assert.equal(validateBook(noSource), false);
  const badRegion = structuredClone(book);
  badRegion.comparison.regions.na = 3;
  assert.equal(validateBook(badRegion), false);
});

test('edgequote validate accepts every competitor book and refuses an unknown mapping target with code and path', () => {
  for (const path of competitorBooks) {
    const out = JSON.parse(execFileSync(cliPath, ['validate', path], { encoding: 'utf8' }));
    assert.equal(out.valid, true, path);
  }
  const broken = readJson(join(competitorDir, 'aws-cloudfront.json'));
  broken.comparison.products.delivery = 'egress';
  const run = spawnSync(cliPath, ['validate', writeTemp('broken.json', broken)], { encoding: 'utf8' });
  assert.equal(run.status, 2);
  const { errors } = JSON.parse(run.stdout);
  assert.deepEqual(errors.map((e) => [e.code, e.path]), [['unknown_mapping_target', '/comparison/products/delivery']]);
});

test('edgequote compare: 300 TB 60/30/10 at each vendor\'s list prices, what was left out, and the incumbent', () => {
  const quotePath = writeTemp('quote.json', quote300);
  assert.ok(validateQuote(quote300), explain(validateQuote));
  const out = JSON.parse(execFileSync(cliPath, ['compare', quotePath, ourBook, ...competitorBooks], { encoding: 'utf8' }));
  const byVendor = Object.fromEntries(out.competitors.map((c) => [c.vendor.id, c]));
  // CloudFront: delivery 21,027.20 (tests/core/compare_test.cpp) + HTTPS requests 3,000M:
  // NA 1,800M = 180,000 x 0.0100 = 1,800.00; EU 900M = 90,000 x 0.0120 = 1,080.00;
  // APAC 300M = 30,000 x 0.0120 = 360.00 -> 3,240.00; total 24,267.20
  assert.equal(byVendor.cloudfront.monthly, '24267.20');
  assert.equal(byVendor.cloudfront.status, 'partial');  // the WAF has no counterpart
  assert.deepEqual(byVendor.cloudfront.left_out.map((l) => [l.code, l.path]), [['no_counterpart', '/lines/2/sku']]);
  // bunny.net: 3,600.00 of traffic; requests and WAF not compared.
  assert.equal(byVendor['bunny-net'].monthly, '3600.00');
  // Fastly: past its published 10 TB in NA/EU and nothing published in APAC: requests only,
  // NA+EU 2,700M = 270,000 x 0.0075 = 2,025.00.
  assert.equal(byVendor.fastly.monthly, '2025.00');
  assert.ok(byVendor.fastly.left_out.some((l) => l.code === 'beyond_published_tiers'));
  // Like with like: the estimate prices the delivery (line 0) and the requests (line 1), not the
  // WAF; ours for them on 12 months (5% off): (20,900.00 + 3,240.00) x 0.95 = 22,933.00, and the
  // WAF's 2,500.00 x 0.95 = 2,375.00 is not compared.
  assert.deepEqual(out.incumbent, {
    vendor: 'cloudfront', name: 'Amazon CloudFront', status: 'partial', monthly: '24267.20',
    lines: [{ line: 0 }, { line: 1 }],
    ours: { net_monthly: '22933.00', not_compared: [{ name: 'Web application firewall', net_monthly: '2375.00' }] },
  });
  for (const c of out.competitors) {
    if (c.priced) assert.ok(validatePriced(c.priced), `${c.vendor.id}: ${explain(validatePriced)}`);
    for (const l of c.left_out) assert.ok(l.code && l.path && l.message, JSON.stringify(l));
  }
});

test('edgequote compare --text prints one row per vendor and what each left out', () => {
  const quotePath = writeTemp('quote.json', quote300);
  const text = execFileSync(cliPath, ['compare', quotePath, ourBook, ...competitorBooks, '--text'], { encoding: 'utf8' });
  assert.match(text, /Amazon CloudFront\s+24267\.20 USD\s+partial/);
  assert.match(text, /Fastly, not compared:/);
  assert.match(text, /Incumbent Amazon CloudFront: estimated 24267\.20 USD\/month from public list prices/);
});

test('edgequote compare with a competitor book in another currency says so and converts nothing', () => {
  const eur = readJson(join(competitorDir, 'bunny-net.json'));
  eur.currency = 'EUR';
  const out = JSON.parse(execFileSync(cliPath, ['compare', writeTemp('quote.json', quote300), ourBook, writeTemp('eur.json', eur)], { encoding: 'utf8' }));
  assert.equal(out.competitors[0].status, 'not_comparable');
  assert.equal(out.competitors[0].monthly, null);
  assert.equal(out.competitors[0].left_out[0].code, 'currency_mismatch');
});

test('a priced quote carrying an incumbent estimate validates against the priced-quote schema', () => {
  const quote = structuredClone(quote300);
  // Net: delivery 20,900 + requests 3,240 + WAF 2,500 = 26,640 list, 5% off for 12 months = 25,308.00,
  // which is 50.6% of a 50,000 estimate: far under it.
  quote.customer.incumbent_estimate = { vendor: 'cloudfront', vendor_name: 'Amazon CloudFront', monthly: '50000' };
  assert.ok(validateQuote(quote), explain(validateQuote));
  const priced = JSON.parse(execFileSync(cliPath, ['price', ourBook, writeTemp('q.json', quote)], { encoding: 'utf8' }));
  assert.ok(validatePriced(priced), explain(validatePriced));
  const finding = priced.guidance.find((g) => g.code === 'far_under_incumbent');
  assert.ok(finding && finding.estimate === true, JSON.stringify(priced.guidance));
});
