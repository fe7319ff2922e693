/**
 * The streaming reader under verifyLedgerBytes at its edges: a source that ends before the size it
 * announced (a file cut while being read), and the longest line it holds before giving up.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/canonical.js';
import { chainRecord, type GenesisInfo, genesisRecord } from '../src/ledger/index.js';
import { MAX_LINE_BYTES } from '../src/ledger/tail.js';
import {
  READ_CHUNK_BYTES,
  type ReadAt,
  verifiesInParallel,
  verifyLedger,
  verifyLedgerBytes,
} from '../src/ledger/verify.js';
import { PARALLEL_MIN_BYTES } from '../src/ledger/verify-parallel.js';

const GENESIS: GenesisInfo = {
  policy_hash: 'cd'.repeat(32),
  policy_version: '1.0.0',
  platform_tier: 'CONTROL',
};
const genesis = genesisRecord(GENESIS);
const first = Buffer.from(`${canonicalJson(genesis)}\n`);

/** The genesis line, then `tail` bytes of 'x' and no newline, made up as they are read. */
const genesisThen =
  (tail: number): ReadAt =>
  (buffer, length, position) => {
    const end = Math.min(position + length, first.length + tail);
    for (let at = position; at < end; at++) buffer[at - position] = at < first.length ? first[at]! : 0x78;
    return Math.max(0, end - position);
  };

describe('the streaming reader', () => {
  it('stops where the source ends when it ends before its announced size (a file cut while read)', () => {
    const read: ReadAt = (buffer, length, position) => first.copy(buffer, 0, position, position + length);
    for (const fast of [false, true])
      expect(verifyLedgerBytes(read, first.length + 100, undefined, 16, { fast })).toEqual({
        valid: true,
        failed_index: null,
        count: 1,
        head_hash: genesis.record_hash,
      });
  });

  it(`holds a last line of exactly ${MAX_LINE_BYTES} bytes (a torn tail) and refuses one byte more`, () => {
    const at = first.length;
    expect(
      verifyLedgerBytes(genesisThen(MAX_LINE_BYTES), at + MAX_LINE_BYTES, undefined, READ_CHUNK_BYTES),
    ).toEqual({
      valid: false,
      failed_index: 1,
      count: 1,
      head_hash: genesis.record_hash,
      reason: `torn tail: ${MAX_LINE_BYTES} bytes after byte offset ${at} have no newline (a write was interrupted)`,
      torn_tail: { offset: at, bytes: MAX_LINE_BYTES },
    });
    const size = at + MAX_LINE_BYTES + 1;
    expect(verifyLedgerBytes(genesisThen(MAX_LINE_BYTES + 1), size, undefined, READ_CHUNK_BYTES)).toEqual({
      valid: false,
      failed_index: 1,
      count: 1,
      head_hash: genesis.record_hash,
      reason: `record 1 (line 2, byte ${at}): longer than ${MAX_LINE_BYTES} bytes without a newline`,
    });
  });
});

describe('a long line read whole in one chunk', () => {
  it('verifies a record of 200 KiB, strict and fast', () => {
    const record = chainRecord(
      { record_type: 'decision', note: 'n'.repeat(200 * 1024) },
      genesis.record_hash,
      1,
    );
    const bytes = Buffer.from(`${canonicalJson(genesis)}\n${canonicalJson(record)}\n`);
    const read: ReadAt = (buffer, length, position) => bytes.copy(buffer, 0, position, position + length);
    for (const fast of [false, true])
      expect(verifyLedgerBytes(read, bytes.length, undefined, READ_CHUNK_BYTES, { fast })).toEqual({
        valid: true,
        failed_index: null,
        count: 2,
        head_hash: record.record_hash,
      });
  });
});

describe('verifyLedger on a file', () => {
  it(`verifies on every core from ${PARALLEL_MIN_BYTES} bytes on, or as asked whatever the size`, () => {
    expect([PARALLEL_MIN_BYTES - 1, PARALLEL_MIN_BYTES].map((size) => verifiesInParallel({}, size))).toEqual([
      false,
      true,
    ]);
    expect(verifiesInParallel({ parallel: true }, 0)).toBe(true);
    expect(verifiesInParallel({ parallel: false }, PARALLEL_MIN_BYTES)).toBe(false);
  });

  it('closes the file it opened, whatever the verdict', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-verify-fd-'));
    try {
      const good = join(dir, 'good.jsonl');
      const torn = join(dir, 'torn.jsonl');
      writeFileSync(good, first);
      writeFileSync(torn, Buffer.concat([first, Buffer.from('{"a"')]));
      const open = () => readdirSync('/proc/self/fd').length;
      const before = open();
      for (let i = 0; i < 20; i++) {
        expect(verifyLedger(good).valid).toBe(true);
        expect(verifyLedger(torn).valid).toBe(false);
      }
      expect(open()).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
