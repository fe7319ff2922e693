/**
 * A trust operation that cannot run as asked (a bad key, a malformed checkpoint, a wrong option).
 * The message says what failed and what to do; it never contains key material.
 * A verification that runs and finds a problem is not an error: it returns `{ valid: false, reason }`.
 */
export class TrustError extends Error {
  override name = 'TrustError';
}

/**
 * A check that ran and found the ledger is not what a checkpoint or an earlier ledger says it is,
 * raised where a function builds something (a proof) instead of returning a verdict: exit 4.
 */
export class TrustMismatch extends TrustError {
  override name = 'TrustMismatch';
}
