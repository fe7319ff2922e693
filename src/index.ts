export { canonicalJson, sha256Hex } from './canonical.js';
export { CircuitBreaker } from './engine/circuit.js';
export {
  EngineInputError,
  type EngineOptions,
  type LedgerIntegrity,
  TrafficGovernanceEngine,
} from './engine/engine.js';
export { ContractMatcher, type MatchResult, normalizePath } from './engine/matcher.js';
export * from './ledger/index.js';
export * from './model.js';
export {
  type ArtifactVerification,
  createPolicyArtifact,
  PolicyArtifactVerifier,
  verifyPolicyArtifact,
  writePolicyArtifact,
} from './policy/artifact.js';
export { loadPolicy } from './policy/load.js';
export { computePolicyHash, createPolicy, PolicyError } from './policy/policy.js';
export {
  endpointReasons,
  mainReasons,
  type Reason,
  ReportInputError,
  reasonLines,
  renderDotenv,
  renderJunit,
  renderMetrics,
  renderResultJson,
  renderSummary,
  writeReports,
} from './report/index.js';
export { type EndpointResult, type RunResult, RunResultSchema } from './result.js';
export { compareLedgers } from './run/compare.js';
export {
  type EvaluateOptions,
  evaluate,
  expandTraffic,
  type InputFile,
  OutDirError,
  RunInterruptedError,
} from './run.js';
export * from './traffic/index.js';
