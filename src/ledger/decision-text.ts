/**
 * The sealing template of an engine decision record, staged straight into the batch's bytes.
 * JSON.stringify spends most of its time on generic work (walking 40 small objects and arrays) and
 * the text then still has to be encoded, for each of a run's million records; yet the first half of
 * a record (actions, circuit state, contract, decision, endpoint, invariant checks, policy, reason
 * codes) only changes when its endpoint's state does. So that head is kept as bytes per endpoint
 * and reused while its values are the same (=== on strings and numbers, identity on frozen
 * invariant checks); only the request, risk factors and times are written per record.
 *
 * The bytes are exactly the template chain.ts's JSON.stringify path stages; a body of any other
 * shape (a key more or less, out of order, a value of another type, a toJSON method, another
 * prototype) is left to the generic paths (undefined). test/ledger-decision-text.test.ts pins both
 * against each other.
 */
import type { LineBuffer } from './chain.js';

/** Keys of a decision body, sorted, without the chain members. */
const DECISION_KEYS = [
  'actions_taken',
  'circuit_state',
  'circuit_transitions',
  'contract_id',
  'decision',
  'endpoint_key',
  'invariant_checks',
  'phases',
  'platform_tier',
  'policy_hash',
  'policy_version',
  'reason_codes',
  'recommended_actions',
  'record_type',
  'request',
  'risk_factors',
  'risk_score',
  'timestamp',
];
const REQUEST_KEYS = ['error_count', 'latency_ms', 'method', 'path', 'retry_count', 'status_code'];
const FACTOR_KEYS = [
  'circuit_state',
  'error_budget_burn_rate',
  'error_rate',
  'latency_regression',
  'latency_score',
  'method_disallowed',
  'rate_limit_violation',
  'retry_storm',
  'traffic_anomaly',
  'unknown_endpoint',
];
const CHECK_KEYS = ['invariant', 'passed', 'phase'];
const TRANSITION_KEYS = ['from', 'to'];

/** Where a staged template lies in the staging bytes, and its placeholders (from its start). */
export interface StagedOffsets {
  stagedAt: number;
  stagedLength: number;
  previousAt: number;
  recordHashAt: number;
  sequenceAt: number;
}

/**
 * Stages the template of a decision body at the end of `staging` (placeholders where the chain
 * values go, as in chain.ts) and says where in `out`; or leaves `staging` as it was and says false.
 */
export function stageDecision(
  body: unknown,
  placeholder: string,
  staging: LineBuffer,
  out: StagedOffsets,
): boolean {
  if (!hasKeys(body, DECISION_KEYS)) return false;
  const b = body as Record<string, unknown>;
  const head = headFor(b, placeholder);
  if (head === undefined) return false;
  const r = b.request;
  const f = b.risk_factors;
  if (!hasKeys(r, REQUEST_KEYS) || !hasKeys(f, FACTOR_KEYS)) return false;
  ok = true;
  const q = r as Record<string, unknown>;
  const k = f as Record<string, unknown>;
  const middle = `${number(q.error_count)},"latency_ms":${recurringNumber(q.latency_ms)},"method":${string(q.method)},"path":${string(q.path)},"retry_count":${number(q.retry_count)},"status_code":${number(q.status_code)}},"risk_factors":{"circuit_state":${string(k.circuit_state)},"error_budget_burn_rate":${recurringNumber(k.error_budget_burn_rate)},"error_rate":${recurringNumber(k.error_rate)},"latency_regression":${recurringNumber(k.latency_regression)},"latency_score":${recurringNumber(k.latency_score)},"method_disallowed":${boolean(k.method_disallowed)},"rate_limit_violation":${boolean(k.rate_limit_violation)},"retry_storm":${boolean(k.retry_storm)},"traffic_anomaly":${recurringNumber(k.traffic_anomaly)},"unknown_endpoint":${boolean(k.unknown_endpoint)}},"risk_score":${recurringNumber(b.risk_score)},"sequence":"`;
  const end = `${placeholder}","timestamp":${number(b.timestamp)}}`;
  if (!ok) return false;
  const stagedAt = staging.length;
  staging.reserve(head.bytes.length + 3 * middle.length + end.length);
  const bytes = staging.bytes;
  bytes.set(head.bytes, stagedAt);
  let at = stagedAt + head.bytes.length;
  at += bytes.write(middle, at);
  out.sequenceAt = at - stagedAt;
  at += bytes.write(end, at, 'latin1');
  staging.length = at;
  out.stagedAt = stagedAt;
  out.stagedLength = at - stagedAt;
  out.previousAt = head.previousAt;
  out.recordHashAt = head.recordHashAt;
  return true;
}

