#!/usr/bin/env node
/** The `traffic-governance` executable (the ncc entry): Ctrl-C stops an evaluation cleanly, twice exits at once. */
import { processIo } from './io.js';
import { main } from './main.js';

const interrupt = new AbortController();
process.once('SIGINT', () => {
  interrupt.abort();
  process.once('SIGINT', () => process.exit(130));
});

process.exitCode = await main(process.argv.slice(2), processIo(interrupt.signal));
