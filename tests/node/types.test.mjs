// web/engine/edgequote.d.ts against the real module, so the declarations cannot drift: every
// export, method and property declared exists with the declared kind, and everything public at
// run time is declared. (No TypeScript compiler needed: the .d.ts is read as text.)
// Run: node --test tests/node/types.test.mjs (after `cmake --build --preset default`)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bookPath, engineModule, engineOptions, largeQuote, sourceDir } from './support.mjs';

const dts = readFileSync(join(sourceDir, 'web/engine/edgequote.d.ts'), 'utf8').replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
const api = await import(engineModule);
const engine = await api.createEngine(await engineOptions());
const book = await engine.loadPricebook(readFileSync(bookPath, 'utf8'));

// The members of `export interface|declare class <name>`: name -> 'method' | 'property'.
function members(name) {
  const start = dts.search(new RegExp(`export (?:interface|declare class) ${name}\\b[^{]*\\{`));
  assert.ok(start >= 0, `${name} is not declared`);
  let depth = 0;
  let body = '';
  for (let i = dts.indexOf('{', start); i < dts.length; i++) {
    if (dts[i] === '{') depth++;
    if (dts[i] === '}') depth--;
    if (depth === 0) break;
    if (depth === 1 && dts[i] !== '{') body += dts[i];
    else if (depth > 1) body += ' ';
  }
  const found = new Map();
  for (const match of body.matchAll(/^\s*(?:readonly\s+)?(\[?[A-Za-z_$][\w$]*\]?)(\??)\s*(\(|:)/gm)) {
    if (match[1].startsWith('[')) continue;  // index signature
    found.set(match[1], match[3] === '(' ? 'method' : 'property');
    if (match[2] === '?') optionalMembers.add(`${name}.${match[1]}`);
  }
  return found;
}

// Members declared optional (`name?:`), as "Interface.member": present only in some results.
const optionalMembers = new Set();

function runtimeKind(value) {
  return typeof value === 'function' ? 'method' : 'property';
}

test('the module exports exactly the declared values', () => {
  const declared = [...dts.matchAll(/export declare (?:class|function|const) (\w+)/g)].map((m) => m[1]).sort();
  assert.deepEqual(Object.keys(api).sort(), declared);
  for (const name of declared) {
    const kind = new RegExp(`export declare class ${name}\\b`).test(dts) ? 'class' : 'function';
    assert.equal(typeof api[name], 'function', name);
    if (kind === 'class') assert.ok(api[name].prototype instanceof Error || api[name].prototype, name);
  }
});

test('Engine declares every public method and property of a real engine, with its kind', () => {
  const declared = members('Engine');
  const actual = new Map();
  for (const key of Object.keys(engine)) actual.set(key, runtimeKind(engine[key]));
  const proto = Object.getPrototypeOf(engine);
  for (const key of Object.getOwnPropertyNames(proto)) {
    if (key === 'constructor') continue;
    const descriptor = Object.getOwnPropertyDescriptor(proto, key);
    actual.set(key, descriptor.get ? 'property' : runtimeKind(descriptor.value));
  }
  // EventTarget's own methods are declared through `extends EventTarget` (addEventListener is
  // redeclared only to type the 'recovered' event).
  for (const key of ['addEventListener', 'removeEventListener', 'dispatchEvent']) {
    assert.equal(typeof engine[key], 'function');
    declared.delete(key);
  }
  assert.deepEqual(new Map([...declared].sort()), new Map([...actual].sort()));
  assert.ok(engine instanceof EventTarget);
  assert.ok(engine.ready instanceof Promise);
});

test('PricingError has the declared fields', () => {
  const declared = members('PricingError');
  declared.delete('constructor');
  const error = new api.PricingError([{ code: 'invalid_json', path: '', message: 'm' }]);
  for (const [key, kind] of declared) assert.equal(runtimeKind(error[key]), kind, key);
  assert.deepEqual([...declared.keys()].sort(), ['code', 'errors', 'name', 'path', 'warnings']);
  assert.deepEqual(Object.keys(error).sort(), ['code', 'errors', 'name', 'path', 'warnings']);
  assert.ok(error instanceof Error);
  assert.equal(error.name, 'PricingError');
});

test('PriceBookRef, LiveQuote, EngineError and ErrorCode match real values', () => {
  assert.deepEqual(Object.keys(book).sort(), [...members('PriceBookRef').keys()].sort());
  for (const [key, kind] of members('PriceBookRef')) assert.equal(runtimeKind(book[key]), kind, key);

  const live = engine.openQuote(book);
  assert.deepEqual(Object.keys(live).sort(), [...members('LiveQuote').keys()].sort());
  for (const [key, kind] of members('LiveQuote')) assert.equal(runtimeKind(live[key]), kind, key);
  const priced = live.price(largeQuote(book.book, 3));
  live.close();

  for (const key of members('PricedQuote').keys()) {
    if (optionalMembers.has(`PricedQuote.${key}`)) continue;  // as_of, ramp: only for quotes that have them
    assert.ok(key in priced, `PricedQuote.${key}`);
  }
  for (const key of members('PricedLine').keys()) {
    if (optionalMembers.has(`PricedLine.${key}`)) continue;  // tiers, waterfall (full detail), plan (plan products)
    assert.ok(key in priced.lines[0], `PricedLine.${key}`);
  }

  assert.deepEqual(Object.keys(engine.errorCodes()[0]).sort(), [...members('ErrorCode').keys()].sort());
  let error;
  try {
    engine.price(book, '{');
  } catch (e) {
    error = e;
  }
  assert.deepEqual(Object.keys(error.errors[0]).sort(), [...members('EngineError').keys()].sort());
});

test('every declared engine option is read by the wrapper', () => {
  const source = readFileSync(engineModule, 'utf8');
  for (const key of members('EngineOptions').keys()) {
    assert.match(source, new RegExp(`options\\.${key}\\b|\\{[^}]*\\b${key}\\b[^}]*\\}\\s*\\)?\\s*\\{`), key);
  }
});

test('the recovered event carries the declared fields', () => {
  const declared = [...members('RecoveredEvent').keys()].filter((k) => k !== 'type');
  const source = readFileSync(engineModule, 'utf8');
  const dispatched = source.match(/new Event\('recovered'\), \{([^}]*)\}/);
  assert.ok(dispatched, 'the wrapper dispatches a recovered event');
  const fields = dispatched[1].split(',').map((f) => f.split(':')[0].trim()).filter(Boolean).sort();
  assert.deepEqual(fields, declared.sort());
});
