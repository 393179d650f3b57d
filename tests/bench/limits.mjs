// The engine's worst case at its documented limits (pricebooks/README.md, "Limits"): a price
// book of 10,000 products and 20,000 tiers (the most per book, 1,000 per price) and quotes of
// 20,000 lines built to hit every place where work grows with lines × something else:
//
//   tiers        every line crosses all 1,000 tiers of its price and of its cost
//   minimums     4,980 products with a monthly minimum, 20,000 lines (a true-up per product)
//   percentages  10,000 percentage lines priced on 10,000 other lines
//   bundle       a bundle offering all 10,000 products, 20,000 lines
//   regions      20,000 lines, each with a 5-region mix on a tiered product, entered in TB
//                (100,000 line-region shares, the most a quote may have)
//
// Each is timed through the CLI (`edgequote validate` / `edgequote price`, a process each, wall
// clock, best of 3) and through the wasm module in Node (book load, then price; median of 3).
// Node runs the module 2–4× slower than Chromium on this project's machine, so its figures
// are an upper bound for the page.
//
//   node tests/bench/limits.mjs            (after cmake --build --preset default)
//
// Writes the documents to build/bench/limits/ and the figures to build/bench/limits.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sourceDir, cliPath, engineModule, engineOptions } from '../node/support.mjs';

const out = join(sourceDir, 'build/bench/limits');
mkdirSync(out, { recursive: true });

const PRODUCTS = 10000, TIERS = 1000, LINES = 20000, REGIONS = 20, MIX = 5;  // 20,000 × 5 = 100,000 shares
const tiered = 10;           // products 0-9: graduated, 1,000 tiers; their costs too (20,000 tiers)
const minimumsFrom = 20, minimumsTo = 5000;  // per_unit with a monthly minimum
const percentFrom = 5000, percentTo = 5100;  // percentage of all
const sku = (i) => `p${i}`;

function tiers() {
  const list = [];
  for (let t = 0; t < TIERS - 1; t++) list.push({ up_to: String((t + 1) * 1000), unit_price: `0.${String(1000 - t).padStart(4, '0')}`, flat: '1' });
  list.push({ up_to: null, unit_price: '0.0001' });
  return list;
}

function book() {
  const products = [];
  for (let i = 0; i < PRODUCTS; i++) {
    const p = { sku: sku(i), name: `Product ${i}`, category: i < tiered ? 'delivery' : 'other', unit: 'GB' };
    if (i < tiered) {
      p.price = { model: 'graduated', tiers: tiers() };
      p.regional = true;
    } else if (i >= percentFrom && i < percentTo) {
      p.unit = 'unit';
      p.price = { model: 'percentage', rate: '1', of: 'all' };
    } else {
      p.price = { model: 'per_unit', unit_price: '0.01' };
      if (i >= minimumsFrom && i < minimumsTo) p.minimum_monthly = '100';
      p.commit_discount = true;
    }
    if (i > percentTo) p.requires = [sku(i - 1)];  // a requires chain of 4,899 products
    products.push(p);
  }
  const costs = {};
  for (let i = 0; i < tiered; i++) costs[sku(i)] = { model: 'graduated', tiers: tiers() };
  return {
    schema_version: '1.0', id: 'limits', version: '1', effective_from: '2026-01-01', currency: 'USD',
    units: [{ id: 'GB', dimension: 'bytes', factor: '1' }, { id: 'TB', dimension: 'bytes', factor: '1000' },
      { id: 'unit', dimension: 'count', factor: '1' }],
    regions: Array.from({ length: REGIONS }, (_, r) => ({ id: `r${r}` })),
    segments: [{ id: 'enterprise' }],
    products,
    bundles: [{ id: 'everything', price: '1000', options: products.map((p) => p.sku),
      includes: products.slice(minimumsFrom, minimumsFrom + 1000).map((p) => ({ sku: p.sku, quantity: '10' })) }],
    terms: [{ months: 12 }],
    commits: [{ id: 'c', min_monthly: '1000', discount_pct: '5' }],
    internal: { costs, approval: { levels: ['rep', 'manager'], rules: [{ metric: 'overall_discount_pct', op: '>', threshold: '10', level: 'manager' }] } },
  };
}

