// not-unit: needs root (files owned by another user, unshare) and the built hooks
/**
 * lib/doors/fs.ts: writeToFd (whole text, synchronously; a closed descriptor or a gone reader is not an
 * error), and the trust primitives: umask-proof directories, checked reads, exclusive temp files.
 */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  createTempFile,
  ensureDir,
  ensureTrustedDir,
  isDirectory,
  isExecutableFile,
  isNotFound,
  lstatIfExists,
  moveAside,
  ownerAndMode,
  readBytesIfExists,
  readLinkIfExists,
  readTextIfExists,
  readTrustedFile,
  readTrustedText,
  realPathIfExists,
  removeFile,
  untrustedDirReason,
  writeFileAtomic,
  writeToFd,
} from '../../lib/doors/fs.js';

t.test('writes all of a large text to a file', async (t) => {
  const file = path.join(t.testdir(), 'out');
  const fd = fs.openSync(file, 'w');
  const text = 'x'.repeat(300_000) + '\n';
  writeToFd(fd, text);
  fs.closeSync(fd);
  t.equal(fs.readFileSync(file, 'utf8'), text);
});

t.test('a closed descriptor is quietly skipped', async (t) => {
  const fd = fs.openSync(path.join(t.testdir(), 'out'), 'w');
  fs.closeSync(fd);
  t.doesNotThrow(() => writeToFd(fd, 'lost\n'));
});

t.test('the built hook survives a reader that went away (EPIPE) and a closed stderr', async (t) => {
  const dir = t.testdir({ run: {} });
  const hook = path.resolve('dist/hooks/ctnet-umount');
  const args = `${hook} --vz-dir ${dir} --run-dir ${dir}/run`;
  // stderr into a pipe whose reader has already exited; then stderr closed outright.
  const r = spawnSync(
    'unshare',
    [
      '-n',
      'bash',
      '-c',
      `(sleep 0.2; VEID=101 CTNET_SYSLOG=0 ${args} 2>&1 >/dev/null) | true; echo "rc=\${PIPESTATUS[0]}"; VEID=101 CTNET_SYSLOG=0 ${args} 2>&-; echo "rc=$?"`,
    ],
    { encoding: 'utf8' },
  );
  t.equal(r.stdout, 'rc=0\nrc=0\n', r.stderr);
});

// ---- trust: directories, checked reads, exclusive temp files (lib/doors/fs.ts) ----

const asRoot = process.geteuid?.() === 0;
const mode = (p: string): number => fs.lstatSync(p).mode & 0o7777;
function withUmask<T>(mask: number, fn: () => T): T {
  const old = process.umask(mask);
  try {
    return fn();
  } finally {
    process.umask(old);
  }
}

t.test('ensureDir gives every directory it creates exactly its mode, whatever the umask', async (t) => {
  const dir = t.testdir();
  withUmask(0, () => ensureDir(path.join(dir, 'a', 'b'), 0o750));
  t.equal(mode(path.join(dir, 'a')), 0o750);
  t.equal(mode(path.join(dir, 'a', 'b')), 0o750);
  fs.chmodSync(path.join(dir, 'a'), 0o700);
  ensureDir(path.join(dir, 'a', 'b'));
  t.equal(mode(path.join(dir, 'a')), 0o700, 'an existing directory is left as it is (twice is fine)');
});

t.test(
  'writeFileAtomic: exact mode under umask 000, no temp file left, a planted symlink is not followed',
  async (t) => {
    const dir = t.testdir({ victim: 'secret\n' });
    const victim = path.join(dir, 'victim');
    fs.chmodSync(victim, 0o600);
    const file = path.join(dir, 'd', 'state.json');
    fs.mkdirSync(path.join(dir, 'd'));
    // What older builds used as their temp name: a symlink there must not be written through.
    fs.symlinkSync(victim, `${file}.ctnet-tmp-${process.pid}`);
    withUmask(0, () => writeFileAtomic(file, 'new\n'));
    t.equal(fs.readFileSync(file, 'utf8'), 'new\n');
    t.equal(mode(file), 0o644);
    t.equal(fs.readFileSync(victim, 'utf8'), 'secret\n');
    t.equal(mode(victim), 0o600);
    t.same(
      fs.readdirSync(path.join(dir, 'd')).filter((f) => f.includes('ctnet-tmp') && !f.endsWith(`-${process.pid}`)),
      [],
      'no temp file left',
    );
    writeFileAtomic(file, 'again\n', 0o600);
    t.equal(mode(file), 0o600, 'the mode asked for, on a second write too');
  },
);

t.test('createTempFile: exclusive, no-follow, a fresh name each time', async (t) => {
  const dir = t.testdir();
  const a = createTempFile(dir, 'x', 0o600);
  const b = createTempFile(dir, 'x', 0o600);
  fs.closeSync(a.fd);
  fs.closeSync(b.fd);
  t.not(a.path, b.path);
  t.equal(mode(a.path), 0o600);
  t.match(path.basename(a.path), /^\.x\.ctnet-tmp-\d+-[a-z0-9]+$/);
});

