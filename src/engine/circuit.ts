/**
 * Circuit breaker with resilience4j's count-based semantics, driven by event time:
 * CLOSED records outcomes in a sliding window of the last N calls and opens when at least
 * `minimum_calls` were recorded and the failure rate is >= the threshold; OPEN permits no call
 * until `wait_duration_s` has passed, then the next call moves it to HALF_OPEN; HALF_OPEN
 * permits a fixed number of calls and then closes or opens again on their failure rate.
 */
import { CircuitState } from '../model.js';

export interface CircuitConfig {
  sliding_window_size: number;
  minimum_calls: number;
  wait_duration_s: number;
  permitted_calls_in_half_open: number;
}

export interface CircuitTransition {
  from: CircuitState;
  to: CircuitState;
}

export interface CircuitOutcome {
  /** The state the call was admitted (or refused) in. */
  admittedIn: CircuitState;
  /** False when the circuit was OPEN: the call was not permitted and its outcome not recorded. */
  permitted: boolean;
  /** Transitions this call caused, in order. */
  transitions: CircuitTransition[];
}

export class CircuitBreaker {
  state: CircuitState = CircuitState.CLOSED;
  openedAtS = 0;
  private outcomes: Uint8Array;
  /** As resilience4j: a window smaller than minimum_calls evaluates once it is full. */
  private readonly minimumCalls: number;
  private next = 0;
  private recorded = 0;
  private failures = 0;

  constructor(
    private readonly config: CircuitConfig,
    readonly failureRateThreshold: number,
  ) {
    this.outcomes = new Uint8Array(config.sliding_window_size);
    this.minimumCalls = Math.min(config.minimum_calls, config.sliding_window_size);
  }

  /** Failure rate of the calls recorded in the current state's window (0 when none). */
  get failureRate(): number {
    return this.recorded === 0 ? 0 : this.failures / this.recorded;
  }

  call(nowS: number, failed: boolean): CircuitOutcome {
    const transitions: CircuitTransition[] = [];
    if (this.state === CircuitState.OPEN) {
      if (nowS - this.openedAtS < this.config.wait_duration_s) {
        return { admittedIn: CircuitState.OPEN, permitted: false, transitions };
      }
      this.moveTo(CircuitState.HALF_OPEN, transitions, this.config.permitted_calls_in_half_open);
    }
    const admittedIn = this.state;
    this.recordOutcome(failed);
    if (this.state === CircuitState.CLOSED) {
      if (this.recorded >= this.minimumCalls && this.failureRate >= this.failureRateThreshold) {
        this.open(nowS, transitions);
      }
    } else if (this.recorded >= this.config.permitted_calls_in_half_open) {
      if (this.failureRate >= this.failureRateThreshold) this.open(nowS, transitions);
      else this.moveTo(CircuitState.CLOSED, transitions, this.config.sliding_window_size);
    }
    return { admittedIn, permitted: true, transitions };
  }

  private open(nowS: number, transitions: CircuitTransition[]): void {
    this.openedAtS = nowS;
    this.moveTo(CircuitState.OPEN, transitions, this.config.sliding_window_size);
  }

  private moveTo(to: CircuitState, transitions: CircuitTransition[], windowSize: number): void {
    transitions.push({ from: this.state, to });
    this.state = to;
    this.outcomes = new Uint8Array(windowSize);
    this.next = 0;
    this.recorded = 0;
    this.failures = 0;
  }

  private recordOutcome(failed: boolean): void {
    const size = this.outcomes.length;
    if (this.recorded === size) this.failures -= this.outcomes[this.next]!;
    else this.recorded++;
    this.outcomes[this.next] = failed ? 1 : 0;
    if (failed) this.failures++;
    this.next = (this.next + 1) % size;
  }
}
