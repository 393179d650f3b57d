// Seeded random quotes against any price book, for the parity test, the live-quote test and the
// reprice benchmark. Plain JS without Node imports: the benchmark runs it in Chromium too.

// mulberry32: small, fast and the same on every machine.
export function random(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)], chance: (p) => next() < p };
}

// Adds two non-negative decimal strings exactly (for tier edges ± a little).
function decimalPlus(a, b, sign = 1) {
  const scale = Math.max((a.split('.')[1] ?? '').length, (b.split('.')[1] ?? '').length);
  const big = (s) => BigInt(s.replace('.', '') + '0'.repeat(scale - (s.split('.')[1] ?? '').length));
  let n = big(a) + BigInt(sign) * big(b);
  if (n < 0n) n = 0n;
  const digits = n.toString().padStart(scale + 1, '0');
  return scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
}

function tiersOf(product) {
  return [product.price, ...Object.values(product.region_prices ?? {})].flatMap((p) => p?.tiers ?? []);
}

// Quantities that exercise the price models: 0, 1, tier edges and their neighbours, package
// sizes, fractions, and absurd volumes; mostly at most `limit` (a bounded last tier, a bundle's
// maximum) when there is one, so that most quotes price.
function quantityFor(rng, product, limit) {
  const edges = tiersOf(product).map((t) => t.up_to).filter((u) => typeof u === 'string');
  if (product.price?.size) edges.push(product.price.size, decimalPlus(product.price.size, product.price.size));
  const r = rng.next();
  if (r < 0.05) return rng.pick([0, '0']);
  if (r < 0.1) return rng.pick([1, '1']);
  if (r < 0.35 && edges.length) {
    const edge = rng.pick(edges);
    return rng.pick([edge, decimalPlus(edge, '1'), decimalPlus(edge, '1', -1), decimalPlus(edge, '0.001'), decimalPlus(edge, '0.000000001', -1)]);
  }
  if (limit !== undefined && rng.chance(0.9)) {
    const whole = BigInt(limit.split('.')[0]);
    return whole > 0n ? (BigInt(Math.floor(rng.next() * 2 ** 52)) % whole + 1n).toString() : '0';
  }
  if (r < 0.38) return rng.pick(['1000000000000000', '999999999999999999', '123456789012.345678']);
  if (r < 0.7) return String(rng.int(100000));
  if (r < 0.85) return `${rng.int(5000)}.${String(rng.int(1000)).padStart(3, '0')}`;
  return rng.int(2000);
}

// A plan's usage: one quantity per limit, often on or around a tier's bound for that limit, now
// and then past every tier or in another unit of the limit's dimension.
function planUsage(rng, product, units) {
  const usage = {};
  for (const limit of product.price.limits) {
    const bounds = product.price.tiers.map((t) => t.up_to?.[limit.id]).filter((b) => typeof b === 'string');
    let quantity = String(rng.int(50));
    if (bounds.length && rng.chance(0.6)) {
      const bound = rng.pick(bounds);
      quantity = rng.pick([bound, decimalPlus(bound, '0.001'), decimalPlus(bound, '1', -1), decimalPlus(bound, '1000')]);
    }
    const dimension = units.get(limit.unit)?.dimension;
    const other = [...units.values()].filter((u) => u.dimension === dimension && u.id !== limit.unit);
    usage[limit.id] = other.length && rng.chance(0.2) ? { quantity: decimalPlus(quantity, '0'), unit: limit.unit } : quantity;
  }
  return usage;
}

// A ramp: the term cut into up to three periods; a later period has its own lines (the quote's
// with other quantities, a line dropped or added) or the quote's, and now and then its own commit.
function addPeriods(rng, quote, book, addLineTo) {
  const term = quote.term_months;
  if (term < 2) return;
  const cuts = [...new Set(Array.from({ length: rng.int(3) }, () => 1 + rng.int(term - 1)))].sort((a, b) => a - b);
  const bounds = [0, ...cuts, term];
  quote.periods = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const period = { from_month: bounds[i] + 1, to_month: bounds[i + 1] };
    if (i > 0 && rng.chance(0.7)) {
      period.lines = [];
      for (const line of quote.lines) if (rng.chance(0.9)) period.lines.push(structuredClone(line));
      if (rng.chance(0.5)) addLineTo(period.lines);
    }
    if (rng.chance(0.3)) period.commit = { monthly_spend: String(rng.pick([0, 2000, 5000, 20000])) };
    quote.periods.push(period);
  }
  if (rng.chance(0.05)) quote.periods[quote.periods.length - 1].to_month += 1;  // a fault: past the term
}

function regionMix(rng, regions) {
  const chosen = regions.filter(() => rng.chance(0.6));
  if (!chosen.length) chosen.push(rng.pick(regions));
  let left = 100;
  const mix = {};
  chosen.forEach((region, i) => {
    const share = i === chosen.length - 1 ? left : rng.int(left + 1);
    mix[region.id] = rng.chance(0.3) ? `${share}.0` : String(share);
    left -= share;
  });
  return mix;
}

function discount(rng) {
  return rng.pick(['0', '5', '10', '12.5', '33.333', '50', '100']);
}

/**
 * One random quote for `book` (a parsed price book). Mostly valid; with `faults` some quotes
 * carry one mistake (unknown SKU, float, bad mix, ...) so error output is compared too.
 */
