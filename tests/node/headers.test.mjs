// The headers every EdgeQuote server sends (web/serve.mjs: `serve`, `serve-public`; and the
// embedding demo): no page may be framed by another site except the iframe build, and that one
// only by its allow-list; every page pins base-uri and form-action. README.md "Headers a
// production host must send" lists the same; this test reads them off real responses.
// Run: node --test tests/node/headers.test.mjs   (needs no build: it serves the web/ sources)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sourceDir } from './support.mjs';

const { startServer } = await import(join(sourceDir, 'web/serve.mjs'));
const { startDemo } = await import(join(sourceDir, 'web/demo/serve-demo.mjs'));

// A site with the paths that matter: the rep page, the prospect page, the iframe build.
const root = await mkdtemp(join(tmpdir(), 'edgequote-headers-'));
await mkdir(join(root, 'embed'));
for (const path of ['index.html', 'prospect.html', 'embed/frame.html']) await writeFile(join(root, path), '<!doctype html><title>x</title>');
after(() => rm(root, { recursive: true, force: true }));

// The policy as a map of directive -> value (a directive given twice would be ignored by
// browsers after its first occurrence: that is an error here).
function directives(policy) {
  const map = new Map();
  for (const part of policy.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [name, ...values] = part.split(/\s+/);
    assert.ok(!map.has(name), `${name} appears twice in ${policy}`);
    map.set(name, values.join(' '));
  }
  return map;
}

async function headersOf(base, path) {
  const response = await fetch(new URL(path, base));
  await response.arrayBuffer();
  assert.equal(response.status, 200, path);
  return response.headers;
}

function assertEveryPage(headers, path) {
  const csp = directives(headers.get('content-security-policy'));
  assert.equal(csp.get('base-uri'), "'none'", `${path}: base-uri`);
  assert.equal(csp.get('form-action'), "'none'", `${path}: form-action`);
  assert.equal(csp.get('script-src'), "'self' 'wasm-unsafe-eval'", `${path}: script-src`);
  assert.equal(headers.get('x-content-type-options'), 'nosniff');
  return csp;
}

test('serve: the rep and prospect pages cannot be framed; the iframe build only by its allow-list', async () => {
  const { server, url } = await startServer({ root, port: 0 });
  try {
    for (const path of ['index.html', 'prospect.html', '', 'embed/frame.html']) {
      const headers = await headersOf(url, path);
      const csp = assertEveryPage(headers, path);
      assert.equal(csp.get('frame-ancestors'), "'none'", `${path}: nobody frames it until a deployment says who may`);
      assert.equal(headers.get('x-frame-options'), 'DENY', path);
    }
  } finally {
    await new Promise((done) => server.close(done));
  }
  const allowed = await startServer({ root, port: 0, frameAncestors: 'https://portal.example https://crm.example:8443' });
  try {
    const frame = await headersOf(allowed.url, 'embed/frame.html');
    assert.equal(directives(frame.get('content-security-policy')).get('frame-ancestors'), 'https://portal.example https://crm.example:8443');
    assert.equal(frame.get('x-frame-options'), null, 'no DENY on the page that is meant to be framed');
    const rep = await headersOf(allowed.url, 'index.html');
    assert.equal(directives(rep.get('content-security-policy')).get('frame-ancestors'), "'none'", 'the allow-list is for the frame only');
  } finally {
    await new Promise((done) => allowed.server.close(done));
  }
});

test('serve.mjs --frame-ancestors takes exact origins only (as the serve-public command line does)', async () => {
  const run = (args) => new Promise((resolve) => {
    const child = spawn(process.execPath, [join(sourceDir, 'web/serve.mjs'), '--root', root, '--port', '0', ...args]);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const match = /serving (\S+)/.exec(out);
      if (match) resolve({ child, url: match[1] });
    });
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', (code) => resolve({ code, out }));
  });
  const started = await run(['--frame-ancestors', 'https://portal.example']);
  try {
    const frame = await headersOf(started.url, 'embed/frame.html');
    assert.equal(directives(frame.get('content-security-policy')).get('frame-ancestors'), 'https://portal.example');
  } finally {
    started.child.kill();
  }
  for (const bad of ['*', 'https://portal.example/path', "'self' https://x.example/"]) {
    const refused = await run(['--frame-ancestors', bad]);
    assert.equal(refused.code, 1, bad);
    assert.match(refused.out, /not exactly an origin/);
  }
});

test('serve-demo: both origins send base-uri and form-action; EdgeQuote\'s frame only for the portal', async () => {
  const demo = await startDemo({ publicDir: root, portalDir: root, edgequotePort: 0, portalPort: 0 });
  try {
    for (const path of ['index.html', 'prospect.html']) {
      const csp = assertEveryPage(await headersOf(demo.edgequote.url, path), path);
      assert.equal(csp.get('frame-ancestors'), "'none'");
    }
    const frame = assertEveryPage(await headersOf(demo.edgequote.url, 'embed/frame.html'), 'frame');
    assert.equal(frame.get('frame-ancestors'), demo.portal.origin);
    const portal = assertEveryPage(await headersOf(demo.portal.url, 'index.html'), 'portal');
    assert.equal(portal.get('frame-ancestors'), "'none'");
    assert.equal(portal.get('frame-src'), demo.edgequote.origin);
  } finally {
    await demo.close();
  }
});

test('serve: the pricing worker is a same-origin script the policy lets the page start, and lets it compile the engine', async () => {
  // web/lib/pricing-worker.js, a module worker for large quotes: started by the page (worker-src
  // falls back to child-src, then script-src), and under its own response's policy, which must
  // allow the engine's WebAssembly ('wasm-unsafe-eval').
  await mkdir(join(root, 'lib'), { recursive: true });
  await writeFile(join(root, 'lib/pricing-worker.js'), '// the worker');
  const { server, url } = await startServer({ root, port: 0 });
  try {
    const headers = await headersOf(url, 'lib/pricing-worker.js');
    assert.match(headers.get('content-type'), /^text\/javascript/);
    const csp = assertEveryPage(headers, 'lib/pricing-worker.js');
    const workers = csp.get('worker-src') ?? csp.get('child-src') ?? csp.get('script-src');
    assert.match(workers, /'self'/, 'same-origin workers allowed');
  } finally {
    await new Promise((done) => server.close(done));
  }
});

test('serve: the rep page\'s fingerprinted code is kept a year; everything else is revalidated on each use', async () => {
  const fingerprinted = join(root, 'static', '0123456789abcdef', 'bundle');
  await mkdir(fingerprinted, { recursive: true });
  await writeFile(join(fingerprinted, 'main.js'), 'export {};');
  await writeFile(join(root, 'site-config.json'), '{}');
  await mkdir(join(root, 'static', 'not-a-hash'), { recursive: true });
  await writeFile(join(root, 'static', 'not-a-hash', 'x.js'), 'export {};');
  const { server, url } = await startServer({ root, port: 0 });
  try {
    assert.equal((await headersOf(url, 'static/0123456789abcdef/bundle/main.js')).get('cache-control'), 'public, max-age=31536000, immutable');
    for (const path of ['', 'index.html', 'site-config.json', 'static/not-a-hash/x.js']) {
      assert.equal((await headersOf(url, path)).get('cache-control'), 'no-cache', path);
    }
  } finally {
    await new Promise((done) => server.close(done));
  }
});
