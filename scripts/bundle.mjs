// Builds the committed bundles with ncc: dist/github (the Action), dist/cli (the command) and
// dist/lib (the library, what `import 'traffic-governance'` loads) with its type declarations,
// dist/lib/index.d.ts: tsc emits them (tsconfig.types.json) and rollup-plugin-dts folds them into
// one file with the types of the bundled packages (zod) inlined, so the npm package needs none.
// ncc leaves stale chunks behind, so each output folder is removed first.
//
// Type checking is `tsc --noEmit`'s job (npm run build), so ncc only transpiles (-t). Transpiling a
// file alone, TypeScript cannot tell that `module: NodeNext` means ESM here and would emit CommonJS
// (breaking top-level await and ESM-only packages such as @actions/core 3). ncc takes its compiler
// options from the tsconfig.json nearest the entry, so the build goes through a one-line entry in
// .tmp/ whose tsconfig.json asks for ES modules.
//
//   node scripts/bundle.mjs [github|cli|lib]...       build (all targets when none is named)
//   node scripts/bundle.mjs --check [github|cli|lib]...   build into a temp folder and compare with the
//                                                     committed one: exit 1 naming what is stale
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';

const targets = [
  { name: 'github', entry: 'src/github/index.ts', out: 'dist/github' },
  { name: 'cli', entry: 'src/cli/index.ts', out: 'dist/cli', bin: true },
  { name: 'lib', entry: 'src/index.ts', out: 'dist/lib', types: true },
];

const args = process.argv.slice(2);
const check = args.includes('--check');
const names = args.filter((arg) => arg !== '--check');
const unknown = names.filter((name) => !targets.some((target) => target.name === name));
if (unknown.length > 0) {
  console.error(`unknown target ${unknown.join(', ')}: use ${targets.map((t) => t.name).join(' or ')}`);
  process.exit(2);
}

function esmEntry(name, entry) {
  const dir = join('.tmp', `bundle-${name}`);
  mkdirSync(dir, { recursive: true });
  const compilerOptions = { module: 'ESNext', moduleResolution: 'Bundler', target: 'ES2022' };
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions }, null, 2)}\n`);
  const shim = join(dir, 'index.ts');
  writeFileSync(
    shim,
    `export * from '${relative(dir, entry).split(sep).join('/').replace(/\.ts$/, '.js')}';\n`,
  );
  return shim;
}

function build(name, entry, out, bin) {
  rmSync(out, { recursive: true, force: true });
  execFileSync(
    'npx',
    ['ncc', 'build', esmEntry(name, entry), '-o', out, '--license', 'licenses.txt', '-q', '-t'],
    { stdio: 'inherit' },
  );
  const main = `${out}/index.js`;
  // The package's `bin`: npm links it as an executable, which needs the interpreter line.
  if (bin && existsSync(main)) writeFileSync(main, `#!/usr/bin/env node\n${readFileSync(main, 'utf8')}`);
  if (existsSync(main)) chmodSync(main, 0o755);
}

async function buildTypes(out) {
  const emitted = join('.tmp', 'types');
  rmSync(emitted, { recursive: true, force: true });
  execFileSync('npx', ['tsc', '-p', 'tsconfig.types.json'], { stdio: 'inherit' });
  const bundle = await rollup({
    input: join(emitted, 'index.d.ts'),
    plugins: [dts({ respectExternal: true })],
    external: [/^node:/],
  });
  await bundle.write({ file: join(out, 'index.d.ts'), format: 'es' });
  await bundle.close();
}

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, String(name)))
    .filter((path) => statSync(path).isFile())
    .map((path) => relative(dir, path))
    .sort();
}

/** Files that differ between two folders: changed, missing from `committed`, or extra in it. */
function differences(committed, fresh) {
  const a = files(committed);
  const b = files(fresh);
  const changed = b.filter(
    (f) => !a.includes(f) || !readFileSync(join(committed, f)).equals(readFileSync(join(fresh, f))),
  );
  const extra = a.filter((f) => !b.includes(f));
  return [...changed, ...extra];
}

let stale = false;
for (const { name, entry, out, types, bin } of targets) {
  if (names.length > 0 && !names.includes(name)) continue;
  if (!existsSync(entry)) {
    console.log(`skip ${entry} (not there yet)`);
    continue;
  }
  if (!check) {
    build(name, entry, out, bin);
    if (types) await buildTypes(out);
    console.log(`built ${out}`);
    continue;
  }
  const temp = mkdtempSync(join(tmpdir(), `bundle-${name}-`));
  try {
    build(name, entry, temp, bin);
    if (types) await buildTypes(temp);
    const diff = differences(out, temp);
    if (diff.length > 0) {
      stale = true;
      console.error(`${out} is stale (${diff.join(', ')}): run npm run bundle and commit ${out}`);
    } else {
      console.log(`${out} is fresh`);
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
if (stale) process.exit(1);
