// The JSON Schemas in pricebooks/schema/ against the sample price book, the test books and the
// example quotes: every document validates, every reference an example makes exists in its book,
// and the schemas refuse the mistakes they exist to catch. Run: node --test tests/node/schemas.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pricebooks = join(root, 'pricebooks');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const jsonFiles = (dir) => readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f));
const clone = (value) => structuredClone(value);

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const schemas = {
  pricebook: readJson(join(pricebooks, 'schema', 'pricebook.schema.json')),
  quote: readJson(join(pricebooks, 'schema', 'quote.schema.json')),
  priced: readJson(join(pricebooks, 'schema', 'priced-quote.schema.json')),
};
const validate = {
  pricebook: ajv.compile(schemas.pricebook),
  quote: ajv.compile(schemas.quote),
  priced: ajv.compile(schemas.priced),
};

function explain(fn) {
  return ajv.errorsText(fn.errors, { separator: '\n  ' });
}
function assertValid(fn, doc, label) {
  assert.ok(fn(doc), `${label} should be valid:\n  ${explain(fn)}`);
}
function assertInvalid(fn, doc, label, keyword) {
  assert.equal(fn(doc), false, `${label} should be refused`);
  if (keyword) {
    assert.ok(fn.errors.some((e) => e.keyword === keyword || e.instancePath.includes(keyword) || e.message.includes(keyword)),
      `${label}: expected an error mentioning ${keyword}, got:\n  ${explain(fn)}`);
  }
}

// Exact decimal sums: "12.5" -> 125n at scale 1, so region mixes add up without binary floats.
function decimalSum(values) {
  const parts = values.map((v) => String(v)).map((s) => {
    const [whole, frac = ''] = s.split('.');
    return { whole, frac };
  });
  const scale = Math.max(0, ...parts.map((p) => p.frac.length));
  const total = parts.reduce((sum, p) => sum + BigInt(p.whole + p.frac.padEnd(scale, '0')), 0n);
  return { total, scale };
}
const isHundred = (values) => {
  const { total, scale } = decimalSum(values);
  return total === 100n * 10n ** BigInt(scale);
};

const bookPath = join(pricebooks, 'edge-cdn.json');
const book = readJson(bookPath);
const testBooks = jsonFiles(join(pricebooks, 'test-books'));
const examples = jsonFiles(join(pricebooks, 'examples'));

test('the schemas are draft 2020-12 with an $id and a description', () => {
  for (const [name, schema] of Object.entries(schemas)) {
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema', name);
    assert.match(schema.$id, /^https:\/\/.+\.schema\.json$/, name);
    assert.ok(schema.description.length > 40, `${name} has a description`);
  }
});

test('edge-cdn.json validates against the price book schema', () => {
  assert.equal(book.$schema, './schema/pricebook.schema.json');
  assertValid(validate.pricebook, book, 'edge-cdn.json');
});

test('next year\'s version (edge-cdn-2027.json) validates, and differs from this year\'s only where it says', () => {
  const next = readJson(join(pricebooks, 'edge-cdn-2027.json'));
  assertValid(validate.pricebook, next, 'edge-cdn-2027.json');
  assert.equal(next.id, book.id);
  assert.equal(next.effective_from, '2027-11-01', 'the day after this year\'s book ends');
  assert.equal(book.effective_to, '2027-10-31');
  // Its description names what changed: the delivery default's first two tiers and the WAF.
  const changed = [];
  for (const product of book.products) {
    const other = next.products.find((p) => p.sku === product.sku);
    if (JSON.stringify(other.price) !== JSON.stringify(product.price)) changed.push(product.sku);
  }
  assert.deepEqual(changed, ['delivery', 'waf']);
});

test('the public book (the same document without internal) validates too', () => {
  const { internal, ...publicBook } = book;
  assert.ok(internal);
  assertValid(validate.pricebook, publicBook, 'edge-cdn.json without internal');
});

test('every test book validates against the price book schema', () => {
  assert.ok(testBooks.length >= 2, 'stripe-tiers.json and jpy.json exist');
  for (const path of testBooks) assertValid(validate.pricebook, readJson(path), path);
});

test('every example validates against the quote schema', () => {
  assert.ok(examples.length >= 4);
  for (const path of examples) {
    const quote = readJson(path);
    assert.equal(quote.$schema, '../schema/quote.schema.json', path);
    assert.equal(quote.schema_version, '1.0', path);
    assertValid(validate.quote, quote, path);
  }
});

