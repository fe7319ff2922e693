import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../src/engine/circuit.js';

const config = {
  sliding_window_size: 4,
  minimum_calls: 4,
  wait_duration_s: 10,
  permitted_calls_in_half_open: 2,
};

describe('CircuitBreaker (resilience4j count-based, event time)', () => {
  it('stays closed below minimum calls even at 100% failures', () => {
    const cb = new CircuitBreaker(config, 0.5);
    for (let i = 0; i < 3; i++) cb.call(i, true);
    expect(cb.state).toBe('CLOSED');
  });

  it('opens when the failure rate reaches the threshold (>=)', () => {
    const cb = new CircuitBreaker(config, 0.5);
    cb.call(0, true);
    cb.call(1, false);
    cb.call(2, true);
    const out = cb.call(3, false); // 2 of 4 = 0.5
    expect(out.transitions).toEqual([{ from: 'CLOSED', to: 'OPEN' }]);
    expect(out.admittedIn).toBe('CLOSED');
  });

  it('counts only the last N calls', () => {
    const cb = new CircuitBreaker(config, 0.75);
    cb.call(0, true);
    cb.call(1, true);
    cb.call(2, false);
    cb.call(3, false); // 0.5
    cb.call(4, true); // window: T F F T = 0.5
    expect(cb.state).toBe('CLOSED');
    cb.call(5, true); // F F T T → still 0.5
    expect(cb.state).toBe('CLOSED');
    cb.call(6, true); // F T T T = 0.75
    expect(cb.state).toBe('OPEN');
  });

  it('refuses calls while open, then half-opens after the wait and reopens on failures', () => {
    const cb = new CircuitBreaker(config, 0.5);
    for (let i = 0; i < 4; i++) cb.call(i, true);
    expect(cb.state).toBe('OPEN');
    expect(cb.call(12, false)).toEqual({ admittedIn: 'OPEN', permitted: false, transitions: [] });
    const first = cb.call(13, true);
    expect(first.transitions).toEqual([{ from: 'OPEN', to: 'HALF_OPEN' }]);
    expect(first.admittedIn).toBe('HALF_OPEN');
    const second = cb.call(14, false); // 1 of 2 failed = 0.5 → OPEN again
    expect(second.transitions).toEqual([{ from: 'HALF_OPEN', to: 'OPEN' }]);
    expect(cb.openedAtS).toBe(14);
  });
});

describe('CircuitBreaker details', () => {
  it('reports a failure rate of 0 before any call, and every permitted call as permitted', () => {
    const cb = new CircuitBreaker(config, 0.5);
    expect(cb.failureRate).toBe(0);
    expect(cb.call(0, false)).toEqual({ admittedIn: 'CLOSED', permitted: true, transitions: [] });
    expect(cb.failureRate).toBe(0);
    cb.call(1, true);
    expect(cb.failureRate).toBe(0.5);
  });

  it('waits for every permitted half-open call before it closes', () => {
    const cb = new CircuitBreaker({ ...config, permitted_calls_in_half_open: 3 }, 0.5);
    for (let i = 0; i < 4; i++) cb.call(i, true);
    expect(cb.state).toBe('OPEN');
    expect(cb.call(20, false)).toEqual({
      admittedIn: 'HALF_OPEN',
      permitted: true,
      transitions: [{ from: 'OPEN', to: 'HALF_OPEN' }],
    });
    expect(cb.call(21, false).transitions).toEqual([]);
    expect(cb.state).toBe('HALF_OPEN');
    expect(cb.call(22, false).transitions).toEqual([{ from: 'HALF_OPEN', to: 'CLOSED' }]);
  });
});
