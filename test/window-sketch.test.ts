/**
 * LatencySketch answers exactly what @datadog/sketches-js's DDSketch answers, for the tracked
 * quantile asked after every value (the engine's pattern) and for any other quantile.
 */
import { DDSketch } from '@datadog/sketches-js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencySketch } from '../src/engine/sketch.js';
import { fuzzOptions } from './support/fuzz.js';

const options = fuzzOptions(150, 2_000);
const latency = fc.oneof(
  fc.double({ min: 0, max: 86_400_000, noNaN: true }),
  fc.integer({ min: 0, max: 5_000 }),
  fc.constantFrom(0, 1e-300, 0.001, 3, 45.5, 60_000),
  fc.double({ min: -1000, max: 1000, noNaN: true }),
);

describe('LatencySketch', () => {
  it('gives DDSketch quantiles, value by value', () => {
    fc.assert(
      fc.property(
        fc.array(latency, { minLength: 1, maxLength: 300 }),
        fc.constantFrom(0.5, 0.95, 0.99),
        (values, tracked) => {
          const reference = new DDSketch({ relativeAccuracy: 0.01 });
          const ours = new LatencySketch(0.01, tracked);
          for (const v of values) {
            reference.accept(v);
            ours.accept(v);
            expect(ours.quantile(tracked)).toBe(reference.getValueAtQuantile(tracked));
          }
          for (const q of [0, 0.25, 0.5, 0.95, 0.99, 1]) {
            expect(ours.quantile(q)).toBe(reference.getValueAtQuantile(q));
          }
        },
      ),
      options,
    );
  });

  it('follows a drifting distribution over many values', () => {
    const reference = new DDSketch({ relativeAccuracy: 0.01 });
    const ours = new LatencySketch(0.01, 0.95);
    let x = 7;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 48271) % 2147483647;
      const v = (x / 2147483647) * (i < 10_000 ? 100 : 5_000) + (i % 1000 === 0 ? 50_000 : 0);
      reference.accept(v);
      ours.accept(v);
      if (i % 7 === 0) expect(ours.quantile(0.95)).toBe(reference.getValueAtQuantile(0.95));
    }
    expect(ours.quantile(0.5)).toBe(reference.getValueAtQuantile(0.5));
  });
});

describe('LatencySketch at its edges', () => {
  it('answers NaN when empty or asked outside [0, 1]', () => {
    const s = new LatencySketch(0.01, 0.95);
    expect(s.quantile(0.5)).toBeNaN();
    s.accept(10);
    expect([s.quantile(-0.01), s.quantile(1.01)]).toEqual([Number.NaN, Number.NaN]);
    expect(s.quantile(0)).toBe(s.quantile(1));
    expect(s.quantile(0)).not.toBeNaN();
  });

  it('takes its relative accuracy from the caller', () => {
    const reference = new DDSketch({ relativeAccuracy: 0.05 });
    const ours = new LatencySketch(0.05, 0.5);
    for (const v of [1, 10, 100, 1000]) {
      reference.accept(v);
      ours.accept(v);
    }
    for (const q of [0, 0.5, 0.95, 1]) expect(ours.quantile(q)).toBe(reference.getValueAtQuantile(q));
  });

  it('counts a value at the smallest magnitude the mapping knows as zero, like the library', () => {
    const probe = new LatencySketch(0.01, 0.5);
    const tiny = probe.mapping.minPossible;
    for (const v of [tiny, -tiny]) {
      const reference = new DDSketch({ relativeAccuracy: 0.01 });
      const ours = new LatencySketch(0.01, 0.5);
      reference.accept(v);
      ours.accept(v);
      expect(ours.quantile(0.5)).toBe(0);
      expect(reference.getValueAtQuantile(0.5)).toBe(0);
    }
  });
});
