#!/usr/bin/env node
/** The `traffic-governance` executable (the ncc entry): Ctrl-C stops an evaluation cleanly, twice exits at once. */
import { isMainThread } from 'node:worker_threads';
import { processIo } from './io.js';
import { main } from './main.js';

// The bundle is also loaded as a worker thread (src/trust/tree-worker.ts): the command runs only on the main thread.
if (isMainThread) start();

function start(): void {
  // A closed pipe (`… | head`) must not kill a run that is still writing its ledger and reports.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }

  const interrupt = new AbortController();
  process.once('SIGINT', () => {
    interrupt.abort();
    process.once('SIGINT', () => process.exit(130));
  });

  void main(process.argv.slice(2), processIo(interrupt.signal)).then((code) => {
    process.exitCode = code;
  });
}
