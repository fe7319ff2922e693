import { describe, expect, it } from 'vitest';
import { EndpointWindow, SKETCH_RELATIVE_ACCURACY } from '../src/engine/window.js';

const config = { rate_window_s: 60, burn_short_s: 300, burn_long_s: 3600 };

describe('EndpointWindow', () => {
  it('counts requests per minute over an exact sliding 60 s window', () => {
    const w = new EndpointWindow(config);
    for (let t = 0; t < 120; t++) w.record(1000 + t, 10, false);
    // the window (1119 - 60, 1119] holds t = 1060..1119: 60 events
    expect(w.requestsPerMinute).toBe(60);
    w.record(1000 + 150, 10, false); // (1090, 1150]: 1091..1119 and this one
    expect(w.requestsPerMinute).toBe(30);
  });

  it('never lets time go backwards: a late event counts as now', () => {
    const w = new EndpointWindow(config);
    w.record(2000, 1, false);
    w.record(1000, 1, false);
    expect(w.nowS).toBe(2000);
    expect(w.requestsPerMinute).toBe(2);
  });

  it('reports quantiles within the sketch error bound', () => {
    const w = new EndpointWindow(config);
    for (let i = 1; i <= 1000; i++) w.record(1000, i, false);
    for (const [q, exact] of [
      [0.5, 500],
      [0.95, 950],
      [0.99, 990],
    ] as const) {
      expect(Math.abs(w.quantile(q) - exact) / exact).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY + 1e-3);
    }
  });

  it('computes error budget remaining and burn rates by the SRE definitions', () => {
    const w = new EndpointWindow(config);
    for (let i = 0; i < 995; i++) w.record(1000 + i / 100, 5, false);
    for (let i = 0; i < 5; i++) w.record(1010, 5, true);
    // 5 errors of 1000 requests with a 1% budget: half the budget is spent; burn rate 0.5
    expect(w.errorBudgetRemaining(0.01)).toBeCloseTo(0.5, 10);
    expect(w.burnRates(0.01).short).toBeCloseTo(0.5, 10);
    expect(w.burnRates(0.01).long).toBeCloseTo(0.5, 10);
    for (let i = 0; i < 20; i++) w.record(1011, 5, true);
    expect(w.errorBudgetRemaining(0.01)).toBe(0);
  });

  it('forgets errors that left the short burn window but keeps them in the long one', () => {
    const w = new EndpointWindow(config);
    w.record(1000, 5, true);
    w.record(1000 + 600, 5, false);
    expect(w.burnRates(0.1).short).toBe(0);
    expect(w.burnRates(0.1).long).toBeCloseTo(5, 10);
  });
});
