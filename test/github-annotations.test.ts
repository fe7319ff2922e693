import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type ContractFile,
  locateContract,
  MAX_WARNINGS,
  planAnnotations,
  writeAnnotations,
} from '../src/github/annotations.js';
import type { Decision } from '../src/model.js';
import type { EndpointResult, RejectedLine, RunResult } from '../src/result.js';

afterEach(() => vi.restoreAllMocks());

const workspace = '/ws';

function endpoint(
  key: string,
  verdict: Decision,
  requests: number,
  contract: string | null = null,
): EndpointResult {
  return {
    endpoint_key: key,
    contract_id: contract,
    kind: contract ? 'contract' : 'unknown',
    requests,
    errors: 1,
    error_rate: 1 / requests,
    latency_ms: { p50: 10, p95: 120.04, p99: 130, slo: 100 },
    rpm: { peak: 12, limit: 10 },
    error_budget_remaining: 0.5,
    decisions: { ALLOW: 0, THROTTLE: 0, QUARANTINE: 0, DROP: 0, [verdict]: requests },
    disallowed_methods: verdict === 'DROP' ? { DELETE: 2 } : {},
    circuit_transitions: [],
    circuit_transition_count: 0,
    circuit_state: 'CLOSED',
    verdict,
    verdict_share: 0.25,
  };
}

function result(
  endpoints: EndpointResult[],
  rejected: RejectedLine[],
  rejectedTotal = rejected.length,
): RunResult {
  const zero = { ALLOW: 0, THROTTLE: 0, QUARANTINE: 0, DROP: 0 };
  return {
    result_format: 1,
    verdict: 'DROP',
    exit_code: 0,
    tier: 'OBSERVE_ONLY',
    policy: { version: '1.0.0', hash: 'a'.repeat(64) },
    gate: { min_share: 0 },
    ledger: { file: 'ledger.jsonl', head_hash: 'b'.repeat(64), records: 3 },
    input: {
      files: [],
      read: 100,
      accepted: 100 - rejectedTotal,
      rejected: rejectedTotal,
      rejected_ratio: rejectedTotal / 100,
      max_rejected_ratio: 0.5,
      rejected_samples: rejected,
    },
    decisions: zero,
    endpoints,
  };
}

const files: ContractFile[] = [
  {
    file: 'governance/policy.yml',
    text: 'version: 1.0.0\ncontracts:\n  - contract_id: status_v1\n    endpoint_pattern: GET /status\n  - contract_id: "status_v10"\n',
  },
  {
    file: 'governance/extra.json',
    text: '[\n  {\n    "contract_id": "orders_v1",\n    "endpoint_pattern": "POST /orders"\n  }\n]\n',
  },
  {
    file: 'openapi/pets.yaml',
    text: 'openapi: 3.1.0\npaths:\n  /pets/{petId}:\n    get:\n      operationId: getPet\n  /pets:\n    get:\n      summary: list\n',
  },
];

describe('locateContract', () => {
  it('finds the line of contract_id in YAML and JSON, and of operationId in OpenAPI', () => {
    expect(locateContract('status_v1', 'GET /status', files)).toEqual({
      file: 'governance/policy.yml',
      line: 3,
    });
    expect(locateContract('status_v10', 'GET /status', files)).toEqual({
      file: 'governance/policy.yml',
      line: 5,
    });
    expect(locateContract('orders_v1', 'POST /orders', files)).toEqual({
      file: 'governance/extra.json',
      line: 3,
    });
    expect(locateContract('getPet', 'GET /pets/{petId}', files)).toEqual({
      file: 'openapi/pets.yaml',
      line: 5,
    });
  });

  it('falls back to the path item, then to the policy file without a line', () => {
    expect(locateContract('GET /pets', 'GET /pets', files)).toEqual({ file: 'openapi/pets.yaml', line: 6 });
    expect(locateContract('gone_v1', 'GET /gone', files)).toEqual({ file: 'governance/policy.yml' });
  });
});

