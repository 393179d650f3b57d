// The mock sales portal's code: it gives both embeds their context, creates the sandboxed iframe,
// speaks the postMessage protocol with it (exact origins only), and lists every event received,
// each verified by re-pricing its inputs and comparing SHA-256 hashes. The quote-log record a
// submit or a share link carries (detail.log) is stored: posted to this portal's collector
// (/logs, web/demo/log-collector.mjs), which appends it to its JSON Lines file for the insights
// page. All text goes in through textContent: customer names are whatever someone typed.
import { message, parseOrigins, readMessage } from './edgequote/embed/protocol.js';
import { loadEngine, sha256Hex } from './edgequote/engine/edgequote.js';
import { money } from './edgequote/lib/format.js';

const BOOK_URL = 'edgequote/pricebooks/edge-cdn.public.json';
const MAX_LOG = 60;
const COLLECTOR_URL = 'logs';

const params = new URLSearchParams(location.search);
// Where EdgeQuote's own site is (for the iframe): exactly an origin, or nothing is framed.
const edgequoteOrigin = parseOrigins(params.get('edgequote') ?? 'http://127.0.0.1:8081').origins[0] ?? null;

const element = document.getElementById('quote-element');
const form = document.getElementById('context-form');
const nameInput = document.getElementById('customer-name');
const segmentSelect = document.getElementById('segment');
const frameStatus = document.getElementById('frame-status');
const log = document.getElementById('event-log');
const submitted = document.getElementById('submitted');

// For a developer's console (and the browser tests): everything received, in order.
window.portalEvents = [];

function context() {
  return { customerName: nameInput.value, segment: segmentSelect.value, mode: 'prospect' };
}

function showContext() {
  for (const node of document.querySelectorAll('[data-bind=customer]')) node.textContent = nameInput.value || 'Unnamed account';
}

// --- verification: the portal re-prices every snapshot it is given ---------------------------

const verifier = (async () => {
  const engine = await loadEngine();
  const book = await engine.loadPricebook(await (await fetch(BOOK_URL)).text());
  return { engine, book };
})();

// A snapshot holds only if its priced text is exactly what the engine prices its inputs at and its
// sha256 is that text's hash (engine.verifySnapshot checks both).
async function verify(detail) {
  if (!detail?.valid || typeof detail.priced !== 'string') return 'not priced';
  const { engine, book } = await verifier;
  return (await engine.verifySnapshot(book, detail)).ok ? 'verified' : 'mismatch';
}

// --- the log -----------------------------------------------------------------------------------

function netOf(detail) {
  try {
    return JSON.parse(detail.priced).totals.net_monthly;
  } catch {
    return null;
  }
}

async function record(source, type, detail) {
  const entry = { source, type, detail, verified: null, at: new Date() };
  window.portalEvents.push(entry);
  const item = document.createElement('li');
  item.className = `event ${type}`;
  item.dataset.source = source;
  item.dataset.type = type;
  const head = document.createElement('p');
  head.className = 'event-head';
  const badge = document.createElement('span');
  badge.className = `event-type ${type}`;
  badge.textContent = type;
  const from = document.createElement('span');
  from.className = 'event-source';
  from.textContent = source === 'iframe' ? 'iframe' : 'element';
  const time = document.createElement('time');
  time.textContent = entry.at.toLocaleTimeString('en-US', { hour12: false });
  head.append(badge, from, time);
  const body = document.createElement('p');
  body.className = 'event-body';
  const customer = detail?.quote?.customer?.name || 'Unnamed account';
  body.textContent = `${customer} · ${money(netOf(detail))}/month`;
  const proof = document.createElement('p');
  proof.className = 'event-proof';
  proof.textContent = detail?.sha256 ? `sha256 ${detail.sha256.slice(0, 16)}… checking` : 'no snapshot (not priceable)';
  item.append(head, body, proof);
  log.prepend(item);
  while (log.children.length > MAX_LOG) log.lastElementChild.remove();

  if (detail?.log) storeLog(entry, item);
  entry.verified = await verify(detail);
  item.dataset.verified = entry.verified;
  if (detail?.sha256) proof.textContent = `sha256 ${detail.sha256.slice(0, 16)}… ${entry.verified === 'verified' ? '✓ verified by re-pricing' : '✗ DOES NOT MATCH'}`;
  if (type === 'submit') showSubmitted(source, detail, entry.verified);
}

