/**
 * The npm package as its users get it. `npm pack` makes the tarball the release workflow publishes;
 * it is installed (offline: it has no dependencies) into an empty project in the OS temp folder,
 * and used from there the three ways a consumer does: the `traffic-governance` command on the
 * examples, `import('traffic-governance')` from plain Node, and `tsc --noEmit` of a consumer file
 * against the shipped declarations. Also, as before, the package by its own name from this checkout.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
/** Stated limits: the tarball npm downloads, and what it unpacks to (today about 0.75 MB and 3.4 MB). */
const MAX_TARBALL_BYTES = 1.5 * 1024 * 1024;
const MAX_UNPACKED_BYTES = 5 * 1024 * 1024;

// The package by its name from this checkout: what a library user imports (the committed dist/lib bundle).
describe("import 'traffic-governance'", () => {
  it('exposes the public API of the engine, policy, artifact and run layers', async () => {
    const tg = await import('traffic-governance');
    const policy = tg.createPolicy({
      version: '1.0.0',
      contracts: [{ contract_id: 'status_v1', endpoint_pattern: 'GET /api/v1/status', max_latency_ms: 100 }],
    });
    const ledger_path = join(mkdtempSync(join(tmpdir(), 'tg-package-')), 'ledger.jsonl');
    const engine = new tg.TrafficGovernanceEngine({
      policy,
      platform_tier: tg.PlatformTier.CONTROL,
      ledger_path,
    });
    const record = engine.processRequest({
      url: '/api/v1/status',
      method: 'GET',
      status_code: 200,
      latency_ms: 20,
      timestamp: 1,
    });
    expect(record.decision).toBe(tg.Decision.ALLOW);
    expect(engine.verifyLedgerIntegrity()).toEqual({ valid: true, failed_index: null });
    expect(engine.baselines.get('GET /api/v1/status')?.request_count).toBe(1);
    expect(typeof tg.evaluate).toBe('function');
    expect(tg.RunResultSchema.safeParse({}).success).toBe(false);
  });
});

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string }>;
}

