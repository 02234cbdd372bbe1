#!/usr/bin/env node
/**
 * `npm run test:unit`: the quick suite. Rootless, no build, no kernel state: parsers, planners,
 * the record schema, plan rendering, and appliers and downs with a fake step runner. Runs tap on
 * every test file except
 *   - the folders of the full suite (FULL_SUITE_DIRS: real kernel, faults, packages; the lab
 *     helpers and fixtures are not tests), and
 *   - files whose first line says `// not-unit: <why>` (they need root, a built dist/, or
 *     real ip/ovs/nft).
 * The rule follows the files, not the lib/ layout: a test that moves keeps its marker.
 * TypeScript is loaded through esbuild (ts-esbuild-import.mjs); `npm run typecheck` checks types.
 * Extra arguments go to tap (`npm run test:unit -- -R terse`, or test files to run only those).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FULL_SUITE_DIRS = ['test/integration', 'test/reliability', 'test/package', 'test/lab', 'test/fixtures'];
const NOT_UNIT = /^\/\/ not-unit: /;

/** Every *.ts test file under `dir`, outside the full-suite folders, as a path from the repo root. */
function testFiles(dir) {
  const rel = relative(ROOT, dir);
  if (FULL_SUITE_DIRS.includes(rel)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return e.name === 'node_modules' ? [] : testFiles(path);
      return e.isFile() && e.name.endsWith('.ts') ? [relative(ROOT, path)] : [];
    });
}

function unitTestFiles() {
  return testFiles(join(ROOT, 'test')).filter((f) => !NOT_UNIT.test(readFileSync(join(ROOT, f), 'utf8')));
}

const extra = process.argv.slice(2);
const named = extra.some((a) => a.endsWith('.ts'));
const tap = join(ROOT, 'node_modules/.bin/tap');
// TAP_TYPE_STRIP_ONLY=1 keeps @tapjs/typescript from loading ts-node into each test process
// (its plugin resets the runner's own value on Node < 22, hence --test-env too).
const args = [
  '--test-env=TAP_TYPE_STRIP_ONLY=1',
  '--node-arg=--import=./scripts/ts-esbuild-import.mjs',
  ...(named ? [] : unitTestFiles()),
  ...extra,
];
const res = spawnSync(tap, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, TAP_TYPE_STRIP_ONLY: '1' } });
process.exit(res.status ?? 1);
