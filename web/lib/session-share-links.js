// Reopening a share link in a quote session (web/lib/quote-session.js), for both hosts: reading
// the link's fragment against the session's book (which book and version it was made with, and
// whether that book was edited since) and, once the link's quote is opened and priced, the
// notice saying plainly whether its prices still hold. The link's format is web/lib/share-link.js;
// the session stays the quote's life (loading, the door, pricing, approvals, notices).
//
//   const link = await readShareLink(session, location.hash);  // null (with a notice) if unreadable
//   ... admit and open link.quote ...
//   session.notify(describePriceChange(session, link));
import { sha256Hex } from '../engine/edgequote.js';
import { decodeShareFragment, hasRepDiscounts, ShareLinkError } from './share-link.js';
import { absolute, changePercent, compare, difference } from './decimal-text.js';
import { money } from './format.js';
import { localToday } from './quote-model.js';

// The public book's hash, per session and per book text (a session may load another book).
const publicHashes = new WeakMap();

// Reads a share link's fragment: {payload, quote, linkHash, bookNotes, samePricebook}, or null
// (with a notice on the session) when it cannot be read. The quote is not opened: the host
// decides where it goes (a new saved record on the rep page; the element's quote in the embed).
export async function readShareLink(session, fragment) {
  let payload;
  try {
    payload = await decodeShareFragment(fragment);
  } catch (error) {
    if (!(error instanceof ShareLinkError)) throw error;
    session.notify({ kind: 'error', text: `This share link could not be opened. ${error.message}` });
    return null;
  }
  const quote = payload.quote;
  const bookNotes = [];
  const { bookInfo } = session;
  const samePricebook = payload.book.id === bookInfo.id;
  // On a site with several versions of the book (web/lib/book-versions.js), a link whose version
  // is no longer the one in effect today was replaced: its quote is priced again for today with
  // that version, and describePriceChange says which version priced it then and which now.
  const replaced = samePricebook ? session.versions?.replacement(payload, localToday()) ?? null : null;
  if (!samePricebook) {
    bookNotes.push(`It was made for price book “${payload.book.id}”, not “${bookInfo.id}”: its total cannot be compared with this book's prices.`);
  } else if (replaced) {
    // Said by describePriceChange.
  } else if (payload.book.version !== bookInfo.version) {
    // With versions, the link's own (in effect today) is loaded when its quote opens.
    if (!session.versions) {
      bookNotes.push(`It was made with price book version ${payload.book.version}; it is re-priced with version ${bookInfo.version}.`);
      quote.pricebook = { ...quote.pricebook, version: bookInfo.version };
    }
  } else if (!session.publicOnly && payload.book.hash !== bookInfo.hash && payload.book.hash !== await publicBookHash(session)) {
    // (A public-only session cannot tell: it never sees the full book a rep's link was made with.)
    bookNotes.push(`The price book (version ${bookInfo.version}) has been edited since the link was made.`);
  }
  return { payload, quote, linkHash: await sha256Hex(fragment), bookNotes, samePricebook, replaced };
}

// Links made on the prospect page carry the hash of the public book (the session's book without
// its internal part, as `edgequote public` writes it): the same prices, so the same book.
export function publicBookHash(session) {
  const known = publicHashes.get(session);
  if (known?.bookText === session.bookText) return known.hash;
  const hash = (async () => {
    try {
      return await sha256Hex(session.engine.publicPricebook(session.bookText));
    } catch {
      return null; // no WebCrypto (an insecure context): only the full book's hash is known
    }
  })();
  publicHashes.set(session, { bookText: session.bookText, hash });
  return hash;
}

// Says plainly whether the link's prices still hold, and by how much they moved (after the
// link's quote was opened and priced in the session): a notice {kind, text}.
// A link made for another book is never said to have unchanged prices.
export function describePriceChange(session, { payload, bookNotes, samePricebook = true, replaced = null }) {
  const currency = session.book.currency;
  const opened = `Opened a shared quote for ${payload.quote.customer?.name || 'an unnamed customer'}.`;
  const then = payload.net_monthly;
  const now = session.errors.length ? null : session.priced?.totals.net_monthly;
  // "up $1,234.00 (5.1%)": how far the net moved from then to now.
  const moved = () => {
    const delta = difference(then, now);
    const pct = changePercent(then, now);
    return `${delta.startsWith('-') ? 'down' : 'up'} ${money(absolute(delta), currency)}${pct === null ? '' : ` (${absolute(pct)}%)`}`;
  };
  const same = then !== null && now != null && compare(then, now) === 0;
  let sentence;
  let kind = 'warning';
  if (now === null || now === undefined) {
    sentence = 'It cannot be priced with this price book: see the problems beside the fields.';
  } else if (!samePricebook) {
    sentence = `With this price book it comes to ${money(now, currency)}/month.`;
  } else if (session.mode === 'prospect' && hasRepDiscounts(payload.quote)) {
    // A rep's link: its total had the rep's discounts, which a prospect's quote never carries.
    sentence = `It was priced with discounts agreed with sales${then === null ? '' : ` (${money(then, currency)}/month)`}; ` +
      `this page shows list prices without them: ${money(now, currency)}/month. The discounted quote stays with your sales contact.`;
    kind = 'info';
  } else if (replaced) {
    // The book version the link was priced with was replaced by the one in effect today.
    sentence = replaced.say(then === null ? null : money(then, currency), money(now, currency), then === null || same ? '' : moved());
  } else if (then === null) {
    sentence = `It had no price when shared; it is now ${money(now, currency)}/month.`;
    kind = 'info';
  } else if (same) {
    sentence = `Prices have not changed since the link was made: still ${money(now, currency)}/month.`;
    kind = 'success';
  } else {
    sentence = `Prices have changed since this link was made: the net was ${money(then, currency)}/month and is now ` +
      `${money(now, currency)}/month, ${moved()}.`;
  }
  return { kind, text: [opened, ...bookNotes, sentence].join(' ') };
}
