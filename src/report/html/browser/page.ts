/**
 * report.html's charts: per endpoint one figure of four panels on event time (UTC), cursors in
 * sync — requests per bucket stacked by decision with the circuit state as a band behind them,
 * latency p50/p95 against the SLO, error rate against the budget, peak rate against the limit.
 * uPlot is inlined before this script (a global); the data comes from #tg-data.
 */
import type { ChartEndpoint, DecisionSeries, OthersTimeline, ReportData, TimelineGrid } from '../data.js';

type Series = (number | null)[];
interface UPlotInstance {
  data: Series[];
  bbox: { left: number; top: number; width: number; height: number };
  ctx: CanvasRenderingContext2D;
  valToPos(value: number, scale: string, canvas?: boolean): number;
}
interface UPlotStatic {
  new (options: object, data: Series[], target: HTMLElement): UPlotInstance;
  tzDate(date: Date, tz: string): Date;
  paths: { stepped(options: { align: 1 | -1 }): unknown };
}
declare const uPlot: UPlotStatic;

const COLORS = { ALLOW: '#1a7f37', THROTTLE: '#0969da', QUARANTINE: '#9a6700', DROP: '#d1242f' };
const CIRCUIT = ['', 'rgba(154,103,0,0.18)', 'rgba(209,36,47,0.18)'];
const HEIGHT = 150;

const data = JSON.parse(document.getElementById('tg-data')!.textContent!) as ReportData;

function times(grid: TimelineGrid): number[] {
  return Array.from({ length: grid.buckets }, (_, i) => grid.start + i * grid.bucket_s);
}

const sum = (rows: number[][], i: number): number => rows.reduce((s, r) => s + (r[i] ?? 0), 0);

/** Stacked decisions: cumulative series drawn widest first, each legend showing its own count. */
function stacked(t: DecisionSeries): { series: object[]; data: Series[] } {
  const order = [t.allow, t.throttle, t.quarantine, t.drop];
  const names = ['ALLOW', 'THROTTLE', 'QUARANTINE', 'DROP'] as const;
  const series: object[] = [];
  const rows: Series[] = [];
  for (let level = order.length; level >= 1; level--) {
    const own = order[level - 1]!;
    rows.push(own.map((_, i) => sum(order.slice(0, level), i)));
    const color = COLORS[names[level - 1]!];
    series.push({
      label: names[level - 1],
      stroke: color,
      fill: color,
      width: 0,
      paths: steps(),
      points: { show: false },
      value: (_u: unknown, _v: number | null, _s: number, idx: number | null) =>
        idx === null ? '—' : String(own[idx] ?? 0),
    });
  }
  return { series, data: rows };
}

/** Counts per bucket drawn as steps: each bucket holds its value across its width. */
const steps = () => uPlot.paths.stepped({ align: 1 });

/** A constant line (an SLO, a budget, a limit) across the grid. */
const line = (n: number, value: number | null): Series => Array.from({ length: n }, () => value);

const sync = { key: 'tg', setSeries: false };

function panel(
  target: HTMLElement,
  title: string,
  x: number[],
  series: object[],
  rows: Series[],
  hooks = {},
) {
  const box = document.createElement('div');
  box.className = 'tg-panel';
  const h = document.createElement('h4');
  h.textContent = title;
  box.append(h);
  target.append(box);
  // Two panels a row: the figure's content box (12 px padding each side) less the 16 px gap.
  const width = Math.max(320, Math.floor((target.clientWidth - 24 - 16) / 2));
  return new uPlot(
    {
      width,
      height: HEIGHT,
      tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
      cursor: { sync },
      scales: { x: { time: true } },
      series: [{ label: 'UTC' }, ...series],
      hooks,
    },
    [x, ...rows],
    box,
  );
}

