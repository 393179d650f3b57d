// Minifies an assembled site in place (the payload budget in the README): every
// JavaScript module and style sheet the site serves, with esbuild (a devDependency; README,
// "Dependencies"). Files stay one per module, except the rep page's critical path, bundled into
// one request (bundleRepPage below). Local names are shortened: an error class that shows its name sets it itself
// (PricingError, LogRecordError).
// Emscripten's glue (engine/*.mjs) is included: its toolchain (without Closure) strips only the
// whitespace, and shortening its local names saves a quarter of it (9.0 -> 6.8 KB gzip). It
// reaches everything outside its own scope by string keys (Module["..."], the module's exports),
// which minifying leaves as they are.
//
//   node cmake/minify-site.mjs SITE_DIR
//
// Without esbuild installed (`npm ci` not run) it says so and leaves the site as it is: the page
// works the same, it is only larger.
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { extname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const site = process.argv[2];
if (!site) {
  console.error('usage: node cmake/minify-site.mjs SITE_DIR');
  process.exit(2);
}

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.warn('minify-site: esbuild is not installed (run `npm ci`); the site is left unminified');
  process.exit(0);
}

const LOADERS = { '.js': 'js', '.mjs': 'js', '.css': 'css' };

function* files(dir, all = false) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path, all);
    else if (all || LOADERS[extname(entry.name)]) yield path;
  }
}

// A file's path in the site, with forward slashes.
const siteName = (path) => relative(site, path).split('\\').join('/');

// The rep page's critical path in one or two requests: index.html's main.js and every module it
// imports statically, bundled by esbuild into bundle/main.js; each dynamic import() of page code
// becomes a chunk of its own in bundle/ (code shared with it goes to a shared chunk). bundle/ is
// one level down, like elements/ and lib/, so that module paths the code keeps as text (e.g.
// '../on-demand/…') resolve as they did. The engine wrappers (engine/*.js) stay outside, as one
// instance shared with modules loaded later (PricingError must stay one class). The unbundled
// files stay in the site for the other pages.
async function bundleRepPage() {
  const htmlPath = join(site, 'index.html');
  if (!existsSync(htmlPath) || !existsSync(join(site, 'main.js'))) return;
  const html = readFileSync(htmlPath, 'utf8');
  if (!html.includes('src="main.js"')) return;
  const outdir = join(site, 'bundle');
  const engineOutside = {
    name: 'engine-outside',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        const target = resolve(args.resolveDir, args.path);
        if (!siteName(target).startsWith('engine/')) return undefined;
        return { path: relative(outdir, target).split('\\').join('/'), external: true };
      });
      // A module that finds files beside itself (new URL('./x.css', import.meta.url)) keeps
      // finding them from inside a chunk in bundle/: its import.meta.url is its own file's URL.
      build.onLoad({ filter: /\.m?js$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const own = JSON.stringify(relative(outdir, args.path).split('\\').join('/'));
        return { contents: source.replaceAll('import.meta.url', `new URL(${own}, import.meta.url).href`), loader: 'js' };
      });
    },
  };
  const result = await esbuild.build({
    entryPoints: [join(site, 'main.js')],
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    outdir,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    plugins: [engineOutside],
    logLevel: 'warning',
    metafile: true,
  });
  // The chunks main.js imports statically (code it shares with on-demand chunks) are preloaded
  // from the HTML, so that they do not wait for main.js to be parsed.
  const main = result.metafile.outputs[relative(process.cwd(), join(outdir, 'main.js')).split('\\').join('/')];
  const shared = (main?.imports ?? []).filter((i) => i.kind === 'import-statement' && !i.external)
    .map((i) => `  <link rel="modulepreload" href="${siteName(resolve(i.path))}">\n`).join('');
  writeFileSync(htmlPath, html.replace('src="main.js"', 'src="bundle/main.js"')
    .replace('</head>', `${shared}</head>`));
  return true;
}
const bundled = await bundleRepPage();

