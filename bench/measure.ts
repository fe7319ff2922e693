/**
 * Timing helpers: every figure is measured in rounds interleaved with its reference, and the
 * median round is reported, so a noisy neighbour hurts both sides alike.
 */
export interface Row {
  name: string;
  ours: string;
  reference: string;
  /** For times: ours ÷ reference (lower is better). For throughputs: ours ÷ reference (higher is better). */
  ratio: number;
  /** The target the ratio must meet, as text (e.g. "≤ 1.00"), or '' when there is none. */
  target: string;
  met: boolean | null;
  /** A bound the product promises: `npm run bench` exits 1 when it is not met. */
  gate?: boolean;
  note?: string;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Runs `a` and `b` alternately for `rounds` rounds; returns the median seconds of each. */
export async function interleave(
  rounds: number,
  a: () => unknown | Promise<unknown>,
  b: () => unknown | Promise<unknown>,
): Promise<{ a: number; b: number }> {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let r = 0; r < rounds; r++) {
    ta.push(await time(a));
    tb.push(await time(b));
  }
  return { a: median(ta), b: median(tb) };
}

export async function time(fn: () => unknown | Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export const fmt = (x: number, digits = 0): string =>
  x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function printTable(rows: Row[]): void {
  const header = ['benchmark', 'ours', 'reference', 'ratio', 'target', 'met'];
  const body = rows.map((r) => [
    r.name,
    r.ours,
    r.reference,
    r.ratio.toFixed(2),
    r.gate ? `${r.target} (gate)` : r.target,
    r.met === null ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of body) console.log(line(row));
  for (const r of rows) if (r.note) console.log(`- ${r.name}: ${r.note}`);
}
