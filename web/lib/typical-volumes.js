// A second pair of eyes on traffic volumes: does this number look like the customer's segment?
// (A customer says 261 TB, not 261 PB.) The engine flags deals far over the segment's money band
// (far_over_segment_band); this catches a unit slip before it becomes money. The ranges are
// rough monthly delivery volumes seen per segment, in TB, and only ever produce a warning.

const TYPICAL_TB = [
  { match: /^(smb|small)/i, low: 0.1, high: 20 },
  { match: /^(mid|mm)/i, low: 5, high: 300 },
  { match: /^(ent)/i, low: 20, high: 3000 },
  { match: /^(f500|fortune|global|strategic)/i, low: 100, high: 30000 },
];

const OVER = 10; // times the high end
const UNDER = 100; // times under the low end

function rangeFor(segment) {
  if (!segment) return null;
  return TYPICAL_TB.find((r) => r.match.test(segment.id) || r.match.test(segment.name ?? '')) ?? null;
}

function formatTb(tb) {
  if (tb >= 1000) return `${tb / 1000} PB`;
  if (tb < 1) return `${tb * 1000} GB`;
  return `${tb} TB`;
}

// → null, or {message, suggestion} for a traffic quantity entered in `unit` (a book unit object).
export function checkTrafficVolume(book, segmentId, quantityText, unit) {
  const segment = book.segments?.find((s) => s.id === segmentId);
  const range = rangeFor(segment);
  const tbUnit = book.units.find((u) => u.id === 'TB' && u.dimension === unit?.dimension);
  const value = Number(quantityText);
  if (!range || !tbUnit || !unit || !Number.isFinite(value) || value <= 0) return null;
  const tb = (value * Number(unit.factor)) / Number(tbUnit.factor);
  const band = `${formatTb(range.low)}–${formatTb(range.high)}`;
  const units = book.units.filter((u) => u.dimension === unit.dimension).sort((a, b) => Number(a.factor) - Number(b.factor));
  const position = units.findIndex((u) => u.id === unit.id);
  if (tb > range.high * OVER) {
    const smaller = units[position - 1];
    return {
      message: `${quantityText} ${unit.id} a month is ${Math.round(tb / range.high)}× more than ${segment.name} customers usually deliver (${band}).`,
      suggestion: smaller ? `Did you mean ${quantityText} ${smaller.id}?` : 'Check the unit.',
    };
  }
  if (tb < range.low / UNDER) {
    const larger = units[position + 1];
    return {
      message: `${quantityText} ${unit.id} a month is far below what ${segment.name} customers usually deliver (${band}).`,
      suggestion: larger ? `Did you mean ${quantityText} ${larger.id}?` : 'Check the unit.',
    };
  }
  return null;
}
