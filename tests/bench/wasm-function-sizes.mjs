// Where the bytes of a wasm module are: code size per function, from the module's name section.
// Not a test: a table to read before cutting the engine module (tests/bench/PERFORMANCE.md, "The rep page's first load").
//
//   node tests/bench/wasm-function-sizes.mjs MODULE.wasm [rows]
//
// MODULE.wasm must keep its function names: link it again with `--profiling-funcs` to a separate
// output (the link command is build/native/wasm-build/wasm/CMakeFiles/edgequote_engine.dir/link.txt,
// run from that directory with `-o` changed and `--profiling-funcs` added; the code is the same as
// the shipped module's, only the names are kept). Prints the sections, then the largest functions
// (bytes of code, deflated size of that function alone, demangled name when c++filt is there), then
// the code by kind: the engine's own functions, libc++'s containers, the C runtime.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node tests/bench/wasm-function-sizes.mjs MODULE.wasm [rows]');
  process.exit(2);
}
const rows = Number(rowsArg ?? 40);
const bytes = readFileSync(file);

function leb(at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at.i++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return value;
  }
}

// Sections: id -> [start, end) of their contents.
const sections = [];
const at = { i: 8 };
while (at.i < bytes.length) {
  const id = bytes[at.i++];
  const size = leb(at);
  sections.push({ id, start: at.i, end: at.i + size });
  at.i += size;
}

let importedFunctions = 0;
const bodies = [];
const names = new Map();
let dataBytes = 0;
const skipName = () => { const n = leb(at); at.i += n; };
const readName = () => { const n = leb(at); const s = bytes.subarray(at.i, at.i + n).toString('utf8'); at.i += n; return s; };
for (const s of sections) {
  at.i = s.start;
  if (s.id === 2) { // imports: count the functions, which the name section's indices include
    for (let n = leb(at); n > 0; n--) {
      skipName();
      skipName();
      const kind = bytes[at.i++];
      if (kind === 0) { leb(at); importedFunctions++; }
      else if (kind === 1) { at.i++; const flags = leb(at); leb(at); if (flags & 1) leb(at); }
      else if (kind === 2) { const flags = leb(at); leb(at); if (flags & 1) leb(at); }
      else if (kind === 3) at.i += 2;
    }
  } else if (s.id === 10) {
    for (let n = leb(at); n > 0; n--) {
      const size = leb(at);
      bodies.push(bytes.subarray(at.i, at.i + size));
      at.i += size;
    }
  } else if (s.id === 11) {
    dataBytes += s.end - s.start;
  } else if (s.id === 0 && readName() === 'name') {
    while (at.i < s.end) {
      const sub = bytes[at.i++];
      const size = leb(at);
      const end = at.i + size;
      if (sub === 1) for (let n = leb(at); n > 0; n--) names.set(leb(at), readName());
      at.i = end;
    }
  }
}
if (!names.size) console.warn('no function names: link with --profiling-funcs (see the comment at the top)');

let demangled = (list) => list;
try {
  const out = execFileSync('c++filt', { input: bodies.map((_, k) => names.get(importedFunctions + k) ?? `f${k}`).join('\n'), maxBuffer: 1 << 28 });
  const lines = out.toString('utf8').split('\n');
  demangled = (list) => list.map((_, k) => lines[k]);
} catch {
  // without c++filt the names stay mangled
}
const allNames = demangled(bodies.map((_, k) => names.get(importedFunctions + k) ?? `f${importedFunctions + k}`));
const table = bodies.map((body, k) => ({ size: body.length, deflated: deflateRawSync(body, { level: 9 }).length, name: allNames[k] }))
  .sort((a, b) => b.size - a.size);

const code = table.reduce((sum, f) => sum + f.size, 0);
console.log(`${file}: ${bytes.length} bytes; code ${code} bytes in ${table.length} functions; data ${dataBytes} bytes`);
console.log(`sections: ${sections.map((s) => `${s.id}:${s.end - s.start}`).join(' ')}`);
console.log(`functions under 20 bytes: ${table.filter((f) => f.size < 20).length}`);
console.log('\n  bytes  alone  function');
for (const f of table.slice(0, rows)) console.log(`${String(f.size).padStart(7)} ${String(f.deflated).padStart(6)}  ${f.name.slice(0, 160)}`);

// The function's own qualified name: without its parameters and return type (an engine function
// taking a std::string is the engine's; std::vector<edgequote::Region>::push_back is libc++'s).
function qualified(name) {
  const plain = name.replace(/^decltype\(auto\) /, '');
  const head = plain.slice(0, plain.indexOf('(') < 0 ? plain.length : plain.indexOf('('));
  let depth = 0;
  let start = 0;
  for (let i = 0; i < head.length; i++) {
    if (head[i] === '<') depth++;
    else if (head[i] === '>') depth--;
    else if (head[i] === ' ' && depth === 0) start = i + 1;
  }
  return head.slice(start);
}
const kinds = [
  ['std::map/set (trees)', /^std::__2::(__tree|map<|set<|__map)/],
  ['std::variant visitors', /^std::__2::__variant/],
  ['std::vector', /^std::__2::(vector<|__split_buffer<)/],
  ['std::string', /^std::__2::(basic_string<|__str_find|__to_chars|to_string|operator(\+|==|<))/],
  ['other libc++', /^std::__2::/],
  ['the engine', /^edgequote::/],
  ['the exports (bindings.cpp, with what they inline)', /^([a-z]+[A-Z][A-Za-z]*|price)$/],
  ['C runtime (malloc, memcpy, 128-bit arithmetic) and the rest', /^/],
];
const byKind = new Map(kinds.map(([label]) => [label, { size: 0, count: 0 }]));
for (const f of table) {
  const [label] = kinds.find(([, re]) => re.test(qualified(f.name)));
  const entry = byKind.get(label);
  entry.size += f.size;
  entry.count++;
}
console.log('\ncode by kind (a function counts once, under the first kind that matches)');
for (const [label, { size, count }] of byKind) console.log(`${String(size).padStart(7)}  ${String(count).padStart(4)} functions  ${label}`);
