/**
 * Floors: the least work any tool that turns these traffic files into a hash-chained ledger must do,
 * written as plainly and as fast as Node allows, with none of the governance:
 *
 *  - read the file in 1 MiB chunks and split it into lines;
 *  - parse each line: `JSON.parse` (JSONL, k6, and HAR, whose benchmark file has one entry per
 *    line), or one regular expression plus a month table (nginx); k6 lines that are not an
 *    http_req_duration point are parsed and skipped;
 *  - build a record of the same shape and size as the engine's decision record (request fields
 *    from the event, every decision field a constant), `JSON.stringify` it with the previous hash
 *    in it, sha256 the text (one-shot `crypto.hash`) and add the record_hash;
 *  - write the lines LEDGER_BATCH at a time (one `writeSync` each), like the run's ledger batches.
 *
 * No validation, no matching, no windows, no canonical-form checks, no lock, no reports.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { sha256Hex } from '../src/canonical.js';
import { LEDGER_BATCH } from '../src/run.js';
import type { TrafficFormat } from '../src/traffic/index.js';

const CHUNK = 1 << 20;
const LF = 0x0a;

/** Calls `onLine` with every line of the file (no newline; a final unterminated line included). */
export function forEachLine(path: string, onLine: (line: string) => void): void {
  const fd = openSync(path, 'r');
  let buffer = Buffer.allocUnsafe(CHUNK);
  let carry = 0;
  try {
    for (;;) {
      if (carry === buffer.length) {
        const grown = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(grown, 0, 0, carry);
        buffer = grown;
      }
      const n = readSync(fd, buffer, carry, buffer.length - carry, null);
      const end = carry + n;
      let start = 0;
      for (let nl = buffer.indexOf(LF, start); nl !== -1 && nl < end; nl = buffer.indexOf(LF, start)) {
        onLine(buffer.toString('utf8', start, nl));
        start = nl + 1;
      }
      if (n === 0) {
        if (start < end) onLine(buffer.toString('utf8', start, end));
        return;
      }
      buffer.copy(buffer, 0, start, end);
      carry = end - start;
    }
  } finally {
    closeSync(fd);
  }
}

export interface FloorEvent {
  url: string;
  method: string;
  status_code: number;
  latency_ms: number;
  timestamp: number;
}

const ACTIONS = ['log'];
const PHASES = [1, 2, 3, 4, 5, 6, 8];
const CHECKS = [
  { invariant: 'contract_id_present', passed: true, phase: 2 },
  { invariant: 'risk_score_bounded', passed: true, phase: 3 },
  { invariant: 'policy_hash_verified', passed: true, phase: 4 },
  { invariant: 'actions_within_tier', passed: true, phase: 5 },
];
const FACTORS = {
  circuit_state: 'CLOSED',
  error_budget_burn_rate: 0,
  error_rate: 0,
  latency_regression: 0,
  latency_score: 0.1,
  method_disallowed: false,
  rate_limit_violation: false,
  retry_storm: false,
  traffic_anomaly: 0,
  unknown_endpoint: false,
};
const POLICY_HASH = '1c37f40c91f0280cb935086faaec081f790bfd432d157f501cc82a52f0576c9b';

/** The ledger side of every floor: record, stringify, hash, batch, write (no file: no write). */
export class FloorLedger {
  private readonly fd: number;
  private previous = '0'.repeat(64);
  private sequence = 0;
  private batch = '';
  private inBatch = 0;

  constructor(path: string | null) {
    this.fd = path === null ? -1 : openSync(path, 'w');
  }

