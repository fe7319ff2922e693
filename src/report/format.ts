/**
 * Number formatting for the human-readable reports (summary.md, junit.xml). Locale-free and
 * clock-free, so the same RunResult always renders the same bytes.
 */

/** An integer as is; anything else with at most `digits` decimals and no trailing zeros. */
export function formatNumber(value: number, digits = 1): string {
  if (Number.isInteger(value)) return String(value);
  if (!Number.isFinite(value)) return String(value);
  const fixed = value.toFixed(digits);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** A ratio (0.125) as a percentage with two decimals ("12.50%"). */
export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(2)}%`;
}

/** "1 request", "3 requests". */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
