/**
 * Child process for the cross-process ledger test:
 *   node --import tsx test/support/ledger-writer.ts LEDGER WRITER_ID COUNT
 * appends COUNT records, one appendSync call (one lock) each.
 */
import { Ledger } from '../../src/ledger/index.js';

const [path, writer, count] = process.argv.slice(2);
if (!path || !writer || !count) {
  process.stderr.write('usage: ledger-writer.ts LEDGER WRITER_ID COUNT\n');
  process.exit(2);
}
const ledger = new Ledger(path, {
  policy_hash: 'ab'.repeat(32),
  policy_version: '1.0.0',
  platform_tier: 'CONTROL',
});
for (let n = 0; n < Number(count); n++) ledger.appendSync([{ record_type: 'probe', writer, n }]);