/** The circuit band: each bucket not CLOSED shaded behind the series, a line at every change. */
function circuitBand(circuit: (0 | 1 | 2)[], x: number[], bucket: number) {
  return {
    drawClear: [
      (u: UPlotInstance) => {
        const { top, height } = u.bbox;
        u.ctx.save();
        circuit.forEach((state, i) => {
          const left = u.valToPos(x[i]!, 'x', true);
          const right = u.valToPos(x[i]! + bucket, 'x', true);
          if (state !== 0) {
            u.ctx.fillStyle = CIRCUIT[state]!;
            u.ctx.fillRect(left, top, right - left, height);
          }
          if (i > 0 && state !== circuit[i - 1]) {
            u.ctx.fillStyle = '#59636e';
            u.ctx.fillRect(Math.round(left), top, 1, height);
          }
        });
        u.ctx.restore();
      },
    ],
  };
}

function caption(e: ChartEndpoint): string {
  const open = e.timeline.circuit.filter((c) => c !== 0).length;
  const circuit =
    e.circuit_transitions === 0
      ? 'circuit CLOSED throughout'
      : `circuit: ${e.circuit_transitions} transitions, not CLOSED in ${open} buckets (shaded: HALF_OPEN yellow, OPEN red)`;
  return `${e.verdict} · ${e.requests} requests · ${circuit}`;
}

function endpointFigure(root: HTMLElement, e: ChartEndpoint, grid: TimelineGrid, x: number[]) {
  const figure = document.createElement('figure');
  figure.className = 'tg-chart';
  figure.dataset.endpoint = e.key;
  figure.dataset.points = String(x.length);
  const head = document.createElement('figcaption');
  const key = document.createElement('code');
  key.textContent = e.key;
  head.append(key, ` ${caption(e)}`);
  figure.append(head);
  root.append(figure);
  const t = e.timeline;
  const n = x.length;
  const decisions = stacked(t);
  panel(
    figure,
    `Requests per ${grid.bucket_s} s by decision; circuit state behind`,
    x,
    decisions.series,
    decisions.data,
    circuitBand(t.circuit, x, grid.bucket_s),
  );
  panel(
    figure,
    'Latency (ms) against the SLO',
    x,
    [
      { label: 'p50', stroke: '#0969da', spanGaps: true },
      { label: 'p95', stroke: '#8250df', spanGaps: true },
      { label: `SLO ${e.slo_ms} ms`, stroke: '#d1242f', dash: [6, 4] },
    ],
    [t.p50_ms, t.p95_ms, line(n, e.slo_ms)],
  );
  const total = t.allow.map((_, i) => sum([t.allow, t.throttle, t.quarantine, t.drop], i));
  const rate = t.errors.map((errors, i) => (total[i] === 0 ? null : errors / total[i]!));
  panel(
    figure,
    'Error rate against the budget',
    x,
    [
      { label: 'error rate', stroke: '#d1242f' },
      { label: 'budget', stroke: '#59636e', dash: [6, 4] },
    ],
    [rate, line(n, e.error_budget)],
  );
  panel(
    figure,
    'Peak requests per minute against the limit',
    x,
    [
      { label: 'peak rpm', stroke: '#0969da' },
      { label: `limit ${e.rpm_limit}`, stroke: '#d1242f', dash: [6, 4] },
    ],
    [t.peak_rpm, line(n, e.rpm_limit)],
  );
}

function othersFigure(root: HTMLElement, o: OthersTimeline, grid: TimelineGrid, x: number[]) {
  const figure = document.createElement('figure');
  figure.className = 'tg-chart tg-others';
  figure.dataset.points = String(x.length);
  const head = document.createElement('figcaption');
  head.textContent = `All other endpoints (${o.endpoints}), summed`;
  figure.append(head);
  root.append(figure);
  const decisions = stacked(o);
  panel(figure, `Requests per ${grid.bucket_s} s by decision`, x, decisions.series, decisions.data);
  panel(figure, `Errors per ${grid.bucket_s} s`, x, [{ label: 'errors', stroke: '#d1242f' }], [o.errors]);
}

function main() {
  const root = document.getElementById('tg-charts');
  if (root === null || data.grid === null) return;
  const x = times(data.grid);
  for (const e of data.endpoints) endpointFigure(root, e, data.grid, x);
  if (data.others !== null && data.others.endpoints > 0) othersFigure(root, data.others, data.grid, x);
  document.documentElement.dataset.charts = 'ready';
}

main();
