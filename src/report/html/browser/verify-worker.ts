/**
 * The ledger verifier's Web Worker (report.html starts it from a Blob URL): streams the ledger File,
 * checks every line as `verify-ledger --fast` does (ledger-chain.ts), rebuilds the RFC 9162 Merkle
 * root over the lines (the leaves of src/trust/ledger-leaves.ts: SHA-256(0x00 ‖ line without '\n'))
 * and compares size and root with the checkpoint's text. Protocol: verify-protocol.ts.
 */
import { INCOMPLETE, recordPlace } from '../../../ledger/structure.js';
import { LedgerChain } from './ledger-chain.js';
import { leafHash, SubtleMerkle, toHex } from './subtle-merkle.js';
import type { VerifyFailed, VerifyPassed, VerifyReply, VerifyRequest } from './verify-protocol.js';

const NEWLINE = 0x0a;
/** Lines hashed together (all their digests in flight at once). */
const LINES_PER_BATCH = 2048;
/** The longest line the CLI reads (src/ledger/tail.ts's MAX_LINE_BYTES). */
const MAX_LINE_BYTES = 64 * 1024 * 1024;
const PROGRESS_EVERY_MS = 100;

interface CommittedTree {
  size: number;
  root: string;
}

/**
 * A C2SP checkpoint's tree (src/trust/checkpoint.ts writes it): `<origin>\n<size>\n<base64 root>\n`,
 * maybe more lines, maybe a signed note around it (signatures are not checked here).
 */
export function parseCheckpoint(text: string): CommittedTree | string {
  const split = text.lastIndexOf('\n\n');
  const body = split === -1 ? text : text.slice(0, split + 1);
  if (!body.endsWith('\n')) return 'the checkpoint does not end with a newline';
  const lines = body.slice(0, -1).split('\n');
  if (lines.length < 3) return 'a checkpoint has at least 3 lines: origin, tree size, root hash';
  const [, sizeText, rootText] = lines as [string, string, string];
  if (!/^(0|[1-9][0-9]{0,15})$/.test(sizeText)) return 'the tree size (line 2) is not a whole number';
  let root: string;
  try {
    root = toHex(Uint8Array.from(atob(rootText), (c) => c.charCodeAt(0)));
  } catch {
    return 'the root hash (line 3) is not base64';
  }
  if (root.length !== 64) return 'the root hash (line 3) is not the base64 of 32 bytes';
  return { size: Number(sizeText), root };
}

const failed = (line: number, problem: string): VerifyFailed => ({ type: 'done', ok: false, line, problem });

export async function verifyLedgerBlob(
  ledger: Blob,
  checkpointText: string,
  progress: (bytes: number, records: number) => void,
): Promise<VerifyPassed | VerifyFailed> {
  const checkpoint = parseCheckpoint(checkpointText);
  if (typeof checkpoint === 'string') return failed(0, `the checkpoint: ${checkpoint}`);
  const chain = new LedgerChain();
  const tree = new SubtleMerkle();
  let lines: Uint8Array[] = [];
  let offsets: number[] = [];
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  /** Byte offset where the current (unfinished) line starts. */
  let lineStart = 0;
  let read = 0;
  let shown = 0;
  const flush = async (): Promise<VerifyFailed | null> => {
    const [problem] = await Promise.all([
      chain.check(lines, offsets),
      tree.add(await Promise.all(lines.map(leafHash))),
    ]);
    lines = [];
    offsets = [];
    return problem === null ? null : failed(chain.count + 1, problem);
  };
  const reader = ledger.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    let from = 0;
    for (let nl = value.indexOf(NEWLINE); nl !== -1; nl = value.indexOf(NEWLINE, from)) {
      let line = value.subarray(from, nl);
      if (pendingBytes > 0) {
        const whole = new Uint8Array(pendingBytes + line.length);
        let at = 0;
        for (const piece of [...pending, line]) {
          whole.set(piece, at);
          at += piece.length;
        }
        line = whole;
        pending = [];
        pendingBytes = 0;
      }
      lines.push(line);
      offsets.push(lineStart);
      lineStart += line.length + 1;
      from = nl + 1;
    }
    if (from < value.length) {
      pending.push(value.subarray(from));
      pendingBytes += value.length - from;
      if (pendingBytes > MAX_LINE_BYTES)
        return failed(
          chain.count + lines.length + 1,
          `${recordPlace(chain.count + lines.length, lineStart)}: longer than ${MAX_LINE_BYTES} bytes without a newline`,
        );
    }
    read += value.length;
    if (lines.length >= LINES_PER_BATCH) {
      const problem = await flush();
      if (problem) return problem;
    }
    if (Date.now() - shown >= PROGRESS_EVERY_MS) {
      shown = Date.now();
      progress(read, chain.count);
    }
  }
  const problem = await flush();
  if (problem) return problem;
  progress(read, chain.count);
  return finish(chain, tree, checkpoint, pendingBytes, lineStart);
}

/** The verdict once every line checked out: a torn tail, then the checkpoint, then a finished run. */
async function finish(
  chain: LedgerChain,
  tree: SubtleMerkle,
  checkpoint: CommittedTree,
  tornBytes: number,
  tornAt: number,
): Promise<VerifyPassed | VerifyFailed> {
  const { count } = chain;
  if (tornBytes > 0)
    return failed(
      count + 1,
      `${recordPlace(count, tornAt)}: torn tail: ${tornBytes} bytes after byte offset ${tornAt} have no newline (a write was interrupted, or the file was cut)`,
    );
  if (count === 0) return failed(1, 'empty ledger: no genesis record');
  if (checkpoint.size > count)
    return failed(
      count + 1,
      `TRUNCATED: the checkpoint commits to ${checkpoint.size} records, the ledger has ${count}: it ends before ${recordPlace(count)}`,
    );
  if (checkpoint.size < count)
    return failed(
      checkpoint.size + 1,
      `EXTENDED: the checkpoint commits to ${checkpoint.size} records, the ledger has ${count}: ${recordPlace(checkpoint.size)} and after are extra`,
    );
  const root = toHex(await tree.root());
  if (root !== checkpoint.root)
    return failed(
      count,
      `REWRITTEN: the ledger's ${count} records hash to the Merkle root ${root}, not the checkpoint's root ${checkpoint.root}: the checkpoint is another run's, or the chain was rewritten from its first record`,
    );
  const missing = chain.missing();
  if (missing) return failed(count, `${INCOMPLETE}: ${missing}`);
  return { type: 'done', ok: true, records: count, head: chain.head, root };
}

// Started as a worker (not when imported by a test or the bench): answer the page's requests.
const scope = globalThis as unknown as {
  WorkerGlobalScope?: unknown;
  postMessage(message: VerifyReply): void;
  onmessage: ((event: { data: VerifyRequest }) => void) | null;
};
if (scope.WorkerGlobalScope !== undefined) {
  scope.onmessage = async (event) => {
    const { ledger, checkpoint } = event.data;
    const total = ledger.size;
    let reply: VerifyPassed | VerifyFailed;
    try {
      reply = await verifyLedgerBlob(ledger, checkpoint, (bytes, records) =>
        scope.postMessage({ type: 'progress', bytes, total, records }),
      );
    } catch (error) {
      reply = failed(0, `cannot read the ledger: ${(error as Error).message}`);
    }
    scope.postMessage(reply);
  };
}
