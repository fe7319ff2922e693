/**
 * `npm run bench [-- --quick] [-- --memory-10m]`: one table, every figure beside a reference
 * measured in the same run, and the ratio. See the README's Performance section.
 */
import { engineBenchmarks } from './engine.js';
import { matcherBenchmarks } from './matcher.js';
import { printTable, type Row } from './measure.js';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');

const rows: Row[] = [];
console.error(`traffic-governance bench (${quick ? 'quick' : 'full'}), node ${process.version}`);
rows.push(...(await matcherBenchmarks(quick)));
rows.push(...(await engineBenchmarks(quick)));
printTable(rows);
