// The configurator page: every element it is built from, then the element that runs it.
import './elements/quote-toolbar.js';
import './elements/notice-list.js';
import './elements/deal-fields.js';
import './elements/traffic-fields.js';
import './elements/feature-picker.js';
import './elements/priced-lines.js';
import './elements/price-totals.js';
import './elements/guidance-panel.js';
import './elements/approval-panel.js';
import './elements/summary-bar.js';
import './elements/quote-scenarios.js';
import './elements/quote-diff.js';
import './elements/quote-outcome.js';
import './elements/saved-quotes.js';
import './elements/share-panel.js';
import './elements/print-quote.js';
import './elements/quote-configurator.js';