// ---- references ---------------------------------------------------------------------------

function index(book) {
  const byId = (list, key = 'id') => new Map((list ?? []).map((item) => [item[key], item]));
  return {
    units: byId(book.units),
    regions: byId(book.regions),
    segments: byId(book.segments),
    products: byId(book.products, 'sku'),
    bundles: byId(book.bundles),
    terms: new Set(book.terms.map((t) => Number(t.months))),
  };
}

function checkBookReferences(book, label) {
  const ix = index(book);
  const problems = [];
  const need = (ok, what) => { if (!ok) problems.push(what); };
  for (const list of ['units', 'regions', 'segments', 'bundles']) {
    need(ix[list].size === (book[list] ?? []).length, `${list}: duplicate ids`);
  }
  need(ix.products.size === book.products.length, 'products: duplicate SKUs');
  for (const p of book.products) {
    need(ix.units.has(p.unit), `${p.sku}: unit ${p.unit}`);
    for (const region of Object.keys(p.region_prices ?? {})) need(ix.regions.has(region), `${p.sku}: region_prices.${region}`);
    if (p.price.model === 'percentage' && Array.isArray(p.price.of)) {
      const categories = new Set(book.products.map((q) => q.category));
      for (const name of p.price.of) need(ix.products.has(name) || categories.has(name), `${p.sku}: of ${name}`);
    }
  }
  for (const b of book.bundles ?? []) {
    for (const inc of b.includes ?? []) {
      need(ix.products.has(inc.sku), `${b.id}: includes ${inc.sku}`);
      if (inc.unit && ix.products.has(inc.sku)) {
        need(ix.units.get(inc.unit)?.dimension === ix.units.get(ix.products.get(inc.sku).unit).dimension,
          `${b.id}: includes ${inc.sku} in ${inc.unit}`);
      }
    }
    for (const sku of Object.keys(b.overage ?? {})) need(ix.products.has(sku), `${b.id}: overage ${sku}`);
    for (const sku of b.options ?? []) need(ix.products.has(sku), `${b.id}: option ${sku}`);
    for (const c of b.constraints ?? []) {
      for (const sku of [c.sku, ...(c.requires ?? []), ...(c.excludes ?? [])]) need(ix.products.has(sku), `${b.id}: constraint ${sku}`);
      need(typeof c.message === 'string' && c.message.length > 10, `${b.id}: constraint on ${c.sku} has a message`);
    }
  }
  const internal = book.internal;
  if (internal) {
    for (const key of Object.keys(internal.costs ?? {})) need(ix.products.has(key) || ix.bundles.has(key), `costs.${key}`);
    for (const seg of Object.keys(internal.guidance?.deal_bands ?? {})) need(ix.segments.has(seg), `deal_bands.${seg}`);
    for (const [sku, bands] of Object.entries(internal.guidance?.features ?? {})) {
      need(ix.products.has(sku), `features.${sku}`);
      for (const key of Object.keys(bands)) need(key === 'default' || ix.segments.has(key), `features.${sku}.${key}`);
    }
    const levels = new Set(internal.approval?.levels ?? []);
    const ids = new Set();
    for (const rule of internal.approval?.rules ?? []) {
      need(levels.has(rule.level), `rule ${rule.id}: level ${rule.level}`);
      need(!ids.has(rule.id), `rule ${rule.id}: duplicate id`);
      ids.add(rule.id);
    }
  }
  assert.deepEqual(problems, [], `${label}: unresolved references`);
}

test('every reference inside the books resolves', () => {
  checkBookReferences(book, 'edge-cdn.json');
  for (const path of testBooks) checkBookReferences(readJson(path), path);
});