/** A decision's text up to `"request":{"error_count":`, and the values it was written from. */
interface Head {
  actions_taken: unknown[];
  circuit_state: unknown;
  contract_id: unknown;
  decision: unknown;
  endpoint_key: unknown;
  invariant_checks: unknown[];
  phases: unknown[];
  platform_tier: unknown;
  policy_hash: unknown;
  policy_version: unknown;
  reason_codes: unknown[];
  recommended_actions: unknown[];
  /** Every invariant check was a frozen object of data properties: identity says its text. */
  reusable: boolean;
  bytes: Buffer;
  previousAt: number;
  recordHashAt: number;
}

/**
 * The heads of each endpoint_key, most recently written first (an endpoint moves between a handful
 * of decisions and reason codes); the map is cleared when a caller's records name too many endpoints.
 */
const HEADS = new Map<unknown, Head[]>();
const MAX_ENDPOINTS = 4096;
const HEADS_PER_ENDPOINT = 32;

function headFor(b: Record<string, unknown>, placeholder: string): Head | undefined {
  let heads = HEADS.get(b.endpoint_key);
  if (heads !== undefined) {
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i]!;
      if (!sameHead(head, b)) continue;
      if (i > 0) {
        heads.copyWithin(1, 0, i);
        heads[0] = head;
      }
      return head;
    }
  }
  const head = buildHead(b, placeholder);
  if (head === undefined || !head.reusable) return head;
  if (heads === undefined) {
    if (HEADS.size >= MAX_ENDPOINTS) HEADS.clear();
    heads = [];
    HEADS.set(b.endpoint_key, heads);
  }
  if (heads.length >= HEADS_PER_ENDPOINT) heads.pop();
  heads.unshift(head);
  return head;
}

function sameHead(h: Head, b: Record<string, unknown>): boolean {
  return (
    h.circuit_state === b.circuit_state &&
    h.contract_id === b.contract_id &&
    h.decision === b.decision &&
    h.platform_tier === b.platform_tier &&
    h.policy_hash === b.policy_hash &&
    h.policy_version === b.policy_version &&
    h.endpoint_key === b.endpoint_key &&
    b.record_type === 'decision' &&
    isPlainArray(b.circuit_transitions) &&
    b.circuit_transitions.length === 0 &&
    sameItems(h.actions_taken, b.actions_taken) &&
    sameItems(h.invariant_checks, b.invariant_checks) &&
    sameItems(h.phases, b.phases) &&
    sameItems(h.reason_codes, b.reason_codes) &&
    sameItems(h.recommended_actions, b.recommended_actions)
  );
}

/** A plain array holding the same items (=== : same strings and numbers, the same frozen objects). */
function sameItems(items: readonly unknown[], v: unknown): boolean {
  if (!isPlainArray(v) || v.length !== items.length) return false;
  for (let i = 0; i < items.length; i++) if (v[i] !== items[i]) return false;
  return true;
}

function buildHead(b: Record<string, unknown>, placeholder: string): Head | undefined {
  if (b.record_type !== 'decision') return undefined;
  ok = true;
  reusable = true;
  const before = `{"actions_taken":${list(b.actions_taken, string)},"circuit_state":${string(b.circuit_state)},"circuit_transitions":${list(b.circuit_transitions, transition)},"contract_id":${b.contract_id === null ? 'null' : string(b.contract_id)},"decision":${string(b.decision)},"endpoint_key":${string(b.endpoint_key)},"invariant_checks":${list(b.invariant_checks, check)},"phases":${list(b.phases, number)},"platform_tier":${string(b.platform_tier)},"policy_hash":${string(b.policy_hash)},"policy_version":${string(b.policy_version)},"previous_hash":"`;
  const between = `","reason_codes":${list(b.reason_codes, string)},"recommended_actions":${list(b.recommended_actions, string)},"record_hash":"`;
  if (!ok) return undefined;
  const previousAt = Buffer.byteLength(before);
  return {
    actions_taken: [...(b.actions_taken as unknown[])],
    circuit_state: b.circuit_state,
    contract_id: b.contract_id,
    decision: b.decision,
    endpoint_key: b.endpoint_key,
    invariant_checks: [...(b.invariant_checks as unknown[])],
    phases: [...(b.phases as unknown[])],
    platform_tier: b.platform_tier,
    policy_hash: b.policy_hash,
    policy_version: b.policy_version,
    reason_codes: [...(b.reason_codes as unknown[])],
    recommended_actions: [...(b.recommended_actions as unknown[])],
    reusable: reusable && (b.circuit_transitions as unknown[]).length === 0,
    bytes: Buffer.from(
      `${before}${placeholder}${between}${placeholder}","record_type":"decision","request":{"error_count":`,
    ),
    previousAt,
    recordHashAt: previousAt + placeholder.length + Buffer.byteLength(between),
  };
}

