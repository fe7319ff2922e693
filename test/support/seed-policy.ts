import { createPolicy } from '../../src/index.js';

/** The policy of the original suite: status, deployments create, deployment by id. */
export function seedPolicy(version = '1.0.0') {
  return createPolicy({
    version,
    contracts: [
      {
        contract_id: 'status_v1',
        endpoint_pattern: 'GET /api/v1/status',
        allowed_methods: ['GET'],
        max_latency_ms: 100,
        rate_limit_rpm: 1000,
        circuit_threshold: 0.5,
      },
      {
        contract_id: 'deployments_create_v1',
        endpoint_pattern: 'POST /api/v1/deployments',
        allowed_methods: ['POST'],
        max_latency_ms: 5000,
        rate_limit_rpm: 10,
        circuit_threshold: 0.3,
      },
      {
        contract_id: 'deployment_get_v1',
        endpoint_pattern: 'GET /api/v1/deployments/{id}',
        allowed_methods: ['GET'],
        max_latency_ms: 500,
        rate_limit_rpm: 100,
      },
    ],
  });
}
