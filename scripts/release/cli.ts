/**
 * Release helpers, run by `npm run release:*` and by .github/workflows/release.yml:
 *
 *   version X.Y.Z [--date YYYY-MM-DD]   move package.json, the template default and the docs to X.Y.Z
 *                                       and open its CHANGELOG section
 *   check [--tag vX.Y.Z]                exit 1 naming every place that disagrees with package.json
 *                                       (and the pushed tag, when given)
 *   notes X.Y.Z                         print the CHANGELOG section of X.Y.Z (the release notes)
 *   gitlab-snapshot --out DIR           the GitLab component project of this version, committed and
 *                                       tagged X.Y.Z in DIR (on top of DIR's history when it is a clone)
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gitlabSnapshot } from './gitlab-snapshot.js';
import { changelogSection, packageVersion, setVersion, versionMismatches } from './versions.js';

const root = process.cwd();

function fail(message: string): never {
  console.error(`release: error: ${message}`);
  process.exit(1);
}

function main(argv: string[]): void {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { date: { type: 'string' }, tag: { type: 'string' }, out: { type: 'string' } },
  });
  switch (command) {
    case 'version': {
      const version = positionals[0] ?? fail('usage: version X.Y.Z [--date YYYY-MM-DD]');
      const date = values.date ?? new Date().toISOString().slice(0, 10);
      const changed = setVersion(root, version, date);
      console.log(`version ${version}: updated ${changed.join(', ') || 'nothing'}`);
      const left = versionMismatches(root);
      if (left.length > 0) fail(`still inconsistent:\n  ${left.join('\n  ')}`);
      return;
    }
    case 'check': {
      const version = packageVersion(root);
      const problems = versionMismatches(root);
      if (values.tag !== undefined && values.tag !== `v${version}`) {
        problems.unshift(
          `tag ${values.tag} is not v${version} (package.json): tag the commit whose package.json has the version, or run npm run release:version`,
        );
      }
      if (problems.length > 0) fail(`version ${version}:\n  ${problems.join('\n  ')}`);
      console.log(`version ${version}: package.json, lock, template default, CHANGELOG and docs agree`);
      return;
    }
    case 'notes': {
      const version = positionals[0] ?? packageVersion(root);
      process.stdout.write(changelogSection(readFileSync('CHANGELOG.md', 'utf8'), version));
      return;
    }
    case 'gitlab-snapshot': {
      const snapshot = gitlabSnapshot(root, values.out ?? fail('usage: gitlab-snapshot --out DIR'));
      console.log(`snapshot ${snapshot.dir}: main at ${snapshot.commit}, tag ${snapshot.tag}`);
      return;
    }
    default:
      fail(`unknown command ${command ?? '(none)'}: use version, check, notes or gitlab-snapshot`);
  }
}

try {
  main(process.argv.slice(2));
} catch (error) {
  fail((error as Error).message);
}