describe('the npm package, packed and installed in an empty project', () => {
  let work: string;
  let consumer: string;
  let packed: PackResult;
  let manifest: Record<string, unknown>;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'tg-consumer-'));
    const json = execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    packed = (JSON.parse(json) as PackResult[])[0] as PackResult;
    consumer = join(work, 'consumer');
    mkdirSync(consumer);
    writeFileSync(
      join(consumer, 'package.json'),
      `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`,
    );
    // --offline: a package with no dependencies installs without a registry.
    const install = spawnSync(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', join(work, packed.filename)],
      { cwd: consumer, encoding: 'utf8' },
    );
    expect(install.status, install.stderr).toBe(0);
    manifest = JSON.parse(
      readFileSync(join(consumer, 'node_modules/traffic-governance/package.json'), 'utf8'),
    ) as Record<string, unknown>;
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds the bundles, their declarations, README, LICENSE and CHANGELOG, and no source, tests or workflows', () => {
    const paths = packed.files.map((file) => file.path).sort();
    expect(paths).toEqual(
      expect.arrayContaining([
        'CHANGELOG.md',
        'LICENSE',
        'README.md',
        'package.json',
        'dist/cli/index.js',
        'dist/cli/package.json',
        'dist/lib/index.js',
        'dist/lib/index.d.ts',
        'dist/lib/package.json',
      ]),
    );
    const unexpected = paths.filter(
      (path) =>
        !/^dist\/(cli|lib)\/[^/]+$/.test(path) &&
        !['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json'].includes(path),
    );
    expect(unexpected, 'files outside the whitelist').toEqual([]);
    expect(paths.filter((path) => /^(src|test|bench|scripts|\.github|gitlab|examples)\//.test(path))).toEqual(
      [],
    );
    expect(packed.size).toBeLessThan(MAX_TARBALL_BYTES);
    expect(packed.unpackedSize).toBeLessThan(MAX_UNPACKED_BYTES);
  });

  it('has no runtime dependencies and no install scripts, and carries the metadata a registry page shows', () => {
    for (const key of ['dependencies', 'peerDependencies', 'optionalDependencies', 'bundleDependencies']) {
      expect(manifest[key], key).toBeUndefined();
    }
    const scripts = (manifest.scripts ?? {}) as Record<string, string>;
    expect(Object.keys(scripts).filter((name) => /^(pre|post)?install$|^prepare$/.test(name))).toEqual([]);
    expect(readFileSync(join(consumer, 'package-lock.json'), 'utf8')).not.toMatch(
      /"node_modules\/(?!traffic-governance")/,
    );
    expect(manifest).toMatchObject({
      license: 'MIT',
      engines: { node: '>=20' },
      bin: { 'traffic-governance': 'dist/cli/index.js' },
      exports: { '.': { types: './dist/lib/index.d.ts', import: './dist/lib/index.js' } },
      publishConfig: { provenance: true },
    });
    for (const key of ['repository', 'homepage', 'bugs', 'keywords', 'description']) {
      expect(manifest[key], key).toBeTruthy();
    }
  });

  it('runs `traffic-governance evaluate` on the examples: verdict, exit code and files', () => {
    const examples = join(ROOT, 'examples');
    const run = spawnSync(
      join(consumer, 'node_modules/.bin/traffic-governance'),
      [
        'evaluate',
        '--policy',
        join(examples, 'policy.yaml'),
        '--contracts',
        join(examples, 'contracts.yaml'),
        '--traffic',
        join(examples, 'traffic.jsonl'),
        join(examples, 'traffic.har'),
        join(examples, 'k6.json'),
        join(examples, 'access.log'),
        '--tier',
        'CONTROL',
        '--out',
        'out',
      ],
      { cwd: consumer, encoding: 'utf8' },
    );
    expect(run.stdout).toContain('verdict: DROP (tier CONTROL) → exit 1');
    expect(run.status, run.stderr).toBe(1);
    for (const file of [
      'ledger.jsonl',
      'ledger.checkpoint',
      'policy-artifact.json',
      'summary.md',
      'junit.xml',
    ]) {
      expect(existsSync(join(consumer, 'out', file)), file).toBe(true);
    }
    const result = JSON.parse(readFileSync(join(consumer, 'out/result.json'), 'utf8')) as { verdict: string };
    expect(result.verdict).toBe('DROP');
    const verify = spawnSync(
      join(consumer, 'node_modules/.bin/traffic-governance'),
      ['verify-ledger', 'out/ledger.jsonl', '--checkpoint', 'out/ledger.checkpoint'],
      { cwd: consumer, encoding: 'utf8' },
    );
    expect(verify.status, verify.stderr).toBe(0);
  });

  it("imports 'traffic-governance' from plain Node", () => {
    const script = [
      "const tg = await import('traffic-governance');",
      "const policy = tg.createPolicy({ version: '1.0.0', contracts: [{ contract_id: 's', endpoint_pattern: 'GET /s' }] });",
      'const engine = new tg.TrafficGovernanceEngine({ policy, platform_tier: tg.PlatformTier.CONTROL });',
      "const r = engine.processRequest({ url: '/s', method: 'GET', status_code: 200, latency_ms: 5, timestamp: 1 });",
      "const u = engine.processRequest({ url: '/nope', method: 'GET', status_code: 200, latency_ms: 5, timestamp: 2 });",
      'console.log(JSON.stringify([r.decision, u.decision, policy.policy_hash.length]));',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: consumer,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(['ALLOW', 'QUARANTINE', 64]);
  });

  describe('tsc --noEmit of a consumer file against the shipped declarations', () => {
    const tsc = (files: string[]) =>
      spawnSync(
        process.execPath,
        [
          join(ROOT, 'node_modules/typescript/bin/tsc'),
          '--noEmit',
          '--strict',
          '--skipLibCheck',
          'false',
          '--module',
          'NodeNext',
          '--moduleResolution',
          'NodeNext',
          '--target',
          'ES2022',
          '--types',
          'node',
          ...files,
        ],
        { cwd: consumer, encoding: 'utf8' },
      );

    beforeAll(() => {
      // A TypeScript project on Node has @types/node; nothing else comes from this checkout.
      mkdirSync(join(consumer, 'node_modules/@types'), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules/@types/node'), join(consumer, 'node_modules/@types/node'));
      symlinkSync(join(ROOT, 'node_modules/undici-types'), join(consumer, 'node_modules/undici-types'));
      writeFileSync(
        join(consumer, 'consumer.ts'),
        [
          "import { createPolicy, Decision, evaluate, type RunResult, RunResultSchema, TrafficGovernanceEngine, PlatformTier } from 'traffic-governance';",
          "const policy = createPolicy({ version: '1.0.0', contracts: [{ contract_id: 's', endpoint_pattern: 'GET /s' }] });",
          'const hash: string = policy.policy_hash;',
          'const engine = new TrafficGovernanceEngine({ policy, platform_tier: PlatformTier.CONTROL });',
          "const record = engine.processRequest({ url: '/s', method: 'GET', status_code: 200, latency_ms: 5, timestamp: 1 });",
          "const decision: 'ALLOW' | 'THROTTLE' | 'QUARANTINE' | 'DROP' = record.decision;",
          'const allow: Decision = Decision.ALLOW;',
          'const parsed = RunResultSchema.safeParse({});',
          'const verdict: string | undefined = parsed.success ? parsed.data.verdict : undefined;',
          'export const run: typeof evaluate = evaluate;',
          'export type Result = RunResult;',
          'console.log(hash, decision, allow, verdict);',
          '',
        ].join('\n'),
      );
      writeFileSync(
        join(consumer, 'wrong.ts'),
        "import { createPolicy } from 'traffic-governance';\nexport const n: number = createPolicy({ version: '1.0.0' }).version;\n",
      );
    });

    it('type-checks a consumer of the engine, the schemas and evaluate, and refuses one that gets a type wrong', () => {
      // One tsc run for both files (the declarations hold zod's types: slow to load, so load them once).
      const result = tsc(['consumer.ts', 'wrong.ts']);
      expect((result.stdout + result.stderr).trim()).toBe(
        "wrong.ts(2,14): error TS2322: Type 'string' is not assignable to type 'number'.",
      );
      expect(result.status).not.toBe(0);
    }, 120_000);
  });
});
