/** Where the code cache lives and which files are trusted (pure parts of lib/boot/code-cache.ts). */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir, cacheFile, isPrivate } from '../../lib/boot/code-cache.js';

t.test('cache dir: <run dir>/cache, the run dir from --run-dir', async (t) => {
  t.equal(cacheDir([]), '/run/ctnet/cache');
  t.equal(cacheDir(['x', 'net', 'up']), '/run/ctnet/cache');
  t.equal(cacheDir(['--run-dir', '/tmp/r', 'x']), '/tmp/r/cache');
  t.equal(cacheDir(['--run-dir=/tmp/r']), '/tmp/r/cache');
  t.equal(cacheDir(['--run-dir']), '/run/ctnet/cache', 'no value: the default');
  t.equal(cacheDir(['--run-dir=']), '/run/ctnet/cache');
});

t.test('cache file names the build and the Node that made it', async (t) => {
  t.equal(cacheFile('/c', { name: 'ctnet-vznet', buildId: 'abc' }), `/c/ctnet-vznet-abc-${process.version}-${process.arch}.v8`);
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
