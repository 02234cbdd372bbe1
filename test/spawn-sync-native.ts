/**
 * lib/spawn-sync-native.ts: the spawn_sync binding, called the way child_process.spawnSync
 * calls it, gives what child_process.spawnSync gives (status, signal, output, errors), and
 * steps aside when it must.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { spawnSyncNative, type NativeSpawnOptions } from '../lib/spawn-sync-native.js';

const base: NativeSpawnOptions = { input: undefined, env: { PATH: process.env['PATH'], LANG: 'C' }, timeoutMs: 5_000, maxBuffer: 1 << 20 };

function both(file: string, args: string[], opts: Partial<NativeSpawnOptions> = {}) {
  const o = { ...base, ...opts };
  const native = spawnSyncNative(file, args, o, {});
  const cp = spawnSync(file, args, {
    input: o.input ?? '', stdio: [o.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], env: o.env,
    timeout: o.timeoutMs, killSignal: 'SIGKILL', maxBuffer: o.maxBuffer,
  });
  const cpError = (cp.error as NodeJS.ErrnoException | undefined)?.code;
  return {
    native: native && { status: native.status, signal: native.signal, stdout: native.stdout.toString(), stderr: native.stderr.toString(), error: native.error },
    cp: { status: cp.status, signal: cp.signal, stdout: cp.stdout?.toString() ?? '', stderr: cp.stderr?.toString() ?? '', error: cpError },
  };
}

t.test('the same results as child_process.spawnSync', async (t) => {
  const cases: Array<[string, string, string[], Partial<NativeSpawnOptions>]> = [
    ['stdout, stderr, exit code, stdin', 'sh', ['-c', 'read l; echo "got $l"; echo err >&2; exit 4'], { input: Buffer.from('x\n') }],
    ['no stdin: /dev/null', 'sh', ['-c', 'cat; echo end'], {}],
    ['argv verbatim, no shell', 'printf', ['%s|', '$(id)', 'a b', ';', ''], {}],
    ['the environment given, nothing else', 'sh', ['-c', 'echo "$A|$B|${HOME-unset}"'], { env: { PATH: process.env['PATH'], A: '1 2', B: '$(x)' } }],
    ['PATH is searched', 'true', [], {}],
    ['killed by a signal', 'sh', ['-c', 'kill -TERM $$'], {}],
    ['a child that exits without reading 1 MB of stdin', 'sh', ['-c', 'exit 3'], { input: Buffer.alloc(1 << 20, 0x79) }],
    ['not found', '/nonexistent/ctnet-x', [], {}],
    ['not executable', '/etc/hostname', [], {}],
    ['timeout: killed, ETIMEDOUT', 'sleep', ['5'], { timeoutMs: 200 }],
    ['more output than maxBuffer: ENOBUFS', 'sh', ['-c', 'head -c 100000 /dev/zero'], { maxBuffer: 1000 }],
  ];
  for (const [what, file, args, opts] of cases) {
    const r = both(file, args, opts);
    t.ok(r.native, `${what}: the binding was used`);
    if (what.startsWith('more output')) {
      // both stop at the limit and kill the child; whether it had exited already is a race
      t.same(r.native?.error, r.cp.error, `${what}: ${r.cp.error}`);
      continue;
    }
    t.same(r.native, r.cp, `${what}: ${JSON.stringify(r.cp).slice(0, 120)}`);
  }
});

t.test('NUL bytes never reach the C strings: EINVAL before anything runs', async (t) => {
  t.same(spawnSyncNative('echo', ['a\0b'], base, {})?.error, 'EINVAL');
  t.same(spawnSyncNative('echo', [], { ...base, env: { X: 'a\0b' } }, {})?.error, 'EINVAL');
});

t.test('steps aside (undefined: the caller uses child_process) when told to or when Node would warn', async (t) => {
  t.equal(spawnSyncNative('true', [], base, { CTNET_NATIVE: '0' }), undefined, 'CTNET_NATIVE=0');
  t.equal(spawnSyncNative('true', [], base, { NODE_PENDING_DEPRECATION: '1' }), undefined, 'NODE_PENDING_DEPRECATION=1');
  t.equal(spawnSyncNative('true', [], base, { NODE_OPTIONS: '--max-old-space-size=64 --pending-deprecation' }), undefined, 'NODE_OPTIONS');
  t.ok(spawnSyncNative('true', [], base, { CTNET_NATIVE: '1', NODE_OPTIONS: '--pending-deprecations' }), 'used otherwise (test/native-allowed.ts has the rules)');
});
