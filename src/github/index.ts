/** The Action's entry point (action.yml `runs.main`, bundled to dist/github/index.js). */
import { isMainThread } from 'node:worker_threads';
import { run } from './main.js';

// The bundle is also loaded as a worker thread (src/trust/tree-worker.ts): the Action runs only on the main thread.
if (isMainThread) await run();
