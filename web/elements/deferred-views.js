// The views drawn after an edit's first frame (scenarios side by side, the diff, the printable
// quote): their own chunk, loaded on demand by <quote-configurator> after the first priced
// total, so the rep page's critical path does not carry them (README, "Budgets").
import './quote-scenarios.js';
import './quote-diff.js';
import './print-quote.js';
