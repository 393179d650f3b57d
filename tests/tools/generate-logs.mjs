#!/usr/bin/env node
// Realistic synthetic quote logs, seeded: the same options give the same bytes.
//
//   node tests/tools/generate-logs.mjs --records 3000 --seed 7 --out DIR
//        [--book pricebooks/edge-cdn.json] [--cli build/native/core/edgequote]
//        [--reps "Alex Morgan,Bianca Reyes,Chris Okafor"] [--from 2026-11-01] [--days 181]
//
// Writes DIR/<rep>.jsonl (one log per rep, as each rep would export it), or one file when
// --out ends in .jsonl. Quotes are drawn per segment (traffic, bundle, premium features, term,
// discount by the rep's habits), priced for real by `edgequote reprice BOOK --summary`, then
// given an incumbent price and priced again (so guidance sees it), and an outcome drawn from
// the price: deeper discounts and a lower price than the incumbent's win more often, missing
// features lose deals. Records are built by the page's own web/insights/quote-log.js.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { catalogOf, toJsonLines, toLogRecord } from '../../web/insights/quote-log.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function parseArgs(argv) {
  const options = {
    records: 3000,
    seed: 1,
    out: null,
    book: join(ROOT, 'pricebooks/edge-cdn.json'),
    cli: join(ROOT, 'build/native/core/edgequote'),
    reps: 'Alex Morgan,Bianca Reyes,Chris Okafor',
    from: '2026-11-01',
    days: 181,
  };
  for (let i = 2; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in options) || argv[i + 1] === undefined) throw new Error(`unknown option ${argv[i]} (see the header of this file)`);
    options[key] = typeof options[key] === 'number' ? Number(argv[i + 1]) : argv[i + 1];
  }
  if (!options.out) throw new Error('--out DIR (or FILE.jsonl) is required');
  return options;
}

// mulberry32: small, fast, and the same sequence everywhere for a seed.
function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng = {
    next,
    chance: (p) => next() < p,
    between: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => Math.floor(lo + (hi - lo + 1) * next()),
    logBetween: (lo, hi) => Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * next()),
    pick: (list) => list[Math.floor(next() * list.length)],
    weighted: (entries) => {
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      let x = next() * total;
      for (const [value, w] of entries) if ((x -= w) < 0) return value;
      return entries[entries.length - 1][0];
    },
    hex: (n) => Array.from({ length: n }, () => Math.floor(next() * 16).toString(16)).join(''),
  };
  return rng;
}

// ---- Who sells, to whom --------------------------------------------------------------------

// Rep habits: a senior holds price, a rookie discounts deep and sometimes quotes a big
// customer a tiny feature set (the $250 quote for a $15k deal, README "Why").
const STYLES = [
  { discount: [0, 12], lineDiscount: 0.1, underQuote: 0.01, share: 0.3 },
  { discount: [0, 24], lineDiscount: 0.2, underQuote: 0.04, share: 0.4 },
  { discount: [8, 42], lineDiscount: 0.35, underQuote: 0.18, share: 0.3 },
];

const SEGMENTS = {
  smb: { weight: 30, tb: [1, 15], bundles: [['starter', 5], [null, 5]], terms: [[1, 5], [12, 5]], incumbent: 0.2, win: 0.5 },
  mid_market: { weight: 30, tb: [10, 120], bundles: [['business', 7], [null, 3]], terms: [[12, 5], [24, 3], [1, 2]], incumbent: 0.4, win: 0.45 },
  enterprise: { weight: 28, tb: [40, 600], bundles: [['enterprise', 6], ['business', 4]], terms: [[12, 3], [24, 4], [36, 3]], incumbent: 0.6, win: 0.4 },
  f500: { weight: 12, tb: [200, 2500], bundles: [['enterprise', 1]], terms: [[24, 4], [36, 6]], incumbent: 0.75, win: 0.35 },
};
const SEGMENT_INDEX = { smb: 0, mid_market: 1, enterprise: 2, f500: 3 };

