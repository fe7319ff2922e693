/** The step's outputs (action.yml `outputs`), from a run's result. Paths are absolute. */
import { join } from 'node:path';
import * as core from '@actions/core';
import { REPORT_FILES, VERDICT_ERROR } from '../report/index.js';
import type { RunResult } from '../result.js';
import { OUT_FILES } from '../run/files.js';

export function outputsFor(result: RunResult, outputDir: string): Record<string, string> {
  return {
    'policy-hash': result.policy.hash,
    'artifact-path': join(outputDir, OUT_FILES.artifact),
    'ledger-path': join(outputDir, result.ledger.file),
    'ledger-head': result.ledger.head_hash,
    records: String(result.ledger.records),
    verdict: result.error === undefined ? result.verdict : VERDICT_ERROR,
    rejected: String(result.input.rejected),
    'summary-path': join(outputDir, REPORT_FILES.summary),
    'report-path': join(outputDir, REPORT_FILES.html),
    'output-dir': outputDir,
  };
}

export function setOutputs(result: RunResult, outputDir: string): void {
  for (const [name, value] of Object.entries(outputsFor(result, outputDir))) core.setOutput(name, value);
}
