#!/usr/bin/env node
/**
 * `npm run mutate [-- [--force] [target ...]]`: Stryker over each target in turn (all of them by
 * default), at low CPU priority and incrementally (only changed mutants are tested again), then one
 * table of scores. `--force` tests every mutant again: incremental mode reuses the result of a
 * static mutant (one in a module-level constant) even when a new test would kill it.
 * Exit 1 when a target scores below 90% killed. Reports: .tmp/mutation/<target>.html and .json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { MUTATE_TARGETS } from './mutate-targets.mjs';

const MIN_SCORE = 90;
const args = process.argv.slice(2);
/** Options for Stryker itself, e.g. --force: test every mutant again (see docs/testing.md). */
const strykerOptions = args.filter((a) => a.startsWith('--'));
const names = args.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !(n in MUTATE_TARGETS));
if (unknown.length > 0) {
  console.error(
    `unknown target ${unknown.join(', ')}: choose from ${Object.keys(MUTATE_TARGETS).join(', ')}`,
  );
  process.exit(2);
}
try {
  setPriority(10); // children inherit it: mutation runs yield the CPU to everything else
} catch {
  // not permitted here: run at normal priority
}

const rows = [];
for (const name of names.length > 0 ? names : Object.keys(MUTATE_TARGETS)) {
  console.log(`\n=== mutate ${name}: ${MUTATE_TARGETS[name].mutate.join(', ')}`);
  const run = spawnSync('npx', ['stryker', 'run', ...strykerOptions], {
    stdio: 'inherit',
    env: { ...process.env, TG_MUTATE_TARGET: name },
  });
  rows.push({ name, ...scoreOf(name), status: run.status });
}

console.log('\n| target | killed | survived | no coverage | timeout | score |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const score = r.score === null ? 'n/a' : `${r.score.toFixed(2)}%`;
  console.log(`| ${r.name} | ${r.Killed} | ${r.Survived} | ${r.NoCoverage} | ${r.Timeout} | ${score} |`);
}
const failed = rows.filter((r) => r.score === null || r.score < MIN_SCORE || r.status !== 0);
if (failed.length > 0) {
  console.error(`below ${MIN_SCORE}% or failed: ${failed.map((r) => r.name).join(', ')}`);
  process.exit(1);
}

/** Counts by status from Stryker's JSON report; score = (killed + timeout) / (all but errors and ignored). */
function scoreOf(name) {
  const counts = { Killed: 0, Survived: 0, NoCoverage: 0, Timeout: 0, Ignored: 0 };
  const file = `.tmp/mutation/${name}.json`;
  if (!existsSync(file)) return { ...counts, score: null };
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const f of Object.values(report.files)) {
    for (const m of f.mutants) if (m.status in counts) counts[m.status]++;
  }
  const detected = counts.Killed + counts.Timeout;
  const valid = detected + counts.Survived + counts.NoCoverage;
  return { ...counts, score: valid === 0 ? null : (100 * detected) / valid };
}
