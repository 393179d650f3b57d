// Small HTML/CSS charts for the insights page: horizontal bars (optionally stacked won / lost /
// open), and column histograms. Plain elements rather than a canvas: every number on a chart is
// text a screen reader, a copy-paste and a test can read, the page needs no chart library, and
// the charts restyle with CSS. Values arrive as the engine's decimal strings; Number() is used
// only for bar lengths, never for a number shown.

const h = (tag, attributes = {}, children = []) => {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') element.textContent = value;
    else if (key === 'style') Object.assign(element.style, value);
    else element.setAttribute(key, value === true ? '' : value);
  }
  element.append(...children.filter(Boolean));
  return element;
};
export { h };

const share = (value, max) => (max > 0 ? Math.max(0, Math.min(100, (Number(value) / max) * 100)) : 0);

/**
 * Horizontal bars. rows: [{label, value (number or decimal string), shown (text beside the bar),
 * note?, segments?: [{value, className, title}]}]. options: {max, className, empty}.
 */
export function barChart(rows, { max, className = '', empty = 'Nothing to show for this selection.', label } = {}) {
  if (!rows.length) return h('p', { class: 'chart-empty', text: empty });
  const top = max ?? Math.max(...rows.map((r) => Number(r.value) || 0), 0);
  const list = h('ul', { class: `bars ${className}`, role: 'list', 'aria-label': label });
  for (const row of rows) {
    const track = h('span', { class: 'bar-track', 'aria-hidden': 'true' });
    if (row.segments) {
      const total = row.segments.reduce((sum, s) => sum + Number(s.value), 0);
      const width = share(total, top);
      const stack = h('span', { class: 'bar-stack', style: { width: `${width}%` } });
      for (const segment of row.segments) {
        if (!Number(segment.value)) continue;
        stack.append(h('span', { class: `bar-fill ${segment.className}`, title: segment.title, style: { flexGrow: String(Number(segment.value)) } }));
      }
      track.append(stack);
    } else {
      track.append(h('span', { class: `bar-fill ${row.className ?? ''}`, style: { width: `${share(row.value, top)}%` } }));
    }
    if (row.marker !== undefined && row.marker !== null) {
      track.append(h('span', { class: 'bar-marker', title: row.markerTitle, style: { left: `${share(row.marker, top)}%` } }));
    }
    list.append(
      h('li', { class: 'bar-row', 'data-key': row.key ?? row.label }, [
        h('span', { class: 'bar-label', title: row.label, text: row.label }),
        track,
        h('span', { class: 'bar-value' }, [h('strong', { text: row.shown }), row.note ? h('small', { text: row.note }) : null]),
      ]),
    );
  }
  return list;
}

/**
 * Columns (a histogram). columns: [{label, segments: [{value, className, title}], shown, above?}].
 * `above` is a second figure printed over the column (e.g. the band's win rate).
 */
export function columnChart(columns, { label, caption } = {}) {
  const totals = columns.map((c) => c.segments.reduce((sum, s) => sum + Number(s.value), 0));
  const top = Math.max(...totals, 0);
  const chart = h('div', { class: 'columns', role: 'img', 'aria-label': label });
  columns.forEach((column, i) => {
    const stack = h('span', { class: 'column-stack', style: { height: `${share(totals[i], top)}%` } });
    for (const segment of [...column.segments].reverse()) {
      if (!Number(segment.value)) continue;
      stack.append(h('span', { class: `column-fill ${segment.className}`, title: segment.title, style: { flexGrow: String(Number(segment.value)) } }));
    }
    chart.append(
      h('div', { class: 'column', 'data-key': column.label }, [
        h('span', { class: 'column-above', text: column.above ?? '' }),
        h('span', { class: 'column-area' }, [stack]),
        h('span', { class: 'column-count', text: column.shown }),
        h('span', { class: 'column-label', text: column.label }),
      ]),
    );
  });
  return caption ? h('figure', { class: 'column-figure' }, [chart, h('figcaption', { text: caption })]) : chart;
}

/** A legend for won / lost / open. */
export function outcomeLegend() {
  return h('p', { class: 'legend' }, [
    h('span', { class: 'swatch won' }), ' won ',
    h('span', { class: 'swatch lost' }), ' lost ',
    h('span', { class: 'swatch open' }), ' open',
  ]);
}

export function outcomeSegments(row) {
  return [
    { value: row.won, className: 'won', title: `${row.won} won` },
    { value: row.lost, className: 'lost', title: `${row.lost} lost` },
    { value: row.open, className: 'open', title: `${row.open} open` },
  ];
}
