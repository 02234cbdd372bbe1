/**
 * The Debian package (npm run package) as admins get it: built by dpkg-deb, checked by lintian
 * (no errors) and systemd-analyze verify, then installed with apt-get into fresh minimal
 * Debian 12 (bookworm) and 13 (trixie) root file systems, dependencies resolved from the
 * registry. There ctnet runs without any Node.js, wires itself into site files planted with
 * known bytes, runs its LXC hook for real in a network namespace, and on dpkg -r / --purge
 * puts every site file back byte for byte and leaves no file of its own.
 * Takes about 4-5 minutes (the package build compresses a 100 MB executable).
 * .ci/run runs it under the first Node major only: the package does not depend on that Node.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t, { type Test } from 'tap';
import { REPO } from '../lab/vz-lab.js';
import { addNetns, delNetns, ipJson, ping, sh, uniqueTag, type LinkJson } from '../lab/netns.js';
import { inChroot, pathList, rootfsCopy } from '../lab/debian-rootfs.js';

t.setTimeout(1_500_000);

const SEA = path.join(REPO, 'dist/sea/ctnet');
if (!fs.existsSync(SEA)) await sh('npm', ['run', 'build:sea'], { timeoutMs: 600_000 });
const built = await sh('bash', [path.join(REPO, 'scripts/package.sh')], { timeoutMs: 900_000 });
const DEB = path.join(REPO, /built (dist\/ctnet_\S+\.deb)/.exec(built.stdout)![1]!);
const VERSION = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version as string;
t.comment(built.stdout.trim());

/** Site files with bytes that a careless rewrite would change (CRLF, no final newline, modes). */
const SITE: Array<{ path: string; text: string; mode: number }> = [
  {
    path: 'etc/vz/vznet.conf',
    text: '## site vznet.conf\r\nEXTERNAL_SCRIPT="/usr/local/sbin/site-net"\r\nFOO=bar # keep me\r\n# no final newline',
    mode: 0o600,
  },
  { path: 'etc/vz/conf/vps.umount', text: '#!/bin/sh\necho "site umount $VEID"\n', mode: 0o750 },
  {
    path: 'var/lib/lxc/c1/config',
    text: 'lxc.uts.name = c1\nlxc.net.0.type = veth\nlxc.net.0.flags = up\nlxc.net.0.ipv4.address = 10.99.17.1/24\n',
    mode: 0o640,
  },
];

function plantSite(root: string): void {
  for (const f of SITE) {
    fs.mkdirSync(path.dirname(path.join(root, f.path)), { recursive: true });
    fs.writeFileSync(path.join(root, f.path), f.text);
    fs.chmodSync(path.join(root, f.path), f.mode);
  }
}

function assertSiteRestored(t: Test, root: string, when: string): void {
  for (const f of SITE) {
    const p = path.join(root, f.path);
    t.equal(fs.readFileSync(p, 'latin1'), f.text, `${when}: ${f.path} byte for byte`);
    t.equal(fs.statSync(p).mode & 0o7777, f.mode, `${when}: ${f.path} keeps mode ${f.mode.toString(8)}`);
  }
  t.notOk(fs.existsSync(path.join(root, 'etc/vz/conf/vps.umount.ctnet-site')), `${when}: no vps.umount.ctnet-site`);
}

async function installedPackages(root: string): Promise<Set<string>> {
  const r = await inChroot(root, ['dpkg-query', '-W', '-f', '${Package}\\n']);
  return new Set(r.stdout.split('\n').filter(Boolean));
}

t.test('lintian reports no errors', async (t) => {
  const r = await sh('lintian', ['--tag-display-limit', '0', DEB], { allowFailure: true, timeoutMs: 300_000 });
  const tags = r.stdout.split('\n').filter((l) => /^[EWIPX]: /.test(l));
  t.same(
    tags.filter((l) => l.startsWith('E: ')),
    [],
    `lintian errors (all tags: ${JSON.stringify(tags)})`,
  );
  for (const w of tags) t.comment(w);
});

t.test('systemd-analyze verify passes on the installed units', async (t) => {
  const x = fs.mkdtempSync(path.join(os.tmpdir(), 'ctnet-deb-units-'));
  t.teardown(() => fs.rmSync(x, { recursive: true, force: true }));
  await sh('dpkg-deb', ['-x', DEB, x], { timeoutMs: 120_000 });
  const units = ['ctnet.service', 'ctnet-check.service', 'ctnet-check.timer'].map((u) =>
    path.join(x, 'usr/lib/systemd/system', u),
  );
  // The package's /usr laid over the machine's in a private mount namespace: verify checks
  // that ExecStart= and the man pages exist; the machine's /usr is not changed.
  const verify = (overlay: boolean) =>
    sh(
      'unshare',
      [
        '-m',
        '--propagation',
        'private',
        'sh',
        '-c',
        `${overlay ? 'mount -t overlay overlay -o lowerdir="$0/usr:/usr" /usr && ' : ''}exec systemd-analyze verify "$@"`,
        x,
        ...units,
      ],
      { allowFailure: true, timeoutMs: 60_000 },
    );
  const r = await verify(true);
  t.equal(r.exitCode, 0, `verify: ${r.stdout}${r.stderr}`);
  t.equal(r.stderr.trim(), '', 'no warnings');
  const without = await verify(false);
  t.not(without.exitCode, 0, "verify does check ExecStart: it fails without the package's /usr/sbin/ctnet");
});

