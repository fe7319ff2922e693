/**
 * Windows paths, without a Windows machine: the functions that take a path module or a separator get
 * path.win32 and `\`, with drive letters, backslashes and UNC paths as a windows-latest runner gives
 * them (GITHUB_WORKSPACE is `D:\a\<repo>\<repo>`). The example workflow runs the Action on Windows too.
 */
import { win32 } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayPath } from '../src/github/inputs.js';
import { lockError, lockPath } from '../src/ledger/lock.js';
import { shownPath, visible } from '../src/report/text.js';
import { globPattern } from '../src/run/files.js';
import { workerFile } from '../src/worker.js';

const WS = 'D:\\a\\shop\\shop';
const OPTIONS = { timeoutMs: 30_000, staleMs: 10_000 };

describe('paths in messages', () => {
  it('are workspace-relative with forward slashes inside the workspace', () => {
    expect(displayPath(WS, 'D:\\a\\shop\\shop\\governance\\policy.yml', win32)).toBe('governance/policy.yml');
    // Windows paths ignore case: another spelling of the drive is the same workspace.
    expect(displayPath(WS, 'd:\\a\\shop\\shop\\test-results\\e2e.har', win32)).toBe('test-results/e2e.har');
  });

  it('are absolute, with forward slashes (visible() would double each backslash), outside it', () => {
    expect(displayPath(WS, 'C:\\Users\\runner\\policy.yml', win32)).toBe('C:/Users/runner/policy.yml');
    expect(displayPath(WS, 'D:\\a\\shop\\other\\policy.yml', win32)).toBe('D:/a/shop/other/policy.yml');
    expect(displayPath(WS, WS, win32)).toBe('D:/a/shop/shop');
    expect(displayPath(WS, '\\\\server\\share\\policy.yml', win32)).toBe('//server/share/policy.yml');
    expect(visible(shownPath('D:\\a\\x.yml', '\\'))).toBe('D:/a/x.yml');
  });

  it('keep a backslash that is part of a POSIX file name (escaped by visible)', () => {
    expect(shownPath('/w/a\\b.yml', '/')).toBe('/w/a\\b.yml');
    expect(visible(shownPath('/w/a\\b.yml', '/'))).toBe('/w/a\\\\b.yml');
    // A name starting with two dots is inside the workspace, not above it.
    expect(displayPath('/w', '/w/..hidden/p.yml')).toBe('..hidden/p.yml');
    expect(displayPath('/w', '/x/p.yml')).toBe('/x/p.yml');
  });
});

describe('traffic globs', () => {
  it('read backslashes as separators on Windows: relative, absolute with a drive, UNC', () => {
    expect(globPattern('test-results\\**\\*.har', '\\')).toBe('test-results/**/*.har');
    expect(globPattern('D:\\a\\shop\\shop\\logs\\*.log', '\\')).toBe('D:/a/shop/shop/logs/*.log');
    expect(globPattern('\\\\server\\share\\*.jsonl', '\\')).toBe('//server/share/*.jsonl');
    expect(globPattern('test-results/**/*.har', '\\')).toBe('test-results/**/*.har');
  });

  it('keep backslashes as escapes elsewhere', () => {
    expect(globPattern('logs/\\[2026\\]/*.log', '/')).toBe('logs/\\[2026\\]/*.log');
  });
});

describe('the ledger lock', () => {
  const ledger = 'D:\\a\\shop\\shop\\traffic-governance\\.staging-42\\ledger.jsonl';

  it('is the directory beside the ledger', () => {
    expect(lockPath(ledger)).toBe(`${ledger}.lock`);
    expect(win32.dirname(lockPath(ledger))).toBe(win32.dirname(ledger));
  });

  it('is named with forward slashes in its errors, not doubled backslashes', () => {
    const busy = lockError(ledger, Object.assign(new Error('locked'), { code: 'ELOCKED' }), OPTIONS, '\\');
    expect(busy.message).toBe(
      'D:/a/shop/shop/traffic-governance/.staging-42/ledger.jsonl: timed out after 30000 ms waiting for the ledger lock ' +
        'D:/a/shop/shop/traffic-governance/.staging-42/ledger.jsonl.lock (another writer holds it; a lock untouched for 10000 ms is taken over as abandoned)',
    );
    const denied = lockError(
      ledger,
      Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' }),
      OPTIONS,
      '\\',
    );
    expect(denied.message).toMatch(
      /^D:\/a\/shop\/shop\/traffic-governance\/\.staging-42\/ledger\.jsonl: cannot take the ledger lock D:\/a\/[^\\]+\.lock: EPERM/,
    );
  });
});

describe('worker threads', () => {
  it('run the bundle from its Windows path: drive letter, UNC, encoded names', () => {
    expect(workerFile('file:///D:/a/_actions/owner/traffic-governance/v1/dist/github/index.js', true)).toBe(
      'D:\\a\\_actions\\owner\\traffic-governance\\v1\\dist\\github\\index.js',
    );
    expect(workerFile('file://server/share/action/dist/cli/index.js', true)).toBe(
      '\\\\server\\share\\action\\dist\\cli\\index.js',
    );
    expect(workerFile('file:///C:/Program%20Files/tg%25/dist/lib/index.js', true)).toBe(
      'C:\\Program Files\\tg%\\dist\\lib\\index.js',
    );
  });

  it('load TypeScript source through tsx (no file to run directly)', () => {
    expect(workerFile('file:///D:/a/tg/src/run/ledger-sink.ts', true)).toBeUndefined();
    expect(workerFile('file:///home/runner/tg/src/run/ledger-sink.ts', false)).toBeUndefined();
    expect(workerFile('file:///home/runner/tg/dist/github/index.js', false)).toBe(
      '/home/runner/tg/dist/github/index.js',
    );
  });
});
