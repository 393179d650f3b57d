// Minifies an assembled site in place (the payload budget in the README): every
// JavaScript module and style sheet the site serves, with esbuild (a devDependency; README,
// "Dependencies"). Files stay one per module — no bundling — so the page loads exactly what it
// loaded before. Local names are shortened: an error class that shows its name sets it itself
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
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
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
// What a browser downloads from this site, gzip per file, price books aside (the README's payload budget).
let gzip = 0;
for (const path of files(site, true)) {
  if (!siteName(path).startsWith('pricebooks/')) gzip += gzipSync(readFileSync(path), { level: 9 }).length;
}
console.log(`minify-site: ${relative(process.cwd(), site) || '.'}: JS and CSS ${(before / 1024).toFixed(1)} KB -> ` +
  `${(after / 1024).toFixed(1)} KB raw; every file, gzip, without the price book: ${(gzip / 1024).toFixed(1)} KB`);
