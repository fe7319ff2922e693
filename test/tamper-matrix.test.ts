/**
 * The tamper matrix: a real ledger (engine, ~30 decisions, CONTROL tier), every kind of hostile edit,
 * and which check catches each. Printed as a Markdown table (copied into docs/security.md, "Tamper matrix").
 *
 * Checks:
 *   chain        verifyLedger(ledger)                     — recomputes every record hash and link
 *   head anchor  verifyLedger(ledger, { head, count })   — the head/count published elsewhere
 *   checkpoint   verifyCheckpoint(ledger, checkpoint)    — RFC 9162 root + size, unsigned
 *   signature    verifyCheckpoint(…, { publicKeys })     — the same, signed by a trusted key
 * On by default for a GitLab template user (as proposed): chain + checkpoint.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/canonical.js';
import { chainRecord, type LedgerRecord, TrafficGovernanceEngine, verifyLedger } from '../src/index.js';
import { publicKeyOf, verifyCheckpoint, writeCheckpoint } from '../src/trust/index.js';
import { seedPolicy } from './support/seed-policy.js';

type Path = Array<string | number>;
type Check = 'chain' | 'head anchor' | 'checkpoint' | 'signature';
const CHECKS: Check[] = ['chain', 'head anchor', 'checkpoint', 'signature'];
const DEFAULT_ON: Check[] = ['chain', 'checkpoint'];
const ORIGIN = 'tamper.example/traffic-governance';
const T0 = 1_790_000_000;
const EDITED_INDEX = 12;

const dir = mkdtempSync(join(tmpdir(), 'tg-tamper-'));
const trusted = generateKeyPairSync('ed25519').privateKey;
const attacker = generateKeyPairSync('ed25519').privateKey;

function buildLedger(): { path: string; lines: string[]; head: string; count: number; checkpoint: string } {
  const path = join(dir, 'original.jsonl');
  const engine = new TrafficGovernanceEngine({
    policy: seedPolicy(),
    platform_tier: 'CONTROL',
    ledger_path: path,
  });
  const urls = ['/api/v1/status', '/api/v1/deployments/abc', '/api/v1/unknown', '/api/v1/deployments'];
  for (let i = 0; i < 30; i++) {
    const url = urls[i % urls.length]!;
    engine.processRequest({
      url: `https://api.example.com${url}`,
      method: url === '/api/v1/deployments' ? 'POST' : 'GET',
      status_code: i % 7 === 0 ? 503 : 200,
      latency_ms: 20 + ((i * 37) % 400),
      timestamp: T0 + i * 0.5,
      retry_count: i % 11 === 0 ? 4 : 0,
    });
  }
  const v = verifyLedger(path);
  expect(v).toMatchObject({ valid: true, count: 31 });
  const checkpoint = writeCheckpoint(path, {
    origin: ORIGIN,
    key: trusted,
    out: join(dir, 'original.checkpoint'),
  }).text;
  return {
    path,
    lines: readFileSync(path, 'utf8').split('\n').slice(0, -1),
    head: v.head_hash!,
    count: v.count,
    checkpoint,
  };
}

const original = buildLedger();
const parse = (line: string) => JSON.parse(line) as LedgerRecord;
const text = (lines: string[]) => `${lines.join('\n')}\n`;

/** Re-seals records from `from` on, as an attacker who knows the (public) hashing rules would. */
function rechain(lines: string[], from: number): string[] {
  const out = lines.slice(0, from);
  let previous = from === 0 ? '0'.repeat(64) : parse(lines[from - 1]!).record_hash;
  for (let i = from; i < lines.length; i++) {
    const { sequence: _s, previous_hash: _p, record_hash: _r, ...body } = parse(lines[i]!);
    const sealed = chainRecord(body, previous, i);
    out.push(canonicalJson(sealed));
    previous = sealed.record_hash;
  }
  return out;
}

function leafPaths(value: unknown, prefix: Path = []): Path[] {
  if (typeof value === 'object' && value !== null) {
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    return entries.flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
  }
  return [prefix];
}

function setAt(root: unknown, path: Path, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
}
const getAt = (root: unknown, path: Path): unknown =>
  path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);

