// The site's own settings: site-config.json at the site's root, written by whoever deploys
// EdgeQuote (README, "Logs that flow: the site config"). Read after the first priced total by the
// rep page and, when a prospect asks for a quote, by <edge-quote>. Like every other door
// (web/lib/inbound.js), it is checked by shape: a config that fails is ignored with a notice the
// page shows, and the page runs as if there were none. A missing file is no config (quietly).
//
//   {"log_endpoint": "https://portal.example/edgequote/logs"}   // or null: logs stay in the browser
import { door, MAX_DEPTH, nestingPastLimit, object, plainCopy, refuse, typeName } from './inbound.js';

export const SITE_CONFIG_FILE = 'site-config.json';
export const MAX_CONFIG_CHARS = 16 * 1024;
export const DEFAULT_SITE_CONFIG = Object.freeze({ logEndpoint: null });

// Every key the file may hold, with its check; a key not listed is ignored with a warning.
const KEYS = {
  log_endpoint: (value, base) => (value === null ? null : endpointUrl(value, base)),
  $comment: () => undefined,
};

function endpointUrl(value, base) {
  if (typeof value !== 'string') refuse('bad_shape', '/log_endpoint', `The log endpoint must be a URL as text, or null; it is ${typeName(value)}.`);
  if (value.length > 2048) refuse('too_big', '/log_endpoint', 'The log endpoint URL is longer than 2048 characters.');
  let url;
  try {
    url = new URL(value, base);
  } catch {
    return refuse('bad_shape', '/log_endpoint', `"${value.slice(0, 80)}" is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') refuse('bad_shape', '/log_endpoint', `The log endpoint must be http(s), not ${url.protocol}.`);
  // Credentials in a URL would sit in every page's memory and in the browser's history.
  if (url.username || url.password) refuse('bad_shape', '/log_endpoint', 'The log endpoint URL must not carry a user name or password.');
  url.hash = '';
  return url.href;
}

/**
 * The config file's text → {ok: true, value: {logEndpoint}, warnings} or a refusal {ok: false,
 * code, path, message}. `base`: the file's own URL (a relative endpoint is relative to it).
 */
export function readSiteConfig(text, { base = globalThis.location?.href ?? 'http://localhost/' } = {}) {
  return door((warnings) => {
    if (typeof text !== 'string') refuse('bad_shape', '', 'The site config is not text.');
    if (text.length > MAX_CONFIG_CHARS) refuse('too_big', '', `The site config is larger than ${MAX_CONFIG_CHARS} characters.`);
    if (nestingPastLimit(text)) refuse('nested_too_deep', '', `The site config nests deeper than ${MAX_DEPTH} levels.`);
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      refuse('not_json', '', 'The site config is not JSON.');
    }
    const config = object(plainCopy(parsed), '', 'The site config');
    const value = { ...DEFAULT_SITE_CONFIG };
    for (const [key, entry] of Object.entries(config)) {
      if (!Object.hasOwn(KEYS, key)) {
        warnings.push({ code: 'unknown_format', path: `/${key}`, message: `"${key.slice(0, 40)}" is not a setting this page reads; it was ignored.` });
        continue;
      }
      if (key === 'log_endpoint') value.logEndpoint = KEYS[key](entry, base);
    }
    return value;
  });
}

/**
 * Fetches and reads the config beside the site's root. → {config, problem}: `problem` is a
 * sentence for the page to show when the file was there but could not be used (the defaults are
 * then in force); a missing file (404) is no problem.
 */
export async function loadSiteConfig(url, { fetch = globalThis.fetch } = {}) {
  let response;
  try {
    response = await fetch(url, { cache: 'no-cache', credentials: 'same-origin' });
  } catch (error) {
    return { config: DEFAULT_SITE_CONFIG, problem: `The site config could not be fetched (${error?.message ?? error}); logs stay in this browser.` };
  }
  if (response.status === 404) return { config: DEFAULT_SITE_CONFIG, problem: null };
  if (!response.ok) return { config: DEFAULT_SITE_CONFIG, problem: `The site config could not be fetched (HTTP ${response.status}); logs stay in this browser.` };
  const read = readSiteConfig(await response.text(), { base: String(url) });
  if (!read.ok) return { config: DEFAULT_SITE_CONFIG, problem: `The site config (${SITE_CONFIG_FILE}) was ignored: ${read.message}${read.path ? ` (at ${read.path})` : ''}` };
  const ignored = read.warnings.map((w) => w.message).join(' ');
  return { config: read.value, problem: ignored ? `The site config (${SITE_CONFIG_FILE}): ${ignored}` : null };
}
