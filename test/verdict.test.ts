/** run/verdict.ts: the gate's arithmetic, at its boundaries. */
import { describe, expect, it } from 'vitest';
import type { DecisionCounts } from '../src/result.js';
import {
  addCounts,
  EXIT,
  emptyCounts,
  endpointVerdict,
  exitCodeFor,
  runVerdict,
} from '../src/run/verdict.js';

const counts = (ALLOW: number, THROTTLE: number, QUARANTINE: number, DROP: number): DecisionCounts => ({
  ALLOW,
  THROTTLE,
  QUARANTINE,
  DROP,
});

describe('endpointVerdict', () => {
  it('gives ALLOW with share 0 to an endpoint without requests', () => {
    expect(endpointVerdict(emptyCounts(), 0)).toEqual({ verdict: 'ALLOW', share: 0 });
    expect(endpointVerdict(emptyCounts(), 0.5)).toEqual({ verdict: 'ALLOW', share: 0 });
  });

  it('with min_share 0, one request is enough', () => {
    expect(endpointVerdict(counts(97, 1, 1, 1), 0)).toEqual({ verdict: 'DROP', share: 0.01 });
    expect(endpointVerdict(counts(98, 1, 1, 0), 0)).toEqual({ verdict: 'QUARANTINE', share: 0.01 });
    expect(endpointVerdict(counts(99, 1, 0, 0), 0)).toEqual({ verdict: 'THROTTLE', share: 0.01 });
    expect(endpointVerdict(counts(4, 0, 0, 0), 0)).toEqual({ verdict: 'ALLOW', share: 1 });
  });

  it('counts a worse decision as reaching every milder one, and takes a share exactly at min_share', () => {
    // DROP 10%, QUARANTINE-or-worse 25%, THROTTLE-or-worse 50%
    const c = counts(50, 25, 15, 10);
    expect(endpointVerdict(c, 0.1)).toEqual({ verdict: 'DROP', share: 0.1 });
    expect(endpointVerdict(c, 0.11)).toEqual({ verdict: 'QUARANTINE', share: 0.25 });
    expect(endpointVerdict(c, 0.25)).toEqual({ verdict: 'QUARANTINE', share: 0.25 });
    expect(endpointVerdict(c, 0.26)).toEqual({ verdict: 'THROTTLE', share: 0.5 });
    expect(endpointVerdict(c, 0.5)).toEqual({ verdict: 'THROTTLE', share: 0.5 });
    expect(endpointVerdict(c, 0.51)).toEqual({ verdict: 'ALLOW', share: 1 });
    expect(endpointVerdict(c, 1)).toEqual({ verdict: 'ALLOW', share: 1 });
  });

  it('skips a decision no request reached, even with min_share 0', () => {
    expect(endpointVerdict(counts(0, 2, 0, 0), 0)).toEqual({ verdict: 'THROTTLE', share: 1 });
    expect(endpointVerdict(counts(0, 0, 0, 3), 1)).toEqual({ verdict: 'DROP', share: 1 });
  });
});

describe('counts, run verdict and exit codes', () => {
  it('adds counts into the first and returns it', () => {
    const into = counts(1, 2, 3, 4);
    expect(addCounts(into, counts(10, 20, 30, 40))).toBe(into);
    expect(into).toEqual(counts(11, 22, 33, 44));
    expect(emptyCounts()).toEqual(counts(0, 0, 0, 0));
    expect(emptyCounts()).not.toBe(emptyCounts());
  });

  it('takes the worst endpoint verdict, ALLOW without endpoints', () => {
    expect(runVerdict([])).toBe('ALLOW');
    expect(runVerdict(['THROTTLE', 'ALLOW'])).toBe('THROTTLE');
    expect(runVerdict(['ALLOW', 'DROP', 'QUARANTINE'])).toBe('DROP');
    expect(runVerdict(new Set(['QUARANTINE', 'THROTTLE'] as const))).toBe('QUARANTINE');
  });

  it('gates CONTROL and AUTONOMOUS (DROP fails, QUARANTINE warns) and never OBSERVE_ONLY', () => {
    expect(EXIT).toEqual({ PASS: 0, GATE_FAILED: 1, USAGE: 2, GATE_WARNING: 3, VERIFICATION: 4 });
    for (const tier of ['CONTROL', 'AUTONOMOUS'] as const) {
      expect(['ALLOW', 'THROTTLE', 'QUARANTINE', 'DROP'].map((v) => exitCodeFor(v as never, tier))).toEqual([
        0, 0, 3, 1,
      ]);
    }
    expect(
      ['ALLOW', 'THROTTLE', 'QUARANTINE', 'DROP'].map((v) => exitCodeFor(v as never, 'OBSERVE_ONLY')),
    ).toEqual([0, 0, 0, 0]);
  });
});
