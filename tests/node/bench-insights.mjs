// Benchmark: read and aggregate quote logs with the insights wasm module in Node.
//
//   node tests/tools/generate-logs.mjs --records 100000 --seed 2026 --out /tmp/logs-100k
//   node tests/node/bench-insights.mjs /tmp/logs-100k/*.jsonl
//
// Prints the read time (text -> records, once per file, in 8 MB pieces as the page reads) and
// the aggregate time (records + filter -> JSON, on every filter change), median of the runs:
// wall clock, and this process's CPU time (the module runs on the main thread), which a busy
// machine inflates far less.
import { readFileSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const wasmDir = process.env.EDGEQUOTE_WASM_DIR ?? join(root, 'build', 'native', 'wasm-build', 'wasm');
const { createInsights } = await import(pathToFileURL(join(root, 'web', 'engine', 'insights.js')));
const insights = await createInsights({
  moduleUrl: pathToFileURL(join(wasmDir, 'edgequote-insights.mjs')),
  wasmBinary: readFileSync(join(wasmDir, 'edgequote-insights.wasm')),
});

const files = process.argv.slice(2);
if (!files.length) throw new Error('usage: node tests/node/bench-insights.mjs LOG...');
const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);

// Reads a file in 8 MB pieces cut at line breaks, like QuoteLogHandle.readFile in the page.
function readInPieces(log, path) {
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(8 << 20);
  let carry = Buffer.alloc(0);
  let read;
  while ((read = readSync(fd, buffer, 0, buffer.length, null)) > 0) {
    const bytes = carry.length ? Buffer.concat([carry, buffer.subarray(0, read)]) : buffer.subarray(0, read);
    const cut = bytes.lastIndexOf(0x0a) + 1;
    if (cut > 0) log.append(bytes.subarray(0, cut));
    carry = Buffer.from(bytes.subarray(cut));
  }
  closeSync(fd);
  if (carry.length) log.append(carry);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const reads = [];
const readsCpu = [];
let logs = [];
for (let run = 0; run < 3; run++) {
  logs.forEach((l) => l.release());
  const started = performance.now();
  const cpu = cpuMs();
  logs = files.map((path) => {
    const log = insights.openLog();
    readInPieces(log, path);
    return log;
  });
  reads.push(performance.now() - started);
  readsCpu.push(cpuMs() - cpu);
}
const records = logs.reduce((sum, l) => sum + l.records, 0);
const filters = [{}, { segments: ['enterprise', 'f500'] }, { sku: 'waf', from: '2027-01-01' }];
for (const filter of filters) {
  const times = [];
  const cpus = [];
  let out;
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    const cpu = cpuMs();
    out = insights.aggregate(logs, filter);
    times.push(performance.now() - started);
    cpus.push(cpuMs() - cpu);
  }
  console.log(`aggregate ${JSON.stringify(filter)}: ${median(times).toFixed(0)} ms wall, ${median(cpus).toFixed(0)} ms CPU (${out.totals.quotes} quotes of ${out.read.records})`);
}
console.log(`read: ${records} records, ${(bytes / 1e6).toFixed(1)} MB in ${median(reads).toFixed(0)} ms wall, ${median(readsCpu).toFixed(0)} ms CPU (${(bytes / 1e6 / (median(readsCpu) / 1000)).toFixed(0)} MB/s of CPU)`);
