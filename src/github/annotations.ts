/**
 * Annotations for a run: a warning per endpoint whose verdict is not ALLOW (pointing at the file and
 * line that define its contract) and per rejected input line. GitHub shows at most 10 warnings per
 * step, so the most severe are written and one notice says how many were left out.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as core from '@actions/core';
import { severity } from '../model.js';
import { formatNumber, formatPercent } from '../report/format.js';
import { visible } from '../report/text.js';
import type { EndpointResult, RunResult } from '../result.js';
import { displayPath } from './inputs.js';

/** GitHub's limit of warning annotations per step. */
export const MAX_WARNINGS = 10;

export interface Annotation {
  title: string;
  message: string;
  file?: string;
  line?: number;
}

export interface AnnotationPlan {
  warnings: Annotation[];
  /** Warnings not written because of the limit. */
  omitted: number;
}

export interface ContractFile {
  /** As shown in annotations (workspace-relative). */
  file: string;
  text: string;
}

/** The policy file and the contracts files, read for locating contracts. Unreadable ones are skipped. */
export function readContractFiles(workspace: string, paths: readonly string[]): ContractFile[] {
  const files: ContractFile[] = [];
  for (const path of paths) {
    try {
      files.push({ file: displayPath(workspace, path), text: readFileSync(path, 'utf8') });
    } catch {
      // Already loaded once; a file gone since only costs the annotation its location.
    }
  }
  return files;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where a contract is defined: the line of its `contract_id` (or OpenAPI `operationId`), else the line
 * of its path (an OpenAPI path item), else the first file (the policy) without a line.
 */
export function locateContract(
  contractId: string,
  endpointPattern: string,
  files: readonly ContractFile[],
): { file: string; line?: number } | undefined {
  const id = new RegExp(
    `(contract_id|operationId)["']?\\s*:\\s*["']?${escapeRegExp(contractId)}["']?\\s*(,|#|$)`,
  );
  const path = endpointPattern.replace(/^[A-Z]+\s+/, '');
  const pathItem = new RegExp(`^\\s*["']?${escapeRegExp(path)}["']?\\s*:`);
  for (const test of [(line: string) => id.test(line), (line: string) => pathItem.test(line)]) {
    for (const { file, text } of files) {
      const index = text.split(/\r?\n/).findIndex(test);
      if (index >= 0) return { file, line: index + 1 };
    }
  }
  return files[0] ? { file: files[0].file } : undefined;
}

function endpointMessage(endpoint: EndpointResult): string {
  const parts = [
    `${endpoint.verdict} for ${formatPercent(endpoint.verdict_share)} of ${endpoint.requests} requests`,
    endpoint.kind === 'unknown'
      ? 'no contract matches this endpoint'
      : `contract ${visible(endpoint.contract_id ?? '')}`,
    `error rate ${formatPercent(endpoint.error_rate)}`,
  ];
  if (endpoint.kind === 'contract') {
    parts.push(
      `p95 ${formatNumber(endpoint.latency_ms.p95)} ms (SLO ${formatNumber(endpoint.latency_ms.slo)} ms)`,
    );
    parts.push(`peak ${formatNumber(endpoint.rpm.peak)} rpm (limit ${formatNumber(endpoint.rpm.limit)})`);
    if (endpoint.circuit_state !== 'CLOSED') parts.push(`circuit ${endpoint.circuit_state}`);
  }
  const disallowed = Object.entries(endpoint.disallowed_methods).map(
    ([method, n]) => `${visible(method)} ×${n}`,
  );
  if (disallowed.length > 0) parts.push(`methods not allowed: ${disallowed.join(', ')}`);
  return parts.join('; ');
}

/** The warnings to write for a run, most severe first, capped at `limit`. */
export function planAnnotations(
  result: RunResult,
  workspace: string,
  files: readonly ContractFile[],
  limit = MAX_WARNINGS,
): AnnotationPlan {
  const flagged = result.endpoints
    .filter((endpoint) => endpoint.verdict !== 'ALLOW')
    .sort(
      (a, b) =>
        severity(b.verdict) - severity(a.verdict) ||
        b.requests - a.requests ||
        (a.endpoint_key < b.endpoint_key ? -1 : a.endpoint_key > b.endpoint_key ? 1 : 0),
    );
  const candidates: Annotation[] = flagged.map((endpoint) => {
    const annotation: Annotation = {
      title: `Traffic Governance: ${endpoint.verdict} ${visible(endpoint.endpoint_key)}`,
      message: endpointMessage(endpoint),
    };
    const where = endpoint.contract_id
      ? locateContract(endpoint.contract_id, endpoint.endpoint_key, files)
      : undefined;
    if (where) Object.assign(annotation, where);
    return annotation;
  });
  const rejected = result.input.rejected_samples.map((sample) => {
    const annotation: Annotation = {
      title: 'Traffic Governance: rejected input line',
      message: `${visible(sample.reason)}${sample.pointer ? ` (at ${visible(sample.pointer)})` : ''}; the line was not evaluated`,
      file: displayPath(workspace, resolve(workspace, sample.file)),
    };
    if (sample.line > 0) annotation.line = sample.line;
    return annotation;
  });
  const warnings = [...candidates, ...rejected].slice(0, limit);
  const total = flagged.length + result.input.rejected;
  return { warnings, omitted: total - warnings.length };
}

export function writeAnnotations(plan: AnnotationPlan): void {
  for (const { title, message, file, line } of plan.warnings) {
    core.warning(message, {
      title,
      // A file name is user text too; visible() leaves every name a repository normally holds as it is.
      ...(file === undefined ? {} : { file: visible(file) }),
      ...(line === undefined ? {} : { startLine: line }),
    });
  }
  if (plan.omitted > 0) {
    core.notice(
      `${plan.omitted} more ${plan.omitted === 1 ? 'warning was' : 'warnings were'} left out (GitHub shows at most ${MAX_WARNINGS} per step): see the job summary and summary.md in the output directory`,
      { title: 'Traffic Governance: more findings' },
    );
  }
}
