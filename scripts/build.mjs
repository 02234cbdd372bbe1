// Bundle every entry into one self-contained executable (shebang, mode 0755, runnable with
// nothing but `node`): bin/ctnet.ts -> dist/bin/ctnet, hooks/<x>.ts -> dist/hooks/ctnet-<x>.
// A hook executable is lib/boot/boot-entry.ts carrying the hook's bundle as text, which it runs
// through Node's compile cache where Node has one (lib/boot/run-bundle.ts). Every executable
// starts with the Node version check (NODE_GUARD), in syntax any Node parses.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  define: { __CTNET_VERSION__: JSON.stringify(pkg.version) },
  legalComments: 'none',
  logLevel: 'warning',
};
// The lowest Node major the executables are tested on (package.json engines, .ci/run).
const MIN_NODE = 20;
const NODE_GUARD = `if (+process.versions.node.split('.')[0] < ${MIN_NODE}) { process.stderr.write('ctnet needs Node.js ${MIN_NODE} or newer; found ' + process.versions.node + '; use the self-contained executable\\n'); process.exit(1); }`;
// "use strict" first: a directive only counts as the first statement.
const banner = { js: `#!/usr/bin/env node\n"use strict";\n${NODE_GUARD}` };
const hooks = readdirSync('hooks')
  .filter((f) => f.endsWith('.ts'))
  .sort()
  .map((f) => ({ in: `hooks/${f}`, name: `ctnet-${f.slice(0, -3)}`, out: `dist/hooks/ctnet-${f.slice(0, -3)}` }));
rmSync('dist', { recursive: true, force: true });

await build({ ...common, entryPoints: ['bin/ctnet.ts'], outfile: 'dist/bin/ctnet', banner });
await Promise.all(
  hooks.map(async (h) => {
    const inner = await build({ ...common, entryPoints: [h.in], write: false });
    const source = inner.outputFiles[0].text;
    const buildId = createHash('sha256').update(source).digest('hex').slice(0, 16);
    await build({
      ...common,
      entryPoints: ['lib/boot/boot-entry.ts'],
      outfile: h.out,
      banner,
      define: {
        ...common.define,
        __CTNET_BUNDLE__: JSON.stringify(source),
        __CTNET_BUILD_ID__: JSON.stringify(buildId),
        __CTNET_NAME__: JSON.stringify(h.name),
      },
    });
  }),
);
// The benchmark (npm run bench) is an ES module that runs from the repo, not an executable.
await build({
  entryPoints: ['bench/bench.ts'],
  outfile: 'dist/bench/bench.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
  define: { __CTNET_VERSION__: JSON.stringify(pkg.version) },
});
const outs = ['dist/bin/ctnet', ...hooks.map((h) => h.out)];
for (const o of outs) chmodSync(o, 0o755);
// The bundles are CommonJS. Inside this repo the root package.json says "type": "module",
// which Node 20 applies to extensionless files too; this marker keeps dist/ CommonJS.
// Installed copies (no package.json above them) are CommonJS by default.
mkdirSync('dist', { recursive: true });
writeFileSync('dist/package.json', '{ "type": "commonjs" }\n');
console.log(`built ${outs.join(', ')}`);
