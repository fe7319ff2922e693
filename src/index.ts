export * from './model.js';
export { canonicalJson, sha256Hex } from './canonical.js';
export { TrafficGovernanceEngine, EngineInputError, type EngineOptions, type LedgerIntegrity } from './engine/engine.js';
export { ContractMatcher, normalizePath, type MatchResult } from './engine/matcher.js';
export { CircuitBreaker } from './engine/circuit.js';
export { createPolicy, computePolicyHash, PolicyError } from './policy/policy.js';
export { loadPolicy } from './policy/load.js';
export {
  PolicyArtifactVerifier,
  createPolicyArtifact,
  writePolicyArtifact,
  verifyPolicyArtifact,
  type ArtifactVerification,
} from './policy/artifact.js';
export * from './ledger/index.js';
export * from './traffic/index.js';
export { RunResultSchema, type RunResult, type EndpointResult } from './result.js';
export {
  renderSummary,
  renderJunit,
  renderMetrics,
  renderDotenv,
  renderResultJson,
  writeReports,
  ReportInputError,
} from './report/index.js';
export { evaluate, expandTraffic, type EvaluateOptions } from './run.js';
export { compareLedgers } from './run/compare.js';
