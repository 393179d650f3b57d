// The insights page: logs in (drop or pick), filters, charts and tables out. Every number comes
// from the insights engine (web/engine/insights.js) as the engine wrote it; this file only lays
// them out and formats them (thousands separators, a % sign) without arithmetic on amounts.
import { loadInsights } from '../engine/insights.js';
import { barChart, columnChart, h, outcomeLegend, outcomeSegments } from './charts.js';
import { csvTable } from './quote-log.js';
import { outcomeSections, useOutcomeBook } from './outcome-sections.js';
import { money as formatMoney, moneyWhole as formatWhole, quantity } from '../lib/format.js';

// ---- Formatting: strings in, strings out ---------------------------------------------------

// Money and counts through the page's one formatter (web/lib/format.js), in the logs' currency.
let currency = 'USD';
const money = (decimal) => formatMoney(decimal ?? null, currency);
// Whole units for charts ("$1,245,963"): the cents are in the tables.
const moneyWhole = (decimal) => (decimal === null || decimal === undefined ? '—' : formatWhole(String(decimal).split('.')[0], currency));
const pct = (decimal) => (decimal === null || decimal === undefined ? '—' : `${decimal}%`);
const count = (n) => quantity(String(n));
const plural = (n, word) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;
const bandLabel = (band, suffix = '%') => (band.to === null ? `${band.from}${suffix}+` : `${band.from}–${band.to}${suffix}`);
// Ids as words for labels ("bot-management" -> "Bot management", "f500" -> "Fortune 500");
// tables and CSV keep the ids.
const ACRONYMS = { smb: 'SMB', f500: 'Fortune 500', vp: 'VP', waf: 'WAF', ddos: 'DDoS', mtls: 'mTLS', http: 'HTTP', https: 'HTTPS', http3: 'HTTP/3', kv: 'KV', s3: 'S3', avif: 'AVIF', cdn: 'CDN', tls: 'TLS' };
const words = (id) => {
  const text = String(id ?? '').split(/[_-]+/).map((w) => ACRONYMS[w.toLowerCase()] ?? w).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};
let productNames = new Map();
const productName = (sku) => productNames.get(sku) ?? words(sku);

// ---- State ---------------------------------------------------------------------------------

const state = { engine: null, files: [], result: null, busy: false };
const $ = (id) => document.getElementById(id);

function filterFromForm() {
  const checked = (id) => [...$(id).querySelectorAll('input:checked')].map((input) => input.value);
  const filter = {};
  const segments = checked('filter-segments');
  const reps = checked('filter-reps');
  if (segments.length) filter.segments = segments;
  if (reps.length) filter.reps = reps;
  if ($('filter-from').value) filter.from = $('filter-from').value;
  if ($('filter-to').value) filter.to = $('filter-to').value;
  if ($('filter-sku').value) filter.sku = $('filter-sku').value;
  return filter;
}

function setStatus(text, kind = '') {
  $('status').textContent = text;
  $('status').dataset.kind = kind;
}

// ---- Reading logs --------------------------------------------------------------------------

async function addFiles(fileList) {
  const files = [...fileList];
  if (!files.length || state.busy) return;
  state.busy = true;
  try {
    state.engine ??= await loadInsights();
    state.outcomeBook ??= await useOutcomeBook(state.engine);  // once: the book's outcome catalogues
    for (const file of files) {
      const log = state.engine.openLog();
      const entry = { name: file.name, size: file.size, log, blob: file };
      const started = performance.now();
      try {
        await log.readFile(file, (done, total) => setStatus(`Reading ${file.name}: ${Math.round((done / Math.max(total, 1)) * 100)}%`));
      } catch (error) {
        log.release();
        setStatus(`${file.name} could not be read: ${error.message}`, 'error');
        continue;
      }
      entry.readMs = performance.now() - started;
      state.files.push(entry);
    }
    renderFiles();
    refresh();
    ensureImpact();
  } finally {
    state.busy = false;
  }
}

