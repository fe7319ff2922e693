/**
 * A result.json timeline in the shape of contracts §1 (issue 16), made up from a result's own
 * counts: a stand-in for the engine's event-time buckets in tests of the page that draws them.
 */
import type { RunResult } from '../../src/index.js';
import type { EndpointTimeline, OthersTimeline, TimelineGrid } from '../../src/report/html/data.js';
import { worstFirst } from '../../src/report/order.js';

/** Spreads `total` over `n` buckets, deterministically (a saw-tooth), summing to `total`. */
function spread(total: number, n: number, phase: number): number[] {
  const weights = Array.from({ length: n }, (_, i) => 1 + ((i * 7 + phase) % 5));
  const sum = weights.reduce((a, b) => a + b, 0);
  let cumulative = 0;
  return weights.map((w) => {
    const before = Math.round((total * cumulative) / sum);
    cumulative += w;
    return Math.round((total * cumulative) / sum) - before;
  });
}

export function endpointTimeline(
  e: RunResult['endpoints'][number],
  n: number,
  phase: number,
): EndpointTimeline {
  const allow = spread(e.decisions.ALLOW, n, phase);
  const throttle = spread(e.decisions.THROTTLE, n, phase + 1);
  const quarantine = spread(e.decisions.QUARANTINE, n, phase + 2);
  const drop = spread(e.decisions.DROP, n, phase + 3);
  const requests = allow.map((a, i) => a + throttle[i]! + quarantine[i]! + drop[i]!);
  const open = e.circuit_transition_count > 0;
  return {
    allow,
    throttle,
    quarantine,
    drop,
    errors: spread(e.errors, n, phase + 4).map((x, i) => Math.min(x, requests[i]!)),
    p50_ms: requests.map((r, i) => (r === 0 ? null : e.latency_ms.p50 * (0.8 + (i % 4) / 10))),
    p95_ms: requests.map((r, i) => (r === 0 ? null : e.latency_ms.p95 * (0.8 + (i % 5) / 10))),
    circuit: allow.map((_, i) => (open && i >= n / 2 ? (i % 6 === 0 ? 1 : 2) : 0)),
    peak_rpm: requests.map((r) => r * 2),
  };
}

/** `result` with a timeline of `buckets` buckets: the first `charted` endpoints by severity, the rest summed. */
export function withTimeline(result: RunResult, buckets: number, charted = 50): RunResult {
  const grid: TimelineGrid = { start: 1773133200, bucket_s: 2, buckets };
  const order = worstFirst(result.endpoints).map((e) => e.endpoint_key);
  const rank = new Map(order.map((key, i) => [key, i]));
  const zeros = (): number[] => Array.from({ length: buckets }, () => 0);
  const others: OthersTimeline = {
    allow: zeros(),
    throttle: zeros(),
    quarantine: zeros(),
    drop: zeros(),
    errors: zeros(),
    endpoints: 0,
  };
  const endpoints = result.endpoints.map((e) => {
    const i = rank.get(e.endpoint_key)!;
    const timeline = endpointTimeline(e, buckets, i);
    if (i < charted) return { ...e, timeline };
    others.endpoints++;
    for (const k of ['allow', 'throttle', 'quarantine', 'drop', 'errors'] as const)
      timeline[k].forEach((v, j) => {
        others[k][j]! += v;
      });
    // The engine's own timeline (another grid) is replaced, not kept beside this one.
    const { timeline: _own, ...rest } = e;
    return rest;
  });
  return { ...result, endpoints, timeline: grid, timeline_others: others } as RunResult;
}
