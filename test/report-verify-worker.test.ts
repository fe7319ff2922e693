/**
 * The browser verifier's pieces run in Node too (WebCrypto and Blob are global there): its Merkle
 * root by batches of levels equals src/trust/merkle.ts's on either side of the batch size, and a
 * ledger longer than one batch verifies, with a change in a later batch named by its line. The
 * Chromium test (report-verify.test.ts) covers the page, the worker and the real run's files.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/canonical.js';
import { chainRecord, genesisRecord } from '../src/ledger/chain.js';
import { SubtleMerkle, toHex } from '../src/report/html/browser/subtle-merkle.js';
import { parseCheckpoint, verifyLedgerBlob } from '../src/report/html/browser/verify-worker.js';
import { formatCheckpointBody } from '../src/trust/checkpoint.js';
import { leafHash, merkleRoot } from '../src/trust/merkle.js';

describe('SubtleMerkle', () => {
  it.each([0, 1, 2, 3, 5, 4095, 4096, 4097, 8192, 8193, 12289])(
    '%i leaves: the root of merkle.ts',
    async (n) => {
      const leaves = Array.from({ length: n }, () => randomBytes(32));
      const tree = new SubtleMerkle();
      // Fed in uneven pieces, as lines arrive.
      for (let i = 0; i < n; i += 1000) await tree.add(leaves.slice(i, i + 1000));
      expect(toHex(await tree.root())).toBe(merkleRoot(leaves).toString('hex'));
    },
  );
});

const info = { policy_hash: 'a'.repeat(64), policy_version: '1.0.0', platform_tier: 'OBSERVE_ONLY' as const };

/** A run's ledger of `decisions` decisions (canonical lines) and its checkpoint text. */
function runLedger(decisions: number): { lines: string[]; checkpoint: string } {
  const records: { record_hash: string }[] = [genesisRecord(info)];
  const next = (body: { record_type: string; [field: string]: unknown }) =>
    records.push(chainRecord(body, records.at(-1)!.record_hash, records.length));
  for (let i = 0; i < decisions; i++) next({ record_type: 'decision', ...info, request: i });
  next({ record_type: 'verdict', scope: 'endpoint', endpoint: 'GET /x' });
  next({ record_type: 'verdict', scope: 'run' });
  const lines = records.map((r) => canonicalJson(r));
  const root = merkleRoot(lines.map((l) => leafHash(Buffer.from(l))));
  const checkpoint = formatCheckpointBody({
    origin: 'test/ledger',
    size: lines.length,
    root,
    extensions: [],
  });
  return { lines, checkpoint };
}

const verify = (lines: readonly string[], checkpoint: string) =>
  verifyLedgerBlob(new Blob([`${lines.join('\n')}\n`]), checkpoint, () => {});

describe('verifyLedgerBlob', () => {
  const { lines, checkpoint } = runLedger(5000);

  it('passes on a ledger of more than one batch, with the checkpoint’s root', async () => {
    const done = await verify(lines, checkpoint);
    const committed = parseCheckpoint(checkpoint);
    expect(committed).toMatchObject({ size: lines.length });
    expect(done).toEqual({
      type: 'done',
      ok: true,
      records: lines.length,
      head: JSON.parse(lines.at(-1)!).record_hash,
      root: (committed as { root: string }).root,
    });
  });

  it('names the line of a change in a later batch', async () => {
    const changed = [...lines];
    changed[4500] = changed[4500]!.replace('"request":4499', '"request":4498');
    expect(await verify(changed, checkpoint)).toMatchObject({ ok: false, line: 4501 });
  });

  it('a run that did not finish fails as incomplete at its last line', async () => {
    const cut = lines.slice(0, -1);
    const root = merkleRoot(cut.map((l) => leafHash(Buffer.from(l))));
    const body = formatCheckpointBody({ origin: 'test/ledger', size: cut.length, root, extensions: [] });
    const done = await verify(cut, body);
    expect(done).toMatchObject({ ok: false, line: cut.length });
    expect(done.ok === false && done.problem).toContain(
      'incomplete: the run that wrote this ledger did not finish',
    );
  });

  it('a malformed checkpoint: no line, what is wrong', async () => {
    expect(await verify(lines, 'origin\n12\n')).toEqual({
      type: 'done',
      ok: false,
      line: 0,
      problem: 'the checkpoint: a checkpoint has at least 3 lines: origin, tree size, root hash',
    });
  });
});
