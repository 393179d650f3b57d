// The demo portal's log collector: what a sales portal does with the quote-log records EdgeQuote
// sends it (README, "Logs that flow"). Node only, no dependencies.
//
//   POST /logs   a body of JSON Lines, one quote-log record per line (pricebooks/LOG-FORMAT.md):
//                one record, or a batch of them (the outbox sends up to 50 a request). Every line
//                is checked by shape (checkLogRecord); all are appended to the JSON Lines file
//                and 200 {"accepted": n} answered, or none: a body with any bad line is refused
//                with 400 and {"errors": [{line, path, message}]}. 413 past MAX_BODY_BYTES.
//   GET  /logs   the file as it is (application/x-ndjson), for the insights page to load by URL.
//   OPTIONS      the CORS preflight, for the origins allowed to post and read (the EdgeQuote
//                sites); others get no CORS headers, so their browsers refuse the answer.
import { appendFile, readFile } from 'node:fs/promises';

export const LOGS_PATH = '/logs';
export const MAX_RECORD_BYTES = 1024 * 1024;    // one record (a priced summary is ~5 KB)
export const MAX_BODY_BYTES = 8 * 1024 * 1024;  // one request
const MAX_TEXT = 200;
const MAX_MESSAGE = 4000;
const STATUSES = ['open', 'won', 'lost'];
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const EMAIL = /^[^\s@<>"(),;:]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,}$/;

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isText = (v, max = MAX_TEXT) => typeof v === 'string' && v.length > 0 && v.length <= max;
const isTextList = (v) => Array.isArray(v) && v.length <= 1000 && v.every((item) => typeof item === 'string' && item.length <= MAX_TEXT);

/** null when `record` has the shape of a quote-log record, else {path, message}. */
export function checkLogRecord(record) {
  const problem = (path, message) => ({ path, message });
  if (!isObject(record)) return problem('', 'a record is a JSON object');
  if (record.log_version !== '1') return problem('/log_version', 'log_version must be "1"');
  if (!isText(record.quote_id)) return problem('/quote_id', 'quote_id must be text of 1 to 200 characters');
  for (const key of ['saved_at', 'updated_at']) {
    if (typeof record[key] !== 'string' || !TIMESTAMP.test(record[key]) || Number.isNaN(Date.parse(record[key]))) return problem(`/${key}`, `${key} must be an RFC 3339 timestamp`);
  }
  if (!isText(record.rep)) return problem('/rep', 'rep must be text of 1 to 200 characters');
  if (!isObject(record.catalog)) return problem('/catalog', 'catalog must be an object');
  for (const key of ['premium_skus', 'approval_levels']) {
    if (!isTextList(record.catalog[key])) return problem(`/catalog/${key}`, `catalog.${key} must be a list of texts`);
  }
  if (!isObject(record.quote)) return problem('/quote', 'quote must be an object');
  if (!isObject(record.priced)) return problem('/priced', 'priced must be an object');
  if (!Array.isArray(record.priced.lines)) return problem('/priced/lines', 'priced.lines must be a list');
  if (!isObject(record.priced.totals)) return problem('/priced/totals', 'priced.totals must be an object');
  if (!isObject(record.outcome)) return problem('/outcome', 'outcome must be an object');
  if (!STATUSES.includes(record.outcome.status)) return problem('/outcome/status', 'outcome.status must be open, won or lost');
  if (record.request !== undefined) {
    const request = record.request;
    if (!isObject(request)) return problem('/request', 'request must be an object');
    for (const key of ['name', 'company']) if (!isText(request[key])) return problem(`/request/${key}`, `request.${key} must be text of 1 to 200 characters`);
    if (typeof request.email !== 'string' || !EMAIL.test(request.email)) return problem('/request/email', 'request.email must be an e-mail address');
    if (request.message !== undefined && request.message !== null && !(typeof request.message === 'string' && request.message.length <= MAX_MESSAGE)) {
      return problem('/request/message', `request.message must be text of at most ${MAX_MESSAGE} characters`);
    }
  }
  return null;
}

/**
 * A body of JSON Lines → {records, errors}: each non-blank line parsed and checked; `errors`
 * lists every bad one with its 1-based line number.
 */
export function readLogBody(text) {
  const records = [];
  const errors = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    if (Buffer.byteLength(line) > MAX_RECORD_BYTES) {
      errors.push({ line: index + 1, path: '', message: `a record is larger than ${MAX_RECORD_BYTES} bytes` });
      return;
    }
    let value;
    try {
      value = JSON.parse(line);
    } catch {
      errors.push({ line: index + 1, path: '', message: 'not JSON' });
      return;
    }
    const problem = checkLogRecord(value);
    if (problem) errors.push({ line: index + 1, ...problem });
    else records.push(value);
  });
  if (!records.length && !errors.length) errors.push({ line: 1, path: '', message: 'no record in the body' });
  return { records, errors };
}