export function randomQuote(book, rng, { lines: lineCount, faults = true, bundles = true, ramps = false } = {}) {
  const units = new Map(book.units.map((u) => [u.id, u]));
  const bySku = new Map(book.products.map((p) => [p.sku, p]));
  const bundle = bundles && book.bundles?.length && rng.chance(0.5) ? rng.pick(book.bundles) : null;
  const allowed = bundle
    ? book.products.filter((p) => (bundle.options ?? []).includes(p.sku) || (bundle.includes ?? []).some((i) => i.sku === p.sku))
    : book.products;
  const products = allowed.length ? allowed : book.products;
  // Bundle constraints are kept most of the time (the rest tests the errors).
  const constraints = new Map((bundle?.constraints ?? []).filter(() => rng.chance(0.9)).map((c) => [c.sku, c]));
  const quote = {
    schema_version: '1.0',
    pricebook: { id: book.id, version: book.version },
    customer: { name: rng.pick(['Acme', 'Globex "GX"', 'Initech\nEU', 'Ünïcødé GmbH', 'Umbrella 株式会社', '']), segment: rng.pick(book.segments).id },
    term_months: rng.pick(book.terms).months,
    lines: [],
  };
  if (rng.chance(0.3)) quote.customer.incumbent_monthly = String(rng.int(100000));
  if (bundle) quote.bundle = bundle.id;
  if (rng.chance(0.2)) quote.commit = { monthly_spend: String(rng.pick([0, 1000, 5000, 20000, 100000])) };
  if (rng.chance(0.3)) quote.discount_pct = discount(rng);
  const count = lineCount ?? 1 + rng.int(12);
  const addLine = (product, lines = quote.lines) => {
    const line = { sku: product.sku };
    if (product.price?.model === 'plan') {
      line.usage = planUsage(rng, product, units);
      lines.push(line);
      return;
    }
    const constraint = constraints.get(product.sku);
    const lastTier = product.price?.tiers?.at(-1);
    const limit = constraint?.max_quantity ?? (lastTier?.up_to ?? undefined);
    const percentage = product.price?.model === 'percentage';
    if (!percentage || rng.chance(0.2)) line.quantity = quantityFor(rng, product, limit);
    if (constraint?.min_quantity && rng.chance(0.9)) line.quantity = decimalPlus(constraint.min_quantity, String(rng.int(1000)));
    const dimension = units.get(product.unit)?.dimension;
    const sameDimension = book.units.filter((u) => u.dimension === dimension);
    if (limit === undefined && rng.chance(0.4) && sameDimension.length) line.unit = rng.pick(sameDimension).id;
    if (product.regional) {
      if (rng.chance(0.5)) line.region = rng.pick(book.regions).id;
      else line.region_mix = regionMix(rng, book.regions);
    }
    if (product.discountable !== false && rng.chance(0.25)) {
      if (rng.chance(0.8)) line.discount_pct = discount(rng);
      else line.target_net = String(rng.int(500));
    }
    lines.push(line);
  };
  for (let i = 0; i < count; i++) {
    const product = rng.pick(products);
    const constraint = constraints.get(product.sku);
    const present = (sku) => quote.lines.some((l) => l.sku === sku);
    if (constraint?.excludes?.some(present)) continue;
    if ([...constraints.values()].some((c) => c.excludes?.includes(product.sku) && present(c.sku))) continue;
    for (const needed of constraint?.requires ?? []) if (!present(needed) && bySku.has(needed)) addLine(bySku.get(needed));
    addLine(product);
  }
  if (ramps && rng.chance(0.3)) addPeriods(rng, quote, book, (lines) => addLine(rng.pick(products), lines));
  if (ramps && rng.chance(0.3)) quote.as_of = rng.pick(['2026-01-01', '2026-06-30', '2026-12-31', '2027-01-01', '2025-12-31', '2026-02-29']);
  if (faults && rng.chance(0.15) && quote.lines.length) {
    const line = rng.pick(quote.lines);
    const fault = rng.int(7);
    if (fault === 0) line.sku = 'no-such-sku';
    else if (fault === 1) line.quantity = 1.5;
    else if (fault === 2) line.quantity = '-3';
    else if (fault === 3) line.region_mix = { [book.regions[0].id]: '60' };
    else if (fault === 4) quote.term_months = 7;
    else if (fault === 5) line.unit = 'parsecs';
    else quote.customer.segment = 'galactic';
  }
  return quote;
}

/** A valid quote of exactly `lines` lines (for benchmarks): no bundle, no faults. */
export function largeQuote(book, lines, seed = 1) {
  const rng = random(seed);
  // Many lines of usage products, one support line (a percentage of all the others) at the end.
  const usage = { ...book, products: book.products.filter((p) => p.price?.model !== 'percentage') };
  const support = book.products.find((p) => p.price?.model === 'percentage');
  const quote = randomQuote(usage, rng, { lines: support ? lines - 1 : lines, faults: false, bundles: false });
  if (support) quote.lines.push({ sku: support.sku });
  const bySku = new Map(book.products.map((p) => [p.sku, p]));
  for (const line of quote.lines) {
    // Every line priceable: quantities in the product's own unit, and lines of one SKU (which
    // share a ladder) together within a bounded last tier.
    const product = bySku.get(line.sku);
    const last = tiersOf(product).at(-1);
    const limit = last?.up_to ? Math.max(1, Math.floor(Number(last.up_to) / lines)) : 50000;
    if (line.quantity !== undefined) line.quantity = String(1 + rng.int(limit));
    delete line.unit;
    delete line.target_net;
  }
  // Products sold only with another (bot management needs the WAF) get it added.
  const quoted = new Set(quote.lines.map((l) => l.sku));
  for (const needed of [...quoted].flatMap((sku) => bySku.get(sku)?.requires ?? [])) {
    if (quoted.has(needed)) continue;
    quoted.add(needed);
    quote.lines.splice(Math.max(0, quote.lines.length - (support ? 1 : 0)), 0, { sku: needed, quantity: '1' });
  }
  quote.term_months = book.terms[0].months;
  delete quote.commit;
  return quote;
}