/** Changes one byte inside the text of the field at `path` of a canonical line. */
function flipByteInField(line: string, path: Path): string {
  const record = parse(line);
  const marker = structuredClone(record);
  setAt(marker, path, 'TG-SENTINEL');
  const start = canonicalJson(marker).indexOf('"TG-SENTINEL"');
  const valueText = canonicalJson(getAt(record, path));
  expect(line.slice(start, start + valueText.length)).toBe(valueText);
  const at =
    typeof getAt(record, path) === 'number'
      ? start + valueText.length - 1
      : valueText.length > 2 && valueText.startsWith('"')
        ? start + 1
        : start;
  const c = line[at]!;
  const replacement = /[0-9]/.test(c)
    ? String(c === '9' ? 8 : Number(c) + 1)
    : /[a-z]/.test(c)
      ? c.toUpperCase()
      : /[A-Z]/.test(c)
        ? c.toLowerCase()
        : c === 'x'
          ? 'y'
          : 'x';
  const edited = line.slice(0, at) + replacement + line.slice(at + 1);
  expect(Buffer.from(edited).length).toBe(Buffer.from(line).length);
  expect([...Buffer.from(edited)].filter((b, i) => b !== Buffer.from(line)[i]).length).toBe(1);
  return edited;
}

interface Edit {
  name: string;
  /** The ledger file after the edit. */
  ledger: string;
  /** The checkpoint file after the edit (the attacker may rewrite it too). */
  checkpoint?: string;
}

function edits(): Edit[] {
  const L = original.lines;
  const n = L.length;
  const list: Edit[] = [];
  const decision = parse(L[EDITED_INDEX]!);
  for (const path of leafPaths(decision)) {
    const lines = [...L];
    lines[EDITED_INDEX] = flipByteInField(L[EDITED_INDEX]!, path);
    list.push({ name: `one byte in record ${EDITED_INDEX}.${path.join('.')}`, ledger: text(lines) });
  }
  for (const path of leafPaths(parse(L[0]!))) {
    const lines = [...L];
    lines[0] = flipByteInField(L[0]!, path);
    list.push({ name: `one byte in genesis.${path.join('.')}`, ledger: text(lines) });
  }
  const without = (i: number) => L.filter((_, j) => j !== i);
  list.push({
    name: 'CRLF line ending on one record',
    ledger: text(L.map((l, i) => (i === 5 ? `${l}\r` : l))),
  });
  list.push({ name: 'record deleted (middle)', ledger: text(without(EDITED_INDEX)) });
  list.push({ name: 'genesis deleted', ledger: text(without(0)) });
  list.push({
    name: 'two records swapped',
    ledger: text(L.map((l, i) => (i === 10 ? L[11]! : i === 11 ? L[10]! : l))),
  });
  list.push({
    name: 'record inserted (a copy of another)',
    ledger: text([...L.slice(0, 8), L[20]!, ...L.slice(8)]),
  });
  for (const k of [1, 5, n - 1])
    list.push({ name: `last ${k} record(s) removed`, ledger: text(L.slice(0, n - k)) });
  list.push({ name: 'torn tail appended (half a record)', ledger: text(L) + L[4]!.slice(0, 50) });
  const forgedTail = rechain([...L, L[n - 1]!.replace(/"timestamp":[0-9.]+/, '"timestamp":1999999999')], n);
  list.push({ name: 'forged record appended, correctly chained', ledger: text(forgedTail) });
  const tampered = [...L];
  tampered[EDITED_INDEX] = canonicalJson({
    ...parse(L[EDITED_INDEX]!),
    decision: 'ALLOW',
    actions_taken: ['log'],
  });
  const rechained = rechain(tampered, EDITED_INDEX);
  list.push({ name: 'field edited, whole chain re-sealed after it', ledger: text(rechained) });
  list.push({
    name: 'record deleted, chain re-sealed',
    ledger: text(rechain(without(EDITED_INDEX), EDITED_INDEX)),
  });
  list.push({
    name: 'records swapped, chain re-sealed',
    ledger: text(
      rechain(
        L.map((l, i) => (i === 10 ? L[11]! : i === 11 ? L[10]! : l)),
        10,
      ),
    ),
  });

  // The attacker also controls the checkpoint file next to the ledger.
  const rewrite = (name: string, lines: string[], key?: typeof trusted) => {
    const path = join(dir, `forge-${list.length}.jsonl`);
    writeFileSync(path, text(lines));
    const forged = writeCheckpoint(path, { origin: ORIGIN, key, out: `${path}.checkpoint` }).text;
    list.push({ name, ledger: text(lines), checkpoint: forged });
  };
  rewrite('re-sealed chain + checkpoint regenerated (unsigned)', rechained);
  rewrite('re-sealed chain + checkpoint re-signed with an untrusted key', rechained, attacker);
  rewrite('last 5 removed + checkpoint regenerated (unsigned)', L.slice(0, n - 5));
  rewrite('last 5 removed + checkpoint re-signed with an untrusted key', L.slice(0, n - 5), attacker);
  return list;
}

