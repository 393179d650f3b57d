// Rebuilds pricebooks/test-books/approvals-test.json from the sample book: the same text, with
// its approvers replaced by the three TEST-ONLY approvers of
// tests/node/fixtures/approver-keys.TEST-ONLY.json (whose private keys are published: never use
// them outside tests). Run after editing pricebooks/edge-cdn.json:
//   node tests/tools/make-approvals-test-book.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const sample = readFileSync(join(root, 'pricebooks/edge-cdn.json'), 'utf8');
const keys = JSON.parse(readFileSync(join(root, 'tests/node/fixtures/approver-keys.TEST-ONLY.json'), 'utf8'));
const names = { 'test.manager': 'Test Manager (test key)', 'test.director': 'Test Director (test key)', 'test.vp': 'Test VP (test key)' };
const entries = Object.entries(keys.approvers).map(([id, { level, private_jwk: { x, y } }]) =>
  `        {"id": "${id}", "name": "${names[id]}", "level": "${level}",\n         "public_key": {"kty": "EC", "crv": "P-256", "x": "${x}", "y": "${y}"}}`);
const block = `      "approvers": [\n${entries.join(',\n')}\n      ],\n`;
const start = sample.indexOf('      "approvers": [');
const end = sample.indexOf('      ],\n', start) + '      ],\n'.length;
if (start < 0 || end < start) throw new Error('the sample book has no approvers block to replace');
const book = sample.slice(0, start) + block + sample.slice(end);
const comment = '  "$comment": "TEST BOOK: the sample book with three test approvers whose private keys are published in tests/node/fixtures/approver-keys.TEST-ONLY.json. Anyone can sign as them: never use these keys outside tests.",\n';
const out = book
  .replace('  "$schema": "./schema/pricebook.schema.json",\n', `  "$schema": "../schema/pricebook.schema.json",\n${comment}`);
writeFileSync(join(root, 'pricebooks/test-books/approvals-test.json'), out);
console.log('wrote pricebooks/test-books/approvals-test.json');
