/** Where the code cache lives and which files are trusted (pure parts of lib/boot/code-cache.ts). */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir, cacheFile, isPrivate, runKind, staleCaches } from '../../lib/boot/code-cache.js';

t.test('cache dir: <run dir>/cache, the run dir from --run-dir', async (t) => {
  t.equal(cacheDir([]), '/run/ctnet/cache');
  t.equal(cacheDir(['x', 'net', 'up']), '/run/ctnet/cache');
  t.equal(cacheDir(['--run-dir', '/tmp/r', 'x']), '/tmp/r/cache');
  t.equal(cacheDir(['--run-dir=/tmp/r']), '/tmp/r/cache');
  t.equal(cacheDir(['--run-dir']), '/run/ctnet/cache', 'no value: the default');
  t.equal(cacheDir(['--run-dir=']), '/run/ctnet/cache');
});

t.test('cache file names the build, the kind of run and the Node that made it', async (t) => {
  t.equal(cacheFile('/c', { name: 'ctnet-vznet', buildId: 'abc', kind: 'run' }), `/c/ctnet-vznet-abc-run-${process.version}-${process.arch}.v8`);
});

t.test('kind of run: dry or real, down or not, from argv and env as each hook takes them', async (t) => {
  t.equal(runKind(['init', 'veth', 'veth101.0'], {}), 'run', 'vznet up');
  t.equal(runKind([], { VEID: '101' }), 'run', 'umount');
  t.equal(runKind(['init', 'veth', 'veth101.0'], { CTNET_DRY_RUN: '1' }), 'dry');
  t.equal(runKind(['--dry-run', 'init', 'veth', 'v'], {}), 'dry');
  t.equal(runKind(['-n', 'init'], {}), 'dry');
  t.equal(runKind(['-nv', 'init'], {}), 'dry', 'short switches grouped');
  t.equal(runKind(['-vn', 'init'], {}), 'dry');
  t.equal(runKind(['-v', 'init', 'veth', 'veth-n0'], {}), 'run', 'a word that is no switch group');
  t.equal(runKind(['init', '--', '-n'], {}), 'run', 'after --, no option');
  t.equal(runKind(['init'], { CTNET_DRY_RUN: '0' }), 'run', 'CTNET_DRY_RUN=0 is a real run');
  t.equal(runKind(['--bridge', 'br0', 'c1', 'net', 'up', 'veth', 'br0', 'vethA'], {}), 'run', 'lxc up, hook.version 0');
  t.equal(runKind(['--bridge', 'br0', 'c1', 'net', 'down', 'veth', 'br0', 'vethA'], {}), 'run-down', 'lxc down, hook.version 0');
  t.equal(runKind(['veth', 'br0', 'vethA'], { LXC_HOOK_TYPE: 'down' }), 'run-down', 'lxc down, hook.version 1');
  t.equal(runKind(['veth'], { LXC_HOOK_TYPE: 'up' }), 'run');
  t.equal(runKind(['c1', 'net', 'down', 'veth'], { CTNET_DRY_RUN: '1' }), 'dry-down');
  t.equal(runKind(['addif', 'veth101.0', 'net0'], { VEID: '101' }), 'run', 'vznetcfg addif (OpenVZ 7)');
  t.equal(runKind(['delif', 'veth101.0'], { VEID: '101' }), 'run-down', 'vznetcfg delif');
});

t.test('stale caches: other builds and Node versions but the newest of them; never another executable\'s', async (t) => {
  const v = process.version;
  const files = [
    { name: `ctnet-lxc-aaaa-run-${v}-x64.v8`, at: 50 },
    { name: `ctnet-lxc-aaaa-run-down-${v}-x64.v8`, at: 10 },
    { name: `ctnet-lxc-bbbb-run-${v}-x64.v8`, at: 40 },
    { name: `ctnet-lxc-bbbb-run-down-${v}-x64.v8`, at: 45 },
    { name: `ctnet-lxc-cccc-dry-${v}-x64.v8`, at: 30 },
    { name: 'ctnet-lxc-dddd-v20.0.0-x64.v8', at: 20 },
    { name: `ctnet-lxc-aaaa-run-v18.0.0-x64.v8`, at: 5 },
    { name: `ctnet-lxcx-eeee-run-${v}-x64.v8`, at: 1 },
    { name: 'ctnet-lxc-notes.txt', at: 1 },
  ];
  t.same(staleCaches(files, 'ctnet-lxc', `ctnet-lxc-aaaa-run-${v}-x64.v8`).sort(),
    [`ctnet-lxc-aaaa-run-v18.0.0-x64.v8`, `ctnet-lxc-cccc-dry-${v}-x64.v8`, 'ctnet-lxc-dddd-v20.0.0-x64.v8'].sort(),
    'this build keeps every kind; build bbbb (the newest other) keeps both of its kinds; the rest goes');
  t.same(staleCaches(files.slice(0, 2), 'ctnet-lxc', `ctnet-lxc-aaaa-run-down-${v}-x64.v8`), [], 'only this build: nothing to drop');
});

t.test('only files of this user that nobody else can write are trusted', async (t) => {
  const dir = t.testdir({ f: 'x' });
  const f = path.join(dir, 'f');
  const uid = process.geteuid!();
  fs.chmodSync(f, 0o600);
  t.ok(isPrivate(f, uid), '0600, ours');
  fs.chmodSync(f, 0o644);
  t.ok(isPrivate(f, uid), '0644, ours: readable by others is fine');
  fs.chmodSync(f, 0o620);
  t.notOk(isPrivate(f, uid), 'group-writable');
  fs.chmodSync(f, 0o602);
  t.notOk(isPrivate(f, uid), 'world-writable');
  fs.chmodSync(f, 0o600);
  t.notOk(isPrivate(f, uid + 1), 'another owner');
  t.notOk(isPrivate(path.join(dir, 'missing'), uid), 'missing');
});
