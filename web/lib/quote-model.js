// How the form reads a quote and writes it back, driven by the engine's view of the price book
// (`view` below: engine.loadPricebook(...).view, core/src/book_view.cpp): which products are
// traffic, requests or features, which units and regions exist, what a bundle allows and which
// products are switches are the engine's answers, read here and never worked out again. The
// quote object (pricebooks/README.md "Quote") is the single source of truth; the form is a view
// of it, so an imported or shared quote shows up in the same fields.

export const TRAFFIC_CATEGORY = 'delivery';
export const REQUESTS_CATEGORY = 'requests';

// Products by SKU, per book (its products list is never changed once loaded): views ask for a
// line's product once per line, and a scan per line is quadratic on a 5,000-line quote.
const productsBySku = new WeakMap();

export function productOf(book, sku) {
  let bySku = productsBySku.get(book.products);
  if (!bySku) {
    bySku = new Map();
    for (const product of book.products) if (!bySku.has(product.sku)) bySku.set(product.sku, product);
    productsBySku.set(book.products, bySku);
  }
  return bySku.get(sku) ?? null;
}

export function unitOf(book, id) {
  return book.units.find((u) => u.id === id) ?? null;
}

export function dimensionOf(book, product) {
  return product.dimension ?? null;
}

// The units a quantity of this product may be entered in, smallest first.
export function unitsFor(book, product) {
  const dimension = dimensionOf(book, product);
  return book.units
    .filter((u) => u.dimension === dimension)
    .sort((a, b) => Number(a.factor) - Number(b.factor));
}

export function bundleOf(book, id) {
  return (book.bundles ?? []).find((b) => b.id === id) ?? null;
}

// Whether a quote with this bundle may hold the product (the engine's `allows`); without a
// bundle everything is allowed.
export function isAllowed(book, bundleId, sku) {
  const bundle = bundleOf(book, bundleId);
  return !bundle || bundle.allows.includes(sku);
}

export function includedQuantity(book, bundleId, sku) {
  return bundleOf(book, bundleId)?.includes?.find((i) => i.sku === sku) ?? null;
}

// Products of one category that the bundle allows, the ones it includes first.
export function productsIn(book, bundleId, category) {
  const bundle = bundleOf(book, bundleId);
  const included = new Set((bundle?.includes ?? []).map((i) => i.sku));
  return book.products
    .filter((p) => p.category === category && isAllowed(book, bundleId, p.sku))
    .sort((a, b) => Number(included.has(b.sku)) - Number(included.has(a.sku)));
}

export function lineIndexOf(book, quote, category) {
  return quote.lines.findIndex((line) => productOf(book, line.sku)?.category === category);
}

export function isFeature(product) {
  return product.category !== TRAFFIC_CATEGORY && product.category !== REQUESTS_CATEGORY;
}

// A feature whose price does not depend on a quantity: a checkbox is all it needs.
export function isSwitchOnly(product) {
  return product.switch;
}

export function regionMixOf(line) {
  if (!line) return {};
  if (line.region_mix) return { ...line.region_mix };
  if (line.region) return { [line.region]: '100' };
  return {};
}

function defaultOf(list, preferred, key) {
  return list.find((item) => item[key] === preferred) ?? list[0];
}

// Today in the rep's own calendar, YYYY-MM-DD (toISOString would give the UTC date).
export function localToday(now = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// A sensible, calm starting point: something is priced from the first keystroke, and nothing
// is flagged before the rep has said anything about the deal. 10 TB at list for the book's
// first segment (books list segments smallest first) sits inside that segment's usual band;
// opening every quote as an under-quoted Enterprise deal taught reps to ignore the alarms.
// The quote is priced for today (the engine refuses a book not in effect on it).
export function newQuote(book, today = localToday()) {
  const segment = book.segments?.[0];
  const term = defaultOf(book.terms ?? [], 12, 'months');
  const quote = {
    schema_version: '1.0',
    pricebook: { id: book.id, version: book.version },
    customer: { name: '', segment: segment?.id ?? '' },
    term_months: term?.months ?? 1,
    as_of: today,
    lines: [],
  };
  const traffic = productsIn(book, undefined, TRAFFIC_CATEGORY)[0];
  if (traffic) {
    const line = { sku: traffic.sku, quantity: '10', unit: preferredTrafficUnit(book, traffic) };
    if (traffic.regional) line.region_mix = { [book.regions[0].id]: '100' };
    quote.lines.push(line);
  }
  return quote;
}

function preferredTrafficUnit(book, product) {
  const units = unitsFor(book, product);
  return (units.find((u) => u.id === 'TB') ?? units[0] ?? { id: product.unit }).id;
}

// --- edits: each mutates the quote it is given (the configurator passes a copy) ---

// A copy of a quote to edit: its header copied deeply, its list of lines copied, but not the lines
// themselves. Every edit in this file replaces a line it changes with a new object rather than
// changing it, so the quote copied from is left as it was (the record's, the views'). Cloning every
// line of a 5,000-line quote on each keystroke cost more than pricing the edit.
export function editableCopy(quote) {
  const { lines, ...header } = quote;
  const copy = structuredClone(header);
  if (lines !== undefined) copy.lines = Array.isArray(lines) ? lines.slice() : structuredClone(lines);
  return copy;
}

// Replaces the line at `index` with a copy of it, changed by `changes` (own keys set; a key set
// to undefined is removed): the old object, shared with the quote this one was copied from,
// stays as it was.
export function replaceLine(quote, index, changes = {}) {
  const line = { ...quote.lines[index] };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete line[key];
    else line[key] = value;
  }
  quote.lines[index] = line;
  return line;
}

