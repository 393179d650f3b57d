#!/usr/bin/env node
// The embedding demo on two local origins, as a real deployment would have them:
//
//   EdgeQuote (the public build, build/native/site-public)   http://127.0.0.1:8081/
//   a mock sales portal (build/native/demo-portal)          http://127.0.0.1:8082/?edgequote=http://127.0.0.1:8081
//
//   node web/demo/serve-demo.mjs --public DIR --portal DIR [--edgequote-port N] [--portal-port N]
//                                [--logs FILE] [--log-origins 'ORIGIN ...']
//
// The portal also plays the collector of quote logs (web/demo/log-collector.mjs): POST
// http://127.0.0.1:8082/logs appends the records to a JSON Lines file (--logs, default
// edgequote-demo-logs.jsonl in the current directory), GET serves them back. Pages of the
// EdgeQuote origin and of --log-origins (default: the rep site of the `serve` target,
// http://127.0.0.1:8080) may post and read (CORS); the EdgeQuote origin's policy lets its pages
// connect to the portal (connect-src). Point a site's site-config.json at it:
// {"log_endpoint": "http://127.0.0.1:8082/logs"} (and serve that site with --connect-src).
// Run from the command line, the EdgeQuote origin's own site-config.json is answered with that
// endpoint (prospectLogs), so a prospect's request on http://127.0.0.1:8081/ reaches the portal
// too; the file in the build says null, as a fresh deployment does.
//
// Both are served with the strict policy (default-src 'self'; script-src 'self'
// 'wasm-unsafe-eval'); the portal adds frame-src for the EdgeQuote origin, and EdgeQuote's
// frame.html allows only the portal as its frame ancestor (every other EdgeQuote page: none).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY, startServer } from '../serve.mjs';
import { createCollector, LOGS_PATH } from './log-collector.mjs';

const originOf = (url) => new URL(url).origin;

// The EdgeQuote origin's site-config.json, pointing its pages' logs at the portal's collector.
function serveSiteConfig(request, response, headers, endpoint) {
  if (new URL(request.url, 'http://localhost').pathname !== '/site-config.json' || request.method !== 'GET') return false;
  response.writeHead(200, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' });
  response.end(`${JSON.stringify({ log_endpoint: endpoint })}\n`);
  return true;
}

export async function startDemo({ publicDir, portalDir, host = '127.0.0.1', edgequotePort = 8081, portalPort = 8082, frameAncestors = null,
  logsFile = resolve('edgequote-demo-logs.jsonl'), logOrigins = () => ['http://127.0.0.1:8080'], prospectLogs = false }) {
  const origins = { edgequote: null, portal: null };
  const collector = createCollector({ file: logsFile, allowedOrigins: () => [origins.edgequote, ...logOrigins()].filter(Boolean) });
  // Policies are computed per request: each server's policy names the other's origin, which is
  // known only once both listen (port 0 picks a free port).
  const edgequote = await startServer({
    root: publicDir,
    port: edgequotePort,
    host,
    contentSecurityPolicy: (path) => `${CONTENT_SECURITY_POLICY}; frame-ancestors ${
      path.endsWith('/embed/frame.html') ? (frameAncestors?.() ?? origins.portal) : "'none'"}; connect-src 'self' ${origins.portal}`,
    // prospectLogs: true, or a function asked on every request (a test switches it).
    handle: (request, response, headers) => ((typeof prospectLogs === 'function' ? prospectLogs() : prospectLogs)
      ? serveSiteConfig(request, response, headers, `${origins.portal}/logs`) : false),
  });
  const portal = await startServer({
    root: portalDir,
    port: portalPort,
    host,
    contentSecurityPolicy: `${CONTENT_SECURITY_POLICY}; frame-src ${originOf(edgequote.url)}; frame-ancestors 'none'`,
    handle: (request, response, headers) => collector.handle(request, response, headers),
  });
  origins.edgequote = originOf(edgequote.url);
  origins.portal = originOf(portal.url);
  return {
    edgequote: { ...edgequote, origin: origins.edgequote },
    portal: { ...portal, origin: origins.portal },
    portalPage: `${portal.url}?edgequote=${encodeURIComponent(origins.edgequote)}`,
    collector,
    logsUrl: new URL(LOGS_PATH, portal.url).href,
    logsFile,
    async close() {
      await Promise.all([edgequote.server, portal.server].map((server) => new Promise((done) => server.close(done))));
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = { publicDir: null, portalDir: null, prospectLogs: true };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--public') options.publicDir = value;
    else if (flag === '--portal') options.portalDir = value;
    else if (flag === '--edgequote-port') options.edgequotePort = Number(value);
    else if (flag === '--portal-port') options.portalPort = Number(value);
    else if (flag === '--logs') options.logsFile = resolve(value);
    else if (flag === '--log-origins') options.logOrigins = () => value.split(/[\s,]+/).filter(Boolean);
    else {
      console.error(`serve-demo: unknown argument ${flag}`);
      process.exit(1);
    }
  }
  if (!options.publicDir || !options.portalDir) {
    console.error('usage: serve-demo.mjs --public DIR --portal DIR [--edgequote-port N] [--portal-port N]');
    process.exit(1);
  }
  const demo = await startDemo(options);
  console.log(`EdgeQuote (public build): ${demo.edgequote.url}`);
  console.log(`mock sales portal:        ${demo.portalPage}  (Ctrl-C to stop)`);
  console.log(`quote logs collected at:  ${demo.logsUrl} -> ${demo.logsFile}`);
}
