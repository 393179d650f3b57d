// A large saved quote's text, made a part per task for IndexedDB (web/lib/quote-store.js save
// with `inParts`, which fetches this file then): the lines' texts a few hundred at a time, each part a Blob at
// once, and the record one Blob of its parts. Stored as that Blob, the write costs the page no
// copy of the text (IndexedDB keeps the Blob's bytes outside the page); as one string, a
// 20,000-line record's text and write were 50-250 ms of one task. The Blob's text is exactly
// recordText(record) (tests/node/quote-edits.test.mjs). What it needs of the store comes with the
// call (imported here, tasks.js would be split into a chunk of its own on the page's first load).

const LINES_PER_PART = 500;

/**
 * → the record's text as a Blob, of the record as it was when called (the quote's lines are
 * never changed in place, and the text around them is made first). `pause()` is awaited before
 * each part (tasks.js pacedPauses).
 */
export async function recordBlob(record, { lineText, aroundLines, pause }) {
  const { lines } = record.quote;
  const [head, tail] = aroundLines(record);
  const parts = [head, '['];
  for (let at = 0; at < lines.length; at += LINES_PER_PART) {
    await pause();
    const text = Array.from(lines.slice(at, at + LINES_PER_PART), lineText).join(',');  // holes too, as null
    parts.push(new Blob([at ? `,${text}` : text]));
  }
  parts.push(']', tail);
  return new Blob(parts, { type: 'application/json' });
}
