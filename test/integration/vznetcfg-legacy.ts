/**
 * ctnet-vznetcfg with vzctl 4.x's command line `init veth <dev>` (env VEID) on a real kernel:
 * the veth joins the bridge of its NETIF entry (bridge=, else BRIDGEDEV, else the 4th
 * argument), EXTERNAL_SCRIPT from vznet.conf runs with the same argv and VEID; twice is once;
 * bad argv/env/config give one clear line and a non-zero exit.
 */
import t from 'tap';
import { HOOK_VZNET, HOOK_VZNETCFG, VzLab } from '../lab/vz-lab.js';
import { ipJson, ping, type AddrJson, type LinkJson, type RouteJson } from '../lab/netns.js';

const RECORDER = (out: string): string => `#!/bin/sh
echo "VEID=$VEID argc=$# argv=$*" >> ${out}
`;

async function link(lab: VzLab, dev: string): Promise<LinkJson> {
  return (await ipJson<LinkJson[]>(lab.hn, ['link', 'show', 'dev', dev]))[0]!;
}

t.test('init veth: NETIF bridge=, then EXTERNAL_SCRIPT with the same argv; twice is once', async (t) => {
  const lab = await VzLab.create({ bridge: { name: 'br0', address: '10.0.0.2/24', mtu: 1400 } });
  t.teardown(() => lab.cleanup());
  await lab.addCt('101');
  lab.writeCtConf('101', 'NETIF="ifname=eth0,host_ifname=veth101.0,bridge=br0"\n');
  const rec = lab.writeLabFile('rec.sh', RECORDER(`${lab.dir}/calls`), 0o755);
  lab.writeVznetConf(`# vznet.conf (lab)\nEXTERNAL_SCRIPT="${rec}"\n`);
  const before = await link(lab, 'br0');
  for (const round of [1, 2]) {
    const r = await lab.vznetcfg(['init', 'veth', 'veth101.0'], { VEID: '101' });
    t.equal(r.exitCode, 0, `init #${round} exits 0: ${r.stderr}`);
  }
  const veth = await link(lab, 'veth101.0');
  t.equal(veth.master, 'br0', 'veth is on br0 (NETIF bridge=)');
  t.equal(veth.mtu, 1400, 'veth has the bridge MTU');
  t.ok(veth.flags.includes('UP'), 'veth is up');
  t.equal((await link(lab, 'br0')).address, before.address, 'bridge MAC unchanged');
  const calls = (lab.readLabFile('calls') ?? '').trim().split('\n');
  t.same(
    calls,
    ['VEID=101 argc=3 argv=init veth veth101.0', 'VEID=101 argc=3 argv=init veth veth101.0'],
    'EXTERNAL_SCRIPT ran once per call with the same argv and VEID',
  );
  t.same(await ipJson(lab.hn, ['route', 'show', 'proto', '213']), [], 'vznetcfg itself adds no routes');
});

t.test('init veth: BRIDGEDEV fallback, Proxmox 4th argument, no bridge = only up', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  await lab.addCt('102');
  await lab.addCt('103');
  await lab.addCt('104');
  lab.writeCtConf('102', 'NETIF="ifname=eth0,host_ifname=veth102.0"\nBRIDGEDEV="br0"\n');
  lab.writeCtConf('103', 'NETIF="ifname=eth0,host_ifname=veth103.0"\n');
  lab.writeCtConf('104', 'NETIF="ifname=eth0,host_ifname=veth104.0"\n');
  const r2 = await lab.vznetcfg(['init', 'veth', 'veth102.0'], { VEID: '102' });
  t.equal(r2.exitCode, 0, r2.stderr);
  t.equal((await link(lab, 'veth102.0')).master, 'br0', 'BRIDGEDEV names the bridge');
  const r3 = await lab.vznetcfg(['init', 'veth', 'veth103.0', 'br0'], { VEID: '103' });
  t.equal(r3.exitCode, 0, r3.stderr);
  t.equal((await link(lab, 'veth103.0')).master, 'br0', 'the 4th argument names the bridge');
  for (const round of [1, 2]) {
    const r4 = await lab.vznetcfg(['init', 'veth', 'veth104.0'], { VEID: '104' });
    t.equal(r4.exitCode, 0, `no bridge #${round}: ${r4.stderr}`);
  }
  const v4 = await link(lab, 'veth104.0');
  t.equal(v4.master, undefined, 'no bridge configured: not enslaved');
  t.ok(v4.flags.includes('UP'), 'no bridge configured: up, as stock vznetcfg does');
});

t.test('EXTERNAL_SCRIPT=ctnet-vznet: the seed setup with no patched script', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  const ns = await lab.addCt('101');
  lab.writeCtConf(
    '101',
    'NETIF="ifname=eth0,host_ifname=veth101.0"\nBRIDGEDEV="br0"\nVETH_IP_ADDRESS="10.0.0.101/24"\n',
  );
  lab.writeVznetConf(`EXTERNAL_SCRIPT="${HOOK_VZNET}"\n`);
  for (const round of [1, 2]) {
    const r = await lab.vznetcfg(['init', 'veth', 'veth101.0'], { VEID: '101' });
    t.equal(r.exitCode, 0, `#${round}: ${r.stderr}`);
  }
  const routes = await ipJson<RouteJson[]>(lab.hn, ['route', 'show', 'proto', '213']);
  t.same(
    routes.map((r) => [r.dst, r.dev]),
    [['10.0.0.101', 'br0']],
    'ctnet-vznet added the host route',
  );
  const addrs = (await ipJson<AddrJson[]>(ns, ['-4', 'addr', 'show', 'dev', 'eth0']))[0]!;
  t.same(
    addrs.addr_info.map((a) => `${a.local}/${a.prefixlen}`),
    ['10.0.0.101/24'],
    'CT address configured once',
  );
  t.ok(await ping(ns, '10.0.0.2'), 'CT reaches the node');
});

