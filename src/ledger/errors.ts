/** A ledger that cannot be written or read as asked: the message names the file, the place and what to do. */
export class LedgerError extends Error {
  override name = 'LedgerError';
}