let before = 0;
let after = 0;
for (const path of files(site)) {
  const name = siteName(path);
  const source = readFileSync(path, 'utf8');
  const { code } = await esbuild.transform(source, {
    loader: LOADERS[extname(path)],
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    sourcefile: name,
  });
  writeFileSync(path, code);
  before += Buffer.byteLength(source);
  after += Buffer.byteLength(code);
}
// HTML comments are for whoever reads the source, not for the browser (the rep page's one cost
// ~70 bytes gzip of its budgeted critical path): they go, with the line they stood on.
for (const path of files(site, true)) {
  if (extname(path) !== '.html') continue;
  const source = readFileSync(path, 'utf8');
  const code = source.replace(/^[ \t]*<!--[\s\S]*?-->[ \t]*\n/gm, '').replace(/<!--[\s\S]*?-->/g, '');
  writeFileSync(path, code);
  before += Buffer.byteLength(source);
  after += Buffer.byteLength(code);
}
// The rep page's code under a name that changes whenever any of it does: static/<hash>/, a copy of
// the site's code directories (bundle/, engine/, lib/, ...; not the HTML, the price books or
// site-config.json), which index.html then loads. A server can let browsers keep everything under
// static/ for a year without asking again (web/serve.mjs: `immutable`), so a reload sends one
// request (the HTML, revalidated) before the page's code runs, where it sent eleven 304s. The
// originals stay for the other pages and for hosts that load engine/edgequote.js by name.
// Files in the copy are two directories deeper, so the one file they find beside the site's root
// by a relative URL, site-config.json (edited in place by whoever deploys), is pointed back there.
const STATIC_DIR = 'static';
const LEFT_AT_ROOT = new Set([STATIC_DIR, 'pricebooks']);
const CONFIG_LITERAL = /(["'`])\.\.\/site-config\.json\1/g;

function fingerprintRepPage() {
  const htmlPath = join(site, 'index.html');
  const copied = readdirSync(site, { withFileTypes: true }).filter((e) => e.isDirectory() && !LEFT_AT_ROOT.has(e.name));
  const hash = createHash('sha256');
  const sources = [];
  for (const dir of copied) {
    for (const path of files(join(site, dir.name), true)) sources.push(siteName(path));
  }
  sources.sort();
  for (const name of sources) hash.update(`${name}\0`).update(readFileSync(join(site, name))).update('\0');
  const base = `${STATIC_DIR}/${hash.digest('hex').slice(0, 16)}`;
  let configReferences = 0;
  for (const name of sources) {
    const target = join(site, base, name);
    cpSync(join(site, name), target);
    if (!LOADERS[extname(name)]) continue;
    const text = readFileSync(target, 'utf8');
    const pointed = text.replace(CONFIG_LITERAL, (m, quote) => { configReferences += 1; return `${quote}../../../site-config.json${quote}`; });
    if (pointed !== text) writeFileSync(target, pointed);
  }
  // The log flow reads the config by a literal URL: if that ever changes shape, fail here rather
  // than ship a page that silently reads no config.
  if (configReferences === 0) throw new Error('minify-site: no "../site-config.json" reference found to point at the site root');
  const codeDirs = copied.map((e) => e.name).join('|');
  const html = readFileSync(htmlPath, 'utf8');
  writeFileSync(htmlPath, html.replace(new RegExp(`\\b(src|href)="((?:${codeDirs})/[^"]+)"`, 'g'), `$1="${base}/$2"`));
  console.log(`minify-site: the rep page loads its code from ${base}/ (${sources.length} files)`);
}
if (bundled) fingerprintRepPage();

// What a browser downloads from this site, gzip per file, price books and the static/ copy aside (the README's payload budget).
let gzip = 0;
for (const path of files(site, true)) {
  const name = siteName(path);
  if (!name.startsWith('pricebooks/') && !name.startsWith(`${STATIC_DIR}/`)) gzip += gzipSync(readFileSync(path), { level: 9 }).length;
}
console.log(`minify-site: ${relative(process.cwd(), site) || '.'}: JS, CSS and HTML ${(before / 1024).toFixed(1)} KB -> ` +
  `${(after / 1024).toFixed(1)} KB raw; every file, gzip, without the price book: ${(gzip / 1024).toFixed(1)} KB`);