/**
 * The writers below return JSON text; a value of the wrong type clears `ok` and the caller
 * discards the text. (One flag, not exceptions: a bad body is the rare case and must cost nothing
 * when it does not occur.)
 */
let ok = true;
/** Cleared by an invariant check whose text may change while it stays the same object. */
let reusable = true;

/**
 * Own enumerable keys exactly `keys`, in that order, on a plain object without toJSON: then
 * JSON.stringify would write exactly these members in this order (values permitting).
 */
function hasKeys(value: unknown, keys: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) {
    return false;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  let i = 0;
  // for…in also lists inherited enumerable keys, which JSON.stringify skips: they make it fail here.
  for (const key in value) if (key !== keys[i++]) return false;
  return i === keys.length;
}

/** A plain array (no toJSON; holes read as undefined, which fail the item's type). */
function isPlainArray(v: unknown): v is unknown[] {
  if (!Array.isArray(v) || Object.getPrototypeOf(v) !== Array.prototype) return false;
  return typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/** Printable ASCII without `"` and `\`: JSON writes it as it is. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function string(v: unknown): string {
  if (typeof v !== 'string') return fail();
  return PLAIN.test(v) ? `"${v}"` : JSON.stringify(v);
}

/** Finite numbers print as JSON.stringify prints them (ECMAScript's Number::toString; -0 is "0"). */
function number(v: unknown): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return fail();
  return `${v}`;
}

/**
 * number() for values that recur (latencies, and the scores and rates computed from them): the
 * shortest decimal of a double is costly to find, a Map lookup is not. -0 and 0 share a key and a
 * text. Bounded: cleared when full.
 */
const NUMBER_TEXT = new Map<number, string>();
const MAX_NUMBER_TEXTS = 1 << 16;

function recurringNumber(v: unknown): string {
  if (typeof v !== 'number') return fail();
  let text = NUMBER_TEXT.get(v);
  if (text === undefined) {
    text = number(v);
    if (!ok) return text;
    if (NUMBER_TEXT.size >= MAX_NUMBER_TEXTS) NUMBER_TEXT.clear();
    NUMBER_TEXT.set(v, text);
  }
  return text;
}

function boolean(v: unknown): string {
  if (v === true) return 'true';
  if (v === false) return 'false';
  return fail();
}

function fail(): string {
  ok = false;
  return '';
}

function list(v: unknown, item: (x: unknown) => string): string {
  if (!isPlainArray(v)) return fail();
  let out = '[';
  for (let i = 0; i < v.length; i++) out += i === 0 ? item(v[i]) : `,${item(v[i])}`;
  return `${out}]`;
}

function transition(v: unknown): string {
  if (!hasKeys(v, TRANSITION_KEYS)) return fail();
  const t = v as Record<string, unknown>;
  return `{"from":${string(t.from)},"to":${string(t.to)}}`;
}

function check(v: unknown): string {
  if (!hasKeys(v, CHECK_KEYS)) return fail();
  const c = v as Record<string, unknown>;
  if (!FROZEN_DATA.has(c)) {
    if (Object.isFrozen(c) && dataOnly(c)) FROZEN_DATA.add(c);
    else reusable = false;
  }
  return `{"invariant":${string(c.invariant)},"passed":${boolean(c.passed)},"phase":${number(c.phase)}}`;
}

/** Invariant checks known to be frozen with data properties only: they can never change. */
const FROZEN_DATA = new WeakSet<object>();

function dataOnly(v: object): boolean {
  return Object.values(Object.getOwnPropertyDescriptors(v)).every((d) => 'value' in d);
}