// Logs at URLs (the form, or ?logs=URL, repeatable): fetched whole, then read as a dropped file
// would be, named by their URL (bad lines are listed with it). Another origin must allow this
// page (CORS) and be in its Content-Security-Policy's connect-src.
async function addUrls(texts) {
  const files = [];
  for (const text of texts) {
    let url;
    try {
      url = new URL(String(text).trim(), location.href);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${url.protocol} is not http(s)`);
    } catch (error) {
      setStatus(`“${String(text).slice(0, 200)}” is not a log URL: ${error.message}`, 'error');
      continue;
    }
    setStatus(`Fetching ${url.href}…`);
    try {
      const response = await fetch(url, { credentials: 'omit', cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      files.push(new File([await response.blob()], url.href, { type: 'application/x-ndjson' }));
    } catch (error) {
      setStatus(`${url.href} could not be loaded (${error.message}): the server must allow this page to read it (CORS, and this site's connect-src).`, 'error');
    }
  }
  if (files.length) await addFiles(files);
}

function removeFile(entry) {
  entry.log.release();
  state.files = state.files.filter((f) => f !== entry);
  renderFiles();
  refresh();
}

// The price-change impact panel (impact-panel.js), loaded with the first log: a page that only
// looks at its logs never downloads it.
let impact = null;
function ensureImpact() {
  if (impact || !state.files.length) return;
  impact = import('./impact-panel.js').then(({ mountImpact }) =>
    mountImpact({
      root: $('impact'),
      logs: () => state.files.map((entry) => entry.blob),
      h,
      tableOf,
      download,
      format: { money, pct, count, words, productName },
    }),
  );
}

function renderFiles() {
  $('files').replaceChildren(
    ...state.files.map((entry, index) =>
      h('li', { class: 'file', 'data-file': index }, [
        h('span', { class: 'file-name', text: entry.name }),
        h('span', { class: 'file-meta', text: `${plural(entry.log.records, 'record')}${entry.log.badLines ? ` · ${plural(entry.log.badLines, 'bad line')}` : ''}` }),
        h('button', { type: 'button', class: 'quiet', 'aria-label': `Remove ${entry.name}`, text: 'Remove' }),
      ]),
    ),
  );
  $('files').querySelectorAll('button').forEach((button, i) => button.addEventListener('click', () => removeFile(state.files[i])));
}

// ---- Aggregating ---------------------------------------------------------------------------

function refresh() {
  const loaded = state.files.length > 0;
  for (const id of ['filters', 'kpis', 'sections']) $(id).hidden = !loaded;
  document.body.classList.toggle('has-logs', loaded);
  if (!loaded) {
    state.result = null;
    setStatus('');
    return;
  }
  let result;
  const started = performance.now();
  try {
    result = state.engine.aggregate(state.files.map((f) => f.log), filterFromForm());
  } catch (error) {
    setStatus(`${error.message}`, 'error');
    return;
  }
  const ms = performance.now() - started;
  state.result = result;
  currency = result.facets.currencies.length === 1 ? result.facets.currencies[0] : 'USD';
  productNames = new Map(result.by_product.filter((p) => p.name && (p.kind === 'product' || p.kind === 'percentage')).map((p) => [p.sku, p.name]));
  renderFilters(result);
  renderKpis(result);
  renderSections(result);
  const read = result.read;
  setStatus(
    `${plural(read.records, 'quote')} from ${plural(read.files, 'log')}` +
      (read.duplicates ? ` (${plural(read.duplicates, 'older save')} of the same quotes set aside)` : '') +
      (read.skipped_lines ? ` · ${plural(read.skipped_lines, 'bad line')} skipped — listed below` : '') +
      (result.catalogues ? '' : ` · ${state.outcomeBook?.note ?? ''}`),
    read.skipped_lines || !result.catalogues ? 'warning' : '',
  );
  $('timing').textContent = `Aggregated in ${ms.toFixed(0)} ms.`;
  document.body.dataset.aggregateMs = ms.toFixed(1);
}

function renderFilters(result) {
  const chips = (id, values, label) => {
    const container = $(id);
    const selected = new Set([...container.querySelectorAll('input:checked')].map((i) => i.value));
    const current = [...container.querySelectorAll('input')].map((i) => i.value).join('\n');
    if (current === values.join('\n')) return;
    container.replaceChildren(
      ...values.map((value) => {
        const input = h('input', { type: 'checkbox', name: id, value });
        input.checked = selected.has(value);  // the property: "Clear filters" resets to unchecked
        return h('label', { class: 'chip' }, [input, h('span', { text: label(value) })]);
      }),
    );
  };
  chips('filter-segments', result.facets.segments, words);
  chips('filter-reps', result.facets.reps, (r) => r);
  for (const id of ['filter-from', 'filter-to']) {
    $(id).min = result.facets.first_date ?? '';
    $(id).max = result.facets.last_date ?? '';
  }
  $('filter-from').placeholder = result.facets.first_date ?? '';
  const select = $('filter-sku');
  const options = ['', ...result.facets.skus];
  if ([...select.options].map((o) => o.value).join('\n') !== options.join('\n')) {
    const chosen = select.value;
    select.replaceChildren(...options.map((sku) => h('option', { value: sku, text: sku ? productName(sku) : 'Every quote' })));
    select.value = options.includes(chosen) ? chosen : '';
  }
}

function kpi(metric, label, value, note) {
  return h('div', { class: 'kpi', 'data-metric': metric }, [
    h('span', { class: 'kpi-label', text: label }),
    h('output', { class: 'kpi-value', text: value }),
    note ? h('span', { class: 'kpi-note', text: note }) : null,
  ]);
}

function renderKpis(r) {
  const t = r.totals;
  $('kpis').replaceChildren(
    kpi('quotes', 'Quotes', count(t.quotes), `${count(t.won)} won · ${count(t.lost)} lost · ${count(t.open)} open`),
    kpi('win_rate_pct', 'Win rate', pct(t.win_rate_pct), 'won ÷ decided'),
    kpi('realization_pct', 'Price realization', pct(t.realization_pct), 'net ÷ list'),
    kpi('net_monthly', 'Net monthly quoted', moneyWhole(t.net_monthly), `of ${moneyWhole(t.list_monthly)} list`),
    kpi('under_quoted', 'Under-quoted', count(r.under_quoted.quotes), `${count(r.under_quoted.won)} won · ${count(r.under_quoted.lost)} lost`),
    kpi('skipped_lines', 'Bad lines skipped', count(r.read.skipped_lines), r.read.skipped_lines ? 'listed at the bottom' : 'none'),
  );
}

// ---- Sections: a chart, its table, its CSV -------------------------------------------------

const outcomeColumns = [
  { key: 'quotes', label: 'Quotes', numeric: true },
  { key: 'won', label: 'Won', numeric: true },
  { key: 'lost', label: 'Lost', numeric: true },
  { key: 'open', label: 'Open', numeric: true },
  { key: 'win_rate_pct', label: 'Win rate %', numeric: true, format: pct },
];

const SECTIONS = [
  {
    id: 'premium',
    title: 'Which premium features sell',
    note: 'Share of quotes that include each premium feature, of the quotes whose price book offers it; the dot marks its win rate.',
    rows: (r) => r.premium_attach,
    columns: [
      { key: 'sku', label: 'SKU' },
      { key: 'offered', label: 'Offered in', numeric: true },
      { key: 'attached', label: 'Sold in', numeric: true },
      { key: 'attach_rate_pct', label: 'Attach rate %', numeric: true, format: pct },
      ...outcomeColumns.slice(1),
    ],
    chart: (r) =>
      barChart(
        [...r.premium_attach]
          .sort((a, b) => Number(b.attach_rate_pct ?? 0) - Number(a.attach_rate_pct ?? 0))
          .map((row) => ({
            key: row.sku,
            label: productName(row.sku),
            value: row.attach_rate_pct ?? 0,
            shown: pct(row.attach_rate_pct),
            note: `${count(row.attached)} of ${count(row.offered)} · wins ${pct(row.win_rate_pct)}`,
            marker: row.win_rate_pct,
            markerTitle: `win rate ${pct(row.win_rate_pct)}`,
          })),
        { max: 100, className: 'accent', label: 'Attach rate by premium feature' },
      ),
  },
  {
    id: 'products',
    title: 'Which products are discounted hardest',
    note: 'Average discount off list by product (list − net over every quote line), deepest first; ★ marks premium features.',
    rows: (r) => r.by_product,
    columns: [
      { key: 'sku', label: 'SKU' },
      { key: 'kind', label: 'Kind' },
      { key: 'name', label: 'Name' },
      { key: 'category', label: 'Category' },
      { key: 'premium', label: 'Premium' },
      ...outcomeColumns,
      { key: 'lines', label: 'Lines', numeric: true },
      { key: 'list', label: 'List', numeric: true, format: money },
      { key: 'net', label: 'Net', numeric: true, format: money },
      { key: 'realization_pct', label: 'Realization %', numeric: true, format: pct },
      { key: 'discount_pct', label: 'Discount %', numeric: true, format: pct },
    ],
    chart: (r) => {
      const rows = r.by_product.filter((row) => row.kind !== 'true_up' && row.discount_pct !== null);
      const deepest = Math.max(...rows.map((row) => Number(row.discount_pct)), 1);
      return barChart(
        rows
          .sort((a, b) => Number(b.discount_pct) - Number(a.discount_pct))
          .slice(0, 14)
          .map((row) => ({
            key: `${row.kind}:${row.sku}`,
            label: `${row.premium ? '★ ' : ''}${row.name || `${words(row.sku)}${row.kind === 'bundle' ? ' bundle' : ''}`}`,
            value: row.discount_pct,
            shown: `${row.discount_pct}% off`,
            note: `${moneyWhole(row.net)} of ${moneyWhole(row.list)} list`,
            className: row.premium ? 'premium' : '',
          })),
        { max: Math.ceil(deepest / 5) * 5, label: 'Discount off list by product' },
      );
    },
  },
  {
    id: 'competitors',
    title: 'Where deals are lost, and to whom',
    note: 'Lost quotes by the competitor that won. Price gap: our net against the price they won with (> 0: we were dearer), over the deals where the rep recorded it.',
    rows: (r) => r.lost_to.map((row) => ({ ...row, top_reason: row.reasons[0]?.name ?? null })),
    columns: [
      { key: 'competitor', label: 'Competitor', format: (v) => v ?? '(not recorded)' },
      { key: 'lost', label: 'Lost', numeric: true },
      { key: 'our_net_monthly', label: 'Our net monthly', numeric: true, format: money },
      { key: 'with_price', label: 'With their price', numeric: true },
      { key: 'our_net_priced', label: 'Our net (priced)', numeric: true, format: money },
      { key: 'competitor_monthly', label: 'Their monthly', numeric: true, format: money },
      { key: 'price_gap_pct', label: 'Price gap %', numeric: true, format: pct },
      { key: 'top_reason', label: 'Top reason', format: (v) => v ?? '—' },
    ],
    chart: (r) =>
      h('div', {}, [
        barChart(
          r.lost_to.map((row) => ({
            key: row.competitor ?? '',
            label: row.competitor ?? '(not recorded)',
            value: row.lost,
            shown: count(row.lost),
            note: `${moneyWhole(row.our_net_monthly)}/mo lost${row.price_gap_pct !== null ? ` · we were ${Number(row.price_gap_pct) >= 0 ? '+' : ''}${row.price_gap_pct}% vs their price` : ''}`,
            className: 'lost',
          })),
          { label: 'Lost deals by competitor' },
        ),
      ]),
  },
  ...outcomeSections({ h, barChart, money, moneyWhole, count, plural, words }),
  {
    id: 'features',
    title: 'What customers keep asking for',
    note: 'Requested features we do not sell, by tag (once per quote), with the monthly net of the deals lost that asked for them.',
    rows: (r) => r.missing_features.tags,
    columns: [{ key: 'feature', label: 'Feature tag' }, { key: 'name', label: 'Feature' }, { key: 'match', label: 'Matched' }, ...outcomeColumns, { key: 'lost_net_monthly', label: 'Lost net monthly', numeric: true, format: money }],
    chart: (r) =>
      h('div', {}, [
        barChart(
          r.missing_features.tags.slice(0, 10).map((row) => ({
            key: row.feature,
            label: row.match === 'catalogue' ? row.name : row.feature,
            value: row.quotes,
            shown: count(row.quotes),
            note: `${moneyWhole(row.lost_net_monthly)}/mo in lost deals`,
            segments: outcomeSegments(row),
          })),
          { label: 'Most-requested missing features' },
        ),
        outcomeLegend(),
        r.missing_features.text.length
          ? h('details', { class: 'said' }, [
              h('summary', { text: `In the customers' words (${count(r.missing_features.text.length)} distinct requests)` }),
              h('ul', {}, r.missing_features.text.slice(0, 15).map((row) => h('li', {}, [h('q', { text: row.feature }), ` ×${count(row.quotes)}`]))),
            ])
          : null,
      ]),
    extraCsv: (r) => ({
      name: 'missing-features-text',
      columns: [{ key: 'feature', label: 'Request (normalised)' }, ...outcomeColumns, { key: 'lost_net_monthly', label: 'Lost net monthly' }],
      rows: r.missing_features.text,
    }),
  },
  {
    id: 'discounts',
    title: 'Discounts and win rate',
    note: 'Quotes by overall discount off list; the figure above each column is its win rate.',
    rows: (r) => r.discount_bands.map((b) => ({ band: bandLabel(b), ...b })),
    columns: [{ key: 'band', label: 'Discount band' }, { key: 'from', label: 'From %' }, { key: 'to', label: 'To %' }, ...outcomeColumns],
    chart: (r) =>
      h('div', {}, [
        columnChart(
          r.discount_bands.map((b) => ({ label: bandLabel(b, ''), segments: outcomeSegments(b), shown: count(b.quotes), above: b.win_rate_pct === null ? '' : `${Math.round(Number(b.win_rate_pct))}%` })),
          { label: 'Quotes by discount band', caption: 'discount off list, %' },
        ),
        outcomeLegend(),
      ]),
  },
  {
    id: 'incumbent',
    title: 'Win rate against the incumbent’s price',
    note: 'Displacement quotes by our net as a share of what the customer pays today; the figure above each column is its win rate.',
    rows: (r) => r.incumbent_ratio.bands.map((b) => ({ band: bandLabel(b), ...b })),
    columns: [{ key: 'band', label: 'Our net ÷ incumbent' }, { key: 'from', label: 'From %' }, { key: 'to', label: 'To %' }, ...outcomeColumns],
    chart: (r) =>
      h('div', {}, [
        columnChart(
          r.incumbent_ratio.bands.map((b) => ({ label: bandLabel(b, ''), segments: outcomeSegments(b), shown: count(b.quotes), above: b.win_rate_pct === null ? '' : `${Math.round(Number(b.win_rate_pct))}%` })),
          { label: 'Quotes by price relative to the incumbent', caption: `our net as % of the incumbent's price · ${plural(r.incumbent_ratio.without_incumbent, 'quote')} without an incumbent` },
        ),
        outcomeLegend(),
      ]),
  },
  {
    id: 'segments',
    title: 'Realization by segment',
    note: 'Net ÷ list per customer segment, with win rates.',
    rows: (r) => r.by_segment,
    columns: [{ key: 'segment', label: 'Segment' }, ...outcomeColumns, { key: 'list_monthly', label: 'List monthly', numeric: true, format: money }, { key: 'net_monthly', label: 'Net monthly', numeric: true, format: money }, { key: 'realization_pct', label: 'Realization %', numeric: true, format: pct }],
    chart: (r) =>
      barChart(
        r.by_segment.map((row) => ({ key: row.segment, label: words(row.segment), value: row.realization_pct ?? 0, shown: pct(row.realization_pct), note: `${count(row.quotes)} quotes · wins ${pct(row.win_rate_pct)}` })),
        { max: 100, label: 'Realization by segment' },
      ),
  },
  {
    id: 'approval',
    title: 'Who had to approve',
    note: 'Quotes by the approval level their discount, margin or guidance required.',
    rows: (r) => r.approval_mix,
    columns: [{ key: 'level', label: 'Level', format: (v) => v ?? '(no policy)' }, ...outcomeColumns],
    chart: (r) =>
      h('div', {}, [
        barChart(r.approval_mix.map((row) => ({ key: row.level ?? '', label: row.level ? words(row.level) : '(no policy)', value: row.quotes, shown: count(row.quotes), segments: outcomeSegments(row) })), { label: 'Approval-level mix' }),
        outcomeLegend(),
      ]),
  },
  {
    id: 'under',
    title: 'Under-quoted deals, and what became of them',
    note: 'Quotes the guidance flagged as under the segment’s band or far under the incumbent’s price: money left on the table when won.',
    rows: (r) => r.under_quoted.by_finding,
    columns: [{ key: 'code', label: 'Finding' }, ...outcomeColumns, { key: 'lost_net_monthly', label: 'Lost net monthly', numeric: true, format: money }],
    chart: (r) =>
      h('div', {}, [
        barChart(r.under_quoted.by_finding.map((row) => ({ key: row.code, label: words(row.code), value: row.quotes, shown: count(row.quotes), segments: outcomeSegments(row) })), { label: 'Under-quoted quotes by finding' }),
        outcomeLegend(),
      ]),
  },
  {
    id: 'reps',
    title: 'By rep',
    note: 'Price realization and win rate for each rep.',
    rows: (r) => r.by_rep,
    columns: [{ key: 'rep', label: 'Rep' }, ...outcomeColumns, { key: 'list_monthly', label: 'List monthly', numeric: true, format: money }, { key: 'net_monthly', label: 'Net monthly', numeric: true, format: money }, { key: 'realization_pct', label: 'Realization %', numeric: true, format: pct }],
    chart: (r) =>
      barChart(
        r.by_rep.map((row) => ({ key: row.rep, label: row.rep, value: row.realization_pct ?? 0, shown: pct(row.realization_pct), note: `${count(row.quotes)} quotes · wins ${pct(row.win_rate_pct)}` })),
        { max: 100, label: 'Realization by rep' },
      ),
  },
  {
    id: 'errors',
    title: 'Lines skipped',
    note: 'Lines that are not valid log records (not JSON, another log_version, a field missing): skipped, never silently dropped.',
    wide: true,
    rows: (r) => r.errors.map((e) => ({ ...e, file_name: state.files[e.file]?.name ?? `#${e.file}` })),
    columns: [
      { key: 'file_name', label: 'File' },
      { key: 'line', label: 'Line', numeric: true },
      { key: 'code', label: 'Code' },
      { key: 'path', label: 'Path', format: (v) => v || '/' },
      { key: 'message', label: 'Message' },
    ],
    chart: (r) => (r.errors.length ? null : h('p', { class: 'chart-empty', text: 'Every line was a valid record.' })),
    open: true,
  },
];

function tableOf(columns, rows) {
  const table = h('table', {}, [
    h('thead', {}, [h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : '', text: c.label })))]),
    h('tbody', {}, rows.map((row) => h('tr', {}, columns.map((c) => h('td', { class: c.numeric ? 'num' : '', 'data-key': c.key, 'data-raw': row[c.key] === null ? '' : String(row[c.key]), text: c.format ? c.format(row[c.key]) : row[c.key] === null ? '—' : String(row[c.key]) }))))),
  ]);
  return h('div', { class: 'table-wrap' }, [table]);
}

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// CSV cells are the engine's own values (decimal strings), not the formatted ones.
const csvColumns = (columns) => columns.map((c) => ({ key: c.key, label: c.key, text: !c.numeric }));

