/**
 * One measurement in a fresh process, so that peak RSS belongs to that work alone and no benchmark
 * inherits another's JIT state or heap. Prints one JSON line: `{ seconds, events, maxRssMB, … }`.
 * Timing covers the work only (not node's start-up or module loading).
 *
 *   node --import tsx bench/child.ts '{"task":"evaluate","format":"jsonl","input":"…","outDir":"…"}'
 */
import type { TrafficFormat } from '../src/traffic/index.js';
import { runFloor, verifyFloor } from './floors.js';

/**
 * What is measured: the committed library bundle dist/lib (the code the CLI and the Action run,
 * worker threads included), or with TG_BENCH_SOURCE=1 (`npm run bench -- --source`) src/ through tsx.
 */
const lib: typeof import('../src/index.js') = await import(
  process.env.TG_BENCH_SOURCE ? '../src/index.js' : '../dist/lib/index.js'
);
const { computePolicyHash, evaluate, loadPolicy, verifyLedger } = lib;

/**
 * A traffic_filter with every rule switched on that keeps all of the generated traffic (its host is
 * 127.0.0.1:8080, its HAR entries are fetches): what the filter costs per request, nothing removed.
 */
const KEEP_ALL_FILTER = {
  hosts: ['127.0.0.1', '*.example.com'],
  exclude_hosts: ['cdn.example.com', '*.analytics.example'],
  resource_types: ['fetch', 'xhr'],
  exclude_static_assets: true,
  exclude_paths: ['/static/**', '/healthz', '**/*.map'],
};

export type ChildTask =
  | { task: 'evaluate'; format: TrafficFormat; input: string; outDir: string; filter?: boolean }
  | { task: 'floor'; format: TrafficFormat; input: string; output: string }
  | { task: 'verify'; ledger: string; rounds: number };

export interface ChildResult {
  seconds: number;
  events: number;
  maxRssMB: number;
  /**
   * verify only: the floor's and the fast mode's (on every core, and on one thread) median seconds,
   * measured in the same process, interleaved; `seconds` is the strict check's (first round only).
   */
  floorSeconds?: number;
  fastSeconds?: number;
  fastOneThreadSeconds?: number;
  detail?: string;
}

const maxRssMB = () => process.resourceUsage().maxRSS / 1024;

function seconds(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function run(task: ChildTask): Promise<ChildResult> {
  switch (task.task) {
    case 'evaluate': {
      const loaded = loadPolicy('examples/policy.yaml', ['examples/contracts.yaml']);
      const { policy_hash: _, ...unhashed } = loaded;
      const filtered = { ...unhashed, traffic_filter: KEEP_ALL_FILTER };
      const policy = task.filter ? { ...filtered, policy_hash: computePolicyHash(filtered) } : loaded;
      const start = process.hrtime.bigint();
      const result = await evaluate({
        policy,
        traffic: [task.input],
        format: task.format,
        tier: 'CONTROL',
        outDir: task.outDir,
        env: {},
      });
      const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
      if (result.error) throw new Error(`evaluate failed: ${result.error}`);
      return {
        seconds: elapsed,
        events: result.input.accepted,
        maxRssMB: maxRssMB(),
        detail: `${result.input.rejected} rejected, ${result.endpoints.length} endpoints, verdict ${result.verdict}`,
      };
    }
    case 'floor': {
      let events = 0;
      const elapsed = seconds(() => {
        events = runFloor(task.format, task.input, task.output);
      });
      return { seconds: elapsed, events, maxRssMB: maxRssMB() };
    }
    case 'verify': {
      const strict: number[] = [];
      const fast: number[] = [];
      const fastOneThread: number[] = [];
      const floor: number[] = [];
      let events = 0;
      const verify = (fast: boolean, parallel: boolean) => () => {
        // As verify-ledger checks it: the chain and the run's structure.
        const v = verifyLedger(task.ledger, undefined, { fast, parallel, run: true });
        if (!v.valid) throw new Error(`the benchmark ledger does not verify: ${v.reason}`);
        events = v.count;
      };
      for (let r = 0; r < task.rounds; r++) {
        // The strict check takes several times the others: measured in the first round only.
        if (r === 0) strict.push(seconds(verify(false, true)));
        floor.push(seconds(() => verifyFloor(task.ledger)));
        fast.push(seconds(verify(true, true)));
        fastOneThread.push(seconds(verify(true, false)));
      }
      return {
        seconds: median(strict),
        fastSeconds: median(fast),
        fastOneThreadSeconds: median(fastOneThread),
        floorSeconds: median(floor),
        events,
        maxRssMB: maxRssMB(),
      };
    }
  }
}

const task = JSON.parse(process.argv[2] ?? '{}') as ChildTask;
process.stdout.write(`${JSON.stringify(await run(task))}\n`);
