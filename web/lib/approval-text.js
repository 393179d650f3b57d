// Plain words for the engine's approval checks: who must approve, why, and how far each
// threshold is ("2.5 points less discount and no VP approval needed"). Words only: every number
// shown is one the engine returned in approval.checks.
import { money, percent, quantity } from './format.js';

const ACRONYMS = new Set(['vp', 'svp', 'evp', 'cfo', 'ceo', 'cro', 'coo']);

export function levelName(level) {
  if (!level) return '';
  if (ACRONYMS.has(level)) return level.toUpperCase();
  const words = level.replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// "VP", "director", "deal desk": a level inside a sentence.
export function levelInSentence(level) {
  return ACRONYMS.has(level) ? level.toUpperCase() : levelName(level).toLowerCase();
}

// "a VP", "a manager", "the deal desk"
export function levelWithArticle(level) {
  const name = levelName(level);
  if (/desk|team|committee|board/i.test(name)) return `the ${name.toLowerCase()}`;
  const lower = ACRONYMS.has(level) ? name : name.toLowerCase();
  return /^[aeiou]/i.test(lower) && !ACRONYMS.has(level) ? `an ${lower}` : `a ${lower}`;
}

const isPercentMetric = (metric) => metric.endsWith('_pct');
const isDiscountMetric = (metric) => metric === 'overall_discount_pct' || metric === 'discretionary_discount_pct';

function amount(metric, value, currency) {
  if (isPercentMetric(metric)) return `${quantity(value)} ${value === '1' ? 'point' : 'points'}`;
  switch (metric) {
    case 'net_monthly':
      return `${money(value, currency)}/month`;
    case 'tcv':
      return money(value, currency);
    case 'term_months':
      return `${quantity(value)} ${value === '1' ? 'month' : 'months'}`;
    case 'lines_under_floor':
      return `${quantity(value)} ${value === '1' ? 'line' : 'lines'}`;
    default:
      return quantity(value);
  }
}

// What must change for a fired rule to stop firing.
function movement(check, currency) {
  const d = amount(check.metric, check.distance, currency);
  const down = check.op === '>';
  if (isDiscountMetric(check.metric)) return `${d} less discount`;
  switch (check.metric) {
    case 'max_line_discount_pct':
      return `${d} less discount on the most discounted line`;
    case 'margin_pct':
      return down ? `${d} less margin` : `${d} more margin`;
    case 'net_monthly':
      return down ? `${d} less` : `${d} more`;
    case 'tcv':
      return down ? `${d} less contract value` : `${d} more contract value`;
    case 'term_months':
      return down ? `a term ${d} shorter` : `a term ${d} longer`;
    case 'lines_under_floor':
      return `${d} fewer under their floor`;
    default:
      return `${d} ${down ? 'lower' : 'higher'}`;
  }
}

// How much room is left before a rule that has not fired would fire.
function headroom(check, currency) {
  const d = amount(check.metric, check.distance, currency);
  const up = check.op === '>';
  if (isDiscountMetric(check.metric)) return `${d} more discount`;
  switch (check.metric) {
    case 'max_line_discount_pct':
      return `${d} more discount on any one line`;
    case 'margin_pct':
      return up ? `${d} more margin` : `${d} less margin`;
    case 'net_monthly':
      return up ? `${d} more` : `${d} less`;
    case 'tcv':
      return up ? `${d} more contract value` : `${d} less contract value`;
    case 'term_months':
      return up ? `${d} more term` : `${d} less term`;
    case 'lines_under_floor':
      return `${d} more lines under their floor`;
    default:
      return `${d} ${up ? 'higher' : 'lower'}`;
  }
}

function isFinding(check) {
  return check.metric.startsWith('finding:');
}

// One sentence for a rule that fired: what to change, and what that would save.
export function firedSentence(check, approval, currency) {
  const sameLevel = approval.fired.filter((c) => c.level === check.level);
  const isTop = check.level === approval.level;
  let consequence;
  if (isTop && sameLevel.length === 1) consequence = `no ${levelInSentence(check.level)} approval needed`;
  else if (isTop) consequence = `one fewer reason for ${levelWithArticle(check.level)}`;
  else consequence = `this rule stops asking for ${levelWithArticle(check.level)}`;
  if (isFinding(check)) return `Resolve this finding and ${consequence}.`;
  if (check.distance === null || check.distance === undefined) return '';
  return `${capitalise(movement(check, currency))} and ${consequence}.`;
}

// One sentence for a rule that has not fired: the room left.
export function headroomSentence(check, currency) {
  if (isFinding(check)) return `Would need ${levelWithArticle(check.level)} if this finding appears.`;
  if (check.metric === 'lines_under_floor' && (check.distance === '0' || check.distance === null)) {
    return `Any line under its floor would need ${levelWithArticle(check.level)}.`;
  }
  if (check.distance === null || check.distance === undefined) return '';
  return `${capitalise(headroom(check, currency))} before ${levelWithArticle(check.level)} is needed.`;
}

export function metricValue(check, value, currency) {
  if (value === null || value === undefined) return '—';
  if (isPercentMetric(check.metric)) return percent(value);
  switch (check.metric) {
    case 'net_monthly':
    case 'tcv':
      return money(value, currency);
    case 'term_months':
      return `${quantity(value)} mo`;
    default:
      return quantity(value);
  }
}

function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