function renderSections(r) {
  const openTables = new Set([...document.querySelectorAll('#sections details.table[open]')].map((d) => d.closest('section').dataset.section));
  const cards = SECTIONS.filter((s) => s.id !== 'errors' || r.errors.length || r.read.skipped_lines).map((section) => {
    const rows = section.rows(r);
    const exportButton = h('button', { type: 'button', class: 'quiet export', 'data-export': section.id, text: 'Export CSV' });
    exportButton.addEventListener('click', () => download(`insights-${section.id}.csv`, csvTable(csvColumns(section.columns), rows)));
    const extra = section.extraCsv?.(r);
    let extraButton = null;
    if (extra) {
      extraButton = h('button', { type: 'button', class: 'quiet export', 'data-export': extra.name, text: 'Export requests CSV' });
      extraButton.addEventListener('click', () => download(`insights-${extra.name}.csv`, csvTable(csvColumns(extra.columns), extra.rows)));
    }
    const details = h('details', { class: 'table', open: section.open || openTables.has(section.id) }, [h('summary', { text: `Table (${plural(rows.length, 'row')})` }), tableOf(section.columns, rows)]);
    return h('section', { class: `card${section.wide ? ' wide' : ''}`, 'data-section': section.id, 'aria-labelledby': `title-${section.id}` }, [
      h('header', {}, [h('h3', { id: `title-${section.id}`, text: section.title }), h('div', { class: 'actions' }, [extraButton, exportButton])]),
      h('p', { class: 'card-note', text: section.note }),
      section.chart(r),
      details,
    ]);
  });
  $('sections').replaceChildren(...cards);
}

// ---- Wiring --------------------------------------------------------------------------------

function connect() {
  const input = $('log-files');
  input.addEventListener('change', () => {
    addFiles(input.files);
    input.value = '';
  });
  const zone = $('dropzone');
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    addFiles(event.dataTransfer.files);
  });
  // Dropping anywhere on the page adds the files rather than navigating away to them.
  document.addEventListener('dragover', (event) => event.preventDefault());
  document.addEventListener('drop', (event) => {
    event.preventDefault();
    if (event.target.closest?.('#dropzone')) return;
    addFiles(event.dataTransfer.files);
  });
  $('log-url-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('log-url');
    addUrls([input.value]).then(() => {
      input.value = '';
    });
  });
  const fromLocation = new URLSearchParams(location.search).getAll('logs').filter(Boolean);
  const form = $('filters');
  form.addEventListener('change', () => refresh());
  form.addEventListener('reset', () => setTimeout(refresh));
  form.addEventListener('submit', (event) => event.preventDefault());
  loadInsights().then((engine) => {
    state.engine = engine;
    document.body.dataset.ready = 'true';
    if (fromLocation.length) addUrls(fromLocation);
  }, (error) => setStatus(`The insights engine did not load: ${error.message}`, 'error'));
}

connect();
