/** lib/doors/builtin-module.ts: Node's own loader where there is one, else the bundle's require. */
import t from 'tap';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { run } from '../../lib/doors/exec.js';
import { CtnetError } from '../../lib/errors.js';
import { builtinLoader, builtinModule } from '../../lib/doors/builtin-module.js';
import { REPO } from '../lab/vz-lab.js';

t.test('loads a built-in on first use', async (t) => {
  t.equal(
    builtinModule<typeof import('node:net')>('node:net').createConnection,
    (await import('node:net')).createConnection,
  );
});

t.test('process.getBuiltinModule first, then require, else a clear error', async (t) => {
  const asked: string[] = [];
  const viaNode = builtinLoader(
    { getBuiltinModule: (id) => (asked.push(`node ${id}`), 'N') },
    (id) => (asked.push(`require ${id}`), 'R'),
  );
  t.equal(viaNode('node:os'), 'N');
  const viaRequire = builtinLoader({}, (id) => (asked.push(`require ${id}`), 'R'));
  t.equal(viaRequire('node:net'), 'R');
  t.same(
    asked,
    ['node node:os', 'require node:net'],
    "Node's loader when it has one, the bundle's require only without it",
  );
  let error: unknown;
  try {
    builtinLoader({}, undefined);
  } catch (e) {
    error = e;
  }
  t.ok(error instanceof CtnetError && error.code === 'E_INTERNAL', 'neither: a CtnetError');
  t.match((error as Error).message, /no process\.getBuiltinModule and no require/);
});

t.test('a CommonJS bundle on a Node without process.getBuiltinModule loads through its require', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctnet-builtin-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const entry = path.join(dir, 'entry.ts');
  fs.writeFileSync(
    entry,
    `import { builtinModule } from ${JSON.stringify(path.join(REPO, 'lib/doors/builtin-module.ts'))};\n` +
      `process.stdout.write(typeof (builtinModule('node:net') as { createConnection: unknown }).createConnection);\n`,
  );
  const out = path.join(dir, 'bundle.cjs');
  await build({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
  });
  const r = await run(
    'node',
    [
      '-e',
      `if (delete process.getBuiltinModule && process.getBuiltinModule === undefined) require(${JSON.stringify(out)})`,
    ],
    { timeoutMs: 10_000 },
  );
  t.equal(r.stdout, 'function', "node:net loaded by the bundle's require");
});