for (const [release, removal] of [
  ['bookworm', 'dpkg -r, then --purge'],
  ['trixie', 'dpkg --purge at once'],
] as const) {
  t.test(`Debian ${release}: apt-get install, ctnet install --lxc/--openvz, a hook, ${removal}`, async (t) => {
    const root = await rootfsCopy(t, release);
    plantSite(root);
    const before = pathList(root);
    const pkgsBefore = await installedPackages(root);
    fs.copyFileSync(DEB, path.join(root, 'tmp', path.basename(DEB)));
    const apt = ['DEBIAN_FRONTEND=noninteractive'];
    t.equal(
      (await inChroot(root, ['apt-get', 'update', '-qq'], { env: apt, timeoutMs: 300_000 })).exitCode,
      0,
      'apt-get update',
    );
    const inst = await inChroot(
      root,
      ['apt-get', 'install', '-y', '--no-install-recommends', `/tmp/${path.basename(DEB)}`],
      { env: apt, timeoutMs: 600_000 },
    );
    t.equal(inst.exitCode, 0, `apt-get install ./ctnet: ${inst.stderr.slice(-2000)}`);
    fs.rmSync(path.join(root, 'tmp', path.basename(DEB)));
    const pkgsAfter = await installedPackages(root);
    const deps = [...pkgsAfter].filter((p) => !pkgsBefore.has(p) && p !== 'ctnet');
    t.ok(deps.includes('iproute2') || pkgsBefore.has('iproute2'), `dependencies resolved (${deps.join(' ')})`);

    const node = await inChroot(root, ['sh', '-c', 'command -v node && node --version || echo none']);
    if (release === 'bookworm')
      t.match(node.stdout.trim(), /^(none|.*\nv18\.)/, `no usable Node.js in Debian 12 (${node.stdout.trim()})`);
    const v = await inChroot(root, ['ctnet', '--version']);
    t.equal(v.stdout.trim(), `ctnet ${VERSION}`, `ctnet --version: ${v.stderr}`);
    for (const h of ['ctnet-vznet', 'ctnet-umount', 'ctnet-vznetcfg', 'ctnet-lxc']) {
      t.equal(
        (await inChroot(root, [`/usr/libexec/ctnet/${h}`, '--version'])).stdout.trim(),
        `${h} ${VERSION}`,
        `${h} answers`,
      );
    }
    t.equal(
      fs.readlinkSync(path.join(root, 'usr/sbin/ctnet')),
      '../libexec/ctnet/ctnet',
      '/usr/sbin/ctnet links to the executable',
    );
    t.ok(fs.existsSync(path.join(root, 'usr/share/man/man8/ctnet.8.gz')), 'ctnet(8)');
    t.notOk(
      fs.existsSync(path.join(root, 'var/lib/ctnet/install/manifest.json')),
      'the package wired nothing by itself',
    );
    t.ok(
      fs.lstatSync(path.join(root, 'etc/systemd/system/multi-user.target.wants/ctnet.service')).isSymbolicLink(),
      'ctnet.service enabled',
    );
    t.ok(
      fs.lstatSync(path.join(root, 'etc/systemd/system/timers.target.wants/ctnet-check.timer')).isSymbolicLink(),
      'ctnet-check.timer enabled',
    );
    t.equal(
      fs.readFileSync(path.join(root, 'etc/vz/vznet.conf'), 'latin1'),
      SITE[0]!.text,
      'vznet.conf untouched by the package',
    );

    const lxc = await inChroot(root, ['ctnet', 'install', '--lxc']);
    t.equal(lxc.exitCode, 0, `ctnet install --lxc: ${lxc.stderr}`);
    t.match(lxc.stdout, /lxc\.net\.0\.script\.up = \/usr\/libexec\/ctnet\/ctnet-lxc/, 'prints the LXC lines');
    const vz = await inChroot(root, ['ctnet', 'install', '--openvz']);
    t.equal(vz.exitCode, 0, `ctnet install --openvz: ${vz.stderr}`);
    t.match(
      fs.readFileSync(path.join(root, 'etc/vz/vznet.conf'), 'latin1'),
      /\r\nEXTERNAL_SCRIPT="\/usr\/libexec\/ctnet\/ctnet-vznet"\n/,
      'EXTERNAL_SCRIPT wired',
    );
    const umount = await inChroot(root, ['/etc/vz/conf/vps.umount'], {
      env: ['VEID=101', 'VE_CONFFILE=/etc/vz/conf/101.conf'],
    });
    t.equal(umount.exitCode, 0, `vps.umount runs ctnet-umount, then the site's: ${umount.stderr}`);
    t.match(umount.stdout, /site umount 101/, "the site's vps.umount still runs");

    // A real LXC up and down (hook.version 1) in a namespace of our own, from the chroot.
    const tag = uniqueTag();
    const hn = `ctnet-deb-hn-${tag}`;
    const ct = `ctnet-deb-ct-${tag}`;
    const br = `br${tag}`;
    const veth = `vd${tag}`;
    t.teardown(async () => {
      await delNetns(hn);
      await delNetns(ct);
    });
    await addNetns(hn);
    await addNetns(ct);
    for (const args of [
      ['link', 'add', br, 'type', 'bridge'],
      ['link', 'set', br, 'up'],
      ['addr', 'add', '10.99.17.254/24', 'dev', br],
      ['link', 'add', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ct],
      ['link', 'set', veth, 'up'],
    ])
      await sh('ip', ['-n', hn, ...args]);
    await sh('ip', ['-n', ct, 'addr', 'add', '10.99.17.1/24', 'dev', 'eth0']);
    await sh('ip', ['-n', ct, 'link', 'set', 'eth0', 'up']);
    const env = (type: string) => [
      'LXC_NAME=c1',
      'LXC_CONFIG_FILE=/var/lib/lxc/c1/config',
      'LXC_HOOK_VERSION=1',
      `LXC_HOOK_TYPE=${type}`,
      'LXC_HOOK_SECTION=net',
      'LXC_NET_TYPE=veth',
      'LXC_NET_PARENT=',
      `LXC_NET_PEER=${veth}`,
    ];
    const up = await inChroot(root, ['/usr/libexec/ctnet/ctnet-lxc', '--bridge', br, 'veth', veth], {
      netns: hn,
      env: env('up'),
    });
    t.equal(up.exitCode, 0, `ctnet-lxc up: ${up.stdout}${up.stderr}`);
    t.equal(
      (await ipJson<LinkJson[]>(hn, ['link', 'show', 'dev', veth]))[0]!.master,
      br,
      'the hook put the veth on the bridge',
    );
    t.ok(await ping(ct, '10.99.17.254'), 'the container reaches the host over the bridge');
    t.ok(fs.existsSync(path.join(root, 'run/ctnet/ct/lxc-c1.json')), 'the up left its record');
    const down = await inChroot(root, ['/usr/libexec/ctnet/ctnet-lxc', '--bridge', br, 'veth', veth], {
      netns: hn,
      env: env('down'),
    });
    t.equal(down.exitCode, 0, `ctnet-lxc down: ${down.stdout}${down.stderr}`);
    t.notOk(fs.existsSync(path.join(root, 'run/ctnet/ct/lxc-c1.json')), 'the down removed its record');

    if (removal.startsWith('dpkg -r')) {
      const r = await inChroot(root, ['dpkg', '-r', 'ctnet'], { timeoutMs: 120_000 });
      t.equal(r.exitCode, 0, `dpkg -r: ${r.stderr}`);
      t.match(r.stdout, /restored \/etc\/vz\/vznet\.conf/, 'prerm ran ctnet uninstall');
      assertSiteRestored(t, root, 'after dpkg -r');
      t.notOk(fs.existsSync(path.join(root, 'usr/libexec/ctnet')), 'executables gone');
      t.ok(fs.existsSync(path.join(root, 'etc/ctnet/networks.conf')), 'the conffile stays until purge');
    }
    const p = await inChroot(root, ['dpkg', '--purge', 'ctnet'], { timeoutMs: 120_000 });
    t.equal(p.exitCode, 0, `dpkg --purge: ${p.stderr}`);
    if (!removal.startsWith('dpkg -r'))
      t.match(p.stdout, /restored \/etc\/vz\/vznet\.conf/, 'prerm ran ctnet uninstall');
    assertSiteRestored(t, root, 'after purge');

    const after = pathList(root);
    t.same(
      after.filter((x) => /ctnet/i.test(x)),
      [],
      'no path named ctnet is left',
    );
    const bookkeeping =
      /^(var\/lib\/(dpkg|apt|systemd\/deb-systemd-helper-enabled)|var\/cache|var\/log|etc\/ld\.so\.cache|etc\/systemd\/system)(\/|$)/;
    t.same(
      before.filter((x) => !after.includes(x) && !bookkeeping.test(x)),
      [],
      'nothing that was there before is gone',
    );
    // Every new path belongs to a dependency apt installed, or to apt's and dpkg's own records.
    const owned = new Set<string>();
    for (const d of deps) {
      for (const f of (await inChroot(root, ['dpkg-query', '-L', d])).stdout.split('\n')) {
        // Debian 12's packages still list /bin, /sbin, /lib: on its merged /usr they are under usr/.
        if (f.startsWith('/')) owned.add(f.slice(1).replace(/^(bin|sbin|lib|lib64)(\/|$)/, 'usr/$1$2'));
      }
    }
    const unexplained = after
      .filter((x) => !before.includes(x))
      .map((x) => x.replace(/[/@]$/, ''))
      .filter((x) => !owned.has(x) && !bookkeeping.test(x));
    t.same(unexplained, [], "no new path outside the dependencies' files and apt/dpkg records");
  });
}