function readBody(request, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    // Past the limit the rest is read and dropped, so the client still gets its 413.
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => (size > limit ? reject(Object.assign(new Error('too large'), { status: 413 })) : resolve(Buffer.concat(chunks).toString('utf8'))));
    request.on('error', reject);
  });
}

/**
 * The collector. file: the JSON Lines file records are appended to. allowedOrigins(): the origins
 * whose pages may post and read (CORS). headers: sent with every answer (the server passes
 * its security headers to handle() as its third argument). → {handle(request, response): true when it answered, received, failNext(n)}.
 */
export function createCollector({ file, allowedOrigins = () => [], headers = {} }) {
  let failures = 0;
  // Appends one body at a time, so two bodies never interleave their lines in the file.
  let appending = Promise.resolve();
  const collector = {
    received: 0,
    failed: 0, // posts answered 500 on purpose (failNext)
    bodies: 0, // posts taken (2xx), whatever the number of records in each
    /** The next `n` posts answer 500 (to show that nothing is lost): for tests and demos. */
    failNext(n = 1) {
      failures = n;
    },
    async handle(request, response, base = headers) {
      const url = new URL(request.url, 'http://localhost');
      if (url.pathname !== LOGS_PATH) return false;
      const origin = request.headers.origin;
      const cors = origin && allowedOrigins().includes(origin)
        ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin', 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '600' }
        : {};
      const answer = (status, body, type = 'application/json; charset=utf-8') => {
        response.writeHead(status, { ...base, ...cors, 'Content-Type': type, 'Cache-Control': 'no-store' });
        response.end(typeof body === 'string' ? body : `${JSON.stringify(body)}\n`);
      };
      if (request.method === 'OPTIONS') {
        response.writeHead(cors['Access-Control-Allow-Origin'] ? 204 : 403, { ...base, ...cors });
        response.end();
        return true;
      }
      if (request.method === 'GET' || request.method === 'HEAD') {
        let text = '';
        try {
          text = await readFile(file, 'utf8');
        } catch (error) {
          if (error.code !== 'ENOENT') throw error;
        }
        answer(200, request.method === 'HEAD' ? '' : text, 'application/x-ndjson; charset=utf-8');
        return true;
      }
      if (request.method !== 'POST') {
        response.writeHead(405, { ...base, ...cors, Allow: 'GET, POST, OPTIONS' });
        response.end();
        return true;
      }
      // A post from a page of another origin that is not allowed is refused outright (its
      // browser would not show it the answer anyway, but the record must not be kept either).
      if (origin && !cors['Access-Control-Allow-Origin'] && origin !== `http://${request.headers.host}`) {
        answer(403, { errors: [{ line: 0, path: '', message: `origin ${origin} may not post logs here` }] });
        return true;
      }
      let body;
      try {
        body = await readBody(request, MAX_BODY_BYTES);
      } catch (error) {
        if (error.status === 413) answer(413, { errors: [{ line: 0, path: '', message: `the body is larger than ${MAX_BODY_BYTES} bytes` }] });
        else response.destroy();
        return true;
      }
      if (failures > 0) {
        failures -= 1;
        collector.failed += 1;
        answer(500, { errors: [{ line: 0, path: '', message: 'the collector is failing on purpose (failNext)' }] });
        return true;
      }
      const { records, errors } = readLogBody(body);
      if (errors.length) {
        answer(400, { errors });
        return true;
      }
      const text = records.map((record) => `${JSON.stringify(record)}\n`).join('');
      const write = appending.then(() => appendFile(file, text, 'utf8'));
      appending = write.catch(() => {});
      try {
        await write;
      } catch (error) {
        answer(500, { errors: [{ line: 0, path: '', message: `the log file could not be written (${error.code ?? error.message})` }] });
        return true;
      }
      collector.received += records.length;
      collector.bodies += 1;
      answer(200, { accepted: records.length });
      return true;
    },
  };
  return collector;
}
