// Bundle every entry into one self-contained executable (shebang, mode 0755, runnable with
// nothing but `node`): bin/ctnet.ts -> dist/bin/ctnet, hooks/<x>.ts -> dist/hooks/ctnet-<x>.
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const entries = [{ in: 'bin/ctnet.ts', out: 'dist/bin/ctnet' }];
for (const f of readdirSync('hooks').filter((f) => f.endsWith('.ts')).sort()) {
  entries.push({ in: `hooks/${f}`, out: `dist/hooks/ctnet-${f.slice(0, -3)}` });
}
rmSync('dist', { recursive: true, force: true });
await Promise.all(entries.map((e) => build({
  entryPoints: [e.in],
  outfile: e.out,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
  define: { __CTNET_VERSION__: JSON.stringify(pkg.version) },
  legalComments: 'none',
  logLevel: 'warning',
})));
// The benchmark (npm run bench) is an ES module that runs from the repo, not an executable.
await build({
  entryPoints: ['bench/bench.ts'], outfile: 'dist/bench/bench.mjs', bundle: true, platform: 'node',
  target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning',
  define: { __CTNET_VERSION__: JSON.stringify(pkg.version) },
});
for (const e of entries) chmodSync(e.out, 0o755);
// The bundles are CommonJS. Inside this repo the root package.json says "type": "module",
// which Node 20 applies to extensionless files too; this marker keeps dist/ CommonJS.
// Installed copies (no package.json above them) are CommonJS by default.
mkdirSync('dist', { recursive: true });
writeFileSync('dist/package.json', '{ "type": "commonjs" }\n');
console.log(`built ${entries.map((e) => e.out).join(', ')}`);
