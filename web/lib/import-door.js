// The door for an imported file (web/lib/exporters.js parseImport): an export of this page or a
// bare quote, checked by shape as every door is (web/lib/inbound.js, whose checks it uses). A
// module of its own so that the page's first load does not carry it: files are imported only
// after the first total, with the exporters' chunk.
import {
  EXPORT_FORMAT, MAX_NAME_CHARS, checkApproval, checkOutcome, checkScenarios, checkedQuote, door, object, parseText, plainCopy, refuse, text,
} from './inbound.js';

// What is wrong with an export's version, in words a rep can act on; null for this page's own.
function exportVersionProblem(version) {
  if (version === 1) return null;
  if (version === undefined || version === null) {
    return 'The export says it is an EdgeQuote export but has no version number: it was edited or written by something else. Add "version": 1, or import the bare quote.';
  }
  if (Number.isInteger(version) && version > 1) {
    return `It is export version ${version}, newer than this page (which reads version 1): open it with the newer EdgeQuote that wrote it.`;
  }
  return `Its version ${JSON.stringify(version).slice(0, 40)} is not an export version this page knows (it reads version 1).`;
}

/**
 * An imported file: an export of this page or a bare quote.
 * → value {title, quote, outcome?, approval?, scenarios?}
 */
export function readImportFile(source, { maxChars = 1024 * 1024 } = {}) {
  return door((warnings) => {
    const document = plainCopy(parseText(source, { maxChars, what: 'The file' }));
    object(document, '', 'The file');
    if (document.format === EXPORT_FORMAT) {
      const problem = exportVersionProblem(document.version);
      if (problem) refuse('unknown_format', '/version', problem);
      text(document.title, '/title', 'The title', 10_000);
      checkedQuote(document.quote, '/quote');
      checkOutcome(document.outcome, '/outcome');
      checkApproval(document.approval, '/approval');
      return {
        title: typeof document.title === 'string' ? document.title.slice(0, MAX_NAME_CHARS) : '',
        quote: document.quote,
        outcome: document.outcome ?? undefined,
        approval: document.approval ?? undefined,
        scenarios: checkScenarios(document.scenarios, '/scenarios', warnings),
      };
    }
    if (document.format !== undefined) refuse('unknown_format', '/format', 'The file is neither an EdgeQuote export nor a quote.');
    if (!('lines' in document) && !('customer' in document)) refuse('unknown_format', '', 'The file is neither an EdgeQuote export nor a quote.');
    const { id, title, outcome, notes, ...quote } = document;
    text(title, '/title', 'The title', 10_000);
    checkOutcome(outcome, '/outcome');
    checkedQuote(quote, '');
    return { title: typeof title === 'string' ? title.slice(0, MAX_NAME_CHARS) : '', quote, outcome: outcome ?? undefined };
  });
}
