// not-unit: needs the built CLI and self-contained executable
/**
 * The BUILT `ctnet install` / `uninstall` against scratch roots holding odd site files (CRLF,
 * no final newline, an existing EXTERNAL_SCRIPT, an existing vps.umount): a second install
 * changes no byte, uninstall gives back the exact tree, and the installed vps.umount really
 * chains to the site's own.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t, { type Test } from 'tap';
import { run } from '../../../lib/doors/exec.js';
import { REPO } from '../../lab/vz-lab.js';
import { treeSnapshot } from '../../lab/tree-snapshot.js';

import { CTNET, HOOK_PATH } from '../../lab/executables.js';
const ctnet = (args: string[]) => run(CTNET, args, { allowFailure: true });
const SITE_VZNET =
  '## site vznet.conf\r\nEXTERNAL_SCRIPT="/usr/local/sbin/site-net"\r\nFOO=bar # keep me\r\n# last line without newline';
const SITE_UMOUNT = '#!/bin/sh\necho "site umount $VEID" >> "$CTNET_TEST_MARK"\nexit "${CTNET_TEST_EXIT:-0}"\n';

function siteRoot(t: Test): string {
  const root = t.testdir({
    etc: { vz: { 'vznet.conf': SITE_VZNET, conf: { '101.conf': 'NETIF="ifname=eth0"\n', 'vps.umount': SITE_UMOUNT } } },
  });
  fs.chmodSync(path.join(root, 'etc/vz/conf/vps.umount'), 0o750);
  fs.chmodSync(path.join(root, 'etc/vz/vznet.conf'), 0o600);
  return root;
}

t.test('install twice = once; uninstall restores the site tree byte for byte', async (t) => {
  const root = siteRoot(t);
  const before = treeSnapshot(root);
  const r1 = await ctnet(['install', '--openvz', '--root', root]);
  t.equal(r1.exitCode, 0, `install exits 0: ${r1.stderr}`);
  t.match(
    r1.stdout,
    /site's EXTERNAL_SCRIPT="\/usr\/local\/sbin\/site-net".*replaced/,
    'says the site EXTERNAL_SCRIPT is replaced',
  );
  const conf = fs.readFileSync(path.join(root, 'etc/vz/vznet.conf'), 'latin1');
  t.equal(
    conf,
    '## site vznet.conf\r\nEXTERNAL_SCRIPT="/usr/libexec/ctnet/ctnet-vznet"\nFOO=bar # keep me\r\n# last line without newline',
    'only the EXTERNAL_SCRIPT line changed',
  );
  t.equal(fs.statSync(path.join(root, 'etc/vz/vznet.conf')).mode & 0o777, 0o600, 'vznet.conf keeps its mode');
  t.match(
    fs.readFileSync(path.join(root, 'etc/vz/conf/vps.umount'), 'utf8'),
    /\/usr\/libexec\/ctnet\/ctnet-umount/,
    'vps.umount runs ctnet-umount',
  );
  t.equal(
    fs.readFileSync(path.join(root, 'etc/vz/conf/vps.umount.ctnet-site'), 'utf8'),
    SITE_UMOUNT,
    'site vps.umount kept aside',
  );
  t.equal(
    fs.readFileSync(path.join(root, 'etc/iproute2/rt_protos.d/ctnet.conf'), 'utf8'),
    '213 ctnet\n',
    'proto 213 named',
  );
  for (const h of ['ctnet-vznet', 'ctnet-umount']) {
    t.same(
      fs.readFileSync(path.join(root, 'usr/libexec/ctnet', h)),
      fs.readFileSync(path.join(REPO, 'dist/hooks', h)),
      `${h} copied`,
    );
  }
  const installed = treeSnapshot(root);
  const r2 = await ctnet(['install', '--openvz', '--root', root]);
  t.equal(r2.exitCode, 0, 'second install exits 0');
  t.match(r2.stdout, /nothing to change/, 'second install says nothing changed');
  t.same(treeSnapshot(root), installed, 'second install changed no byte');

  const u1 = await ctnet(['uninstall', '--root', root]);
  t.equal(u1.exitCode, 0, `uninstall exits 0: ${u1.stderr}`);
  t.same(treeSnapshot(root), before, 'uninstall restored the exact tree (contents, modes, no extra dirs)');
  const u2 = await ctnet(['uninstall', '--root', root]);
  t.equal(u2.exitCode, 0, 'uninstall twice exits 0');
  t.same(treeSnapshot(root), before, 'second uninstall changed nothing');
});

t.test('into an empty root, and back to empty', async (t) => {
  const root = t.testdir({});
  const r = await ctnet(['install', '--openvz', '--lxc', '--root', root]);
  t.equal(r.exitCode, 0, r.stderr);
  t.equal(
    fs.readFileSync(path.join(root, 'etc/vz/vznet.conf'), 'utf8'),
    'EXTERNAL_SCRIPT="/usr/libexec/ctnet/ctnet-vznet"\n',
  );
  t.match(r.stdout, /lxc/, 'prints the LXC part');
  t.equal((await ctnet(['uninstall', '--root', root])).exitCode, 0);
  t.same(treeSnapshot(root), [], 'nothing left');
});

t.test("uninstall after the site edited vznet.conf undoes only ctnet's line", async (t) => {
  const root = siteRoot(t);
  t.equal((await ctnet(['install', '--openvz', '--root', root])).exitCode, 0);
  const file = path.join(root, 'etc/vz/vznet.conf');
  fs.writeFileSync(file, `# site edit after install\n${fs.readFileSync(file, 'latin1')}`, 'latin1');
  const u = await ctnet(['uninstall', '--root', root]);
  t.equal(u.exitCode, 0, u.stderr);
  t.equal(
    fs.readFileSync(file, 'latin1'),
    `# site edit after install\n${SITE_VZNET}`,
    'site edit kept, original EXTERNAL_SCRIPT back',
  );
});

t.test("the installed vps.umount runs ctnet-umount, then the site's, and passes on its failure", async (t) => {
  const root = siteRoot(t);
  t.equal((await ctnet(['install', '--openvz', '--root', root])).exitCode, 0);
  const mark = path.join(root, 'mark');
  // Read-only overlays (root's tree over the real one) in a private mount + net namespace.
  const script = [
    'set -e',
    'mount --make-rprivate /',
    `mount -t overlay ctnet-etc -o lowerdir=${root}/etc:/etc /etc`,
    `mount -t overlay ctnet-usr -o lowerdir=${root}/usr:/usr /usr`,
    'mount -t tmpfs ctnet-run /run',
    'exec /etc/vz/conf/vps.umount',
  ].join('\n');
  for (const [exit, want] of [
    ['0', 0],
    ['3', 3],
  ] as const) {
    const r = await run(
      'unshare',
      [
        '-m',
        '-n',
        'env',
        '-i',
        `PATH=${HOOK_PATH}`,
        'VEID=101',
        'VE_CONFFILE=/etc/vz/conf/101.conf',
        `CTNET_TEST_MARK=${mark}`,
        `CTNET_TEST_EXIT=${exit}`,
        'sh',
        '-c',
        script,
      ],
      { allowFailure: true },
    );
    t.equal(r.exitCode, want, `exit code ${want} when the site script exits ${exit}: ${r.stderr}`);
    t.match(r.stderr, /ctnet-umount: CT 101: down/, 'ctnet-umount ran');
  }
  t.equal(
    fs.readFileSync(mark, 'utf8'),
    'site umount 101\nsite umount 101\n',
    'the site script ran each time, with VEID',
  );
});

t.test('bad use: no --openvz/--lxc, no hooks', async (t) => {
  const r = await ctnet(['install']);
  t.equal(r.exitCode, 1);
  t.match(r.stderr, /^ctnet: error: ctnet install needs --openvz or --lxc/);
  const root = t.testdir({});
  const r2 = await ctnet(['install', '--openvz', '--root', root, '--hooks-dir', root]);
  t.equal(r2.exitCode, 1);
  t.match(r2.stderr, /no ctnet-\* hook executables/);
  t.same(treeSnapshot(root), [], 'nothing written');
});

t.test(
  "hooks already in ROOT/usr/libexec/ctnet (the package's links): not copied, not recorded, left as they are",
  async (t) => {
    const root = siteRoot(t);
    const libexec = path.join(root, 'usr/libexec/ctnet');
    fs.mkdirSync(libexec, { recursive: true });
    fs.copyFileSync(path.join(REPO, 'dist/hooks/ctnet-vznet'), path.join(libexec, 'ctnet'));
    fs.chmodSync(path.join(libexec, 'ctnet'), 0o755);
    for (const h of ['ctnet-vznet', 'ctnet-umount', 'ctnet-lxc']) fs.symlinkSync('ctnet', path.join(libexec, h));
    const before = treeSnapshot(root);
    const r = await ctnet(['install', '--openvz', '--lxc', '--root', root, '--hooks-dir', libexec]);
    t.equal(r.exitCode, 0, r.stderr);
    t.notMatch(r.stdout, /^wrote .*usr\/libexec\/ctnet\//m, 'no hook written');
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'var/lib/ctnet/install/manifest.json'), 'utf8')) as {
      files: Array<{ path: string }>;
    };
    t.same(
      manifest.files.map((f) => f.path).filter((p) => p.startsWith('/usr/libexec/')),
      [],
      'no hook in the install record',
    );
    t.match(
      r.stdout,
      /lxc\.net\.0\.script\.up = \/usr\/libexec\/ctnet\/ctnet-lxc/,
      'LXC lines name the installed hook',
    );
    t.equal(
      fs
        .readFileSync(path.join(root, 'etc/vz/vznet.conf'), 'latin1')
        .includes('EXTERNAL_SCRIPT="/usr/libexec/ctnet/ctnet-vznet"\n'),
      true,
    );
    t.equal((await ctnet(['uninstall', '--root', root])).exitCode, 0);
    t.same(treeSnapshot(root), before, "the site tree and the package's links as they were");
    t.equal(fs.readlinkSync(path.join(libexec, 'ctnet-vznet')), 'ctnet', 'still a link');
  },
);

t.test(
  'the self-contained executable installs itself once and its hooks as links; uninstall empties the root',
  async (t) => {
    const sea = path.join(REPO, 'dist/sea/ctnet');
    t.ok(fs.existsSync(sea), 'dist/sea/ctnet is built (npm test builds it)');
    const root = t.testdir({});
    const r = await run(sea, ['install', '--openvz', '--root', root], { allowFailure: true });
    t.equal(r.exitCode, 0, r.stderr);
    const libexec = path.join(root, 'usr/libexec/ctnet');
    t.ok(fs.readFileSync(path.join(libexec, 'ctnet')).equals(fs.readFileSync(sea)), 'the binary, once');
    for (const h of ['ctnet-lxc', 'ctnet-umount', 'ctnet-vznet', 'ctnet-vznetcfg']) {
      t.equal(fs.readlinkSync(path.join(libexec, h)), 'ctnet', `${h} is a link to it`);
      const v = await run(path.join(libexec, h), ['--version'], { allowFailure: true });
      t.equal(
        v.stdout,
        `${h} ${JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version}\n`,
        `${h} answers as itself`,
      );
    }
    const installed = treeSnapshot(root);
    const again = await run(sea, ['install', '--openvz', '--root', root], { allowFailure: true });
    t.match(again.stdout, /nothing to change/, 'a second install changes nothing');
    t.same(treeSnapshot(root), installed);
    // Run from where it was installed (as a package's /usr/sbin/ctnet would): nothing to copy.
    const inPlace = await run(path.join(libexec, 'ctnet'), ['install', '--openvz', '--root', root], {
      allowFailure: true,
    });
    t.equal(inPlace.exitCode, 0, inPlace.stderr);
    t.same(treeSnapshot(root), installed, 'installing from the installed copy changes nothing');
    const u = await run(sea, ['uninstall', '--root', root], { allowFailure: true });
    t.equal(u.exitCode, 0, u.stderr);
    t.same(fs.readdirSync(root), [], 'nothing of ctnet left');
  },
);
