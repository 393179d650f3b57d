// "What if the prices change?": the insights page's price-change impact panel, loaded only when
// a log is loaded. A proposed price book comes from a file or from a small form that edits the
// current book's list prices (only the numbers typed: nothing is computed here); every logged
// quote is re-priced under both books in a Web Worker (impact-worker.js) with a progress bar,
// and the engine's answer (the same JSON as `edgequote impact`) is laid out, not recomputed.

const CURRENT_BOOK_URL = 'pricebooks/edge-cdn.json';

// The list-price figures of a product's price model the form offers, as [path in `price`, label].
function priceFields(price) {
  switch (price.model) {
    case 'flat': return [[['amount'], 'amount']];
    case 'per_unit': return [[['unit_price'], 'unit price']];
    case 'package': return [[['price'], `per ${price.size}`]];
    case 'percentage': return [[['rate'], 'rate %']];
    case 'graduated':
    case 'volume':
      return price.tiers.map((tier, i) => [['tiers', i, 'unit_price'], tier.up_to === null ? `over ${price.tiers[i - 1]?.up_to ?? 0}` : `to ${tier.up_to}`]);
    case 'stairstep':
      return price.tiers.map((tier, i) => [['tiers', i, 'amount'], tier.up_to === null ? `over ${price.tiers[i - 1]?.up_to ?? 0}` : `to ${tier.up_to}`]);
    default: return [];
  }
}

const getAt = (object, path) => path.reduce((node, key) => node?.[key], object);
function setAt(object, path, value) {
  const last = path[path.length - 1];
  getAt(object, path.slice(0, -1))[last] = value;
}