export function setOptional(object, key, value) {
  if (value === '' || value === null || value === undefined) delete object[key];
  else object[key] = value;
}

// Switching bundles keeps the quote priceable: the traffic line moves to the delivery product the
// new bundle carries, and features the bundle does not offer are dropped. Returns their names.
export function switchBundle(book, quote, bundleId) {
  setOptional(quote, 'bundle', bundleId);
  const removed = [];
  const trafficIndex = lineIndexOf(book, quote, TRAFFIC_CATEGORY);
  if (trafficIndex >= 0 && !isAllowed(book, bundleId, quote.lines[trafficIndex].sku)) {
    const replacement = productsIn(book, bundleId, TRAFFIC_CATEGORY)[0];
    if (replacement) replaceLine(quote, trafficIndex, { sku: replacement.sku });
  }
  quote.lines = quote.lines.filter((line) => {
    if (isAllowed(book, bundleId, line.sku)) return true;
    removed.push(productOf(book, line.sku)?.name ?? line.sku);
    return false;
  });
  return removed;
}

// The traffic line and every other regional line follow one region mix: the customer describes
// where their users are once.
export function setRegionShare(book, quote, regionId, share) {
  const trafficIndex = lineIndexOf(book, quote, TRAFFIC_CATEGORY);
  const mix = regionMixOf(quote.lines[trafficIndex]);
  if (share === '' || share === '0') delete mix[regionId];
  else mix[regionId] = share;
  setRegionMix(book, quote, mix);
}

export function setRegionMix(book, quote, mix) {
  const ordered = {};
  for (const region of book.regions) if (mix[region.id] !== undefined) ordered[region.id] = mix[region.id];
  quote.lines.forEach((line, i) => {
    if (productOf(book, line.sku)?.regional) replaceLine(quote, i, { region: undefined, region_mix: { ...ordered } });
  });
}

function currentMix(book, quote) {
  const trafficIndex = lineIndexOf(book, quote, TRAFFIC_CATEGORY);
  const mix = regionMixOf(quote.lines[trafficIndex]);
  return Object.keys(mix).length ? mix : { [book.regions[0].id]: '100' };
}

// The traffic line: kept even while its quantity is being retyped (the engine then reports the
// empty quantity), so the region mix is never lost.
export function setTrafficLine(book, quote, sku, quantity, unit) {
  const index = lineIndexOf(book, quote, TRAFFIC_CATEGORY);
  if (index >= 0) {
    replaceLine(quote, index, { sku, quantity, unit });
    return;
  }
  const line = { sku, quantity, unit };
  if (productOf(book, sku)?.regional) line.region_mix = currentMix(book, quote);
  quote.lines.unshift(line);
}

// One requests line per requests product (HTTP, HTTPS): an empty quantity removes it. A new one
// goes after the traffic and requests lines and follows the traffic's region mix.
export function setRequestsLine(book, quote, sku, quantity, unit) {
  const index = quote.lines.findIndex((l) => l.sku === sku);
  if (quantity === '') {
    if (index >= 0) quote.lines.splice(index, 1);
    return;
  }
  if (index >= 0) {
    replaceLine(quote, index, { quantity, unit });
    return;
  }
  const line = { sku, quantity, unit };
  if (productOf(book, sku)?.regional) line.region_mix = currentMix(book, quote);
  let at = 0;
  quote.lines.forEach((l, i) => {
    const category = productOf(book, l.sku)?.category;
    if (category === TRAFFIC_CATEGORY || category === REQUESTS_CATEGORY) at = i + 1;
  });
  quote.lines.splice(at, 0, line);
}

// Units a new feature line starts in: the ones reps say out loud ("5 million transformations").
const SPOKEN_UNITS = ['TB', 'M_transformations', 'M_invocations', 'M_requests', 'Gbps95'];

export function setFeature(book, quote, sku, on) {
  const index = quote.lines.findIndex((line) => line.sku === sku);
  if (!on) {
    if (index >= 0) quote.lines.splice(index, 1);
    return;
  }
  if (index >= 0) return;
  const product = productOf(book, sku);
  const line = { sku };
  if (!isSwitchOnly(product)) {
    const units = unitsFor(book, product);
    line.quantity = '1';
    line.unit = (units.find((u) => SPOKEN_UNITS.includes(u.id)) ?? { id: product.unit }).id;
  }
  if (product.regional) line.region_mix = currentMix(book, quote);
  quote.lines.push(line);
}

// A line's rep discount is either a percentage or a target net price, never both.
export function setLineDiscount(quote, index, field, value) {
  if (!quote.lines[index]) return;
  const line = replaceLine(quote, index);
  const other = field === 'discount_pct' ? 'target_net' : 'discount_pct';
  setOptional(line, field, value);
  if (value !== '') delete line[other];
}

// Stable JSON with sorted keys: the same inputs always hash the same.
export function canonicalText(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalText).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => value[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalText(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}


// A short human title for a quote that has none.
export function describeQuote(book, quote) {
  const name = quote.customer?.name?.trim() || 'Untitled customer';
  const traffic = quote.lines[lineIndexOf(book, quote, TRAFFIC_CATEGORY)];
  const volume = traffic?.quantity ? ` · ${traffic.quantity} ${traffic.unit ?? ''}`.trimEnd() : '';
  return `${name}${volume} · ${quote.term_months} mo`;
}