t.test(
  'readTrustedFile reads only a regular file of a trusted owner, not writable by others, within the size',
  async (t) => {
    const dir = t.testdir({ good: 'data\n', big: 'x'.repeat(100), other: 'x', group: 'x', target: 'x' });
    t.same(readTrustedFile(path.join(dir, 'good'), { maxBytes: 10 }), Buffer.from('data\n'));
    t.equal(readTrustedText(path.join(dir, 'good'), { maxBytes: 10 }), 'data\n');
    t.equal(readTrustedFile(path.join(dir, 'missing'), { maxBytes: 10 }), undefined, 'absent: undefined');
    fs.chmodSync(path.join(dir, 'other'), 0o646);
    fs.chmodSync(path.join(dir, 'group'), 0o664);
    fs.symlinkSync(path.join(dir, 'target'), path.join(dir, 'link'));
    fs.mkdirSync(path.join(dir, 'dir'));
    spawnSync('mkfifo', [path.join(dir, 'fifo')]);
    const cases: Array<[string, RegExp]> = [
      ['big', /100 bytes, more than 10/],
      ['other', /writable by group or others \(mode 0646\)/],
      ['group', /writable by group or others \(mode 0664\)/],
      ['link', /it is a symbolic link/],
      ['dir', /not a regular file/],
      ['fifo', /not a regular file/],
    ];
    for (const [name, why] of cases) {
      const started = Date.now();
      t.throws(
        () => readTrustedFile(path.join(dir, name), { maxBytes: 10 }),
        { code: 'E_UNTRUSTED', message: why },
        name,
      );
      t.ok(Date.now() - started < 1000, `${name}: refused at once`);
    }
    if (asRoot) {
      fs.chownSync(path.join(dir, 'good'), 65534, 65534);
      t.throws(() => readTrustedFile(path.join(dir, 'good'), { maxBytes: 10 }), {
        code: 'E_UNTRUSTED',
        message: /owned by uid 65534, not root/,
      });
    }
  },
);

