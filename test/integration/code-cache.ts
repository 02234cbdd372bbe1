/**
 * The BUILT hooks run through V8's code cache: the first successful run of each kind (dry or
 * real, down or not) leaves its cache in <run dir>/cache (dir 0700, file 0600), later runs of
 * that kind read it and do not write it again; a broken cache is replaced; a cache others
 * could have written is never read; failed runs, --help and CTNET_CODE_CACHE=0 write nothing.
 * Observed with strace (which files the hook opens), on the umount hook in an empty network
 * namespace.
 */
import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { run } from '../../lib/exec.js';
import { REPO } from '../lab/vz-lab.js';
import { tempDirWithRun } from '../lab/temp-dir.js';

const UMOUNT = path.join(REPO, 'dist/hooks/ctnet-umount');

interface Lab { dir: string; runDir: string; cacheDir: string }

function lab(t: Test): Lab {
  const dir = tempDirWithRun(t, 'cc');
  return { dir, runDir: path.join(dir, 'run'), cacheDir: path.join(dir, 'run', 'cache') };
}

/** Run the umount hook under strace; returns its exit code and the cache files it opened, how. */
async function umount(l: Lab, env: Record<string, string> = {}, extra: string[] = []): Promise<{ code: number; opened: string[] }> {
  const trace = path.join(l.dir, 'trace.txt');
  const r = await run('unshare', ['-n', 'strace', '-f', '-qq', '-e', 'trace=openat', '-o', trace, '/usr/bin/env', '-i', 'PATH=/usr/sbin:/usr/bin:/sbin:/bin',
    'VEID=101', 'CTNET_SYSLOG=0', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), UMOUNT, '--vz-dir', l.dir, '--run-dir', l.runDir, ...extra],
  { allowFailure: true, timeoutMs: 30_000 });
  const opened = fs.readFileSync(trace, 'utf8').split('\n').filter((x) => x.includes(l.cacheDir) && /\.v8(\.ctnet-tmp-\d+-[a-z0-9]+)?"/.test(x) && !/= -1 /.test(x))
    .map((x) => (/O_WRONLY|O_CREAT/.test(x) ? 'write' : 'read'));
  return { code: r.exitCode, opened };
}

function cacheFiles(l: Lab): string[] {
  return fs.existsSync(l.cacheDir) ? fs.readdirSync(l.cacheDir) : [];
}

t.test('first run makes the cache, later runs read it', async (t) => {
  const l = lab(t);
  const first = await umount(l);
  t.equal(first.code, 0);
  t.same(first.opened, ['write'], 'first run: no cache to read, one written');
  const files = cacheFiles(l);
  t.equal(files.length, 1, 'one cache file');
  t.match(files[0], new RegExp(`^ctnet-umount-[0-9a-f]{16}-run-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8$`));
  t.equal(fs.statSync(l.cacheDir).mode & 0o777, 0o700, 'cache dir 0700');
  t.equal(fs.statSync(path.join(l.cacheDir, files[0]!)).mode & 0o777, 0o600, 'cache file 0600');
  const bytes = fs.readFileSync(path.join(l.cacheDir, files[0]!));
  for (const round of [2, 3]) {
    const r = await umount(l);
    t.equal(r.code, 0);
    t.same(r.opened, ['read'], `run ${round}: the cache is read, not written again`);
  }
  t.same(fs.readFileSync(path.join(l.cacheDir, files[0]!)), bytes, 'cache unchanged');
});

