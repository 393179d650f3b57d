// The insights page's outcome sections: why deals are lost and won, grouped by the price book's
// outcome catalogues, and the money left on the table by won deals. The grouping and every sum
// are the engine's (core/src/insights_aggregate.cpp); this file lays them out.
//
// The catalogues come from the current price book, handed to the insights engine once
// (useOutcomeBook): logged ids, and free text that names an entry (its name, id or a synonym),
// count under the entry; the rest is "other".

const CURRENT_BOOK_URL = 'pricebooks/edge-cdn.json';
const TOP = 6;  // reasons drawn as bars; the rest under "Other"

/**
 * Gives the insights engine the current book's outcome catalogues. Returns a line for the page:
 * which book groups the outcomes, or why nothing is grouped.
 */
export async function useOutcomeBook(engine) {
  try {
    const response = await fetch(CURRENT_BOOK_URL, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    engine.useOutcomeBook(await response.text());
    return { grouped: true, note: 'Reasons, competitors and features are grouped by the price book’s outcome catalogues.' };
  } catch (error) {
    return { grouped: false, note: `Outcomes are not grouped by catalogue: the price book did not load (${error.message}).` };
  }
}

const reasonColumns = (counted) => [
  { key: 'reason', label: 'Reason id', format: (v) => v ?? '(none given)' },
  { key: 'name', label: 'Reason', format: (v) => v ?? '(none given)' },
  { key: 'match', label: 'Matched' },
  { key: counted, label: counted === 'won' ? 'Won' : 'Lost', numeric: true },
];

/** The sections, given the page's helpers (h, charts, formatters). */
export function outcomeSections({ h, barChart, money, moneyWhole, count, plural, words }) {
  const label = (row) => (row.match === 'none' ? '(no reason given)' : row.match === 'catalogue' ? row.name : words(row.name));

  // The top catalogued reasons as bars; the other catalogued ones and all free text under one
  // expandable "Other"; quotes without a reason last.
  function reasonChart(rows, counted, netKey, className, chartLabel) {
    const top = rows.filter((row) => row.match === 'catalogue').slice(0, TOP);
    const tail = rows.filter((row) => row.match !== 'none' && !top.includes(row));
    const none = rows.find((row) => row.match === 'none');
    const deals = tail.reduce((sum, row) => sum + row[counted], 0);  // a count of deals, not money
    const bar = (row) => ({ key: row.reason ?? '', label: label(row), value: row[counted], shown: count(row[counted]), note: `${moneyWhole(row[netKey])}/mo`, className });
    return h('div', {}, [
      barChart(
        [
          ...top.map(bar),
          ...(tail.length ? [{ key: 'other', label: 'Other', value: deals, shown: count(deals), note: `${plural(tail.length, 'reason')}, below`, className: `${className} other` }] : []),
          ...(none ? [bar(none)] : []),
        ],
        { label: chartLabel },
      ),
      tail.length
        ? h('details', { class: 'said other-reasons', 'data-other': counted }, [
            h('summary', { text: `Other: ${plural(tail.length, 'reason')}, ${plural(deals, 'deal')}` }),
            h('ul', {}, tail.map((row) =>
              h('li', { 'data-key': row.reason ?? '' }, [
                row.match === 'other' ? h('q', { text: row.name }) : h('span', { text: row.name }),
                ` ×${count(row[counted])} · ${moneyWhole(row[netKey])}/mo`,
                row.match === 'other' ? h('small', { text: ' (not in the catalogue)' }) : null,
              ]))),
          ])
        : null,
    ]);
  }

  return [
    {
      id: 'loss-reasons',
      title: 'Why we lose',
      note: 'Every lost deal by reason, grouped by the price book’s loss reasons (ids, names and their synonyms count as one); free text that names none is under Other.',
      rows: (r) => r.loss_reasons,
      columns: [...reasonColumns('lost'), { key: 'lost_net_monthly', label: 'Our net monthly', numeric: true, format: money }],
      chart: (r) => reasonChart(r.loss_reasons, 'lost', 'lost_net_monthly', 'lost soft', 'Loss reasons'),
    },
    {
      id: 'win-reasons',
      title: 'Why we win',
      note: 'Every won deal by reason, grouped by the price book’s win reasons; free text that names none is under Other.',
      rows: (r) => r.win_reasons,
      columns: [...reasonColumns('won'), { key: 'won_net_monthly', label: 'Our net monthly', numeric: true, format: money }],
      chart: (r) => reasonChart(r.win_reasons, 'won', 'won_net_monthly', 'won', 'Win reasons'),
    },
    {
      id: 'money-left',
      title: 'Money left on the table',
      note: 'For each won deal that was under its segment’s deal band when quoted: the band’s low minus our monthly net, but never more than the discount given (at list price the deal could not have brought more) — max(0, min(band low, list) − net) a month. Deals inside their band count 0.',
      rows: (r) => r.money_left_on_table.by_segment,
      columns: [
        { key: 'segment', label: 'Segment' },
        { key: 'won', label: 'Won', numeric: true },
        { key: 'under_band', label: 'Won under the band', numeric: true },
        { key: 'amount', label: 'Left a month', numeric: true, format: money },
      ],
      chart: (r) => {
        const m = r.money_left_on_table;
        return h('div', {}, [
          h('p', { class: 'money-left' }, [
            h('strong', { 'data-money-left': m.amount, text: `${money(m.amount)} a month` }),
            h('span', { text: ` from ${plural(m.under_band, 'won deal')} under their segment’s band, of ${plural(m.won, 'won deal')}.` }),
          ]),
          barChart(
            m.by_segment.filter((row) => row.won).map((row) => ({
              key: row.segment, label: words(row.segment), value: row.amount, shown: moneyWhole(row.amount), note: `${count(row.under_band)} of ${count(row.won)} won under the band`, className: 'accent',
            })),
            { label: 'Money left on the table by segment' },
          ),
        ]);
      },
    },
  ];
}
