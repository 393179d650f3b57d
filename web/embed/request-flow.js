// "Request this quote" (README, "Logs that flow: a prospect's request"): the form that asks who is
// asking, the quote-log record the request travels as, and the outbox route. Loaded by
// <edge-quote> (edge-quote.js) on the first click, and after its first priced total when the
// site has a log endpoint (requests queued offline on an earlier visit leave then).
//
// The request goes the first way that works: to the host page (a quote-submit it takes with
// preventDefault(), or the iframe's "submit" message), else through the outbox to the log
// endpoint of site-config.json, else as a mailto: link. The element decides; this module gives it
// the parts.
import { h } from '../lib/dom.js';
import { loadSiteConfig } from '../lib/site-config.js';
import { LogOutbox } from '../lib/log-outbox.js';
import { toLogRecord } from '../insights/quote-log.js';

const CONFIG_URL = new URL('../site-config.json', import.meta.url); // a literal: the public build follows it
export const CONTACT_LIMITS = Object.freeze({ name: 120, email: 254, company: 160, message: 4000 });
// A work address: something@domain.tld, no spaces or characters a mail header would trip on.
const EMAIL = /^[^\s@<>"(),;:]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
// Control and bidirectional-override characters: only ever a mistake or a trick.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/** The contact as typed → {contact, problems: {field: sentence}}; contact only when there are none. */
export function readContact(fields) {
  const clean = (key) => String(fields?.[key] ?? '').replace(CONTROL, ' ').trim();
  const contact = { name: clean('name'), email: clean('email'), company: clean('company'), message: clean('message') };
  const problems = {};
  if (!contact.name) problems.name = 'Enter your name.';
  if (!contact.email) problems.email = 'Enter your work email.';
  else if (!EMAIL.test(contact.email)) problems.email = 'Enter an email address such as ann@company.com.';
  if (!contact.company) problems.company = 'Enter your company.';
  for (const [key, max] of Object.entries(CONTACT_LIMITS)) {
    if (contact[key].length > max) problems[key] = `At most ${max} characters (this is ${contact[key].length}).`;
  }
  return Object.keys(problems).length ? { contact: null, problems } : { contact, problems };
}

/**
 * The form, in `container` (replacing an earlier one). onSend(contact) → a promise of the
 * sentence to show when it went; the form stays (with what was typed) if it throws.
 */
export function showRequestForm(container, { company = '', onSend }) {
  container.querySelector('.eq-request-form')?.remove();
  let counter = 0;
  const id = (name) => `eq-request-${name}-${++counter}`;
  const field = (name, label, control) => {
    const controlId = id(name);
    const errorId = id(`${name}-error`);
    control.id = controlId;
    control.name = name;
    control.setAttribute('aria-describedby', errorId);
    return h('div', { class: 'field eq-request-field' },
      h('label', { for: controlId, text: label }),
      control,
      h('p', { class: 'eq-field-error', id: errorId, dataset: { errorFor: name }, hidden: true }));
  };
  const input = (type, extra) => h('input', { type, required: true, ...extra });
  const summary = h('p', { class: 'eq-request-problems', role: 'alert', hidden: true });
  // Not a submit button: a sandboxed iframe without allow-forms (the iframe build) blocks form
  // submission outright, so the form is sent from the button and from Enter in a field.
  const send = h('button', { type: 'button', class: 'button primary', text: 'Send request' });
  const form = h('form', { class: 'eq-request-form', novalidate: true, 'aria-label': 'Request this quote' },
    h('p', { class: 'eq-request-intro', text: 'Who should we send this quote to?' }),
    field('name', 'Your name', input('text', { autocomplete: 'name', maxlength: String(CONTACT_LIMITS.name) })),
    field('email', 'Work email', input('email', { autocomplete: 'email', maxlength: String(CONTACT_LIMITS.email), inputmode: 'email' })),
    field('company', 'Company', input('text', { autocomplete: 'organization', maxlength: String(CONTACT_LIMITS.company), value: company })),
    field('message', 'Message (optional)', h('textarea', { rows: '3', maxlength: String(CONTACT_LIMITS.message) })),
    summary,
    h('div', { class: 'eq-request-buttons' },
      send,
      h('button', { type: 'button', class: 'button secondary', dataset: { requestCancel: '' }, text: 'Cancel' })));
  form.querySelector('[name=company]').value = company;
  const showProblems = (problems) => {
    for (const error of form.querySelectorAll('[data-error-for]')) {
      const problem = problems[error.dataset.errorFor];
      error.textContent = problem ?? '';
      error.hidden = !problem;
      form.elements[error.dataset.errorFor].setAttribute('aria-invalid', String(Boolean(problem)));
    }
    const count = Object.keys(problems).length;
    summary.hidden = !count;
    summary.textContent = count ? `Check ${count === 1 ? 'one field' : `${count} fields`}: ${Object.values(problems).join(' ')}` : '';
    if (count) form.elements[Object.keys(problems)[0]].focus();
  };
  const sendForm = async () => {
    if (send.disabled) return;
    const values = Object.fromEntries(['name', 'email', 'company', 'message'].map((key) => [key, form.elements[key].value]));
    const { contact, problems } = readContact(values);
    showProblems(problems);
    if (!contact) return;
    send.disabled = true;
    try {
      await onSend(contact);
      form.remove();
    } catch (error) {
      summary.hidden = false;
      summary.textContent = `The request was not sent: ${error?.message ?? error}`;
    } finally {
      send.disabled = false;
    }
  };
  send.addEventListener('click', sendForm);
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.target.localName === 'input') {
      event.preventDefault();
      sendForm();
    }
  });
  form.addEventListener('submit', (event) => event.preventDefault());
  form.querySelector('[data-request-cancel]').addEventListener('click', () => form.remove());
  container.append(form);
  form.elements.name.focus();
  return form;
}

