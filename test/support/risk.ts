/** Risk factors of a request that raises nothing: every test changes only the factor it is about. */
import type { RiskFactors } from '../../src/index.js';

export const CALM_FACTORS: RiskFactors = {
  circuit_state: 'CLOSED',
  error_budget_burn_rate: 0,
  error_rate: 0,
  latency_regression: 0,
  latency_score: 0,
  method_disallowed: false,
  rate_limit_violation: false,
  retry_storm: false,
  traffic_anomaly: 0,
  unknown_endpoint: false,
};