test('edge-cdn.json is complete: costs for every SKU, bands for every segment and premium SKU', () => {
  const ix = index(book);
  const { costs, guidance, approval } = book.internal;
  const skus = book.products.map((p) => p.sku);
  assert.deepEqual(skus.filter((sku) => !(sku in costs)), [], 'SKUs without a cost');
  assert.deepEqual(book.bundles.map((b) => b.id).filter((id) => !(id in costs)), [], 'bundles without a cost');
  assert.deepEqual([...ix.segments.keys()].filter((s) => !(s in guidance.deal_bands)), [], 'segments without a deal band');
  const premium = book.products.filter((p) => p.premium).map((p) => p.sku);
  assert.ok(premium.length >= 8);
  for (const sku of premium) {
    const bands = guidance.features[sku];
    assert.ok(bands?.default, `${sku} has a default band`);
    for (const seg of ix.segments.keys()) assert.ok(bands[seg], `${sku} has a band for ${seg}`);
  }
  assert.deepEqual(Object.keys(guidance.features).filter((sku) => !premium.includes(sku)), [], 'bands only for premium SKUs');
  assert.deepEqual(approval.levels, ['rep', 'manager', 'director', 'vp', 'deal_desk']);
  const metrics = new Set(approval.rules.map((r) => (r.metric === 'finding' ? `finding:${r.finding}` : r.metric)));
  for (const m of ['discretionary_discount_pct', 'max_line_discount_pct', 'margin_pct', 'net_monthly', 'tcv', 'term_months',
    'lines_under_floor', 'finding:under_segment_band', 'finding:far_under_incumbent']) {
    assert.ok(metrics.has(m), `a rule on ${m}`);
  }
  for (const rule of approval.rules) assert.ok(rule.id && rule.message.length > 20, `rule ${rule.id} has an id and a message`);
  // The identity and conventions the brief fixes.
  assert.equal(book.id, 'edge-cdn');
  assert.equal(book.version, '2026.11.0');
  assert.equal(book.currency, 'USD');
  assert.equal(ix.units.get('TB').factor, '1000');
  assert.deepEqual([...ix.regions.keys()], ['na', 'eu', 'apac', 'sa', 'mea', 'oce']);
  assert.deepEqual([...ix.segments.keys()], ['smb', 'mid_market', 'enterprise', 'f500']);
  assert.deepEqual(book.terms.map((t) => [t.months, t.discount_pct]), [[1, '0'], [12, '5'], [24, '10'], [36, '15']]);
  for (const sku of skus) assert.match(sku, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${sku} is lowercase-kebab`);
  const models = new Set(book.products.map((p) => p.price.model));
  for (const m of ['flat', 'per_unit', 'graduated', 'volume', 'package', 'stairstep', 'percentage']) assert.ok(models.has(m), `a ${m} product`);
});

test('every SKU, region, segment, bundle and unit an example names exists in its book', () => {
  const ix = index(book);
  for (const path of examples) {
    const quote = readJson(path);
    const problems = [];
    const need = (ok, what) => { if (!ok) problems.push(what); };
    need(quote.pricebook.id === book.id && quote.pricebook.version === book.version, 'pricebook id/version');
    need(ix.segments.has(quote.customer.segment), `segment ${quote.customer.segment}`);
    need(ix.terms.has(Number(quote.term_months)), `term ${quote.term_months}`);
    const bundle = quote.bundle === undefined ? null : ix.bundles.get(quote.bundle);
    need(quote.bundle === undefined || bundle, `bundle ${quote.bundle}`);
    quote.lines.forEach((line, i) => {
      const product = ix.products.get(line.sku);
      need(product, `line ${i}: sku ${line.sku}`);
      if (!product) return;
      if (line.unit !== undefined) {
        need(ix.units.has(line.unit), `line ${i}: unit ${line.unit}`);
        need(ix.units.get(line.unit)?.dimension === ix.units.get(product.unit).dimension, `line ${i}: unit ${line.unit} measures ${product.unit}'s dimension`);
      }
      const regions = line.region !== undefined ? [line.region] : Object.keys(line.region_mix ?? {});
      for (const region of regions) need(ix.regions.has(region), `line ${i}: region ${region}`);
      if (product.regional) need(regions.length > 0, `line ${i}: ${line.sku} needs a region`);
      else need(regions.length === 0, `line ${i}: ${line.sku} takes no region`);
      if (line.region_mix) need(isHundred(Object.values(line.region_mix)), `line ${i}: region mix adds up to 100`);
      if (bundle) {
        const allowed = new Set([...(bundle.options ?? []), ...(bundle.includes ?? []).map((inc) => inc.sku)]);
        need(allowed.has(line.sku), `line ${i}: ${line.sku} is offered with the ${bundle.id} bundle`);
      }
      const model = product.price.model;
      need(line.quantity !== undefined || model === 'flat' || model === 'percentage', `line ${i}: quantity`);
    });
    assert.deepEqual(problems, [], `${path}: unresolved references`);
  }
});