describe('planAnnotations', () => {
  it('orders by severity, then by requests, and points rejected lines at their file and line', () => {
    const plan = planAnnotations(
      result(
        [
          endpoint('GET /status', 'THROTTLE', 50, 'status_v1'),
          endpoint('GET /ok', 'ALLOW', 500),
          endpoint('GET /nowhere', 'QUARANTINE', 3),
          endpoint('POST /orders', 'DROP', 8, 'orders_v1'),
          endpoint('GET /elsewhere', 'QUARANTINE', 9),
        ],
        [
          {
            file: 'traffic/run.jsonl',
            line: 7,
            pointer: '/latency_ms',
            reason: 'latency_ms must be a finite number',
          },
        ],
      ),
      workspace,
      files,
    );
    expect(plan.omitted).toBe(0);
    expect(plan.warnings.map((w) => w.title)).toEqual([
      'Traffic Governance: DROP POST /orders',
      'Traffic Governance: QUARANTINE GET /elsewhere',
      'Traffic Governance: QUARANTINE GET /nowhere',
      'Traffic Governance: THROTTLE GET /status',
      'Traffic Governance: rejected input line',
    ]);
    const [drop, unknown, , throttle, rejected] = plan.warnings;
    expect(drop).toMatchObject({ file: 'governance/extra.json', line: 3 });
    expect(drop!.message).toBe(
      'DROP for 25.00% of 8 requests; contract orders_v1; error rate 12.50%; p95 120 ms (SLO 100 ms); peak 12 rpm (limit 10); methods not allowed: DELETE ×2',
    );
    expect(unknown!.file).toBeUndefined();
    expect(unknown!.message).toMatch(
      /^QUARANTINE for 25.00% of 9 requests; no contract matches this endpoint/,
    );
    expect(throttle).toMatchObject({ file: 'governance/policy.yml', line: 3 });
    expect(rejected).toEqual({
      title: 'Traffic Governance: rejected input line',
      message: 'latency_ms must be a finite number (at /latency_ms); the line was not evaluated',
      file: 'traffic/run.jsonl',
      line: 7,
    });
  });

  it(`writes at most ${MAX_WARNINGS} warnings and counts all that were left out, rejected lines beyond the samples too`, () => {
    const unknown = Array.from({ length: 12 }, (_, i) =>
      endpoint(`GET /u${String(i).padStart(2, '0')}`, 'QUARANTINE', 1),
    );
    const samples = [{ file: '/ws/t.jsonl', line: 1, reason: 'bad' }];
    const plan = planAnnotations(
      result([...unknown, endpoint('GET /d', 'DROP', 1)], samples, 250),
      workspace,
      files,
    );
    expect(plan.warnings).toHaveLength(MAX_WARNINGS);
    expect(plan.warnings[0]!.title).toBe('Traffic Governance: DROP GET /d');
    expect(plan.warnings.at(-1)!.title).toBe('Traffic Governance: QUARANTINE GET /u08');
    expect(plan.omitted).toBe(13 + 250 - MAX_WARNINGS);
  });

  it('escapes control characters in endpoint keys, contract ids and rejected lines (user text)', () => {
    const hostile = '\n::error title=pwned::x\x1b[31mred';
    const shown = '\\x0A::error title=pwned::x\\x1B[31mred';
    const plan = planAnnotations(
      result(
        [endpoint(`GET /a${hostile}`, 'DROP', 4, `c${hostile}`)],
        [{ file: 't.jsonl', line: 2, pointer: `$.x${hostile}`, reason: `bad \x9b2J${hostile}` }],
      ),
      workspace,
      [],
    );
    const [drop, rejected] = plan.warnings;
    for (const text of [drop!.title, drop!.message, rejected!.message]) {
      expect(text).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    }
    expect(drop!.title).toBe(`Traffic Governance: DROP GET /a${shown}`);
    expect(drop!.message).toContain(`contract c${shown};`);
    expect(rejected!.message).toBe(`bad \\x9B2J${shown} (at $.x${shown}); the line was not evaluated`);
  });
});

describe('writeAnnotations', () => {
  function captured(run: () => void): string[] {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    });
    run();
    return lines;
  }

  it('writes workflow commands with title, file and line, and one notice for what was left out', () => {
    const lines = captured(() =>
      writeAnnotations({
        warnings: [
          {
            title: 'Traffic Governance: DROP POST /orders',
            message: 'DROP for 25%; a, b',
            file: 'g/p.yml',
            line: 3,
          },
          { title: 'Traffic Governance: QUARANTINE GET /x', message: 'no contract' },
        ],
        omitted: 5,
      }),
    );
    expect(lines).toEqual([
      '::warning title=Traffic Governance%3A DROP POST /orders,file=g/p.yml,line=3::DROP for 25%25; a, b',
      '::warning title=Traffic Governance%3A QUARANTINE GET /x::no contract',
      `::notice title=Traffic Governance%3A more findings::5 more warnings were left out (GitHub shows at most ${MAX_WARNINGS} per step): see the job summary and summary.md in the output directory`,
    ]);
  });

  it('writes no notice when nothing was left out', () => {
    expect(captured(() => writeAnnotations({ warnings: [], omitted: 0 }))).toEqual([]);
  });
});
