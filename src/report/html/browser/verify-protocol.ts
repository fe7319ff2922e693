/**
 * The messages between the verifier panel (verify-panel.ts) and its Web Worker (verify-worker.ts),
 * as fixed in the issue 16 contracts (§3). Types only.
 */

/** Page → worker: verify this ledger against this checkpoint's text. */
export interface VerifyRequest {
  type: 'verify';
  ledger: Blob;
  checkpoint: string;
}

export interface VerifyProgress {
  type: 'progress';
  /** Bytes of the ledger read so far, of `total`. */
  bytes: number;
  total: number;
  /** Records whose hash and link checked out so far. */
  records: number;
}

export interface VerifyPassed {
  type: 'done';
  ok: true;
  records: number;
  /** record_hash of the last record (hex). */
  head: string;
  /** RFC 9162 Merkle root over the ledger's lines (hex), equal to the checkpoint's. */
  root: string;
}

export interface VerifyFailed {
  type: 'done';
  ok: false;
  /** 1-based line of the ledger that fails (record N is line N+1); 0 when no line is at fault (the checkpoint text, an unreadable file). */
  line: number;
  problem: string;
}

export type VerifyReply = VerifyProgress | VerifyPassed | VerifyFailed;