export function mountImpact({ root, logs, h, tableOf, download, format }) {
  const { money, pct, count, words, productName } = format;
  const $ = (selector) => root.querySelector(selector);
  let currentText = null;
  let currentBook = null;
  let proposedFile = null;  // {name, text}
  let worker = null;
  let runId = 0;
  let lastText = null;

  const status = (text, kind = '') => {
    $('[data-impact-status]').textContent = text;
    $('[data-impact-status]').dataset.kind = kind;
  };

  async function loadCurrent() {
    if (currentBook) return currentBook;
    const response = await fetch(CURRENT_BOOK_URL, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`the current price book did not load (HTTP ${response.status})`);
    currentText = await response.text();
    currentBook = JSON.parse(currentText);
    return currentBook;
  }

  // The form: one row per product, an input per list-price figure, prefilled with the book's.
  function buildForm(book) {
    const rows = book.products.map((product) =>
      h('tr', {}, [
        h('th', { scope: 'row', text: product.name ?? product.sku }),
        h('td', { class: 'impact-model', text: product.price.model }),
        h('td', {}, priceFields(product.price).map(([path, label]) => {
          const id = `impact-${product.sku}-${path.join('-')}`;
          return h('span', { class: 'impact-field' }, [
            h('label', { for: id, text: label }),
            h('input', { id, type: 'text', inputmode: 'decimal', size: '8', value: String(getAt(product.price, path)), 'data-sku': product.sku, 'data-path': JSON.stringify(path), 'aria-label': `${product.name ?? product.sku}: ${label}` }),
          ]);
        })),
      ]),
    );
    $('[data-impact-editor]').replaceChildren(
      h('table', { class: 'impact-editor' }, [
        h('thead', {}, [h('tr', {}, [h('th', { scope: 'col', text: 'Product' }), h('th', { scope: 'col', text: 'Model' }), h('th', { scope: 'col', text: 'List prices (decimal)' })])]),
        h('tbody', {}, rows),
      ]),
    );
  }

  // The proposed book: the loaded file, or the current book with the figures typed in the form.
  function proposedText() {
    if (proposedFile) return { text: proposedFile.text, label: proposedFile.name, edits: null };
    const book = structuredClone(currentBook);
    const edits = [];
    for (const input of root.querySelectorAll('[data-impact-editor] input')) {
      const product = book.products.find((p) => p.sku === input.dataset.sku);
      const path = JSON.parse(input.dataset.path);
      const before = String(getAt(product.price, path));
      const typed = input.value.trim();
      if (typed === before) continue;
      setAt(product.price, path, typed);  // a decimal string; the engine validates it
      edits.push(`${input.dataset.sku} ${path.join('.')}: ${before} → ${typed}`);
    }
    book.version = `${book.version}-proposed`;
    return { text: JSON.stringify(book), label: edits.length ? edits.join('; ') : 'no change', edits };
  }

  function showBookErrors(book, errors) {
    $('[data-impact-errors]').replaceChildren(
      h('p', { text: `The ${book} price book does not validate (${errors.length} ${errors.length === 1 ? 'error' : 'errors'}); the last result stays below.` }),
      h('ul', {}, errors.map((e) => h('li', {}, [h('code', { text: e.path || '/' }), ` ${e.code}: `, e.message]))),
    );
    $('[data-impact-errors]').hidden = false;
  }

  async function run() {
    const files = logs();
    if (!files.length) return status('Load quote logs first.', 'error');
    try {
      await loadCurrent();
    } catch (error) {
      return status(error.message, 'error');
    }
    const proposed = proposedText();
    $('[data-impact-errors]').hidden = true;
    const progress = $('[data-impact-progress]');
    progress.hidden = false;
    progress.value = 0;
    const id = ++runId;
    worker ??= new Worker(new URL('./impact-worker.js', import.meta.url), { type: 'module' });
    const started = performance.now();
    status(`Re-pricing every logged quote under the proposed book (${proposed.label})…`);
    root.dataset.state = 'running';
    worker.onmessage = ({ data }) => {
      if (data.id !== id) return;
      if (data.type === 'progress') {
        progress.max = data.total || 1;
        progress.value = data.done;
        status(`Re-pricing… ${count(data.quotes)} quotes so far`);
        return;
      }
      progress.hidden = true;
      root.dataset.state = data.type;
      if (data.type === 'invalid') {
        status('The proposed book was not applied.', 'error');
        showBookErrors(data.book, data.errors);
      } else if (data.type === 'failed') {
        status(`Re-pricing failed: ${data.message}`, 'error');
      } else {
        lastText = data.text;
        root.impactText = data.text;  // the engine's JSON as it came, for tests and benchmarks
        const result = JSON.parse(data.text);
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        status(`${count(result.read.repriced)} quotes re-priced under ${proposed.label} in ${seconds} s.`);
        render(result);
      }
    };
    worker.postMessage({ type: 'run', id, current: currentText, proposed: proposed.text, logs: files });
  }

  const change = (value) => (value === null || value === undefined ? '—' : value.startsWith('-') ? `−${money(value.slice(1))}` : `+${money(value)}`);
  const signedPct = (value) => (value === null ? '—' : value.startsWith('-') ? `−${pct(value.slice(1))}` : `+${pct(value)}`);

  function kpi(name, label, value, note) {
    return h('div', { class: 'kpi', 'data-impact-kpi': name }, [h('span', { class: 'kpi-label', text: label }), h('span', { class: 'kpi-value', text: value }), h('span', { class: 'kpi-note', text: note })]);
  }

  function section(name, title, note, columns, rows) {
    return h('section', { class: 'card wide', 'data-impact-section': name }, [
      h('header', {}, [h('h3', { text: title })]),
      h('p', { class: 'card-note', text: note }),
      rows.length ? tableOf(columns, rows) : h('p', { class: 'chart-empty', text: 'Nothing here.' }),
    ]);
  }

  const moneyColumns = [
    { key: 'net_before', label: 'Net before /mo', numeric: true, format: money },
    { key: 'net_after', label: 'Net after /mo', numeric: true, format: money },
    { key: 'net_change', label: 'Change', numeric: true, format: change },
    { key: 'net_change_pct', label: 'Change %', numeric: true, format: signedPct },
  ];

  function render(r) {
    const t = r.totals;
    const lost = r.lost_on_price;
    const cards = [
      h('div', { class: 'kpis' }, [
        kpi('quotes', 'Quotes re-priced', count(r.read.repriced), `${count(r.read.records)} logged · ${count(r.skipped.reduce((n, s) => n + s.quotes, 0))} set aside`),
        kpi('net_before', 'Net before', money(t.net_before), 'a month, current book'),
        kpi('net_after', 'Net after', money(t.net_after), 'a month, proposed book'),
        kpi('net_change', 'Revenue moves', change(t.net_change), signedPct(t.net_change_pct)),
        kpi('approval', 'Approval changes', count(r.approval.changed), `${count(r.approval.up)} up · ${count(r.approval.down)} down`),
        kpi('lost_on_price', 'Lost on price, now in band', count(lost.now_in_band), `of ${count(lost.quotes)} lost on price · ${count(lost.now_at_or_under_competitor)} now at or under the competitor`),
      ]),
      section('by-segment', 'By segment', 'Net revenue a month, every logged quote priced under both books.', [
        { key: 'segment', label: 'Segment', format: words },
        { key: 'quotes', label: 'Quotes', numeric: true, format: count },
        ...moneyColumns,
        { key: 'approval_up', label: 'Approval up', numeric: true, format: count },
        { key: 'approval_down', label: 'Approval down', numeric: true, format: count },
        { key: 'lost_on_price', label: 'Lost on price', numeric: true, format: count },
        { key: 'now_in_band', label: 'Now in band', numeric: true, format: count },
      ], r.by_segment),
      section('by-product', 'By product', 'Sums over the lines of each product; the quotes with such a line before and after.', [
        { key: 'sku', label: 'Product', format: productName },
        { key: 'quotes_before', label: 'Quotes', numeric: true, format: count },
        ...moneyColumns,
      ], r.by_product.filter((row) => row.net_change !== '0.00' || row.list_before !== row.list_after).concat(r.by_product.filter((row) => row.net_change === '0.00' && row.list_before === row.list_after))),
      section('approval', 'Approval levels that move', 'Quotes whose required approval changes under the proposed prices.', [
        { key: 'from', label: 'From', format: (v) => (v === null ? 'none' : words(v)) },
        { key: 'to', label: 'To', format: (v) => (v === null ? 'none' : words(v)) },
        { key: 'quotes', label: 'Quotes', numeric: true, format: count },
      ], r.approval.moves),
      section('findings', 'Guidance findings', 'Quotes with each finding before and after; the ones that appear or clear.', [
        { key: 'code', label: 'Finding', format: words },
        { key: 'before', label: 'Before', numeric: true, format: count },
        { key: 'after', label: 'After', numeric: true, format: count },
        { key: 'appeared', label: 'Appear', numeric: true, format: count },
        { key: 'cleared', label: 'Clear', numeric: true, format: count },
      ], r.findings),
      section('largest', 'Quotes that move most', 'By the size of the change in their net a month.', [
        { key: 'quote_id', label: 'Quote' },
        { key: 'segment', label: 'Segment', format: words },
        { key: 'net_before', label: 'Before', numeric: true, format: money },
        { key: 'net_after', label: 'After', numeric: true, format: money },
        { key: 'net_change', label: 'Change', numeric: true, format: change },
        { key: 'level_before', label: 'Approval', format: (v) => (v === null ? '—' : words(v)) },
        { key: 'level_after', label: 'Then', format: (v) => (v === null ? '—' : words(v)) },
      ], r.largest_changes),
    ];
    if (r.skipped.length || r.errors.length) {
      cards.push(section('skipped', 'Set aside', 'Quotes not compared (another book, or a quote one of the books cannot price) and lines that are not records.', [
        { key: 'reason', label: 'Why', format: words },
        { key: 'key', label: 'Book or code' },
        { key: 'quotes', label: 'Quotes', numeric: true, format: count },
        { key: 'where', label: 'First at' },
        { key: 'message', label: 'Message' },
      ], [
        ...r.skipped.map((s) => ({ ...s, where: `file ${s.first.file + 1}, line ${s.first.line}` })),
        ...r.errors.map((e) => ({ reason: 'bad_line', key: e.code, quotes: 1, where: `file ${e.file + 1}, line ${e.line}${e.path ? ` at ${e.path}` : ''}`, message: e.message })),
      ]));
    }
    const save = h('button', { type: 'button', class: 'quiet', 'data-impact-download': '', text: 'Download JSON' });
    save.addEventListener('click', () => download('impact.json', lastText));
    $('[data-impact-results]').replaceChildren(h('div', { class: 'actions' }, [save]), ...cards);
    $('[data-impact-results]').hidden = false;
  }

  root.querySelector('[data-impact-book]').addEventListener('change', async (event) => {
    const file = event.target.files[0];
    proposedFile = file ? { name: file.name, text: await file.text() } : null;
    $('[data-impact-book-name]').textContent = file ? `Proposed: ${file.name}` : '';
    $('[data-impact-use-form]').hidden = !file;
  });
  root.querySelector('[data-impact-use-form]').addEventListener('click', () => {
    proposedFile = null;
    root.querySelector('[data-impact-book]').value = '';
    $('[data-impact-book-name]').textContent = '';
    $('[data-impact-use-form]').hidden = true;
  });
  root.querySelector('[data-impact-run]').addEventListener('click', run);
  loadCurrent().then(buildForm, (error) => status(error.message, 'error'));
  root.hidden = false;
  root.dataset.ready = 'true';
  return { run, get resultText() { return lastText; } };
}
