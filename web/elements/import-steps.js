// A file imported on the rep page (<quote-configurator>'s import command), fetched with the first
// import: read and checked (web/lib/inbound.js, through exporters.js), admitted by the session,
// saved as a new record, then opened and priced. A large file says each step first, so the status
// is painted before the step's work starts. What it needs of the page's own modules comes in
// `files` (importing them here would split them into more chunks on the page's first load).
import { parseImportInSteps } from '../lib/import-in-steps.js';

// Imports larger than this (about 1,000 lines) show their progress step by step.
const LARGE_IMPORT_CHARS = 64 * 1024;

export async function importFile(app, text, name, files) {
  const large = typeof text === 'string' && text.length > LARGE_IMPORT_CHARS;
  const progress = large ? progressOf(app, files.nextFrame) : null;
  try {
    await progress?.show(`Importing ${name}…`, 0);
    await importSteps(app, text, name, progress, files);
  } finally {
    progress?.hide();
  }
}

const count = (n) => n.toLocaleString('en-US');

// The status of a large import, under the notices: what is being done, and a bar of the steps.
function progressOf(app, nextFrame) {
  if (!app.progressBox) {
    app.progressText = document.createElement('span');
    const bar = document.createElement('progress');
    bar.max = 3;
    bar.setAttribute('aria-hidden', 'true');
    app.progressBar = bar;
    app.progressBox = document.createElement('div');
    app.progressBox.className = 'progress-status';
    app.progressBox.setAttribute('role', 'status');
    app.progressBox.append(app.progressText, bar);
    app.querySelector('notice-list').after(app.progressBox);
  }
  return {
    // Says what is being done (step `step` of 3), then waits for that to be painted: the work
    // after it starts in a task of its own, and input waiting meanwhile is answered first.
    async show(text, step) {
      app.progressBox.hidden = false;
      app.progressText.textContent = text;
      app.progressBar.value = step;
      await nextFrame();
    },
    // Says how far a step is (`fraction` of step `step` done), without waiting.
    say(text, step, fraction) {
      app.progressText.textContent = text;
      app.progressBar.value = step + fraction;
    },
    hide() {
      app.progressBox.hidden = true;
      app.progressText.textContent = '';
    },
  };
}

async function importSteps(app, text, name, progress, files) {
  const { parseImport, ImportError, limits, join, emptyOutcome, nextFrame } = files;
  let imported;
  try {
    // A large file's lines are checked in steps, the count said (and painted) after each.
    imported = !progress ? parseImport(text) : await parseImportInSteps(text, {
      parseImport,
      ImportError,
      limits,
      join,
      progress: (checked, total) => progress.say(`Importing ${count(total)} lines: ${count(checked)} of ${count(total)} lines checked…`, 0, checked / total),
      pause: nextFrame,
    });
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    app.session.notify({ kind: 'error', text: `Could not import ${name}: ${error.message}` });
    return;
  }
  const lines = count(imported.quote?.lines?.length ?? 0);
  await progress?.show(`Importing ${lines} lines: checking and saving…`, 1);
  const admitted = app.session.admit(imported.quote, { source: name });
  if (!admitted.ok) return;
  const record = app.addRecord(admitted.quote, {
    title: imported.title,
    outcome: { ...emptyOutcome(), ...(imported.outcome ?? {}) },
    scenarios: imported.scenarios,
  });
  const notSaved = await app.store.whenSaved(record.id);
  if (notSaved) app.toldNotSaved = true; // the notice below says it
  await progress?.show(`Importing ${lines} lines: pricing and drawing…`, 2);
  await app.openRecord(record, name);
  const { errors } = app.session;
  const problems = errors.length ? ` It has ${errors.length} problem(s) to fix before it can be priced.` : '';
  if (notSaved) {
    app.session.notify({
      kind: 'error',
      text: `Imported “${app.titleOf(record)}”, but it is not saved in this browser (${notSaved}): it is kept only until this tab closes. Export it to keep it.${problems}`,
      action: { label: 'Export JSON', command: 'export-json' },
    });
    return;
  }
  const leftOut = imported.warnings.map((w) => w.message).join(' ');
  app.session.notify({ kind: errors.length || leftOut ? 'warning' : 'success', text: `Imported “${app.titleOf(record)}” as a new saved quote.${problems}${leftOut ? ` ${leftOut}` : ''}` });
}
