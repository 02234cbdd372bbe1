// Build the self-contained executable dist/sea/ctnet with Node's single executable
// applications feature: bin/sea.ts bundled into one CommonJS script, turned into a blob with
// V8's code cache by the Node binary it is then injected into (an official Node 24 binary from
// the npm registry, scripts/fetch-node.sh), and links named after each executable it answers
// as (dist/sea/ctnet-vznet -> ctnet, ...), the way it is installed.
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const SEA_NODE_MAJOR = '24';
const NAMES = ['ctnet-vznet', 'ctnet-umount', 'ctnet-vznetcfg', 'ctnet-lxc'];
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const out = resolve('dist/sea');
const work = resolve('dist/sea-build');
rmSync(out, { recursive: true, force: true });
rmSync(work, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
mkdirSync(work, { recursive: true });

const nodeBin =
  process.env.CTNET_SEA_NODE ||
  join(
    execFileSync('bash', ['scripts/fetch-node.sh', SEA_NODE_MAJOR], { encoding: 'utf8', timeout: 300_000 }).trim(),
    'node',
  );
const main = join(work, 'sea-main.cjs');
await build({
  entryPoints: ['bin/sea.ts'],
  outfile: main,
  bundle: true,
  platform: 'node',
  target: `node${SEA_NODE_MAJOR}`,
  format: 'cjs',
  legalComments: 'none',
  logLevel: 'warning',
  define: { __CTNET_VERSION__: JSON.stringify(pkg.version) },
});
const blob = join(work, 'sea-prep.blob');
writeFileSync(
  join(work, 'sea-config.json'),
  JSON.stringify({
    main,
    output: blob,
    disableExperimentalSEAWarning: true,
    useCodeCache: true,
    // NODE_OPTIONS from a hook's environment is not applied to the executable.
    execArgvExtension: 'none',
  }),
);
execFileSync(nodeBin, ['--experimental-sea-config', join(work, 'sea-config.json')], {
  stdio: ['ignore', 'ignore', 'inherit'],
  timeout: 120_000,
});
const exe = join(out, 'ctnet');
copyFileSync(nodeBin, exe);
chmodSync(exe, 0o755);
// Stripped before the blob goes in (stripping after breaks the injected executable): the symbols
// are dead weight in a package (size in docs/bench.md), and lintian refuses an unstripped binary.
execFileSync('strip', ['--strip-unneeded', exe], { stdio: 'inherit', timeout: 120_000 });
// postject (LIEF) warns about ELF note sections it does not know; its output is shown only when it
// fails.
const inject = spawnSync(
  process.execPath,
  [
    resolve('node_modules/postject/dist/cli.js'),
    exe,
    'NODE_SEA_BLOB',
    blob,
    '--sentinel-fuse',
    'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
  ],
  { encoding: 'utf8', timeout: 300_000 },
);
if (inject.status !== 0) {
  process.stderr.write(`${inject.stdout}${inject.stderr}`);
  throw new Error(`postject failed (exit ${inject.status ?? inject.signal})`);
}
for (const n of NAMES) symlinkSync('ctnet', join(out, n));
// What the Debian package's copyright needs of the Node.js inside (scripts/package.sh).
const nodeVersion = execFileSync(nodeBin, ['--version'], { encoding: 'utf8' }).trim();
copyFileSync(join(dirname(nodeBin), '..', 'LICENSE'), join(out, 'NODE-LICENSE'));
writeFileSync(join(out, 'NODE-VERSION'), `${nodeVersion}\n`);
rmSync(work, { recursive: true, force: true });
console.log(`built ${exe} (Node ${nodeVersion}) and links ${NAMES.join(', ')}`);
