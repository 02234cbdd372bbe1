// Bundle every entry into one self-contained executable (shebang, mode 0755, runnable with
// nothing but `node`): bin/ctnet.ts -> dist/bin/ctnet, hooks/<x>.ts -> dist/hooks/ctnet-<x>.
// A hook executable is lib/boot/boot-entry.ts carrying the hook's bundle as text, run through
// V8's code cache (lib/boot/code-cache.ts): compiling is most of a hook's start-up cost.
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
const banner = { js: '#!/usr/bin/env node' };
const hooks = readdirSync('hooks').filter((f) => f.endsWith('.ts')).sort()
  .map((f) => ({ in: `hooks/${f}`, name: `ctnet-${f.slice(0, -3)}`, out: `dist/hooks/ctnet-${f.slice(0, -3)}` }));
rmSync('dist', { recursive: true, force: true });

await build({ ...common, entryPoints: ['bin/ctnet.ts'], outfile: 'dist/bin/ctnet', banner });
await Promise.all(hooks.map(async (h) => {
  const inner = await build({ ...common, entryPoints: [h.in], write: false });
  const source = inner.outputFiles[0].text;
  const buildId = createHash('sha256').update(source).digest('hex').slice(0, 16);
  await build({
    ...common,
    entryPoints: ['lib/boot/boot-entry.ts'],
    outfile: h.out,
    banner,
    define: { ...common.define, __CTNET_BUNDLE__: JSON.stringify(source), __CTNET_BUILD_ID__: JSON.stringify(buildId), __CTNET_NAME__: JSON.stringify(h.name) },
  });
}));
// The benchmark (npm run bench) is an ES module that runs from the repo, not an executable.
// It gets a `require` of its own, which lib/builtin-module.ts falls back on where Node has no
// process.getBuiltinModule (before 20.16).
await build({
  entryPoints: ['bench/bench.ts'], outfile: 'dist/bench/bench.mjs', bundle: true, platform: 'node',
  target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning',
  banner: { js: "import { createRequire as createRequireForBench } from 'node:module';\nconst require = createRequireForBench(import.meta.url);" },
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
