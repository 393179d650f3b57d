// What went wrong with the saved quotes in browser storage, said once as the rep page opens
// (web/elements/quote-configurator.js start): quotes set aside, left in place, or storage
// unavailable. Fetched only when there is something to say: the first load does not carry it.

export function reportStorageProblems(app) {
  const problems = app.store.takeProblems();
  if (!problems.length) return;
  const plural = (n, one, many) => (n === 1 ? one : many);
  const setAside = problems.filter((p) => p.keptAs);
  const leftInPlace = problems.filter((p) => !p.keptAs && p.key !== '*');
  const unavailable = problems.filter((p) => p.key === '*');
  const sentences = [];
  if (setAside.length) {
    sentences.push(`${setAside.length} saved ${plural(setAside.length, 'quote was', 'quotes were')} damaged in browser storage and could not be opened. ` +
      `${plural(setAside.length, 'It was', 'They were')} set aside, not deleted, and everything else was recovered.`);
  }
  if (leftInPlace.length) {
    sentences.push(`${leftInPlace.length} damaged saved ${plural(leftInPlace.length, 'quote', 'quotes')} could not be opened, and there was no room to copy ` +
      `${plural(leftInPlace.length, 'it', 'them')} aside, so ${plural(leftInPlace.length, 'it was', 'they were')} left in place (this is said once).`);
  }
  const [first] = unavailable;
  if (first?.fallback) sentences.push(`Saved quotes ${first.reason.replace(/^saved quotes /, '')}, and are read from there this time.`);
  else if (first) sentences.push(`Saved quotes are unavailable: ${first.reason}. Quotes are kept for this session only.`);
  app.session.notify({ kind: 'warning', text: sentences.join(' '), detail: problems.map((p) => `${p.key}: ${p.reason}`).join('; ') });
}
