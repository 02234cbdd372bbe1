/**
 * lib/boot/complete-code-cache.ts in a child process (it switches V8 flags, which must not leak
 * into the test runner): the cache holds every function, a fresh process accepts it, the flags
 * are back to normal afterwards, and a failing second compile means the plain cache.
 */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { run } from '../../lib/exec.js';
import { REPO } from '../lab/vz-lab.js';

const DRIVER = `import { Script } from 'node:vm';
import { writeSync, writeFileSync, readFileSync } from 'node:fs';
import { completeCodeCache } from ${JSON.stringify(path.join(REPO, 'lib/boot/complete-code-cache.ts'))};
const [mode, file] = process.argv.slice(2);
// Each function holds a closure the run never calls: compiled only by the complete cache.
const body = (i) => Array.from({ length: 12 }, (_, k) => 'if (x > ' + (i + k) + ') { s += x * ' + k + ' + String(x).length; } else { s -= ' + k + '; }').join(' ');
const functions = Array.from({ length: 40 }, (_, i) => 'const f' + i + ' = (x) => { const g = (x) => { let s = 0; ' + body(i) + ' return s; }; return typeof g === "function" ? x + ' + i + ' : g(x); };').join('\\n');
const source = '(function () {' + functions + '\\nreturn f1(1);\\n})';
const compile = () => new Script(source, { filename: 'bundle.js' });
if (mode === 'write' || mode === 'throw') {
  const script = compile();
  script.runInThisContext()();
  const plain = script.createCachedData();
  const data = completeCodeCache(script, mode === 'throw' ? () => { throw new Error('no second compile'); } : compile);
  writeFileSync(file, data);
  // After the call: a new compile is lazy again (only the top level compiled), as with normal flags.
  const after = new Script(source + ' ', { filename: 'other.js' }).createCachedData().length;
  writeSync(1, JSON.stringify({ plain: plain.length, data: data.length, after }) + '\\n');
} else {
  const script = new Script(source, { filename: 'bundle.js', cachedData: readFileSync(file) });
  writeSync(1, JSON.stringify({ rejected: script.cachedDataRejected, result: script.runInThisContext()() }) + '\\n');
}
`;

const dir = t.testdir({});
const src = path.join(dir, 'driver.ts');
fs.writeFileSync(src, DRIVER);
const driver = path.join(dir, 'driver.cjs');
await build({ entryPoints: [src], outfile: driver, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error' });
const node = async (...args: string[]) => JSON.parse((await run(process.execPath, [driver, ...args], { timeoutMs: 20_000 })).stdout);

t.test('every function compiled, accepted by a fresh process, flags back afterwards', async (t) => {
  const file = path.join(dir, 'complete.v8');
  const w = await node('write', file);
  t.ok(w.data > w.plain * 2, `the complete cache (${w.data} bytes) holds far more than the run's own (${w.plain} bytes: the top level and f1, without the closures)`);
  t.ok(w.after < w.plain * 2, `a compile after the call is lazy again (${w.after} bytes)`);
  t.same(await node('read', file), { rejected: false, result: 2 }, 'a fresh process with normal flags accepts it and runs the code');
});

t.test('a second compile that fails means the plain cache, still accepted', async (t) => {
  const file = path.join(dir, 'plain.v8');
  const w = await node('throw', file);
  t.equal(w.data, w.plain, 'the plain cache');
  t.same(await node('read', file), { rejected: false, result: 2 });
});
