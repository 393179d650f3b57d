// A large saved quote's text, made a part per task for IndexedDB (web/lib/quote-store.js save
// with `inParts`, which fetches this file then): the lines' texts 500 at a time, each part a Blob
// at once, and the record one Blob of its parts. Stored as that Blob, the write costs the page no
// copy of the text (IndexedDB keeps the Blob's bytes outside the page); as one string, a
// 20,000-line record's text and write were 50-250 ms of one task. The Blob's text is exactly
// recordText(record) (tests/node/quote-edits.test.mjs). What it needs of the store comes with the
// call (imported here, tasks.js would be split into a chunk of its own on the page's first load).

const LINES_PER_PART = 500;

// The parts made for earlier saves, by their first line: an edit replaces the lines it changes
// and never changes one in place (quote-model.js replaceLine), so a part whose 500 line objects
// are the same ones is the same text. After an edit of the term or the quote discount (every line
// repriced, none changed) no part is made again; after a line's edit, one.
const partsMade = new WeakMap();

// The Blob made before for these lines, or null.
function madeBefore(lines) {
  const first = lines[0];
  const made = Object(first) === first ? partsMade.get(first) : null;
  return made && made.lines.length === lines.length && sameLines(made.lines, lines) ? made.blob : null;
}

function makePart(lines, lineText) {
  const blob = new Blob([Array.from(lines, lineText).join(',')]);  // holes too, as null
  if (Object(lines[0]) === lines[0]) partsMade.set(lines[0], { lines, blob });
  return blob;
}

function sameLines(a, b) {
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i] || !(i in a) !== !(i in b)) return false;
  return true;
}

/**
 * → the record's text as a Blob, of the record as it was when called (the quote's lines are
 * never changed in place, and the text around them is made first). `pause()` is awaited before
 * each part made anew (tasks.js pacedPauses).
 */
export async function recordBlob(record, { lineText, aroundLines, pause }) {
  const { lines } = record.quote;
  const [head, tail] = aroundLines(record);
  const parts = [head, '['];
  for (let at = 0; at < lines.length; at += LINES_PER_PART) {
    const slice = lines.slice(at, at + LINES_PER_PART);
    let blob = madeBefore(slice);
    if (!blob) {
      await pause();
      blob = makePart(slice, lineText);
    }
    if (at) parts.push(',');
    parts.push(blob);
  }
  parts.push(']', tail);
  return new Blob(parts, { type: 'application/json' });
}