// Premium attach propensity by segment (smb, mid, enterprise, f500) and a quantity drawer.
const FEATURES = [
  { sku: 'waf', p: [0.15, 0.45, 0.75, 0.9], quantity: () => 1 },
  { sku: 'bot-management', p: [0.05, 0.25, 0.45, 0.6], requires: 'waf', quantity: () => 1 },
  { sku: 'ddos-advanced', p: [0.02, 0.12, 0.3, 0.55], unit: 'Mbps95', quantity: (r, s, bundle) => Math.round(bundle === 'business' ? r.between(100, 1000) : r.logBetween(300, 8000)) },
  { sku: 'image-optimization', p: [0.35, 0.4, 0.45, 0.5], unit: 'M_transformations', quantity: (r, s, bundle) => (bundle === 'starter' ? r.int(1, 9) : r.int(2, 60)) },
  { sku: 'edge-compute', p: [0.03, 0.08, 0.15, 0.2], unit: 'M_invocations', quantity: (r) => Math.round(r.logBetween(20, 3000)) },
  { sku: 'real-time-logs', p: [0.05, 0.2, 0.35, 0.5], unit: 'M_requests', quantity: (r) => Math.round(r.logBetween(50, 4000)) },
  { sku: 'origin-shield', p: [0.03, 0.15, 0.35, 0.45], region: true, quantity: () => 1 },
  { sku: 'custom-certificates', p: [0.1, 0.2, 0.25, 0.35], unit: 'each', quantity: (r, s, bundle) => (bundle === 'starter' ? 1 : r.int(1, 6)) },
  { sku: 'video-streaming', p: [0, 0.04, 0.12, 0.25], unit: 'TB', quantity: (r) => Math.round(r.between(12, 250)) },
];

const MIXES = [
  [{ na: '70', eu: '20', apac: '10' }, 5],
  [{ eu: '60', na: '30', apac: '10' }, 3],
  [{ na: '40', eu: '30', apac: '20', sa: '5', oce: '5' }, 2],
  [{ apac: '55', na: '25', eu: '15', oce: '5' }, 1.5],
];

// What customers ask for that the book does not sell: a tag the rep picks, and what was said.
const MISSING = [
  ['edge-kv', 10, ['Edge KV store', 'key-value storage at the edge', 'edge key value store', 'KV store like Workers KV']],
  ['http3-prioritization', 6, ['HTTP/3 prioritization', 'http3 priority hints', 'HTTP/3 stream priorities']],
  ['china-delivery', 5, ['China delivery (ICP)', 'mainland China PoPs', 'delivery inside China']],
  ['mtls-origin', 4, ['mTLS to origin', 'mutual TLS to our origin', 'client certs to origin']],
  ['log-push-s3', 4, ['Log push to S3', 'push logs to our S3 bucket', 'logs to S3 every minute']],
  ['avif', 3, ['AVIF image conversion', 'AVIF output for images']],
  ['websockets', 2, ['WebSocket support', 'long-lived websockets']],
  ['terraform', 2, ['Terraform provider', 'terraform support for config']],
  ['live-packaging', 1.5, ['Live video packaging (HLS/DASH)', 'just-in-time HLS packaging']],
];

const COMPETITORS = [
  [['Cloudflare', 'cloudflare', 'CloudFlare'], 35],
  [['Akamai'], 25],
  [['Fastly', 'fastly'], 20],
  [['Amazon CloudFront', 'amazon cloudfront'], 15],
  [['Bunny.net'], 5],
];

const NAMES_A = ['Northwind', 'Blue Harbor', 'Juniper', 'Redwood', 'Silverline', 'Copperleaf', 'Brightwater', 'Ironbridge', 'Lumen', 'Oakridge', 'Polaris', 'Quarry', 'Summit', 'Tidewater', 'Vantage', 'Willow'];
const NAMES_B = ['Media', 'Games', 'Retail', 'Health', 'Bank', 'Airlines', 'Software', 'Streaming', 'News', 'Logistics', 'Insurance', 'Labs'];

// ---- Quotes ----------------------------------------------------------------------------------