t.test('EXTERNAL_SCRIPT: not executable is skipped, a failing one fails the call, itself never loops', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  await lab.addCt('101');
  lab.writeCtConf('101', 'NETIF="ifname=eth0,host_ifname=veth101.0,bridge=br0"\n');
  const plain = lab.writeLabFile('plain.sh', RECORDER(`${lab.dir}/calls`), 0o644);
  lab.writeVznetConf(`EXTERNAL_SCRIPT="${plain}"\n`);
  const r1 = await lab.vznetcfg(['init', 'veth', 'veth101.0'], { VEID: '101' });
  t.equal(r1.exitCode, 0, `not executable: skipped: ${r1.stderr}`);
  t.match(r1.stderr, /not an executable file: skipped/, 'says it skipped');
  t.equal(lab.readLabFile('calls'), undefined, 'the script did not run');

  const bad = lab.writeLabFile('bad.sh', '#!/bin/sh\necho "no uplink for $3" >&2\nexit 3\n', 0o755);
  lab.writeVznetConf(`EXTERNAL_SCRIPT=${bad}\n`);
  const r2 = await lab.vznetcfg(['init', 'veth', 'veth101.0'], { VEID: '101' });
  t.equal(r2.exitCode, 1, 'a failing EXTERNAL_SCRIPT fails vznetcfg (vzctl then aborts the start)');
  t.match(
    r2.stderr,
    /^ctnet: error: EXTERNAL_SCRIPT ".*bad\.sh" \(\/etc\/vz\/vznet\.conf:1\) failed with exit code 3: no uplink for veth101\.0/m,
    'names the script, where it was set, the exit code and its message',
  );

  lab.writeVznetConf(`EXTERNAL_SCRIPT="${HOOK_VZNETCFG}"\n`);
  const r3 = await lab.vznetcfg(['init', 'veth', 'veth101.0'], { VEID: '101' });
  t.equal(r3.exitCode, 0, `EXTERNAL_SCRIPT pointing at ctnet-vznetcfg itself: ${r3.stderr}`);
  t.match(r3.stderr, /is ctnet-vznetcfg itself/, 'says why it did not run it');
  lab.writeVznetConf('EXTERNAL_SCRIPT="relative/script"\n');
  const r4 = await lab.vznetcfg(['init', 'veth', 'veth101.0'], { VEID: '101' });
  t.equal(r4.exitCode, 1, 'a relative EXTERNAL_SCRIPT is refused');
  t.match(
    r4.stderr,
    /vznet\.conf:1: EXTERNAL_SCRIPT: "relative\/script" is not an absolute path/,
    'file:line: KEY: problem',
  );
});

t.test('bad argv, env and config: one line, non-zero, nothing applied', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  await lab.addCt('101');
  lab.writeCtConf('101', 'NETIF="ifname=eth0,host_ifname=veth101.0,bridge=br7"\n');
  const cases: Array<[string, string[], Record<string, string>, RegExp]> = [
    ['no VEID', ['init', 'veth', 'veth101.0'], {}, /VEID is not set/],
    ['bad VEID', ['init', 'veth', 'veth101.0'], { VEID: '10 1' }, /VEID: "10 1" is not a valid container id/],
    ['missing dev', ['init', 'veth'], { VEID: '101' }, /expected "init veth <host_ifname> \[<bridge>\]"/],
    [
      'bad dev',
      ['init', 'veth', 'veth/0'],
      { VEID: '101' },
      /host_ifname argument: "veth\/0" is not a valid interface name/,
    ],
    ['unknown verb', ['start', 'veth101.0'], { VEID: '101' }, /expected "init veth/],
    [
      'no such bridge',
      ['init', 'veth', 'veth101.0'],
      { VEID: '101' },
      /bridge "br7" \(from NETIF bridge=\) does not exist/,
    ],
  ];
  for (const [what, args, env, re] of cases) {
    const r = await lab.vznetcfg(args, env);
    t.equal(r.exitCode, 1, `${what}: exit 1`);
    t.match(r.stderr, re, `${what}: says why`);
    t.equal(r.stderr.trim().split('\n').length, 1, `${what}: one line`);
  }
  lab.writeCtConf('101', 'NETIF="ifname=eth0,host_ifname=veth101.0,bridge=br0,mac=zz"\n');
  const r = await lab.vznetcfg(['init', 'veth', 'veth101.0'], { VEID: '101' });
  t.equal(r.exitCode, 1, 'broken NETIF: exit 1');
  t.match(r.stderr, /\/etc\/vz\/conf\/101\.conf:1: NETIF: mac: "zz" is not a MAC address/, 'file:line: KEY: problem');
  t.equal((await link(lab, 'veth101.0')).master, undefined, 'nothing applied');
});
