// <summary-bar>: on a phone the guidance panel scrolls away, so the net price and the approval
// needed stay pinned to the bottom of the screen, linking to the full panel.
import { h } from '../lib/dom.js';
import { money } from '../lib/format.js';
import { levelInSentence } from '../lib/approval-text.js';

export class SummaryBarElement extends HTMLElement {
  connectedCallback() {
    this.net = h('span', { class: 'summary-net' });
    this.level = h('a', { class: 'summary-level', href: '#guidance-title' });
    this.replaceChildren(h('div', { class: 'summary-inner', role: 'status' }, this.net, this.level));
  }

  set state(state) {
    const { priced, currency, approval, mode } = state;
    this.net.textContent = priced ? `${money(priced.totals.net_monthly, currency)}/mo${state.stale ? ' (last good)' : ''}` : '—';
    const findings = priced?.guidance?.filter((g) => g.severity === 'critical').length ?? 0;
    this.level.hidden = mode !== 'rep';
    if (mode !== 'rep') return;
    this.level.textContent = approval.needsApproval
      ? `Needs ${levelInSentence(approval.required)}${findings ? ` · ${findings} critical` : ''}`
      : `No approval needed${findings ? ` · ${findings} critical` : ''}`;
    this.level.className = `summary-level ${approval.needsApproval ? 'needs' : 'ok'}`;
  }
}

customElements.define('summary-bar', SummaryBarElement);
