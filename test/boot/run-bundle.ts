// not-unit: needs root (files owned by another user)
/**
 * lib/boot/run-bundle.ts and the file-door checks it relies on: the compile cache's directory
 * is used only when nobody but root (or this user) can write it or any directory above it, the
 * bundle's copy is made private whatever the umask, and copies of other builds are dropped.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t, { type Test } from 'tap';
import { cachedCopy } from '../../lib/boot/run-bundle.js';
import { untrustedDirReason, writeFileAtomic } from '../../lib/doors/fs.js';

const trustedDir = (dir: string): boolean => fs.existsSync(dir) && untrustedDirReason(dir) === undefined;

function scratch(t: Test): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctnet-boot-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

t.test('trustedDir: owner and write bits of every component, symlinks refused', async (t) => {
  const base = scratch(t);
  t.ok(trustedDir(base), 'a private dir under /tmp (sticky) is trusted');
  t.notOk(trustedDir(path.join(base, 'missing')), 'missing: not trusted');
  const open = path.join(base, 'open');
  fs.mkdirSync(open);
  fs.chmodSync(open, 0o777);
  t.notOk(trustedDir(open), 'world-writable');
  fs.chmodSync(open, 0o1777);
  t.notOk(trustedDir(open), 'world-writable and sticky, as the directory itself');
  fs.mkdirSync(path.join(open, 'mine'), { mode: 0o700 });
  t.ok(trustedDir(path.join(open, 'mine')), 'ours, below a sticky world-writable dir');
  fs.chmodSync(open, 0o777);
  t.notOk(trustedDir(path.join(open, 'mine')), 'below a world-writable dir without the sticky bit');
  const group = path.join(base, 'group');
  fs.mkdirSync(group, { mode: 0o770 });
  fs.chmodSync(group, 0o770);
  t.notOk(trustedDir(group), 'group-writable');
  const link = path.join(base, 'link');
  fs.symlinkSync(base, link);
  t.notOk(trustedDir(link), 'a symlink as the directory');
  t.notOk(trustedDir(path.join(link, 'group')), 'a symlink among the components');
  const foreign = path.join(base, 'foreign');
  fs.mkdirSync(foreign, { mode: 0o700 });
  fs.chownSync(foreign, 65534, 65534);
  t.notOk(trustedDir(foreign), 'owned by someone else');
});

t.test('cachedCopy: private dir and file whatever the umask, written once, other builds dropped', async (t) => {
  const base = scratch(t);
  const dir = path.join(base, 'cache');
  const old = process.umask(0);
  t.teardown(() => void process.umask(old));
  const a = cachedCopy({
    name: 'ctnet-x',
    buildId: 'aaaa',
    source: 'module.exports = 1;\n',
    env: { CTNET_CACHE_DIR: dir },
  });
  t.same(a, { dir, file: path.join(dir, 'ctnet-x-aaaa.cjs') });
  t.equal(fs.statSync(dir).mode & 0o7777, 0o700, 'dir 0700 under umask 000');
  t.equal(fs.statSync(a!.file).mode & 0o7777, 0o600, 'file 0600 under umask 000');
  const mtime = fs.statSync(a!.file).mtimeMs;
  await new Promise((r) => setTimeout(r, 20));
  cachedCopy({ name: 'ctnet-x', buildId: 'aaaa', source: 'module.exports = 1;\n', env: { CTNET_CACHE_DIR: dir } });
  t.equal(fs.statSync(a!.file).mtimeMs, mtime, 'not written again');
  fs.writeFileSync(path.join(dir, 'ctnet-y-aaaa.cjs'), '');
  cachedCopy({ name: 'ctnet-x', buildId: 'bbbb', source: 'module.exports = 2;\n', env: { CTNET_CACHE_DIR: dir } });
  t.same(
    fs.readdirSync(dir).sort(),
    ['ctnet-x-bbbb.cjs', 'ctnet-y-aaaa.cjs'],
    'the other build of this executable is gone, other executables kept',
  );
});

t.test('cachedCopy: an untrusted or hostile cache dir is not used', async (t) => {
  const base = scratch(t);
  const boot = (dir: string) =>
    cachedCopy({ name: 'ctnet-x', buildId: 'aaaa', source: 'module.exports = 1;\n', env: { CTNET_CACHE_DIR: dir } });
  const open = path.join(base, 'open');
  fs.mkdirSync(open);
  fs.chmodSync(open, 0o777);
  fs.writeFileSync(path.join(open, 'ctnet-x-aaaa.cjs'), 'planted');
  t.equal(boot(open), undefined, 'world-writable dir with a planted copy');
  const link = path.join(base, 'link');
  fs.mkdirSync(path.join(base, 'real'), { mode: 0o700 });
  fs.symlinkSync(path.join(base, 'real'), link);
  t.equal(boot(link), undefined, 'the dir is a symlink');
  t.equal(boot(path.join(open, 'sub')), undefined, 'below a world-writable dir');
  t.notOk(fs.existsSync(path.join(open, 'sub')), 'and nothing was created there');
});

t.test('writeFileAtomic replaces a planted symlink instead of writing through it', async (t) => {
  const base = scratch(t);
  const victim = path.join(base, 'victim');
  fs.writeFileSync(victim, 'keep');
  const file = path.join(base, 'copy.cjs');
  fs.symlinkSync(victim, file);
  writeFileAtomic(file, 'new', 0o600);
  t.equal(fs.readFileSync(victim, 'utf8'), 'keep', 'the symlink target is untouched');
  t.equal(fs.lstatSync(file).isFile(), true, 'the copy is a regular file now');
  t.equal(fs.readFileSync(file, 'utf8'), 'new');
});