function draftQuote(r, book, style, segment) {
  const s = SEGMENTS[segment];
  const si = SEGMENT_INDEX[segment];
  const bundle = r.weighted(s.bundles);
  const allowed = (sku) => !bundle || book.bundles.find((b) => b.id === bundle).options.includes(sku);
  const underQuote = si >= 2 && r.chance(style.underQuote);
  let tb = r.logBetween(...s.tb) / (underQuote ? 12 : 1);
  if (bundle === 'starter') tb = Math.min(tb, 45);
  const mix = r.weighted(MIXES);
  const lines = [{ sku: 'delivery', quantity: String(Math.max(1, Math.round(tb))), unit: 'TB', region_mix: mix }];
  lines.push({ sku: 'requests-https', quantity: String(Math.max(1, Math.round(tb * r.between(4, 18)))), unit: 'M_requests', region_mix: mix });
  if (r.chance(0.15) && allowed('requests-http')) lines.push({ sku: 'requests-http', quantity: String(Math.max(1, Math.round(tb * r.between(1, 5)))), unit: 'M_requests', region_mix: mix });
  const chosen = new Set();
  if (!underQuote) {
    for (const f of FEATURES) {
      if (!allowed(f.sku) || (f.requires && !chosen.has(f.requires)) || !r.chance(f.p[si])) continue;
      if (f.sku === 'video-streaming' && bundle !== 'enterprise' && bundle !== 'business' && bundle !== null) continue;
      chosen.add(f.sku);
      const line = { sku: f.sku, quantity: String(f.quantity(r, segment, bundle)) };
      if (f.unit) line.unit = f.unit;
      if (f.region) line.region = mix.na ? 'na' : 'eu';
      if (r.chance(style.lineDiscount)) line.discount_pct = String(r.int(5, 30));
      lines.push(line);
    }
  }
  if (si >= 2 && bundle === 'enterprise' && r.chance(0.45)) lines.push({ sku: 'support-enterprise' });
  else if (si >= 1 && bundle && r.chance(0.35) && allowed('support-business')) lines.push({ sku: 'support-business' });
  if (si >= 2 && r.chance(0.2) && allowed('onboarding')) lines.push({ sku: 'onboarding', quantity: 1 });
  const quote = {
    schema_version: '1.0',
    pricebook: { id: book.id, version: book.version },
    customer: { name: `${r.pick(NAMES_A)} ${r.pick(NAMES_B)}`, segment },
    term_months: r.weighted(s.terms),
    ...(bundle ? { bundle } : {}),
    lines,
  };
  const discount = r.between(...style.discount);
  if (discount >= 1) quote.discount_pct = discount.toFixed(1).replace(/\.0$/, '');
  return { quote, underQuote };
}

function reprice(cli, bookPath, quotes) {
  const out = [];
  for (let i = 0; i < quotes.length; i += 4000) {
    const input = quotes.slice(i, i + 4000).map((q) => JSON.stringify(q)).join('\n') + '\n';
    const run = spawnSync(cli, ['reprice', bookPath, '--summary'], { input, maxBuffer: 1 << 30, encoding: 'utf8' });
    if (run.error) throw run.error;
    const lines = run.stdout.split('\n').filter((l) => l !== '');
    if (lines.length !== Math.min(4000, quotes.length - i)) throw new Error(`reprice: ${run.stderr}`);
    out.push(...lines.map((l) => JSON.parse(l)));
  }
  return out;
}

// ---- Outcomes --------------------------------------------------------------------------------

function drawOutcome(r, priced, ageDays, segment) {
  const openChance = ageDays < 25 ? 0.65 : 0.12;
  const wanted = [];
  if (r.chance(0.28)) {
    const count = r.chance(0.25) ? 2 : 1;
    for (let i = 0; i < count; i++) {
      const entry = r.weighted(MISSING.map((m) => [m, m[1]]));
      if (!wanted.includes(entry)) wanted.push(entry);
    }
  }
  const outcome = {
    status: 'open',
    reason: null,
    competitor: null,
    competitor_monthly: null,
    missing_features: wanted.map((m) => r.pick(m[2])),
    missing_feature_tags: wanted.map((m) => (r.chance(0.1) ? m[0].replace(/-/g, ' ').toUpperCase() : m[0])),
  };
  if (r.chance(openChance)) return outcome;

  const net = Number(priced.totals.net_monthly);
  const discount = Number(priced.totals.discount_pct);
  const incumbent = priced.customer.incumbent_monthly ? Number(priced.customer.incumbent_monthly) : null;
  const ratio = incumbent ? net / incumbent : null;
  let p = SEGMENTS[segment].win + Math.min(discount, 40) / 100;
  if (ratio !== null) p += ratio > 1.05 ? -0.3 : ratio < 0.45 ? 0.2 : ratio <= 0.9 ? 0.12 : 0;
  if (wanted.length) p -= 0.2;
  if (priced.lines.some((l) => l.sku === 'edge-compute')) p -= 0.05;
  const won = r.chance(Math.max(0.05, Math.min(0.92, p)));
  const names = r.weighted(COMPETITORS.map(([spellings, w]) => [spellings, w]));
  const competitor = r.chance(0.8) ? names[0] : r.pick(names);  // now and then typed another way
  if (won) {
    outcome.status = 'won';
    if (incumbent) outcome.competitor = competitor;
    outcome.reason = r.pick([null, null, 'Performance in the trial', 'Support and onboarding', 'Price']);
    return outcome;
  }
  outcome.status = 'lost';
  outcome.competitor = competitor;
  const featureLoss = wanted.length && r.chance(0.6);
  outcome.reason = featureLoss
    ? r.pick(['Missing feature', 'missing feature', 'Feature gap'])
    : r.weighted([['Price', 6], ['Stayed with incumbent', 2], ['Procurement timing', 1], ['Security review', 1]]);
  if (r.chance(0.7)) {
    const factor = featureLoss ? r.between(0.85, 1.3) : r.between(0.55, 0.95);
    outcome.competitor_monthly = (net * factor).toFixed(2);
  }
  return outcome;
}

