export { BatchBuilder, type PackedBatch, type PreparedBatch, prepareBatch, unpackBatch } from './batch.js';
export { type Chained, type ChainFields, chainRecord, type GenesisInfo, genesisRecord } from './chain.js';
export { LedgerError } from './errors.js';
export { Ledger, type LedgerHead, type LedgerOptions } from './ledger.js';
export { type LedgerRecovery, recoverLedger } from './recover.js';
export { type LedgerExpectation, type LedgerVerification, verifyLedgerRecords } from './verification.js';
export { verifyLedger } from './verify.js';
