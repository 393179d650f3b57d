// The iframe build: <edge-quote> in a page of its own, talking to its host page through the
// versioned postMessage protocol of protocol.js.
//
// Allowed host origins come from the frame's URL: frame.html?origins=https://portal.example
// (comma-separated, each exactly an origin). The frame posts only to those origins, with an exact
// targetOrigin, and reads only messages from its parent window whose event.origin is one of them
// (strict equality). The first valid init picks the host; after that only that origin is heard.
// Who may frame this page at all is the server's Content-Security-Policy frame-ancestors.
import './edge-quote.js';
import { message, parseOrigins } from './protocol.js';
import { describeRefusal } from '../lib/inbound.js';
import { readHostMessage } from './host-doors.js';

const element = document.querySelector('edge-quote');
const problem = document.querySelector('.frame-problem');
const { origins, rejected } = parseOrigins(new URLSearchParams(location.search).get('origins'));
const framed = window.parent !== window;
let host = null;       // the origin whose init was accepted
let lastPosted = null; // hash + inputs of the last change posted, so a snapshot is posted once

// Share links open the prospect page of this build, not this frame.
element.shareBase = new URL('../', location.href).href;
document.documentElement.dataset.embed = 'waiting';

function showProblem(text) {
  problem.textContent = text;
  problem.hidden = false;
}

if (framed && !origins.length) showProblem('This configurator is not set up for this page: no allowed host origin (?origins=).');
if (rejected.length) console.warn(`edgequote frame: ignored origins that are not exact origins: ${rejected.join(', ')}`);

// Where a message to the host may go: its one accepted origin, or before init the allowed
// origins that can be the parent (Chromium and Safari say which; elsewhere, each allowed one —
// the browser delivers only to a matching parent).
function targets() {
  if (host) return [host];
  const parentOrigin = location.ancestorOrigins?.[0];
  if (parentOrigin !== undefined) return origins.includes(parentOrigin) ? [parentOrigin] : [];
  return origins;
}

function post(type, body) {
  if (!framed) return;
  for (const origin of targets()) window.parent.postMessage(message(type, body), origin);
}

function postChange(snapshot) {
  if (!host || !snapshot) return;
  const key = `${snapshot.sha256}:${JSON.stringify(snapshot.quote)}`;
  if (key === lastPosted) return;
  lastPosted = key;
  post('change', snapshot);
}

window.addEventListener('message', async (event) => {
  if (!origins.includes(event.origin)) return;
  if (event.source !== window.parent) return;
  if (host !== null && event.origin !== host) return;
  // Checked by shape before use (web/lib/inbound.js): anything but an init of this protocol is
  // ignored; a context field of the wrong form is dropped, and said so in the console.
  const read = readHostMessage(event.data);
  if (!read.ok) {
    if (event.data?.protocol === 'edgequote') console.warn(`edgequote frame: ignored a message: ${describeRefusal(read)}`);
    return;
  }
  for (const warning of read.warnings) console.warn(`edgequote frame: init: ${describeRefusal(warning)}`);
  host = event.origin;
  document.documentElement.dataset.embed = 'connected';
  const { context } = read.value;
  const before = [element.mode, element.segment, element.customerName].join('\n');
  element.mode = context.mode ?? 'prospect';
  if ('segment' in context) element.segment = context.segment;
  if ('customerName' in context) element.customerName = context.customerName;
  // A changed context is priced again and arrives as a quote-change; otherwise the host gets
  // the snapshot it has not seen yet.
  if ([element.mode, element.segment, element.customerName].join('\n') !== before) return;
  await element.ready;
  postChange(element.snapshot);
});

element.addEventListener('quote-change', (event) => postChange(event.detail));

element.addEventListener('quote-submit', (event) => {
  if (!host) return; // no host listening: the element offers its mailto: fallback
  event.preventDefault();
  post('submit', event.detail);
});

// A share link made in the frame: the host gets its log record too.
element.addEventListener('quote-saved', (event) => {
  if (host) post('saved', event.detail);
});

element.ready.then(() => post('ready', { versions: [1] }));