const header = { schema_version: '1.0', pricebook: { id: 'limits', version: '1' }, customer: { segment: 'enterprise' }, term_months: 12 };
const mix = Object.fromEntries(Array.from({ length: MIX }, (_, r) => [`r${r}`, String(100 / MIX)]));
const quotes = {
  tiers: { ...header, lines: Array.from({ length: LINES }, (_, i) => ({ sku: sku(i % tiered), quantity: '1000000000', region: 'r0' })) },
  minimums: { ...header, commit: { monthly_spend: '100000000' },
    lines: Array.from({ length: LINES }, (_, i) => ({ sku: sku(minimumsFrom + (i % (minimumsTo - minimumsFrom))), quantity: '1' })) },
  percentages: { ...header, lines: Array.from({ length: LINES }, (_, i) => (i % 2
    ? { sku: sku(percentFrom + (i % (percentTo - percentFrom))) }
    : { sku: sku(minimumsTo + (i % 100)), quantity: '3' })) },
  bundle: { ...header, bundle: 'everything',
    lines: Array.from({ length: LINES }, (_, i) => ({ sku: sku(minimumsFrom + (i % (percentFrom - minimumsFrom))), quantity: '20' })) },
  regions: { ...header, lines: Array.from({ length: LINES }, (_, i) => ({ sku: sku(i % tiered), quantity: '1', unit: 'TB', region_mix: mix })) },
};

const bookPath = join(out, 'book.json');
writeFileSync(bookPath, JSON.stringify(book()));
for (const [name, q] of Object.entries(quotes)) writeFileSync(join(out, `quote-${name}.json`), JSON.stringify(q));

// Wall clock and CPU time (user + system, from /usr/bin/time): on a shared machine the CPU time
// is the steadier figure. Best of 3 by CPU time.
function cli(args) {
  let best = { ms: Infinity, cpu: Infinity, bytes: 0 };
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    let output, stderr;
    try {
      const result = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', cliPath, ...args], { maxBuffer: 1 << 30 });
      output = result.stdout.toString();
      stderr = result.stderr.toString();
      if (result.status !== 0) throw new Error(output.slice(0, 2000));
    } catch (e) {
      throw new Error(`${args.join(' ')} failed: ${e.message}`);
    }
    const ms = performance.now() - start;
    const [, user, system] = stderr.match(/cpu ([0-9.]+) ([0-9.]+)/);
    const cpu = (Number(user) + Number(system)) * 1000;
    if (cpu < best.cpu) best = { ms, cpu, bytes: output.length };
  }
  return best;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = { cli: {}, wasm: {} };
const row = (what, ms, cpu, extra = '') => console.log(`| ${what} | ${ms.toFixed(0)} ms | ${cpu.toFixed(0)} ms | ${extra} |`);

console.log('| what | wall | CPU | |\n|---|---:|---:|---|');
const validate = cli(['validate', bookPath]);
results.cli.validate = validate;
row(`CLI: validate the book (${(readFileSync(bookPath).length / 1e6).toFixed(1)} MB)`, validate.ms, validate.cpu);
for (const name of Object.keys(quotes)) {
  for (const summary of [true, false]) {
    const r = cli(['price', bookPath, join(out, `quote-${name}.json`), ...(summary ? ['--summary'] : [])]);
    results.cli[`${name}${summary ? '-summary' : ''}`] = r;
    row(`CLI: price ${name}${summary ? ' (--summary)' : ' (full)'}`, r.ms, r.cpu, `${(r.bytes / 1e6).toFixed(1)} MB out`);
  }
}

const { loadEngine } = await import(engineModule);
const engine = await loadEngine(await engineOptions());
const bookText = readFileSync(bookPath, 'utf8');
// Median of 3 by wall clock, with the CPU time of that run (Node's own, one thread here).
async function timed(work) {
  const runs = [];
  for (let run = 0; run < 3; run++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    await work();
    const used = process.cpuUsage(cpu);
    runs.push({ ms: performance.now() - start, cpu: (used.user + used.system) / 1000 });
  }
  return runs.sort((a, b) => a.ms - b.ms)[1];
}
let loaded;
results.wasm.load = await timed(async () => { loaded = await engine.loadPricebook(bookText); });
row('wasm (Node): load the book', results.wasm.load.ms, results.wasm.load.cpu);
for (const [name, q] of Object.entries(quotes)) {
  const text = JSON.stringify(q);
  results.wasm[name] = await timed(() => engine.price(loaded, text, { detail: 'summary' }));
  row(`wasm (Node): price ${name} (summary)`, results.wasm[name].ms, results.wasm[name].cpu);
}
writeFileSync(join(sourceDir, 'build/bench/limits.json'), JSON.stringify(results, null, 2));
