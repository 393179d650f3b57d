// Several versions of the site's price book (same id, other dates), listed in the site's index
// (pricebooks/index.json, written at build time by `edgequote versions BOOK...`). Which version
// is in effect on a date is the engine's rule (web/engine/versions.js, edgequote/book_versions.hpp):
// this module fetches the index, asks, remembers the answers by date, and has the quote session
// price each quote with the version in effect on its date. Loaded on demand, after the page's
// first priced total (or before a share link is opened): it imports nothing the page's first
// load carries, so it stays one small chunk.
//
//   await useVersions(session, 'pricebooks/index.json');  // then session.followBookVersion() follows dates

export class BookVersions {
  // `url`: where the index was fetched from (book files are named relative to it).
  constructor(url, text, engine) {
    this.url = new URL(url, globalThis.location?.href ?? 'http://localhost/').href;
    this.text = text;
    this.engine = engine;
    this.picks = new Map();
    this.loading = null;  // {version, promise}: one book load at a time
  }

  // The index at `url` and the engine that reads it, or null when the site has no index (404).
  static async fetch(url, { signal = null } = {}) {
    const [response, engine] = await Promise.all([
      fetch(url, { credentials: 'same-origin', signal }),
      import('../engine/versions.js').then((m) => m.loadVersions()),
    ]);
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`the price book index ${url} could not be fetched (HTTP ${response.status})`);
    return new BookVersions(url, await response.text(), engine);
  }

  // The version of book `id` in effect on `date` (YYYY-MM-DD): {id, version, effective_from,
  // effective_to, file, url}, or {errors} (none in effect, a bad date, an index that overlaps).
  pick(id, date) {
    const key = `${id}\n${date}`;
    if (!this.picks.has(key)) {
      let answer;
      try {
        const book = this.engine.bookInEffect(this.text, id, date);
        answer = { ...book, url: new URL(book.file, this.url).href };
      } catch (error) {
        answer = { errors: error?.errors ?? [{ code: 'engine_error', path: '', message: String(error?.message ?? error) }] };
      }
      this.picks.set(key, answer);
    }
    return this.picks.get(key);
  }

  // A share link's payload made on a version that is not the one in effect `today` was replaced:
  // its quote is priced again for today, with the version in effect (the payload's quote is
  // changed so). Returns {then, now, since, say(netThen, netNow, moved)}: say() is the sentence
  // for the notice (the amounts as the page writes money; moved: "up $X (p%)", '' when the same);
  // null when the link's version is today's (or none is in effect).
  replacement(payload, today) {
    const inEffect = this.pick(payload.book.id, today);
    if (!inEffect.version || inEffect.version === payload.book.version) return null;
    payload.quote.as_of = today;
    payload.quote.pricebook = { ...payload.quote.pricebook, version: inEffect.version };
    const then = payload.book.version;
    return {
      then,
      now: inEffect.version,
      since: inEffect.effective_from,
      say: (netThen, netNow, moved) => `It was priced with price book ${payload.book.id} version ${then}${netThen === null ? '' : ` at ${netThen}/month`}. ` +
        `That version has been replaced: version ${inEffect.version}, in effect since ${inEffect.effective_from}, prices it now: ` +
        `${netNow}/month${netThen === null ? '' : moved ? `, ${moved}` : ', the same'}.`,
    };
  }

  // Makes the session's quote name the version in effect on its date (as_of, or `today`) at once
  // (before any wait, so an edit that follows builds on it), and loads that version if it is not
  // the loaded one. With none in effect on the date nothing changes: the engine then refuses the
  // date, at /as_of.
  async follow(session, today) {
    const pick = this.pick(session.bookInfo.id, session.quote?.as_of || today);
    if (!pick.file) return;
    if (session.quote.pricebook?.version !== pick.version) {
      session.quote = { ...session.quote, pricebook: { ...session.quote.pricebook, id: pick.id, version: pick.version } };
    }
    if (this.loading?.version !== pick.version) {
      if (pick.version === session.bookInfo.version) return;
      const promise = session.load({ url: pick.url }).catch((error) => {
        session.notify({ kind: 'error', text: `Price book version ${pick.version} could not be loaded: ${error?.message ?? error}` });
      }).finally(() => {
        if (this.loading?.promise === promise) this.loading = null;
      });
      this.loading = { version: pick.version, promise };
    }
    await this.loading?.promise;
  }
}

// Gives the session the site's index of book versions at `url` (none when it is 404): from now on
// each quote is priced with the version in effect on its date, the quote being edited included
// (priced again if that moved it to another version).
export async function useVersions(session, url, { signal = null } = {}) {
  try {
    session.versions = await BookVersions.fetch(url, { signal });
  } catch (error) {
    session.notify({ kind: 'warning', text: `Only this version of the price book is available: ${error?.message ?? error}.` });
    return;
  }
  if (!session.ready) return;
  const before = session.quote;
  await session.followBookVersion();
  if (session.quote !== before) await session.reprice();
}
