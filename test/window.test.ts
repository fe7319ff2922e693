import { describe, expect, it } from 'vitest';
import { clamp01, EndpointWindow, SKETCH_RELATIVE_ACCURACY } from '../src/engine/window.js';

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

describe('EndpointWindow at its boundaries', () => {
  it('starts empty: no quantile, no error rate, the whole budget, no burn', () => {
    const w = new EndpointWindow(config);
    expect(w.quantile(0.5)).toBe(0);
    expect(w.requestsPerMinute).toBe(0);
    expect(w.windowErrorRate).toBe(0);
    expect(w.errorBudgetRemaining(0.01)).toBe(1);
    expect(w.burnRates(0.01)).toEqual({ short: 0, long: 0 });
    expect(w.minBurnRate(0.01)).toBe(0);
  });

  it('drops an event from the rate window exactly rate_window_s later, not a millisecond sooner', () => {
    const w = new EndpointWindow(config);
    w.record(1000, 1, true);
    w.record(1059.999, 1, false);
    expect([w.requestsPerMinute, w.windowErrorRate]).toEqual([2, 0.5]);
    w.record(1060, 1, false);
    expect([w.requestsPerMinute, w.windowErrorRate]).toEqual([2, 0]); // the error left the window
    w.record(1200, 1, false);
    expect([w.requestsPerMinute, w.windowErrorRate]).toEqual([1, 0]);
    expect(w.peakRequestsPerMinute).toBe(2);
    expect([w.requestCount, w.errorCount, w.firstSeenS, w.nowS]).toEqual([4, 1, 1000, 1200]);
  });

  it('scales requests per minute to the rate window', () => {
    const w = new EndpointWindow({ ...config, rate_window_s: 30 });
    for (const t of [1000, 1010, 1020]) w.record(t, 1, false);
    expect(w.requestsPerMinute).toBe(6);
    w.record(1035, 1, false); // (1005, 1035]: 1010, 1020, 1035
    expect(w.requestsPerMinute).toBe(6);
    w.record(1080, 1, false);
    expect(w.requestsPerMinute).toBe(2);
    expect(w.peakRequestsPerMinute).toBe(6);
  });

  it('keeps more than 64 events in the rate window exactly, after the ring has wrapped', () => {
    const w = new EndpointWindow(config);
    for (let i = 0; i < 40; i++) w.record(1000 + i / 10, 1, i % 2 === 0); // 20 errors, t = 1000..1003.9
    // 61.0 s later the first 40 are gone; the ring's head is no longer at 0 when it grows
    for (let i = 0; i < 150; i++) w.record(1065 + i / 10, 1, i < 30); // t = 1065..1079.9
    expect(w.requestsPerMinute).toBe(150);
    expect(w.windowErrorRate).toBe(30 / 150);
    // 1125.05: (1065.05, 1125.05] keeps i = 1..149 and this one
    w.record(1125.05, 1, false);
    expect(w.requestsPerMinute).toBe(150);
    expect(w.windowErrorRate).toBe(29 / 150);
    w.record(1137.95, 1, false); // keeps i = 130..149, the one before and this one
    expect(w.requestsPerMinute).toBe(22);
    expect(w.windowErrorRate).toBe(0);
    expect(w.peakRequestsPerMinute).toBe(150);
  });

  it('keeps an error in the short burn window for 295 s and forgets it once 300 s have passed', () => {
    const w = new EndpointWindow(config); // short window: 60 buckets of 5 s
    w.record(1000, 5, true);
    w.record(1295, 5, false);
    expect(w.burnRates(0.1)).toEqual({ short: 5, long: 5 });
    expect(w.minBurnRate(0.1)).toBe(5);
    w.record(1300, 5, false);
    expect(w.burnRates(0.1).short).toBe(0);
    expect(w.burnRates(0.1).long).toBeCloseTo(10 / 3, 10);
    expect(w.minBurnRate(0.1)).toBe(0);
  });

  it('takes the smaller burn rate: a fresh burst burns the short window more than the long one', () => {
    const w = new EndpointWindow(config);
    for (let i = 0; i < 9; i++) w.record(1000 + i, 5, false);
    w.record(1400, 5, true); // short: 1 of 1; long: 1 of 10
    expect(w.burnRates(0.5)).toEqual({ short: 2, long: 0.2 });
    expect(w.minBurnRate(0.5)).toBe(0.2);
  });

  it('clears only the buckets that went stale, and every one of them after a long gap', () => {
    const w = new EndpointWindow({ ...config, burn_short_s: 60 }); // 1 s buckets
    w.record(1000, 5, true);
    w.record(1030, 5, true);
    w.record(1059, 5, false);
    expect(w.burnRates(1).short).toBeCloseTo(2 / 3, 10);
    w.record(1060, 5, false); // the bucket of 1000 is stale, the one of 1030 is not
    expect(w.burnRates(1).short).toBeCloseTo(1 / 3, 10);
    w.record(1090, 5, false);
    expect(w.burnRates(1).short).toBe(0);
    w.record(2000, 5, true);
    expect(w.burnRates(1).short).toBe(1);
    expect(w.burnRates(1).long).toBeCloseTo(0.5, 10);
  });

  it('gives a window narrower than 60 ms buckets of 1 ms', () => {
    const w = new EndpointWindow({ rate_window_s: 60, burn_short_s: 0.03, burn_long_s: 3600 });
    w.record(1000, 5, true);
    w.record(1000.059, 5, false);
    expect(w.burnRates(1)).toEqual({ short: 0.5, long: 0.5 });
    w.record(1000.06, 5, false);
    expect(w.burnRates(1).short).toBe(0);
  });

  it('averages requests per minute since the first event over at least one rate window', () => {
    const w = new EndpointWindow(config);
    w.record(1000, 1, false);
    w.record(1030, 1, false);
    expect(w.meanRequestsPerMinute(60)).toBe(2);
    w.record(1180, 1, false);
    expect(w.meanRequestsPerMinute(60)).toBe(1);
    expect(w.meanRequestsPerMinute(360)).toBe(0.5);
  });

  it('rounds quantiles to whole microseconds', () => {
    const w = new EndpointWindow(config);
    w.record(1000, 123.4567891, false);
    const q = w.quantile(0.5);
    expect(Math.abs(q - 123.4567891) / 123.4567891).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY);
    expect(Math.round(q * 1000)).toBe(q * 1000);
  });

  it('clamps the error budget remaining to [0, 1]', () => {
    const w = new EndpointWindow(config);
    for (let i = 0; i < 3; i++) w.record(1000, 5, i === 0);
    expect(w.errorBudgetRemaining(0.5)).toBeCloseTo(1 / 3, 10);
    expect(w.errorBudgetRemaining(0.1)).toBe(0);
    expect([clamp01(-0.5), clamp01(0.25), clamp01(1.5)]).toEqual([0, 0.25, 1]);
  });
});
