/** The progress line on a terminal: events, events per second, rejected so far; redrawn at most every 200 ms. */
import type { RunProgress } from '../run.js';
import type { CliIo } from './io.js';

const INTERVAL_MS = 200;

export interface Progress {
  /** Undefined when stderr is not a terminal: nothing is drawn. */
  update: ((progress: RunProgress) => void) | undefined;
  /** Clears the line, if one was drawn. */
  done(): void;
}

export const count = (n: number): string => Math.round(n).toLocaleString('en-US');

export function progressLine(io: CliIo): Progress {
  const { status, now } = io;
  if (!status || !now) return { update: undefined, done: () => {} };
  const start = now();
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    update(progress) {
      const t = now();
      if (t - last < INTERVAL_MS) return;
      last = t;
      const seconds = (t - start) / 1000;
      const rate = seconds > 0 ? ` (${count(progress.events / seconds)}/s)` : '';
      status(`evaluating: ${count(progress.events)} events${rate}, ${count(progress.rejected)} rejected`);
      drawn = true;
    },
    done() {
      if (drawn) status('');
    },
  };
}
