// The rep page's logs that flow (README, "Logs that flow"): loaded after the first priced total,
// it reads site-config.json and, when a log endpoint is set, queues a quote-log record of every
// saved quote (each save: inputs or outcome changed) in the outbox (web/lib/log-outbox.js), which
// sends them. The toolbar shows "3 not yet sent" while any wait, and nothing when none do.
//
// The rep's name (Saved quotes, Alt+O) goes into every record; records queued before it is set
// wait for it (the status says so) and take it when they are sent.
import { loadSiteConfig } from './site-config.js';
import { LogOutbox } from './log-outbox.js';
import { LogRecordError, toLogRecord } from '../insights/quote-log.js';

const CONFIG_URL = new URL('../site-config.json', import.meta.url); // a literal: the public build follows it
const plural = (n, one, many) => (n === 1 ? one : many);

// The status beside the save state in the toolbar: quiet (hidden) when nothing waits.
function statusElement(configurator) {
  const status = document.createElement('span');
  status.className = 'outbox-status';
  status.setAttribute('role', 'status');
  status.hidden = true;
  const place = configurator.querySelector('quote-toolbar .title-block') ?? configurator.querySelector('.app-bar');
  place?.append(status);
  return status;
}

function describe({ pending, refused, problem, nextTryAt }, { repMissing }) {
  if (!pending) return null;
  let text = `${pending} not yet sent`;
  const why = [];
  if (repMissing) why.push('logs wait for your name: Saved quotes (Alt+O) → “Your name (rep)”');
  if (refused) why.push(`${refused} refused by the log endpoint`);
  if (problem) why.push(problem);
  if (nextTryAt) why.push(`next try at ${new Date(nextTryAt).toLocaleTimeString('en-US', { hour12: false })}`);
  if (repMissing) text += ' · name needed';
  return { text, title: why.length ? `${pending} ${plural(pending, 'quote log record', 'quote log records')} not yet sent: ${why.join('; ')}.` : `${pending} ${plural(pending, 'record', 'records')} queued for the log endpoint.` };
}

// This page load began then: a save since is this load's (see savedBefore below).
const PAGE_LOADED_AT = new Date(performance.timeOrigin).toISOString();

/**
 * Starts the flow for the rep page; → {queue(record)} (queue does nothing without an endpoint).
 * savedBefore: the records the page saved before the flow started (record id → record): the
 * quote it opened on, a new one or a share link's, saved as the page loaded. Each is queued now
 * (the first save of a page load is logged like any other), unless it was only reopened: saved
 * unchanged since before this page load, it was logged then.
 */
export async function startLogFlow(configurator, savedBefore = new Map()) {
  const { session, store } = configurator;
  const { config, problem } = await loadSiteConfig(CONFIG_URL);
  if (problem) session.notify({ kind: 'warning', text: problem });
  if (!config.logEndpoint) return { queue() {}, outbox: null };

  const status = statusElement(configurator);
  const repName = () => store.rep.trim();
  let last = { pending: 0, refused: 0, problem: null, nextTryAt: null };
  const show = (summary = last) => {
    last = summary;
    const described = describe(summary, { repMissing: !repName() });
    status.hidden = !described;
    status.textContent = described?.text ?? '';
    if (described) status.title = described.title;
    else status.removeAttribute('title');
    configurator.dataset.logsPending = String(summary.pending);
  };
  const outbox = new LogOutbox({
    endpoint: config.logEndpoint,
    // Records queued before the rep said who they are take the name when they leave.
    prepare: (record) => (record.rep ? record : repName() ? { ...record, rep: repName() } : null),
    onChange: show,
  });
  outbox.start();

  // One write per quote at a time: a save made while the previous one is being queued replaces
  // the one waiting (the log keeps a quote's latest save), so typing does not pile up writes.
  const waiting = new Map();   // record id -> the latest record to queue
  const writing = new Set();
  async function logOf(record) {
    const current = record === configurator.record && session.quote === record.quote && !session.errors.length && session.priced;
    const priced = current ? session.priced : (await session.priceQuote(record.quote, 'summary')).priced;
    if (!priced) return null; // a quote that cannot be priced is not logged (LOG-FORMAT.md)
    try {
      const log = toLogRecord(record, { priced, book: session.book, rep: repName() || 'unnamed' });
      if (!repName()) log.rep = null; // filled in when sent (prepare above)
      return log;
    } catch (error) {
      if (error instanceof LogRecordError) return null;
      throw error;
    }
  }
  async function drain(id) {
    writing.add(id);
    try {
      while (waiting.has(id)) {
        const record = waiting.get(id);
        waiting.delete(id);
        const log = await logOf(record);
        if (log) await outbox.add(log);
      }
    } finally {
      writing.delete(id);
    }
  }
  // The rep's name set later: what waits for it can leave now.
  configurator.addEventListener('quote-command', (event) => {
    if (event.detail?.command === 'set-rep') setTimeout(() => { show(); outbox.schedule(0); });
  });
  const flow = {
    outbox,
    queue(record) {
      waiting.set(record.id, record);
      if (!writing.has(record.id)) drain(record.id).catch((error) => console.error('edgequote: a log record could not be queued', error));
    },
  };
  for (const record of savedBefore.values()) if (record.updatedAt >= PAGE_LOADED_AT) flow.queue(record);
  return flow;
}
