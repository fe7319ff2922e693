/**
 * Input accounting: lines read, accepted, rejected and filtered per file, the first rejected lines as
 * samples, and the events that arrived out of order on their endpoint.
 */

import type { EndpointState } from '../engine/engine.js';
import { OUT_OF_ORDER_TOLERANCE_S } from '../engine/window.js';
import { formatPercent } from '../report/format.js';
import { compareText } from '../report/order.js';
import { visible } from '../report/text.js';
import {
  type Filtered,
  mostOutOfOrder,
  type OutOfOrder,
  type RejectedLine,
  type RunResult,
} from '../result.js';
import type { FilterRule } from '../traffic/filter.js';
import type { TrafficFormat } from '../traffic/index.js';

export const MAX_REJECTED_SAMPLES = 100;
/**
 * Applied when the policy leaves max_out_of_order_ratio out. Input recorded in time order (or
 * interleaved within the tolerance) counts none, so it runs as before; input whose order would
 * silently change decisions (reversed, or shards concatenated out of time order) is refused.
 */
export const DEFAULT_MAX_OUT_OF_ORDER_RATIO = 0.01;

/** The out-of-order events the engine's endpoint windows counted, against `accepted` events. */
export function outOfOrderTally(
  states: ReadonlyMap<string, EndpointState>,
  accepted: number,
  maxRatio: number | undefined,
): OutOfOrder {
  const keys = [...states.keys()].filter((key) => states.get(key)!.window.outOfOrder > 0).sort(compareText);
  const endpoints = Object.fromEntries(keys.map((key) => [key, states.get(key)!.window.outOfOrder]));
  const events = keys.reduce((sum, key) => sum + endpoints[key]!, 0);
  return {
    events,
    ratio: accepted === 0 ? 0 : events / accepted,
    max_ratio: maxRatio ?? DEFAULT_MAX_OUT_OF_ORDER_RATIO,
    tolerance_s: OUT_OF_ORDER_TOLERANCE_S,
    endpoints,
  };
}

type InputFile = RunResult['input']['files'][number];

export class InputTally {
  readonly files: InputFile[] = [];
  readonly samples: RejectedLine[] = [];
  /** Present when the policy has a traffic_filter: every rule it switches on, from 0. */
  readonly filtered: Filtered | undefined;
  read = 0;
  accepted = 0;
  rejected = 0;

  constructor(filterRules?: readonly FilterRule[]) {
    if (filterRules !== undefined) {
      this.filtered = { total: 0, by_rule: Object.fromEntries(filterRules.map((rule) => [rule, 0])) };
    }
  }

  startFile(file: string, format: TrafficFormat): InputFile {
    const entry: InputFile = { file, format, read: 0, accepted: 0, rejected: 0 };
    if (this.filtered !== undefined) entry.filtered = 0;
    this.files.push(entry);
    return entry;
  }

  /** A request the traffic_filter removed: read, neither accepted nor rejected. */
  filter(file: InputFile, rule: FilterRule): void {
    file.read++;
    file.filtered!++;
    this.read++;
    this.filtered!.total++;
    this.filtered!.by_rule[rule]!++;
  }

  accept(file: InputFile): void {
    file.read++;
    file.accepted++;
    this.read++;
    this.accepted++;
  }

  reject(file: InputFile, line: RejectedLine): void {
    file.read++;
    file.rejected++;
    this.read++;
    this.rejected++;
    if (this.samples.length < MAX_REJECTED_SAMPLES) this.samples.push(line);
  }

  /** Rejected ÷ lines read; filtered requests count neither for nor against it. */
  get ratio(): number {
    const counted = this.accepted + this.rejected;
    return counted === 0 ? 0 : this.rejected / counted;
  }

  summary(maxRejectedRatio: number, outOfOrder: OutOfOrder): RunResult['input'] {
    return {
      files: this.files,
      read: this.read,
      accepted: this.accepted,
      rejected: this.rejected,
      ...(this.filtered === undefined ? {} : { filtered: this.filtered }),
      rejected_ratio: this.ratio,
      max_rejected_ratio: maxRejectedRatio,
      rejected_samples: this.samples,
      out_of_order: outOfOrder,
    };
  }
}

/** "N of M events (x%) are older than …, (most on KEY: n)": what was counted, for messages. */
export function describeOutOfOrder(o: OutOfOrder, accepted: number): string {
  const [key, count] = mostOutOfOrder(o);
  return (
    `${o.events} of ${accepted} events (${formatPercent(o.ratio)}) are older than an earlier event of their endpoint ` +
    `by more than ${o.tolerance_s} s (most on ${visible(key)}: ${count})`
  );
}
