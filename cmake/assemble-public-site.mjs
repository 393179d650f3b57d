#!/usr/bin/env node
// Builds the prospect site (the public build) from scratch, shipping only what its pages reach:
//
//   node cmake/assemble-public-site.mjs --source web --out build/native/site-public \
//     --wasm-dir <dir with edgequote-engine.mjs/.wasm> --cli <edgequote> --book pricebooks/edge-cdn.json \
//     --entry prospect.html=index.html --entry embed/frame.html --entry embed/edge-quote.js \
//     --on-demand elements/later/at-list-elsewhere.js --feature compare \
//     --competitor-books pricebooks/competitors
//
// From each entry it follows what the browser would load: <script src>, <link href> in HTML;
// static `import`/`export ... from` and `new URL('…', import.meta.url)` in JavaScript; url() and
// @import in CSS. A dynamic `import('…')` is followed only when its target is listed with
// --on-demand: rep-only views (the guidance panel) are loaded that way by <edge-quote mode="rep">
// and must not ship here, while the competitor comparison a prospect page may switch on
// (edge-quote.js, "At list elsewhere") must. Each --on-demand module must be the target of a
// dynamic import the crawl meets (so the list cannot go stale), and is crawled like an entry.
// Files under engine/ that are not sources (the Emscripten module) come from --wasm-dir;
// --feature NAME adds an on-demand engine module (engine/edgequote-NAME.mjs and .wasm, which
// engine/feature-module.js builds the URLs of at run time).
//
// --competitor-books DIR ships DIR/index.json and the books it lists as
// pricebooks/competitors/ (public list prices of other vendors: the comparison reads them from
// beside the price book). A book there with an "internal" part is refused.
//
// The price book is written by the engine's own public function (`edgequote public BOOK`) as
// pricebooks/<id>.public.json; the full book never enters this directory. (--public-book FILE
// ships an already-made public book instead: the leak test uses it to build tampered copies.)
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, normalize, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

