/**
 * Per-endpoint aggregation while records stream by: decisions by kind, the reason codes of the
 * decisions that were not ALLOW, disallowed methods by method, circuit transitions with their event
 * time, and the per-endpoint time buckets (run/timeline.ts). Latency, errors and rates come from the
 * engine's own endpoint state at the end. Memory grows with endpoints (and the few dozen reason codes)
 * times the buckets, never with events.
 */
import type { EndpointState } from '../engine/engine.js';
import type { DecisionRecord, Unchained } from '../model.js';
import { compareText, worstFirst } from '../report/order.js';
import type { DecisionCounts, EndpointResult, RunResult } from '../result.js';
import { type EndpointSeries, summed, TIMELINE_ENDPOINTS, TimelineGrid } from './timeline.js';
import { emptyCounts, endpointVerdict } from './verdict.js';

/** An endpoint whose circuit flaps keeps its first transitions only. */
export const MAX_TRANSITIONS_PER_ENDPOINT = 100;

interface Tally {
  decisions: DecisionCounts;
  /** Reason code → requests not ALLOWed that gave it (a few dozen codes at most). */
  reasons: Map<string, number>;
  disallowed: Map<string, number>;
  transitions: EndpointResult['circuit_transitions'];
  transitionCount: number;
  series: EndpointSeries;
  /** The endpoint window's error count after the previous record (so this record's error is the difference). */
  errorsBefore: number;
}

export class EndpointAggregator {
  private readonly tallies = new Map<string, Tally>();
  private readonly grid = new TimelineGrid();

  /** `states`: the engine's, whose event time after the record is what the circuit saw. */
  add(record: Unchained<DecisionRecord>, states: ReadonlyMap<string, EndpointState>): void {
    let tally = this.tallies.get(record.endpoint_key);
    if (!tally) {
      tally = {
        decisions: emptyCounts(),
        reasons: new Map(),
        disallowed: new Map(),
        transitions: [],
        transitionCount: 0,
        series: this.grid.newSeries(),
        errorsBefore: 0,
      };
      this.tallies.set(record.endpoint_key, tally);
    }
    tally.decisions[record.decision]++;
    if (record.decision !== 'ALLOW') {
      for (const code of record.reason_codes) tally.reasons.set(code, (tally.reasons.get(code) ?? 0) + 1);
    }
    if (record.risk_factors.method_disallowed) {
      const method = record.request.method;
      tally.disallowed.set(method, (tally.disallowed.get(method) ?? 0) + 1);
    }
    const window = states.get(record.endpoint_key)!.window;
    tally.transitionCount += record.circuit_transitions.length;
    for (const t of record.circuit_transitions) {
      if (tally.transitions.length >= MAX_TRANSITIONS_PER_ENDPOINT) break;
      tally.transitions.push({ from: t.from, to: t.to, timestamp: window.nowS });
    }
    this.grid.add(tally.series, {
      time: window.nowS,
      decision: record.decision,
      error: window.errorCount > tally.errorsBefore,
      latencyMs: record.request.latency_ms,
      circuit: record.circuit_state,
      rpm: window.requestsPerMinute,
    });
    tally.errorsBefore = window.errorCount;
  }

  /**
   * One result per endpoint, sorted by endpoint_key (code-unit order, locale-free); the first
   * TIMELINE_ENDPOINTS (50) worst first carry their timeline.
   */
  results(states: ReadonlyMap<string, EndpointState>, minShare: number): EndpointResult[] {
    const keys = [...this.tallies.keys()].sort(); // default sort: UTF-16 code units, no locale
    const results = keys.map((key) => {
      const tally = this.tallies.get(key)!;
      const state = states.get(key);
      if (!state) throw new Error(`internal: no engine state for endpoint ${key}`);
      return endpointResult(key, tally, state, minShare);
    });
    const { buckets } = this.grid.grid;
    for (const e of worstFirst(results).slice(0, TIMELINE_ENDPOINTS)) {
      e.timeline = this.tallies.get(e.endpoint_key)!.series.toJson(buckets);
    }
    return results;
  }

  /** The run's grid, and the series of the endpoints in `results` without a timeline, summed. */
  timeline(results: readonly EndpointResult[]): Required<Pick<RunResult, 'timeline' | 'timeline_others'>> {
    const grid = this.grid.grid;
    const others = results.filter((e) => !e.timeline).map((e) => this.tallies.get(e.endpoint_key)!.series);
    return { timeline: grid, timeline_others: summed(others, grid.buckets) };
  }
}

function endpointResult(key: string, tally: Tally, state: EndpointState, minShare: number): EndpointResult {
  const w = state.window;
  const slo = state.slo;
  const { verdict, share } = endpointVerdict(tally.decisions, minShare);
  return {
    endpoint_key: key,
    contract_id: state.contract?.contract_id ?? null,
    kind: state.contract ? 'contract' : 'unknown',
    requests: w.requestCount,
    errors: w.errorCount,
    error_rate: w.requestCount === 0 ? 0 : w.errorCount / w.requestCount,
    error_budget: slo.error_budget,
    latency_ms: {
      p50: w.quantile(0.5),
      p95: w.quantile(0.95),
      p99: w.quantile(0.99),
      slo: slo.max_latency_ms,
    },
    rpm: { peak: w.peakRequestsPerMinute, limit: slo.rate_limit_rpm },
    error_budget_remaining: w.errorBudgetRemaining(slo.error_budget),
    decisions: tally.decisions,
    reasons: sortedCounts(tally.reasons),
    disallowed_methods: sortedCounts(tally.disallowed),
    circuit_transitions: tally.transitions,
    circuit_transition_count: tally.transitionCount,
    circuit_state: state.circuit.state,
    verdict,
    verdict_share: share,
  };
}

const sortedCounts = (counts: ReadonlyMap<string, number>): Record<string, number> =>
  Object.fromEntries([...counts].sort(([a], [b]) => compareText(a, b)));
