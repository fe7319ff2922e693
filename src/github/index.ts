/** The Action's entry point (action.yml `runs.main`, bundled to dist/github/index.js). */
import { run } from './main.js';

await run();