function parseArguments(argv) {
  const options = { entries: [] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = inline ?? argv[++i];
    if (flag === '--source') options.source = resolve(value);
    else if (flag === '--out') options.out = resolve(value);
    else if (flag === '--wasm-dir') options.wasmDir = resolve(value);
    else if (flag === '--cli') options.cli = resolve(value);
    else if (flag === '--book') options.book = resolve(value);
    else if (flag === '--public-book') options.publicBook = resolve(value);
    else if (flag === '--on-demand') (options.onDemand ??= []).push(value);
    else if (flag === '--feature') (options.features ??= []).push(value);
    else if (flag === '--competitor-books') options.competitorBooks = resolve(value);
    else if (flag === '--entry') {
      const [from, to] = value.split('=');
      options.entries.push({ from, to: to ?? from });
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  for (const name of ['source', 'out', 'wasmDir', 'book']) {
    if (!options[name]) throw new Error(`missing --${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  }
  if (!options.cli && !options.publicBook) throw new Error('missing --cli (or --public-book)');
  if (!options.entries.length) throw new Error('no --entry');
  return options;
}

const IMPORT_PATTERNS = [
  /\bimport\s+(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]/g,     // import x from '…', import '…'
  /\bexport\s+(?:\*|\{[^}]*\})\s+from\s+['"]([^'"]+)['"]/g,       // export … from '…'
  /\bnew\s+URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g, // new URL('…', import.meta.url)
];
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;   // import('…'): followed only if listed
const HTML_PATTERNS = [/<script\b[^>]*\bsrc="([^"]+)"/g, /<link\b[^>]*\bhref="([^"]+)"/g, /<img\b[^>]*\bsrc="([^"]+)"/g];
const CSS_PATTERNS = [/url\(\s*['"]?([^'")]+)['"]?\s*\)/g, /@import\s+['"]([^'"]+)['"]/g];

// Comments name modules too (usage examples): whole-line and block comments are not code.
// Whole-line comments go first: one may hold a "/*" (a glob such as competitors/*.json) that
// would otherwise open a block comment running to the next "*/" and hide the imports between.
function withoutComments(text) {
  return text.replace(/^\s*\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
}

function referencesIn(path, rawText) {
  const extension = extname(path);
  const text = extension === '.html' ? rawText.replace(/<!--[\s\S]*?-->/g, '') : withoutComments(rawText);
  const patterns = extension === '.html' ? HTML_PATTERNS : extension === '.css' ? CSS_PATTERNS : IMPORT_PATTERNS;
  const found = [];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1]);
  return found.filter(isOwnFile);
}

// The site's own files only: not other origins, data:, fragments or bare module names.
const isOwnFile = (ref) => /^\.{0,2}\//.test(ref) || /^[\w-]+(\/[\w.-]+)*\.\w+$/.test(ref);
const resolveFrom = (ref, relativePath) => new URL(ref.split(/[?#]/)[0], `file:///${relativePath}`).pathname.slice(1);

// Every file the entries reach, as paths relative to the source directory.
function crawl({ source, wasmDir, entries, onDemand = [], features = [] }) {
  const files = new Map(); // relative path -> absolute source path
  const wanted = new Set(onDemand.map((path) => normalize(path).split(sep).join('/')));
  const reached = new Set();
  const queue = [...entries.map((e) => e.from), ...features.flatMap((name) => [`engine/edgequote-${name}.mjs`, `engine/edgequote-${name}.wasm`])];
  while (queue.length) {
    const relativePath = normalize(queue.shift()).split(sep).join('/');
    if (files.has(relativePath)) continue;
    // The public book (a page may preload it) is written below, made from the full one.
    if (/^pricebooks\/[\w.-]+\.public\.json$/.test(relativePath)) continue;
    if (relativePath.startsWith('../')) throw new Error(`${relativePath} is outside ${source}`);
    const inSource = join(source, relativePath);
    if (existsSync(inSource)) {
      files.set(relativePath, inSource);
      const text = readFileSync(inSource, 'utf8');
      for (const ref of referencesIn(relativePath, text)) queue.push(resolveFrom(ref, relativePath));
      if (/\.m?js$/.test(relativePath)) {
        for (const match of withoutComments(text).matchAll(DYNAMIC_IMPORT)) {
          if (!isOwnFile(match[1])) continue;
          const target = resolveFrom(match[1], relativePath);
          if (!wanted.has(target)) continue;  // rep-only, or not asked for: not shipped
          reached.add(target);
          queue.push(target);
        }
      }
    } else if (relativePath.startsWith('engine/') && existsSync(join(wasmDir, basename(relativePath)))) {
      files.set(relativePath, join(wasmDir, basename(relativePath)));
    } else {
      throw new Error(`${relativePath} is referenced but exists neither in ${source} nor in ${wasmDir}`);
    }
  }
  const stale = [...wanted].filter((path) => !reached.has(path));
  if (stale.length) throw new Error(`--on-demand ${stale.join(', ')}: no page imports it (import('…')) from the entries`);
  return files;
}

// The competitor books: index.json and every book it lists, each checked to carry no internal
// part (a competitor book is the vendor's public list prices and nothing else).
function competitorBooks(dir) {
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
  if (!Array.isArray(index.books)) throw new Error(`${dir}/index.json lists no "books"`);
  const books = new Map([['index.json', join(dir, 'index.json')]]);
  for (const file of index.books) {
    if (typeof file !== 'string' || !/^[\w.-]+\.json$/.test(file)) throw new Error(`${dir}/index.json: "${file}" is not a book file name`);
    const book = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    if ('internal' in book) throw new Error(`${dir}/${file} has an internal part: a competitor book ships public list prices only`);
    books.set(file, join(dir, file));
  }
  return books;
}

function publicBookText({ cli, book, publicBook }) {
  if (publicBook) return readFileSync(publicBook, 'utf8');
  return execFileSync(cli, ['public', book], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function main() {
  const options = parseArguments(process.argv.slice(2));
  const files = crawl(options);
  rmSync(options.out, { recursive: true, force: true });
  const renamed = new Map(options.entries.map((e) => [normalize(e.from).split(sep).join('/'), e.to]));
  for (const [relativePath, from] of files) {
    const to = join(options.out, renamed.get(relativePath) ?? relativePath);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
  }
  const text = publicBookText(options);
  const id = JSON.parse(text).id;
  if (typeof id !== 'string' || !/^[\w.-]+$/.test(id)) throw new Error('the public book has no usable id');
  mkdirSync(join(options.out, 'pricebooks'), { recursive: true });
  writeFileSync(join(options.out, 'pricebooks', `${id}.public.json`), text);

  if (options.competitorBooks) {
    for (const [file, from] of competitorBooks(options.competitorBooks)) {
      const path = `pricebooks/competitors/${file}`;
      mkdirSync(dirname(join(options.out, path)), { recursive: true });
      copyFileSync(from, join(options.out, path));
      files.set(path, from);
    }
  }

  const gzip = [...files.keys()].reduce((sum, path) => sum + gzipSync(readFileSync(files.get(path)), { level: 9 }).length, 0);
  console.log(`Public site: ${files.size + 1} files in ${relative(process.cwd(), options.out) || '.'} ` +
    `(${(gzip / 1024).toFixed(1)} KB gzip without the price book, before minifying)`);
}

try {
  main();
} catch (error) {
  console.error(`assemble-public-site: ${error.message}`);
  process.exit(1);
}
