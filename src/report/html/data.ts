/**
 * The data report.html embeds (`<script type="application/json" id="tg-data">`), read by the page's
 * charts and by the ledger verifier panel. Types only: shared by the renderer (Node) and the
 * browser code. The timeline shapes are those result.json carries (contracts §1).
 */
/** model.ts's Decision (not imported: model.ts reaches Node modules the browser build has not). */
type Decision = 'ALLOW' | 'THROTTLE' | 'QUARANTINE' | 'DROP';

/** The run's one time grid: bucket i covers [start + i·bucket_s, start + (i+1)·bucket_s). */
export interface TimelineGrid {
  start: number;
  bucket_s: number;
  buckets: number;
}

/** Per-bucket counts summed over the endpoints without their own timeline. */
export interface DecisionSeries {
  allow: number[];
  throttle: number[];
  quarantine: number[];
  drop: number[];
}

export interface OthersTimeline extends DecisionSeries {
  errors: number[];
  endpoints: number;
}

/** One endpoint's series on the grid, each `buckets` long; null where a bucket has no request. */
export interface EndpointTimeline extends Omit<OthersTimeline, 'endpoints'> {
  p50_ms: (number | null)[];
  p95_ms: (number | null)[];
  /** 0 CLOSED, 1 HALF_OPEN, 2 OPEN, at the end of the bucket. */
  circuit: (0 | 1 | 2)[];
  peak_rpm: number[];
}

export interface ChartEndpoint {
  key: string;
  kind: 'contract' | 'unknown';
  verdict: Decision;
  requests: number;
  slo_ms: number;
  error_budget: number | null;
  rpm_limit: number;
  circuit_transitions: number;
  timeline: EndpointTimeline;
}

export interface ReportData {
  verdict: Decision;
  grid: TimelineGrid | null;
  endpoints: ChartEndpoint[];
  others: OthersTimeline | null;
  ledger: { file: string; head_hash: string; records: number; checkpoint: string | null };
}