test('the examples the brief asks for exist with the right customers', () => {
  const byName = Object.fromEntries(examples.map((p) => [p.split('/').pop(), readJson(p)]));
  assert.equal(byName['f500-underquote.json'].customer.segment, 'f500');
  assert.equal(byName['displacement-underquote.json'].customer.incumbent_monthly, '75000');
  const inBand = byName['enterprise-in-band.json'];
  assert.equal(inBand.customer.segment, 'enterprise');
  assert.equal(inBand.term_months, 24);
  assert.deepEqual(inBand.lines[0].region_mix, { na: '70', eu: '20', apac: '10' });
  assert.ok(byName['business-starter.json'].bundle);
});

// ---- what the schemas refuse --------------------------------------------------------------

test('the price book schema refuses a binary float in a money field', () => {
  const bad = clone(book);
  bad.products[0].price.tiers[0].unit_price = 0.085;
  assertInvalid(validate.pricebook, bad, 'unit_price 0.085', 'unit_price');
  const bad2 = clone(book);
  bad2.bundles[0].price = 300;
  assertInvalid(validate.pricebook, bad2, 'bundle price 300 (a JSON number)', 'price');
});

test('the price book schema refuses an unknown price model', () => {
  const bad = clone(book);
  bad.products[0].price = { model: 'tiered', tiers: bad.products[0].price.tiers };
  assertInvalid(validate.pricebook, bad, 'model "tiered"', 'model');
  const bad2 = clone(book);
  bad2.products[0].region_prices.apac = { model: 'percentage', rate: '10', of: 'all' };
  assertInvalid(validate.pricebook, bad2, 'a percentage region price');
});

test('the price book schema refuses a product without a SKU', () => {
  const bad = clone(book);
  delete bad.products[3].sku;
  assertInvalid(validate.pricebook, bad, 'product without sku', 'sku');
});

test('the price book schema refuses other common mistakes', () => {
  const cases = [
    ['fields of another model', (b) => { b.products[3].price = { model: 'flat', unit_price: '2500' }; }],
    ['a stairstep tier with a unit price', (b) => { b.products[5].price.tiers[0] = { up_to: '100', unit_price: '15' }; }],
    ['a typo in a product field', (b) => { b.products[0].comit_discount = true; }],
    ['an exponent in a decimal string', (b) => { b.products[0].price.tiers[0].unit_price = '8.5e-2'; }],
    ['a fractional unit factor as a number', (b) => { b.units[1].factor = 1000.5; }],
    ['a finding rule without its finding', (b) => { delete b.internal.approval.rules.find((r) => r.metric === 'finding').finding; }],
    ['an unknown finding code', (b) => { b.internal.approval.rules.find((r) => r.metric === 'finding').finding = 'too_cheap'; }],
    ['a threshold rule without op', (b) => { delete b.internal.approval.rules[0].op; }],
    ['an unknown metric', (b) => { b.internal.approval.rules[0].metric = 'discount'; }],
    ['a lowercase currency', (b) => { b.currency = 'usd'; }],
    ['an impossible date', (b) => { b.effective_from = '2026-13-01'; }],
    ['another schema_version', (b) => { b.schema_version = '2.0'; }],
    ['an unknown rounding mode', (b) => { b.rounding = 'bankers'; }],
    ['a private key in an approver', (b) => { b.internal.approval.approvers[0].public_key.d = 'c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0czI'; }],
    ['an approver key on another curve', (b) => { b.internal.approval.approvers[0].public_key.crv = 'P-384'; }],
    ['an approver key coordinate with padding', (b) => { b.internal.approval.approvers[0].public_key.x += '='; }],
    ['an approver without a key', (b) => { delete b.internal.approval.approvers[0].public_key; }],
  ];
  for (const [label, mutate] of cases) {
    const bad = clone(book);
    mutate(bad);
    assertInvalid(validate.pricebook, bad, label);
  }
});