/**
 * The request as a quote-log record (pricebooks/LOG-FORMAT.md) with its `request`: the quote,
 * its priced snapshot, and who asked. `quoteId`/`firstAt`: the element's own, stable while it lives.
 */
export function requestRecord({ snapshot, book, contact, quoteId, firstAt, rep }) {
  const now = new Date().toISOString();
  const record = toLogRecord({ id: quoteId, quote: snapshot.quote, outcome: { status: 'open' }, createdAt: firstAt ?? now, updatedAt: now },
    { priced: snapshot.priced, book, rep });
  if (contact) record.request = { ...contact, message: contact.message || null };
  return record;
}

let outboxPromise = null;

/** The site's outbox, started (sending what an earlier visit queued), or null without an endpoint. */
export function siteOutbox({ notify = () => {} } = {}) {
  outboxPromise ??= loadSiteConfig(CONFIG_URL).then(({ config, problem }) => {
    if (problem) notify({ kind: 'warning', text: problem });
    if (!config.logEndpoint) return null;
    return new LogOutbox({ endpoint: config.logEndpoint }).start();
  });
  return outboxPromise;
}

/**
 * Queues the request for the log endpoint, if the site has one: → null (no endpoint), or
 * {sent: true} once the endpoint took it, or {sent: false, why} when it waits in the outbox.
 */
export async function queueRequest(record, { notify } = {}) {
  const outbox = await siteOutbox({ notify });
  if (!outbox) return null;
  const key = `request:${record.quote_id}:${record.updated_at}`;
  await outbox.add(record, { key });
  await outbox.flush();
  const waiting = (await outbox.entries()).some((entry) => entry.id === key);
  return waiting ? { sent: false, why: outbox.problem ?? 'not sent yet' } : { sent: true };
}

/** The mailto: fallback's link: the contact, the price and the share link in the body. */
export function requestMailto({ to, contact, net, customerName, url }) {
  const subject = `Quote request: ${contact.company || customerName || 'EdgeCDN plan'} (${net}/month)`;
  const body = [
    'Hello,',
    '',
    `Please send me a quote for this configuration (${net}/month at list prices):`,
    url ?? '(too large for a link: please call me back)',
    '',
    `${contact.name}, ${contact.company}`,
    contact.email,
    ...(contact.message ? ['', contact.message] : []),
    '',
  ].join('\n');
  return `mailto:${encodeURIComponent(to).replace(/%40/g, '@')}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}
