// The rep page's side of signed approvals: approval requests out, tokens in, verified. The
// approvals engine (a separate download) is loaded the first time a quote has tokens or a rep
// asks for approval, so the configurator's first load does not grow.
//
// Only what the engine and WebCrypto verify counts: a token is checked for its signature
// against its approver's key in this price book, then the engine decides which fired rules the
// valid approvals cover (edgequote verify gives the same verdict on the same inputs).
import { makeRequest, MAX_REQUEST_CHARS, requestFileText, requestFragment } from './approval-request.js';

export const MAX_TOKENS_PER_QUOTE = 8;

export class SignedApprovals {
  #bookText;
  #ready = null;

  constructor(bookText) {
    this.#bookText = bookText;
  }

  #engine() {
    this.#ready ??= import('../engine/approvals.js').then(({ loadApprovals }) => loadApprovals()).then(async (approvals) => ({ approvals, book: await approvals.loadPricebook(this.#bookText) }));
    this.#ready.catch(() => { this.#ready = null; });
    return this.#ready;
  }

  /** The engine's coverage of `quote` by `tokens` (see web/engine/approvals.js verify). */
  async verify(quote, tokens) {
    const { approvals, book } = await this.#engine();
    return approvals.verify(book, quote, tokens);
  }

  /**
   * An approval request for the quote as priced now: { request, url, file, mailto, view }. The URL
   * opens the approver page beside this one; a quote too large for a link has no URL and a
   * `file` ({name, text, lines}) instead, which the approver opens on that page. `view()` makes
   * what the approval panel shows (web/lib/approval-request-view.js).
   */
  async request(quote, priced, { customer = '' } = {}) {
    // What draws the request comes in the deferred views' chunk, off the page's first load.
    const [{ approvals, book }, { requestFileName, requestView }] = await Promise.all([this.#engine(), import('../elements/deferred-views.js')]);
    const request = makeRequest({ quote, book, quoteSha256: await approvals.quoteSha256(book, quote), priced });
    const fragment = requestFragment(request);
    const page = new URL('approve.html', location.href).href;
    const url = fragment.length > MAX_REQUEST_CHARS ? null : `${page}${fragment}`;
    const file = url ? null : { name: requestFileName(customer), text: requestFileText(request), lines: quote.lines?.length ?? 0 };
    const rules = request.rules.map((r) => `- ${r.rule} (${r.level})${r.value === null ? '' : `: ${r.value}, threshold ${r.threshold}`}`).join('\n');
    const subject = `Approval needed (${request.level}): ${customer || 'a quote'}`;
    const where = url ?? `the attached file ${file.name}: open it on ${page} ("Open a request file")`;
    const body = `Please review and sign this quote (it needs ${request.level} approval):\n${where}\n\nRules that fired:\n${rules}\n\nPrice book ${book.id} ${book.version}, priced snapshot SHA-256 ${request.quote_sha256}.\n`;
    const sent = { request, url, file, mailto: `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}` };
    return { ...sent, view: () => requestView(sent) };
  }
}

/**
 * What the page shows and prints from a coverage: approved only when every fired rule is covered
 * by a verified approval. `approvers`: the valid approvals that cover a rule, for the print.
 */
export function approvalOutcome(coverage) {
  if (!coverage) return { approved: false, approvers: [], open: [] };
  const covering = new Set(coverage.rules.flatMap((r) => r.by));
  const approvers = coverage.approvals
    .filter((a) => a.valid && covering.has(a.approver))
    .map((a) => ({ id: a.approver, name: a.name, level: a.approver_level, time: a.time, code: a.verification_code, comment: a.comment }));
  return { approved: coverage.status === 'approved', approvers, open: coverage.rules.filter((r) => !r.covered) };
}
