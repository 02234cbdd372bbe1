/**
 * The self-contained executable (dist/sea/ctnet, `npm run build:sea`) on a host without Node:
 * every Node binary hidden in a private mount namespace, an OpenVZ up and umount and a real
 * LXC container's up and down run through the links named after the hooks; it answers by
 * the name it was called with, and an unknown name gets a one-line usage and exit 2.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t from 'tap';
import { run } from '../../lib/doors/exec.js';
import { REPO, PLAIN_PATH, hideNodeLines } from '../lab/executables.js';
import { LxcLab } from '../lab/lxc-lab.js';
import { ipJson, type LinkJson, type RouteJson } from '../lab/netns.js';
import { VzLab } from '../lab/vz-lab.js';

const SEA_DIR = path.join(REPO, 'dist/sea');
const SEA = path.join(SEA_DIR, 'ctnet');
const NAMES = ['ctnet', 'ctnet-vznet', 'ctnet-umount', 'ctnet-vznetcfg', 'ctnet-lxc'];

t.before(() => {
  if (!fs.existsSync(SEA)) throw new Error(`${SEA} is missing: run "npm run build:sea" (npm test does)`);
});

t.test('answers by the name it is called with; an unknown name: one usage line, exit 2', async (t) => {
  for (const n of NAMES) {
    const r = await run(path.join(SEA_DIR, n), ['--version'], { allowFailure: true });
    t.equal(r.exitCode, 0, `${n} --version: ${r.stderr}`);
    t.match(r.stdout, new RegExp(`^${n} \\d+\\.\\d+\\.\\d+\\n$`), `${n} names itself`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctnet-sea-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'ctnet-nope'), '');
  fs.copyFileSync(SEA, path.join(dir, 'ctnet-nope'));
  fs.chmodSync(path.join(dir, 'ctnet-nope'), 0o755);
  // The runtimes' own paths, made links to the hooks as docs/vznetcfg.md and docs/openvz.md say.
  fs.symlinkSync(path.join(SEA_DIR, 'ctnet-vznetcfg'), path.join(dir, 'vznetcfg'));
  fs.symlinkSync(path.join(SEA_DIR, 'ctnet-umount'), path.join(dir, 'vps.umount'));
  for (const [link, as] of [
    ['vznetcfg', 'ctnet-vznetcfg'],
    ['vps.umount', 'ctnet-umount'],
  ]) {
    const v = await run(path.join(dir, link!), ['--version'], { allowFailure: true });
    t.match(v.stdout, new RegExp(`^${as} `), `${link} (a link to ${as}) answers as ${as}`);
  }
  const r = await run(path.join(dir, 'ctnet-nope'), ['--help'], { allowFailure: true });
  t.equal(r.exitCode, 2);
  t.equal(r.stdout, '');
  t.equal(
    r.stderr,
    'ctnet-nope: unknown name; this executable answers as ctnet, ctnet-vznet, ctnet-umount, ctnet-vznetcfg, ctnet-lxc (install it under one of them, or as a link named so)\n',
  );
});

const CONF = `NETIF="ifname=eth0,mac=00:18:51:aa:bb:01,host_ifname=veth101.0"
VETH_IP_ADDRESS="10.0.0.101/24"
CT0_IP="10.0.0.2"
BRIDGEDEV="br0"
`;

t.test('OpenVZ up and umount with no Node on the host', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  const ctNs = await lab.addCt('101');
  lab.writeCtConf('101', CONF);
  const up = await lab.runHook(
    path.join(SEA_DIR, 'ctnet-vznet'),
    ['init', 'veth', 'veth101.0'],
    { VEID: '101' },
    { hideNode: true },
  );
  t.equal(up.exitCode, 0, `up: ${up.stderr}`);
  t.equal((await ipJson<LinkJson[]>(lab.hn, ['link', 'show', 'dev', 'veth101.0']))[0]!.master, 'br0', 'veth on br0');
  t.same(
    (await ipJson<RouteJson[]>(lab.hn, ['route', 'show', 'proto', '213'])).map((r) => r.dst),
    ['10.0.0.101'],
    'host route',
  );
  t.ok(
    (await ipJson<RouteJson[]>(ctNs, ['route', 'show'])).some((r) => r.dst === '10.0.0.2'),
    'CT side configured',
  );
  const down = await lab.runHook(
    path.join(SEA_DIR, 'ctnet-umount'),
    [],
    { VEID: '101', VE_CONFFILE: '/etc/vz/conf/101.conf' },
    { hideNode: true },
  );
  t.equal(down.exitCode, 0, `umount: ${down.stderr}`);
  t.same(await ipJson(lab.hn, ['route', 'show', 'proto', '213']), [], 'route removed');
  const node = await lab.runHook('/bin/sh', ['-c', 'node --version'], {}, { hideNode: true });
  t.not(node.exitCode, 0, 'and there really was no node to run');
});

t.test('a real LXC container started and stopped with no Node on the host', async (t) => {
  const lab = await LxcLab.create();
  t.teardown(() => lab.cleanup());
  await lab.ip(['link', 'add', 'br0', 'type', 'bridge']);
  await lab.ip(['link', 'set', 'dev', 'br0', 'up']);
  const hook = `${path.join(SEA_DIR, 'ctnet-lxc')} --run-dir ${lab.runDir} --routed`;
  const pair = `vs${lab.tag}`;
  const ct = await lab.container('sea', [
    'lxc.net.0.type = veth',
    'lxc.net.0.flags = up',
    'lxc.net.0.name = eth0',
    'lxc.net.0.ipv4.address = 10.0.31.5/32',
    `lxc.net.0.veth.pair = ${pair}`,
    `lxc.net.0.script.up = ${hook}`,
    `lxc.net.0.script.down = ${hook}`,
  ]);
  // lxc-start's monitor runs both hooks, in the mount namespace it was started in.
  const script = [
    'set -e',
    'mount --make-rprivate /',
    ...hideNodeLines(),
    `if PATH=${PLAIN_PATH} node --version 2>/dev/null; then exit 99; fi`,
    'exec "$@"',
  ].join('\n');
  const start = await run(
    'ip',
    [
      'netns',
      'exec',
      lab.ns,
      'unshare',
      '-m',
      'env',
      '-i',
      `PATH=${PLAIN_PATH}`,
      'sh',
      '-c',
      script,
      'sh',
      'lxc-start',
      '-n',
      ct.name,
      '-l',
      'DEBUG',
      '-o',
      ct.logFile,
    ],
    { timeoutMs: 60_000, allowFailure: true },
  );
  t.equal(start.exitCode, 0, `starts: ${start.stderr} ${ct.hookLog()}`);
  const routes = await ipJson<RouteJson[]>(lab.ns, ['route', 'show', 'proto', '213']);
  t.same(
    routes.map((r) => [r.dst, r.dev]),
    [['10.0.31.5', pair]],
    'routed: host route to the container',
  );
  t.equal((await ct.stop()).exitCode, 0, 'stops');
  t.same(await ipJson(lab.ns, ['route', 'show', 'proto', '213']), [], 'the down removed the route');
  t.same(fs.readdirSync(path.join(lab.runDir, 'ct')), [], 'no record left');
});
