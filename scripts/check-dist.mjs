// Rebuilds dist/ and fails when the result differs from what git has: dist/ is committed and
// must be built from the committed sources.
import { execFileSync } from 'node:child_process';

execFileSync('node', ['scripts/bundle.mjs'], { stdio: 'inherit' });
const changed = execFileSync('git', ['status', '--porcelain', '--', 'dist/'], { encoding: 'utf8' }).trim();
if (changed) {
  console.error(`dist/ is stale: rebuilding it changed these files:\n${changed}\nRun \`npm run bundle\` and commit dist/.`);
  process.exit(1);
}
console.log('dist/ is fresh');