  add(e: FloorEvent): void {
    const text = JSON.stringify({
      actions_taken: ACTIONS,
      circuit_state: 'CLOSED',
      circuit_transitions: [],
      contract_id: 'floor',
      decision: 'ALLOW',
      endpoint_key: `${e.method} ${e.url}`,
      invariant_checks: CHECKS,
      phases: PHASES,
      platform_tier: 'CONTROL',
      policy_hash: POLICY_HASH,
      policy_version: '1.0.0',
      previous_hash: this.previous,
      reason_codes: ['LATENCY_SCORE'],
      recommended_actions: ACTIONS,
      record_type: 'decision',
      request: {
        error_count: 0,
        latency_ms: e.latency_ms,
        method: e.method,
        path: e.url,
        retry_count: 0,
        status_code: e.status_code,
      },
      risk_factors: FACTORS,
      risk_score: 0.0125,
      sequence: ++this.sequence,
      timestamp: e.timestamp,
    });
    this.previous = sha256Hex(text);
    if (this.fd < 0) return;
    this.batch += `${text.slice(0, -1)},"record_hash":"${this.previous}"}\n`;
    if (++this.inBatch === LEDGER_BATCH) this.flush();
  }

  close(): number {
    if (this.fd >= 0) {
      this.flush();
      closeSync(this.fd);
    }
    return this.sequence;
  }

  private flush(): void {
    if (this.batch !== '') writeSync(this.fd, this.batch);
    this.batch = '';
    this.inBatch = 0;
  }
}

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};
const NGINX =
  /^\S+ \S+ \S+ \[(\d+)\/(\w+)\/(\d+):(\d+):(\d+):(\d+) [^\]]*\] "(\S+) (\S+)[^"]*" (\d+) \S+ "[^"]*" "[^"]*" ([\d.]+)$/;

type Parse = (line: string) => FloorEvent | undefined;

const PARSERS: Record<TrafficFormat, Parse> = {
  jsonl: (line) => JSON.parse(line),
  k6: (line) => {
    const record = JSON.parse(line);
    if (record.metric !== 'http_req_duration' || record.type !== 'Point') return undefined;
    const { time, value, tags } = record.data;
    return {
      url: tags.url,
      method: tags.method,
      status_code: Number(tags.status),
      latency_ms: value,
      timestamp: Date.parse(time) / 1000,
    };
  },
  har: (line) => {
    if (!line.startsWith('{"pageref"')) return undefined; // the document's first and last lines
    const entry = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line);
    return {
      url: entry.request.url,
      method: entry.request.method,
      status_code: entry.response.status,
      latency_ms: entry.time,
      timestamp: Date.parse(entry.startedDateTime) / 1000,
    };
  },
  nginx: (line) => {
    const m = NGINX.exec(line);
    if (!m) return undefined;
    return {
      url: m[8]!,
      method: m[7]!,
      status_code: Number(m[9]),
      latency_ms: Number(m[10]) * 1000,
      timestamp:
        Date.UTC(Number(m[3]), MONTHS[m[2]!]!, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])) / 1000,
    };
  },
};

/** Runs the floor for `format` from `input` to `output`; returns the number of records written. */
export function runFloor(format: TrafficFormat, input: string, output: string): number {
  const ledger = new FloorLedger(output);
  const parse = PARSERS[format];
  forEachLine(input, (line) => {
    const event = parse(line);
    if (event) ledger.add(event);
  });
  return ledger.close();
}

/** The verify floor: read the ledger in 1 MiB chunks and sha256 each line's bytes, nothing else. */
export function verifyFloor(path: string): number {
  const fd = openSync(path, 'r');
  let buffer = Buffer.allocUnsafe(CHUNK);
  let carry = 0;
  let lines = 0;
  try {
    for (;;) {
      if (carry === buffer.length) {
        const grown = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(grown, 0, 0, carry);
        buffer = grown;
      }
      const n = readSync(fd, buffer, carry, buffer.length - carry, null);
      if (n === 0) return lines;
      const end = carry + n;
      let start = 0;
      for (let nl = buffer.indexOf(LF, start); nl !== -1 && nl < end; nl = buffer.indexOf(LF, start)) {
        if (sha256Hex(buffer.subarray(start, nl)).length === 64) lines++;
        start = nl + 1;
      }
      buffer.copy(buffer, 0, start, end);
      carry = end - start;
    }
  } finally {
    closeSync(fd);
  }
}