t.test('caches of other builds and Node versions are dropped when a new one is written, all but the newest', async (t) => {
  const l = lab(t);
  fs.mkdirSync(l.cacheDir, { mode: 0o700 });
  const oldest = 'ctnet-umount-1111111111111111-v18.19.0-x64.v8';
  const older = 'ctnet-umount-2222222222222222-v20.0.0-x64.v8';
  const newer = 'ctnet-umount-0000000000000000-v20.0.0-x64.v8';
  const now = Date.now() / 1000;
  for (const [f, age] of [[oldest, 300], [older, 200], [newer, 100], ['ctnet-vznet-0000000000000000-v20.0.0-x64.v8', 400]] as const) {
    fs.writeFileSync(path.join(l.cacheDir, f), 'old', { mode: 0o600 });
    fs.utimesSync(path.join(l.cacheDir, f), now - age, now - age);
  }
  t.equal((await umount(l)).code, 0);
  const left = cacheFiles(l).sort();
  t.equal(left.length, 3, `${left.join(' ')}`);
  t.ok(left.includes('ctnet-vznet-0000000000000000-v20.0.0-x64.v8'), 'another executable\'s cache is not this one\'s to drop');
  t.ok(left.includes(newer), 'the newest cache of another umount build is kept (two builds side by side keep one each)');
  t.notOk(left.includes(older) || left.includes(oldest), 'the older umount caches are gone');
});

t.test('a broken cache is replaced, and the hook works as ever', async (t) => {
  const l = lab(t);
  await umount(l);
  const file = path.join(l.cacheDir, cacheFiles(l)[0]!);
  fs.writeFileSync(file, Buffer.alloc(5000, 7), { mode: 0o600 });
  const r = await umount(l);
  t.equal(r.code, 0, 'the hook still succeeds');
  t.same(r.opened, ['read', 'write'], 'read, refused by V8, written anew');
  t.not(fs.readFileSync(file).subarray(0, 16).toString('hex'), Buffer.alloc(16, 7).toString('hex'), 'replaced');
  t.same((await umount(l)).opened, ['read'], 'the new cache is taken');
});

t.test('a cache others could have written is never read', async (t) => {
  for (const [what, fix] of [
    ['group-writable file', (_l: Lab, f: string) => fs.chmodSync(f, 0o660)],
    ['world-writable dir', (l: Lab) => fs.chmodSync(l.cacheDir, 0o777)],
    ['file of another user', (_l: Lab, f: string) => fs.chownSync(f, 65534, 65534)],
  ] as const) {
    const l = lab(t);
    await umount(l);
    fix(l, path.join(l.cacheDir, cacheFiles(l)[0]!));
    const r = await umount(l);
    t.equal(r.code, 0);
    t.notOk(r.opened.includes('read'), `${what}: not read`);
  }
});

t.test('failed runs, --help and CTNET_CODE_CACHE=0 write no cache', async (t) => {
  const l = lab(t);
  t.equal((await umount(l, { CTNET_CODE_CACHE: '0' })).code, 0);
  t.same(cacheFiles(l), [], 'CTNET_CODE_CACHE=0');
  t.equal((await umount(l, {}, ['--help'])).code, 0);
  t.same(cacheFiles(l), [], '--help');
  t.equal((await umount(l, {}, ['--bogus'])).code, 1);
  t.same(cacheFiles(l), [], 'a failed run');
  await umount(l);
  t.same((await umount(l, { CTNET_CODE_CACHE: '0' })).opened, [], 'off: the cache is not even read');
});

t.test('each kind of run has its own cache: a dry run\'s is not read by a real run', async (t) => {
  // A dry run and a real run call different functions: one cache for both made the first run
  // after a boot decide for every later one (after a dry run, every real run compiled its apply
  // path again), and a cache of the whole bundle made every run load what it never calls.
  const l = lab(t);
  t.same((await umount(l, { CTNET_DRY_RUN: '1' })).opened, ['write'], 'a dry run writes its cache');
  t.same((await umount(l)).opened, ['write'], 'a real run does not read it: it writes its own');
  const files = cacheFiles(l).sort();
  t.equal(files.length, 2, files.join(' '));
  t.match(files[0], /^ctnet-umount-[0-9a-f]{16}-dry-v/);
  t.match(files[1], /^ctnet-umount-[0-9a-f]{16}-run-v/);
  t.same((await umount(l, { CTNET_DRY_RUN: '1' })).opened, ['read'], 'the next dry run reads the dry-run cache');
  t.same((await umount(l)).opened, ['read'], 'the next real run reads its own');
  t.same(cacheFiles(l).sort(), files, 'nothing else written or dropped');
});
