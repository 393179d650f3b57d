#!/usr/bin/env node
// A small static server for the assembled site, with no dependencies.
//
//   node web/serve.mjs [--root DIR] [--port N] [--host ADDR] [--frame-ancestors 'ORIGIN ...']
//                      [--connect-src 'ORIGIN ...']
//
// It serves exactly what the browser needs for streaming wasm compilation (application/wasm,
// text/javascript for .js/.mjs) under the strict Content-Security-Policy the page is built for,
// so a violation in development shows up here first rather than in a customer's portal.
// Port 0 picks a free port; the chosen address is printed as "serving http://HOST:PORT/".
// startServer({contentSecurityPolicy}) takes another policy, or a function of the URL path giving
// one (the embedding demo adds frame-src / frame-ancestors for its second origin).
//
// Framing: every page is sent with `frame-ancestors 'none'` (and X-Frame-Options: DENY for older
// browsers) — the rep page and the prospect page never load inside another site — except the
// iframe build, embed/frame.html, whose frame-ancestors is the allow-list of host origins given
// with --frame-ancestors (default 'none': nobody frames it until a deployment says who may).
// Every page also gets base-uri 'none' (no <base> can re-point its relative URLs) and
// form-action 'none' (its forms are handled in script or are dialogs: none submits anywhere).
// --connect-src adds `connect-src 'self' ORIGINS`: the origins the pages may fetch from and post
// to besides their own, e.g. the log endpoint of site-config.json on a portal's origin.
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzip as gzipCallback } from 'node:zlib';
import { promisify } from 'node:util';

const gzipBytes = promisify(gzipCallback);

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

// Sent gzip-compressed when the browser accepts it: what a production CDN would do, so the page's
// transfer size here is the one the payload budget is about.
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg', '.txt', '.csv', '.map']);

// Without frame-ancestors: that one depends on the page (frameAncestorsPolicy below).
export const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; base-uri 'none'; form-action 'none'";
export const FRAME_PATH = '/embed/frame.html';