test('the quote schema refuses floats, missing SKUs and contradictory lines', () => {
  const good = readJson(join(pricebooks, 'examples', 'enterprise-in-band.json'));
  const cases = [
    ['a float quantity', (q) => { q.lines[0].quantity = 60.5; }],
    ['a float discount', (q) => { q.lines[0].discount_pct = 2.5; }],
    ['a line without a SKU', (q) => { delete q.lines[2].sku; }],
    ['region and region_mix together', (q) => { q.lines[0].region = 'na'; }],
    ['discount_pct and target_net together', (q) => { q.lines[2].discount_pct = '5'; q.lines[2].target_net = '2000'; }],
    ['a discount over 100%', (q) => { q.discount_pct = '120'; }],
    ['an incumbent price as a number', (q) => { q.customer.incumbent_monthly = 75000; }],
    ['a quote without a price book', (q) => { delete q.pricebook; }],
    ['a customer without a segment', (q) => { delete q.customer.segment; }],
    ['an unknown line field', (q) => { q.lines[0].regions = ['na']; }],
  ];
  for (const [label, mutate] of cases) {
    const bad = clone(good);
    mutate(bad);
    assertInvalid(validate.quote, bad, label);
  }
  // Integers are fine for quantities, percentages and the term.
  const ints = clone(good);
  ints.lines[0].quantity = 60;
  ints.lines[0].discount_pct = 3;
  ints.discount_pct = 0;
  assertValid(validate.quote, ints, 'integer quantity and percentages');
});

test('the priced-quote schema accepts the documented shape and refuses a float amount', () => {
  const check = (overrides = {}) => ({
    rule: 'discount-over-10', metric: 'overall_discount_pct', op: '>', value: '9.91', threshold: '10',
    level: 'manager', message: 'More than 10% off list overall needs a manager.', fired: false, distance: '0.09', ...overrides,
  });
  const priced = {
    schema_version: '1.0',
    pricebook: { id: 'edge-cdn', version: '2026.11.0', currency: 'USD' },
    customer: { name: 'Acme', segment: 'enterprise', incumbent_monthly: null },
    term_months: 24, bundle: null, commit_monthly_spend: null,
    lines: [{
      index: 0, kind: 'product', sku: 'waf', name: 'Web application firewall', category: 'security', billing: 'monthly',
      quantity: '1', unit: 'month', priced_quantity: '1', priced_unit: 'month', allowance: '0',
      tiers: [{ region: null, tier: 1, from: '0', to: null, quantity: '0', unit_price: '0', flat: '2500', amount: '2500', note: 'fixed monthly amount' }],
      list: '2500.00',
      waterfall: [
        { step: 'list', pct: null, amount: '2500.00', running: '2500.00' },
        { step: 'term', pct: '10.00', amount: '-250.00', running: '2250.00' },
        { step: 'net', pct: null, amount: '2250.00', running: '2250.00' },
      ],
      net: '2250.00', discount_pct: '10.00', cost: '350.00', floor: '1625.00', target: '2000.00', under_floor: false,
    }],
    totals: { list_monthly: '2500.00', net_monthly: '2250.00', one_time: '0.00', tcv: '54000.00', discount_pct: '10.00', discretionary_discount_pct: '0.00', margin_pct: '84.44', cost_monthly: '350.00' },
    guidance: [{ code: 'under_segment_band', severity: 'critical', message: '...', value: '2250', band: { low: '6000', target: '15000', high: '45000' }, line: null }],
    approval: {
      level: 'director',
      fired: [check({ rule: 'under-segment-band', metric: 'finding:under_segment_band', op: 'present', value: null, threshold: null, level: 'director', fired: true, distance: null })],
      next: check(),
      checks: [check()],
    },
    warnings: [],
    errors: [],
  };
  assertValid(validate.priced, priced, 'a priced quote');
  assertValid(validate.priced, { errors: [{ code: 'unknown_sku', path: '/lines/0/sku', message: 'No such SKU.' }] }, 'an error document');
  const bad = clone(priced);
  bad.lines[0].net = 2250;
  assertInvalid(validate.priced, bad, 'a float amount');
  const bad2 = clone(priced);
  bad2.lines[0].waterfall[1].step = 'volume';
  assertInvalid(validate.priced, bad2, 'an unknown waterfall step');
});

// When the native command-line tool has been built, its output for every example must match the
// priced-quote schema (a drift check between the engine's writer and the schema).
const cli = process.env.EDGEQUOTE_CLI ?? join(root, 'build', 'native', 'core', 'edgequote');
test('the engine\'s priced examples validate against the priced-quote schema', { skip: !existsSync(cli) && `no CLI at ${cli}` }, () => {
  for (const path of examples) {
    const out = execFileSync(cli, ['price', bookPath, path], { encoding: 'utf8' });
    const priced = JSON.parse(out);
    assertValid(validate.priced, priced, `priced ${path}`);
    assert.deepEqual(priced.errors, [], `${path} prices without errors`);
  }
});
