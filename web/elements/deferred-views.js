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

// And the code of the commands that come after the first total: exports and imports, making a
// share link and opening one. It rides in this chunk rather than one of its own: a chunk of its
// own would split the code it shares with the page (quote model, formats, the doors) into more
// shared chunks on the critical path (more requests, worse compression). A page opened on a share
// link fetches this chunk before its first total.
export { download, downloadInParts, exportCsvParts, exportJsonParts, fileSafe, IMPORT_LIMITS, ImportError, parseImport } from '../lib/exporters.js';
export { joinChecked } from '../lib/inbound.js';
export { encodeShareFragment, ShareLinkError } from '../lib/share-link.js';
export { describePriceChange, readShareLink } from '../lib/session-share-links.js';
export { requestFileName, requestView } from '../lib/approval-request-view.js';