// The portal keeps every log record it is handed: its collector appends it to the log file.
async function storeLog(entry, item) {
  const stored = document.createElement('p');
  stored.className = 'event-stored';
  stored.textContent = 'log record: storing…';
  item.append(stored);
  try {
    const response = await fetch(COLLECTOR_URL, { method: 'POST', headers: { 'Content-Type': 'application/x-ndjson' }, body: `${JSON.stringify(entry.detail.log)}\n` });
    entry.stored = response.ok ? 'stored' : `refused (HTTP ${response.status})`;
  } catch (error) {
    entry.stored = `not stored (${error.message})`;
  }
  item.dataset.stored = entry.stored;
  stored.textContent = `log record: ${entry.stored}`;
}

function showSubmitted(source, detail, verified) {
  const title = document.createElement('p');
  title.className = 'submitted-title';
  title.textContent = `Quote request received (${source === 'iframe' ? 'iframe' : 'element'})`;
  const text = document.createElement('p');
  text.textContent = `${detail.quote.customer?.name || 'Unnamed account'}: ${money(netOf(detail))}/month, ` +
    `${detail.quote.term_months} months. ${verified === 'verified' ? 'Figures verified.' : 'Figures could not be verified.'}`;
  const contact = document.createElement('p');
  contact.className = 'submitted-contact';
  const who = detail.contact ?? {};
  contact.textContent = who.email ? `From ${who.name} (${who.company}), ${who.email}${who.message ? `: “${who.message}”` : ''}` : '';
  submitted.replaceChildren(title, text, contact);
  submitted.dataset.verified = verified;
  submitted.hidden = false;
}

// --- the custom element ------------------------------------------------------------------------

element.addEventListener('quote-change', (event) => record('element', 'change', event.detail));
element.addEventListener('quote-saved', (event) => record('element', 'saved', event.detail));
element.addEventListener('quote-submit', (event) => {
  event.preventDefault(); // the portal takes the request: no mailto: fallback
  record('element', 'submit', event.detail);
});

// --- the iframe ----------------------------------------------------------------------------------

let frame = null;

function createFrame() {
  if (!edgequoteOrigin) {
    frameStatus.textContent = 'No EdgeQuote origin configured (?edgequote=https://…).';
    return;
  }
  frame = document.createElement('iframe');
  frame.title = 'EdgeQuote configurator';
  frame.setAttribute('sandbox', 'allow-scripts allow-same-origin');
  frame.src = `${edgequoteOrigin}/embed/frame.html?origins=${encodeURIComponent(location.origin)}`;
  document.getElementById('frame-slot').append(frame);
}

function sendInit() {
  if (!frame?.contentWindow) return;
  frame.contentWindow.postMessage(message('init', { context: context() }), edgequoteOrigin);
}

window.addEventListener('message', (event) => {
  // Only EdgeQuote's origin, exactly, and only from the frame this page created.
  if (event.origin !== edgequoteOrigin || !frame || event.source !== frame.contentWindow) return;
  const data = readMessage(event.data);
  if (!data) return;
  if (data.type === 'ready') {
    frameStatus.textContent = `Connected to ${edgequoteOrigin} (protocol v${data.version}).`;
    frameStatus.dataset.connected = 'true';
    sendInit();
  } else if (data.type === 'change' || data.type === 'submit' || data.type === 'saved') {
    record('iframe', data.type, data);
  }
});

// --- context ---------------------------------------------------------------------------------------

function applyContext() {
  const { customerName, segment } = context();
  element.customerName = customerName;
  element.segment = segment;
  showContext();
  sendInit();
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  applyContext();
});

nameInput.value = params.get('customer') ?? 'Northwind Media';
element.customerName = nameInput.value;
element.segment = segmentSelect.value;
showContext();
createFrame();
