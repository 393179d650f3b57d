// <guidance-panel>: always in view beside the quote. The approval level the quote needs and why
// (every rule that fired, with its value and threshold), how far each threshold is, the guidance
// findings in plain words (the engine's unit check among them), and any problem that stops the quote being priced.
import { h, syncChildren, syncText } from '../lib/dom.js';
import { firedSentence, headroomSentence, levelInSentence, levelName, metricValue } from '../lib/approval-text.js';

// A large quote can raise thousands of notes (one per line): the loudest FINDINGS_SHOWN are
// listed, the rest behind a disclosure that draws them only while it is open.
export const FINDINGS_SHOWN = 50;

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 };
const SEVERITY_LABEL = { critical: 'Critical', warning: 'Check', info: 'Note' };

function findingItem() {
  return h('li', {}, h('span'), h('span', { class: 'finding-text' }));
}

// Shows `[severity, label, code, message]` in `item` (a findingItem), its texts written only
// where they differ: a term edit at 20,000 lines changes the figures of most findings shown, and
// an item made anew for each was ~40 items styled and laid out per edit where texts changed.
function showFinding(item, [severity, label, code, message]) {
  const [badge, text] = item.children;
  // The same class or value written again invalidates no style (only a changed class does).
  item.className = `finding ${severity}`;
  badge.className = `severity ${severity}`;
  item.dataset.code = code;
  syncText(badge, label);
  syncText(text, message);
  return item;
}

export class GuidancePanelElement extends HTMLElement {
  connectedCallback() {
    this.abort = new AbortController();
    // The findings' items stay in place between renders, the nth shown in the nth item: an edit
    // changes the words of a few (showFinding); the rest of the panel is small.
    this.findingList = h('ul', { class: 'finding-list' });
    this.allClear = h('p', { class: 'all-clear' });
    this.moreList = h('ul', { class: 'finding-list' });
    this.moreSummary = h('summary');
    this.more = h('details', { class: 'more-findings', hidden: true }, this.moreSummary, this.moreList);
    this.more.addEventListener('toggle', () => this.drawMore(), { signal: this.abort.signal });
    this.findings = h('div', { class: 'findings' }, h('h3', { text: 'Guidance' }), this.findingList, this.more, this.allClear);
    this.items = [];
    this.body = h('div', { class: 'guidance-body' }, this.findings);
    this.replaceChildren(
      h('section', { class: 'guidance-card', 'aria-labelledby': 'guidance-title' },
        h('h2', { id: 'guidance-title', class: 'eyebrow', text: 'Guidance and approval' }),
        this.body));
  }

  disconnectedCallback() {
    this.abort.abort();
  }

  set state(state) {
    const { priced, approval, currency, errors } = state;
    const engineApproval = priced?.approval;

    // Loudest first, each severity in the engine's order: grouped in one pass (a sort on every
    // draw was 5-6 ms at 20,000 lines), and made into items only as far as they are drawn.
    const groups = [[], [], [], []];
    for (const f of priced?.guidance ?? []) (groups[SEVERITY_ORDER[f.severity]] ?? groups[3]).push(f);
    const findings = groups.flat();
    const shown = this.shown = findings.concat(priced?.warnings ?? []);
    this.findingCount = findings.length;
    const items = shown.slice(0, FINDINGS_SHOWN).map((f, i) => showFinding(this.items[i] ??= findingItem(), this.asShown(f, i)));
    syncChildren(this.findingList, items);
    this.findingList.hidden = !items.length;
    const rest = shown.length - items.length;
    this.more.hidden = !rest;
    this.moreSummary.textContent = `More findings and notes (${rest})`;
    this.drawMore();
    this.allClear.hidden = Boolean(items.length);
    // "Nothing to flag" in green under a banner asking for a VP read as "all fine": when the
    // rules want an approval, the quiet guidance says what needs it (the discount, or the deal).
    const needsSignOff = Boolean(priced?.approval) && approval.needsApproval && !approval.recordedValid;
    this.allClear.classList.toggle('needs', Boolean(needsSignOff));
    this.allClear.textContent = !priced || items.length ? ''
      : needsSignOff ? `The price is in the usual range for this segment, but ${
        priced.approval.fired.some((check) => /discount/.test(check.metric)) ? 'the discount' : 'the deal'
      } needs ${levelInSentence(priced.approval.level)} approval: why is below.`
        : 'In the expected range for this segment: nothing to flag.';

    // What is around the findings is drawn anew when what it says changed (most edits leave the
    // approval as it was: new blocks would move the sidebar's layout); the findings are not moved.
    const around = JSON.stringify([errors, engineApproval, approval, currency]);
    if (around === this.around) return;
    this.around = around;
    const parts = [];
    if (errors.length) {
      parts.push(h('div', { class: 'problems', role: 'alert' },
        h('h3', { text: `This quote cannot be priced yet (${errors.length} ${errors.length === 1 ? 'problem' : 'problems'})` }),
        h('ul', {}, ...errors.map((e) => h('li', { dataset: { code: e.code, path: e.path } }, e.message))),
        h('p', { class: 'muted', text: 'The figures shown are the last good price.' })));
    }
    // Loudest first: who must approve, then what is wrong with the price, then why and how far.
    if (engineApproval) parts.push(this.approvalSummary(engineApproval, approval));
    const after = [];
    if (engineApproval) after.push(...this.approvalReasons(engineApproval, approval, currency));
    if (engineApproval?.checks?.length) after.push(this.rulesTable(engineApproval, currency));
    while (this.findings.previousSibling) this.findings.previousSibling.remove();
    while (this.findings.nextSibling) this.findings.nextSibling.remove();
    this.findings.before(...parts);
    this.findings.after(...after);
  }