t.test('untrustedDirReason walks every component with lstat', async (t) => {
  const dir = t.testdir({ a: { b: {} }, s: {} });
  fs.chmodSync(dir, 0o755);
  t.equal(untrustedDirReason(path.join(dir, 'a', 'b')), undefined, 'owned by us, not writable by others');
  t.equal(
    untrustedDirReason(path.join(dir, 'a', 'b', 'missing', 'deeper')),
    undefined,
    'missing components end the walk',
  );
  fs.symlinkSync(path.join(dir, 'a'), path.join(dir, 'l'));
  t.match(untrustedDirReason(path.join(dir, 'l', 'b')), /"[^"]*\/l" is a symbolic link/);
  fs.chmodSync(path.join(dir, 'a'), 0o777);
  t.match(untrustedDirReason(path.join(dir, 'a', 'b')), /\/a" is writable by group and others \(mode 0777\)/);
  fs.chmodSync(path.join(dir, 'a'), 0o1777);
  t.equal(untrustedDirReason(path.join(dir, 'a', 'b')), undefined, 'a sticky parent above our own directory');
  t.match(
    untrustedDirReason(path.join(dir, 'a')),
    /writable by group and others \(mode 1777\)/,
    'but never as the last component',
  );
  fs.chmodSync(path.join(dir, 'a'), 0o755);
  fs.chmodSync(path.join(dir, 'a', 'b'), 0o775);
  t.match(untrustedDirReason(path.join(dir, 'a', 'b')), /writable by group \(mode 0775\)/);
  fs.writeFileSync(path.join(dir, 'f'), '');
  t.match(untrustedDirReason(path.join(dir, 'f', 'x')), /"[^"]*\/f" is not a directory/);
  if (asRoot) {
    fs.chownSync(path.join(dir, 's'), 65534, 65534);
    t.match(untrustedDirReason(path.join(dir, 's')), /owned by uid 65534, not root/);
  }
});

t.test(
  'ensureTrustedDir creates what is missing (0755 under umask 000), refuses what is not trustworthy',
  async (t) => {
    const dir = t.testdir();
    fs.chmodSync(dir, 0o755);
    const run = path.join(dir, 'run', 'ctnet');
    withUmask(0, () => ensureTrustedDir(run, { what: 'run dir' }));
    t.equal(mode(path.join(dir, 'run')), 0o755);
    t.equal(mode(run), 0o755);
    t.doesNotThrow(() => ensureTrustedDir(run, { what: 'run dir' }), 'twice is fine');
    ensureTrustedDir(path.join(dir, 'nope'), { what: 'run dir', create: false });
    t.notOk(fs.existsSync(path.join(dir, 'nope')), 'create: false creates nothing');
    fs.chmodSync(run, 0o777);
    t.throws(() => ensureTrustedDir(run, { what: 'run dir' }), {
      code: 'E_UNTRUSTED',
      message: /^refusing run dir ".*\/ctnet": ".*\/ctnet" is writable by group and others \(mode 0777\)$/,
    });
  },
);

t.test('moveAside keeps a bad file (or symlink, or directory) for the admin', async (t) => {
  const dir = t.testdir({ r: 'bad', d: { x: 'y' }, 'd.bad': { old: 'z' } });
  t.equal(moveAside(path.join(dir, 'r')), path.join(dir, 'r.bad'));
  t.equal(fs.readFileSync(path.join(dir, 'r.bad'), 'utf8'), 'bad');
  t.equal(moveAside(path.join(dir, 'r')), undefined, 'nothing there: undefined');
  fs.symlinkSync('/etc/passwd', path.join(dir, 'l'));
  moveAside(path.join(dir, 'l'));
  t.equal(fs.readlinkSync(path.join(dir, 'l.bad')), '/etc/passwd', 'the symlink itself is moved');
  moveAside(path.join(dir, 'd'));
  t.same(fs.readdirSync(path.join(dir, 'd.bad')), ['x'], 'an older .bad directory is replaced');
});

t.test('a missing path is "absent"; other failures are errors, not "missing"', async (t) => {
  const dir = t.testdir({ f: 'x' });
  t.equal(isDirectory(path.join(dir, 'nope')), false);
  t.equal(ownerAndMode(path.join(dir, 'nope')), undefined);
  t.equal(isDirectory(path.join(dir, 'f', 'x')), false, 'ENOTDIR: a component is a file, so the path does not exist');
  t.throws(
    () => isDirectory(`${'x'.repeat(5000)}`),
    { code: 'E_FILE', message: /ENAMETOOLONG/ },
    'a name too long is an error',
  );
});

t.test(
  'the "if it exists" readers answer undefined only for ENOENT/ENOTDIR; EISDIR, EINVAL and ELOOP are errors',
  async (t) => {
    const dir = t.testdir({ f: 'x', d: {} });
    fs.symlinkSync('loop-b', path.join(dir, 'loop-a'));
    fs.symlinkSync('loop-a', path.join(dir, 'loop-b'));
    const loop = path.join(dir, 'loop-a');
    // Root bypasses permission bits, so these are the failures a root hook can meet.
    t.equal(readTextIfExists(path.join(dir, 'nope')), undefined);
    t.equal(readTextIfExists(path.join(dir, 'f', 'x')), undefined, 'ENOTDIR counts as missing');
    t.throws(
      () => readTextIfExists(path.join(dir, 'd')),
      { code: 'E_FILE', message: /EISDIR/ },
      'a directory is not a missing file',
    );
    t.throws(() => readBytesIfExists(path.join(dir, 'd')), { code: 'E_FILE', message: /EISDIR/ });
    t.throws(
      () => readTextIfExists(loop),
      { code: 'E_FILE', message: /ELOOP/ },
      'a symlink loop is not a missing file',
    );
    t.throws(
      () => readLinkIfExists(path.join(dir, 'f')),
      { code: 'E_FILE', message: /EINVAL/ },
      'a regular file is not a missing link',
    );
    t.throws(() => realPathIfExists(loop), { code: 'E_FILE', message: /ELOOP/ });
    t.throws(() => ownerAndMode(loop), { code: 'E_FILE', message: /ELOOP/ });
    t.throws(() => isDirectory(loop), { code: 'E_FILE', message: /ELOOP/ });
    t.throws(() => isExecutableFile(loop), { code: 'E_FILE', message: /ELOOP/ });
    t.ok(lstatIfExists(loop)?.isSymbolicLink(), 'lstat does not follow the loop');
    t.throws(
      () => removeFile(path.join(dir, 'd')),
      { code: 'E_FILE' },
      'removeFile on a directory is an error, not "already gone"',
    );
    removeFile(path.join(dir, 'nope'));
    removeFile(path.join(dir, 'nope'));
    t.pass('removing a missing file twice is fine');
  },
);

t.test('isNotFound: ENOENT and ENOTDIR only', async (t) => {
  const err = (code: string) => Object.assign(new Error(code), { code });
  t.equal(isNotFound(err('ENOENT')), true);
  t.equal(isNotFound(err('ENOTDIR')), true);
  for (const code of ['EACCES', 'EPERM', 'EISDIR', 'ELOOP', 'EIO', 'EINVAL'])
    t.equal(isNotFound(err(code)), false, code);
  t.equal(isNotFound(new Error('no code')), false);
  t.equal(isNotFound(undefined), false);
});