function runChecks(edit: Edit): Record<Check, boolean> {
  const ledger = join(dir, 'edited.jsonl');
  const checkpoint = join(dir, 'edited.checkpoint');
  writeFileSync(ledger, edit.ledger);
  writeFileSync(checkpoint, edit.checkpoint ?? original.checkpoint);
  return {
    chain: !verifyLedger(ledger).valid,
    'head anchor': !verifyLedger(ledger, { head: original.head, count: original.count }).valid,
    checkpoint: !verifyCheckpoint(ledger, checkpoint).valid,
    signature: !verifyCheckpoint(ledger, checkpoint, { publicKeys: [publicKeyOf(trusted)] }).valid,
  };
}

describe('tamper matrix', () => {
  it('every check passes on the untouched ledger', () => {
    expect(runChecks({ name: 'none', ledger: text(original.lines) })).toEqual({
      chain: false,
      'head anchor': false,
      checkpoint: false,
      signature: false,
    });
  });

  it('catches every edit; prints which check catches what', () => {
    const all = edits();
    const rows = all.map((edit) => ({ edit, caught: runChecks(edit) }));
    const mark = (caught: number, of: number) =>
      caught === of
        ? of === 1
          ? 'caught'
          : `caught (${of}/${of})`
        : caught === 0
          ? '**missed**'
          : `**${caught}/${of}**`;
    const table = (groups: Array<[string, typeof rows]>) =>
      [
        `| edit | ${CHECKS.join(' | ')} |`,
        `|---|${CHECKS.map(() => '---').join('|')}|`,
        ...groups.map(
          ([name, group]) =>
            `| ${name} | ${CHECKS.map((c) => mark(group.filter((r) => r.caught[c]).length, group.length)).join(' | ')} |`,
        ),
      ].join('\n');
    const oneByte = rows.filter((r) => r.edit.name.startsWith('one byte in'));
    const summary: Array<[string, typeof rows]> = [
      [
        `one byte changed in any field (${oneByte.length} fields of a decision record and the genesis)`,
        oneByte,
      ],
      ...rows.filter((r) => !oneByte.includes(r)).map((r): [string, typeof rows] => [r.edit.name, [r]]),
    ];
    console.log(
      `\nTamper matrix: ${rows.length} edits of a ${original.count}-record ledger; on by default: ${DEFAULT_ON.join(' + ')}\n\n` +
        `${table(summary)}\n\nEvery field, one by one:\n\n${table(rows.map((r) => [r.edit.name, [r]]))}\n`,
    );

    for (const { edit, caught } of rows) {
      // Nothing gets past the signed checkpoint, and nothing past the externally kept head.
      expect(caught.signature, `${edit.name}: signature`).toBe(true);
      expect(caught['head anchor'], `${edit.name}: head anchor`).toBe(true);
      if (edit.checkpoint === undefined) {
        // The ledger alone was edited: the default checks catch it.
        expect(
          DEFAULT_ON.some((c) => caught[c]),
          `${edit.name}: default checks`,
        ).toBe(true);
        expect(caught.checkpoint, `${edit.name}: checkpoint`).toBe(true);
      } else {
        // Ledger and checkpoint both rewritten: only a key (or the head kept elsewhere) can tell.
        expect(caught.checkpoint, `${edit.name}: an attacker-written checkpoint agrees with the ledger`).toBe(
          false,
        );
        expect(caught['head anchor'], edit.name).toBe(true);
      }
    }
    // What a plain chain cannot see, stated as facts.
    const chainMisses = rows.filter((r) => !r.caught.chain).map((r) => r.edit.name);
    expect(chainMisses).toEqual(
      expect.arrayContaining([
        'last 1 record(s) removed',
        'forged record appended, correctly chained',
        'field edited, whole chain re-sealed after it',
      ]),
    );
    expect(rows.filter((r) => r.edit.name.startsWith('one byte in')).every((r) => r.caught.chain)).toBe(true);
  });
});