  // The findings past the first FINDINGS_SHOWN, drawn only while their disclosure is open.
  drawMore() {
    const rest = this.more.open ? this.shown?.slice(FINDINGS_SHOWN) ?? [] : [];
    this.moreList.replaceChildren(...rest.map((f, i) => showFinding(findingItem(), this.asShown(f, FINDINGS_SHOWN + i))));
  }

  // The `i`th entry shown (the findings, then the warnings, as notes): [severity, label, code, message].
  asShown(f, i) {
    return i < this.findingCount ? [f.severity, SEVERITY_LABEL[f.severity] ?? f.severity, f.code, f.message] : ['info', 'Note', f.code, f.message];
  }

  approvalSummary(engineApproval, approval) {
    const required = engineApproval.level;
    const rank = approval.levels.indexOf(required);
    const stepper = h('ol', { class: 'level-steps', 'aria-label': 'Approval levels' },
      ...approval.levels.map((level, i) => h('li', {
        class: [i <= rank ? 'reached' : '', level === required ? 'current' : ''].join(' ').trim(),
        'aria-current': level === required ? 'step' : null,
        text: levelName(level),
      })));
    let headline;
    let tone;
    if (!approval.needsApproval) {
      headline = `The ${levelInSentence(required)}'s own call: no approval needed`;
      tone = 'ok';
    } else if (approval.approved) {
      // Signed approvals, verified (approval-panel says by whom and how they were checked).
      headline = `Approved by ${approval.approvers.map((a) => `${a.name} (${levelName(a.level)})`).join(' and ')}`;
      tone = 'ok';
    } else {
      headline = `Needs ${levelInSentence(required)} approval`;
      tone = rank >= 2 ? 'high' : 'needs';
    }
    const block = h('div', { class: `approval ${tone}`, dataset: { level: required } },
      h('p', { class: 'approval-headline', dataset: { approvalLevel: required } }, headline),
      stepper);
    return block;
  }

  // Every rule that fired, highest level first, each with its figures and the way back under it;
  // then the next threshold the quote would cross.
  approvalReasons(engineApproval, approval, currency) {
    const parts = [];
    const rank = (check) => approval.levels.indexOf(check.level);
    const fired = [...engineApproval.fired].sort((a, b) => rank(b) - rank(a));
    if (fired.length) {
      parts.push(h('div', { class: 'reasons' },
        h('h3', { text: 'Why, and how far from each threshold' }),
        h('ul', { class: 'rule-list' }, ...fired.map((check) => h('li', {
          class: `rule fired${check.level === engineApproval.level ? ' top' : ''}`,
          dataset: { rule: check.rule },
        },
          h('span', { class: 'rule-level', text: levelName(check.level) }),
          h('span', { class: 'rule-message', text: check.message }),
          h('span', { class: 'rule-figures', text: [
            check.value !== null ? `${metricValue(check, check.value, currency)} now, limit ${metricValue(check, check.threshold, currency)}.` : '',
            firedSentence(check, engineApproval, currency),
          ].filter(Boolean).join(' ') }))))));
    }
    const next = engineApproval.next;
    if (next) {
      parts.push(h('p', { class: 'next-threshold', dataset: { rule: next.rule } },
        h('strong', { text: 'Next threshold: ' }), `${headroomSentence(next, currency)} `,
        h('span', { class: 'muted', text: `(${next.message})` })));
    }
    return parts;
  }

  // Every rule of the policy, in policy order: where the quote stands against each threshold.
  rulesTable(engineApproval, currency) {
    return h('details', { class: 'all-rules' },
      h('summary', { text: `All approval rules (${engineApproval.checks.length})` }),
      h('ul', { class: 'rule-list all' }, ...engineApproval.checks.map((check) => h('li', {
        class: `rule${check.fired ? ' fired' : ''}`,
        dataset: { rule: check.rule },
      },
        h('span', { class: 'rule-level', text: levelName(check.level) }),
        h('span', { class: 'rule-message', text: check.message }),
        h('span', { class: 'rule-figures', text: [
          check.value === null ? (check.fired ? 'Present now.' : 'Not present.')
            : `${metricValue(check, check.value, currency)} now, limit ${check.op} ${metricValue(check, check.threshold, currency)}.`,
          check.fired ? firedSentence(check, engineApproval, currency) : headroomSentence(check, currency),
        ].filter(Boolean).join(' ') })))));
  }
}

customElements.define('guidance-panel', GuidancePanelElement);
