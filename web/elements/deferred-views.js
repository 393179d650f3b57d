// The views drawn after an edit's first frame (scenarios side by side, the diff, the printable
// quote, the outcome panel, the saved-quotes and share dialogs, the ramp editor): their own chunk, loaded on demand by <quote-configurator> after the first priced
// total, so the rep page's critical path does not carry them (README, "Budgets").
import './quote-scenarios.js';
import './quote-diff.js';
import './print-quote.js';
import './quote-outcome.js';
import './saved-quotes.js';
import './share-panel.js';
import './ramp-editor.js';
