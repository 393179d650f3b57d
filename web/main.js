// The configurator page: every element it is built from, then the element that runs it. The views
// drawn after the first frame (scenarios, diff, printable quote, outcome,
// saved quotes, share) load on demand: elements/deferred-views.js.
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
import './elements/quote-configurator.js';