// ---- Main ----------------------------------------------------------------------------------

export function generate(options) {
  const r = random(Number(options.seed));
  const bookText = readFileSync(options.book, 'utf8');
  const book = JSON.parse(bookText);
  const catalog = catalogOf(book);
  const reps = options.reps.split(',').map((name) => name.trim());
  const start = Date.parse(`${options.from}T00:00:00Z`);
  const windowMs = options.days * 86400000;

  const drafts = [];
  for (let i = 0; i < options.records; i++) {
    const repIndex = r.weighted(reps.map((_, k) => [k, STYLES[k % STYLES.length].share]));
    const segment = r.weighted(Object.entries(SEGMENTS).map(([id, s]) => [id, s.weight]));
    const { quote, underQuote } = draftQuote(r, book, STYLES[repIndex % STYLES.length], segment);
    const savedMs = start + Math.floor(r.next() * windowMs / 1000) * 1000;
    drafts.push({ id: `q-${r.hex(12)}`, repIndex, segment, quote, underQuote, savedMs });
  }

  // Pass 1 finds each quote's list price; the incumbent's price is drawn from it (for an
  // under-quote, from the size of deal the customer really is); pass 2 prices with it.
  const first = reprice(options.cli, options.book, drafts.map((d) => d.quote));
  drafts.forEach((d, i) => {
    if (!r.chance(SEGMENTS[d.segment].incumbent) && !d.underQuote) return;
    const list = Number(first[i].totals.list_monthly);
    const factor = d.underQuote ? r.between(6, 14) : r.between(0.75, 1.7);
    d.quote.customer.incumbent_monthly = (list * factor).toFixed(0);
  });
  const priced = reprice(options.cli, options.book, drafts.map((d) => d.quote));

  const byRep = reps.map(() => []);
  drafts.forEach((d, i) => {
    if (priced[i].errors.length) throw new Error(`quote ${i} did not price: ${JSON.stringify(priced[i].errors[0])}`);
    const ageDays = (start + windowMs - d.savedMs) / 86400000;
    const outcome = drawOutcome(r, priced[i], ageDays, d.segment);
    const updatedMs = outcome.status === 'open' ? d.savedMs + r.int(0, 3) * 3600000 : d.savedMs + r.int(1, 40) * 86400000;
    const saved = { id: d.id, quote: d.quote, outcome, savedAt: d.savedMs, updatedAt: updatedMs };
    const record = toLogRecord(saved, { priced: priced[i], catalog, rep: reps[d.repIndex] });
    // Now and then a rep exports again after the outcome: the older save is in the log too.
    if (outcome.status !== 'open' && r.chance(0.02)) {
      byRep[d.repIndex].push({ ...record, updated_at: record.saved_at, outcome: { ...record.outcome, status: 'open', reason: null, competitor: null, competitor_monthly: null } });
    }
    byRep[d.repIndex].push(record);
  });
  return { reps, byRep };
}

function main() {
  const options = parseArgs(process.argv);
  const { reps, byRep } = generate(options);
  if (options.out.endsWith('.jsonl')) {
    mkdirSync(dirname(resolve(options.out)), { recursive: true });
    writeFileSync(options.out, byRep.map(toJsonLines).join(''));
    console.log(`${options.out}: ${byRep.reduce((n, list) => n + list.length, 0)} records`);
    return;
  }
  mkdirSync(options.out, { recursive: true });
  reps.forEach((rep, k) => {
    const file = join(options.out, `${rep.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.jsonl`);
    writeFileSync(file, toJsonLines(byRep[k]));
    console.log(`${file}: ${byRep[k].length} records`);
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
