/**
 * Per-endpoint aggregation while records stream by: decisions by kind, the reason codes of the
 * decisions that were not ALLOW, disallowed methods by method, circuit transitions with their event
 * time. Latency, errors and rates come from the engine's own endpoint state at the end. Memory grows
 * with endpoints (and the few dozen reason codes), never with events.
 */
import type { EndpointState } from '../engine/engine.js';
import type { DecisionRecord, Unchained } from '../model.js';
import { compareText } from '../report/order.js';
import type { DecisionCounts, EndpointResult } from '../result.js';
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
}

export class EndpointAggregator {
  private readonly tallies = new Map<string, Tally>();

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
    tally.transitionCount += record.circuit_transitions.length;
    for (const t of record.circuit_transitions) {
      if (tally.transitions.length >= MAX_TRANSITIONS_PER_ENDPOINT) break;
      tally.transitions.push({
        from: t.from,
        to: t.to,
        timestamp: states.get(record.endpoint_key)!.window.nowS,
      });
    }
  }

  /** One result per endpoint, sorted by endpoint_key (code-unit order, locale-free). */
  results(states: ReadonlyMap<string, EndpointState>, minShare: number): EndpointResult[] {
    const keys = [...this.tallies.keys()].sort(); // default sort: UTF-16 code units, no locale
    return keys.map((key) => {
      const tally = this.tallies.get(key)!;
      const state = states.get(key);
      if (!state) throw new Error(`internal: no engine state for endpoint ${key}`);
      return endpointResult(key, tally, state, minShare);
    });
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