// The rep page's code under static/<content hash>/ (cmake/minify-site.mjs) never changes under its
// name: a browser keeps it a year without asking. Everything else is revalidated on every use.
const FINGERPRINTED = /^\/static\/[0-9a-f]{16}\//;
export const cacheControlFor = (pathname) => (FINGERPRINTED.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache');

// The full policy of a path: the iframe build may be framed by `frameAncestors` (a space-separated
// list of origins, or "'none'"); every other page by nobody.
export function frameAncestorsPolicy(path, frameAncestors = "'none'") {
  return `${CONTENT_SECURITY_POLICY}; frame-ancestors ${path.endsWith(FRAME_PATH) ? frameAncestors : "'none'"}`;
}

// "https://a.example https://b.example" -> the same, checked: each entry exactly an origin.
function parseFrameAncestors(text) {
  const entries = String(text).split(/[\s,]+/).filter(Boolean);
  for (const entry of entries) {
    let ok = false;
    try {
      ok = new URL(entry).origin === entry;
    } catch {
      ok = false;
    }
    if (!ok) throw new Error(`--frame-ancestors: "${entry}" is not exactly an origin (https://host[:port])`);
  }
  return entries.length ? entries.join(' ') : "'none'";
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

function parseArguments(argv) {
  const options = { root: process.cwd(), port: 8080, host: '127.0.0.1', frameAncestors: "'none'", connectSrc: null };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    if (flag === '--root') options.root = value;
    else if (flag === '--port') options.port = Number(value);
    else if (flag === '--host') options.host = value;
    else if (flag === '--frame-ancestors') options.frameAncestors = parseFrameAncestors(value);
    else if (flag === '--connect-src') options.connectSrc = parseFrameAncestors(value).replace("'none'", '') || null;
    else throw new Error(`unknown argument ${argv[i]} (expected --root DIR --port N --host ADDR --frame-ancestors ORIGINS --connect-src ORIGINS)`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error(`bad port: ${options.port}`);
  }
  return options;
}

function send(response, status, body, headers = {}) {
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  response.end(body);
}

// Maps a URL path to a file under root, refusing anything that escapes it.
async function resolveFile(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const candidate = normalize(join(root, decoded));
  if (candidate !== root && !candidate.startsWith(root + sep)) return null;
  try {
    const info = await stat(candidate);
    if (info.isDirectory()) {
      const index = join(candidate, 'index.html');
      const indexInfo = await stat(index);
      return { path: index, info: indexInfo };
    }
    return info.isFile() ? { path: candidate, info } : null;
  } catch {
    return null;
  }
}

// Compressed once per version of a file (its ETag), not on every request.
const compressedCache = new Map();

function compressed(path, etag) {
  const cached = compressedCache.get(path);
  if (cached?.etag === etag) return cached.body;
  const body = readFile(path).then((bytes) => gzipBytes(bytes, { level: 9 }));
  compressedCache.set(path, { etag, body });
  body.catch(() => compressedCache.delete(path));
  return body;
}

export function startServer({ root, port = 8080, host = '127.0.0.1', frameAncestors = "'none'", contentSecurityPolicy = null, connectSrc = null, handle = null }) {
  const rootDir = resolve(root);
  const policyOf = (request) => {
    const path = new URL(request.url, 'http://localhost').pathname;
    let policy;
    if (typeof contentSecurityPolicy === 'function') policy = contentSecurityPolicy(path);
    else if (typeof contentSecurityPolicy === 'string') policy = contentSecurityPolicy;
    else policy = frameAncestorsPolicy(path, frameAncestors);
    // Other origins the page may connect to (a log endpoint); a function: known once they listen.
    const connect = typeof connectSrc === 'function' ? connectSrc() : connectSrc;
    if (connect) policy += `; connect-src 'self' ${connect}`;
    // Browsers without frame-ancestors honour the older header; it has no allow-list form.
    const legacy = /frame-ancestors 'none'/.test(policy) ? { 'X-Frame-Options': 'DENY' } : {};
    return { 'Content-Security-Policy': policy, ...legacy };
  };
  const server = createServer(async (request, response) => {
    // A route of the caller's own first (the demo portal's log collector): true when it answered.
    if (handle) {
      try {
        if (await handle(request, response, { ...SECURITY_HEADERS, ...policyOf(request) })) return;
      } catch {
        if (!response.headersSent) send(response, 500, 'Internal error\n', policyOf(request));
        else response.destroy();
        return;
      }
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'Method not allowed\n', { Allow: 'GET, HEAD', ...policyOf(request) });
      return;
    }
    const url = new URL(request.url, 'http://localhost');
    // A directory without its trailing slash would resolve relative URLs against its parent.
    const found = await resolveFile(rootDir, url.pathname);
    if (!found) {
      send(response, 404, 'Not found\n', policyOf(request));
      return;
    }
    if (found.path.endsWith(`${sep}index.html`) && !url.pathname.endsWith('/') && !url.pathname.endsWith('.html')) {
      send(response, 301, '', { Location: `${url.pathname}/${url.search}`, ...policyOf(request) });
      return;
    }
    const extension = extname(found.path).toLowerCase();
    const type = MIME_TYPES[extension] ?? 'application/octet-stream';
    const gzip = COMPRESSIBLE.has(extension) && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    // Revalidated (a rebuilt engine is never stale) with a validator, so that an unchanged file
    // costs a 304 and no body, as on any static host or CDN; fingerprinted code is not asked for.
    const etag = `W/"${found.info.size.toString(16)}-${Math.floor(found.info.mtimeMs).toString(16)}${gzip ? '-gz' : ''}"`;
    const headers = {
      ...SECURITY_HEADERS,
      ...policyOf(request),
      'Content-Type': type,
      Vary: 'Accept-Encoding',
      'Cache-Control': cacheControlFor(url.pathname),
      ETag: etag,
    };
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, headers);
      response.end();
      return;
    }
    let body = null;
    try {
      body = gzip ? await compressed(found.path, etag) : null;
    } catch {
      response.writeHead(500, policyOf(request));
      response.end();
      return;
    }
    response.writeHead(200, {
      ...headers,
      ...(gzip ? { 'Content-Encoding': 'gzip', 'Content-Length': body.length } : { 'Content-Length': found.info.size }),
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    if (body) {
      response.end(body);
      return;
    }
    createReadStream(found.path).on('error', () => response.destroy()).pipe(response);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolvePromise({ server, url: `http://${host}:${address.port}/` });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const options = parseArguments(process.argv.slice(2));
    const { url } = await startServer(options);
    console.log(`serving ${url} from ${resolve(options.root)} (Ctrl-C to stop)`);
  } catch (error) {
    console.error(`serve: ${error.message}`);
    process.exit(1);
  }
}
