/** Running bench/child.ts measurements in fresh processes, alternating ours with the reference. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ChildResult, ChildTask } from './child.js';
import { median } from './measure.js';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

/** One measurement in a fresh node (same flags as this one, so tsx loads the TypeScript). */
export async function inChild(task: ChildTask): Promise<ChildResult> {
  const { stdout } = await run(process.execPath, [...process.execArgv, CHILD, JSON.stringify(task)], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as ChildResult;
}

export interface Paired {
  ours: ChildResult;
  reference: ChildResult;
  /** Median seconds of each side over the rounds. */
  oursSeconds: number;
  referenceSeconds: number;
  /** Highest peak RSS of our rounds. */
  oursMaxRssMB: number;
}

/**
 * `rounds` rounds of ours then the reference, each in its own process; medians. `clean` runs before
 * every measurement, so no run pays for deleting the previous one's output (ledgers of a million
 * records are a gigabyte each) and the last output of ours is still there afterwards.
 */
export async function paired(
  ours: ChildTask,
  reference: ChildTask,
  rounds: number,
  clean: () => void,
): Promise<Paired> {
  const a: ChildResult[] = [];
  const b: ChildResult[] = [];
  for (let r = 0; r < rounds; r++) {
    clean();
    b.push(await inChild(reference));
    clean();
    a.push(await inChild(ours));
  }
  return {
    ours: a[0]!,
    reference: b[0]!,
    oursSeconds: median(a.map((x) => x.seconds)),
    referenceSeconds: median(b.map((x) => x.seconds)),
    oursMaxRssMB: Math.max(...a.map((x) => x.maxRssMB)),
  };
}
