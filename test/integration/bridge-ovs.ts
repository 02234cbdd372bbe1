/**
 * ctnet bridge ensure --ovs against a real Open vSwitch (userspace datapath, LAB.md) in a
 * throwaway namespace: bridge created once with its pinned hwaddr, address and MTU; twice is
 * once. The daemons are stopped by the PIDs this test started.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import { stableMac } from '../../lib/setups/bridge/stable-mac.js';
import { HostLab } from '../lab/host-lab.js';
import { ipJson, sh, type AddrJson, type LinkJson } from '../lab/netns.js';

t.test('OVS bridge with a pinned MAC', async (t) => {
  const lab = new HostLab();
  t.teardown(() => lab.cleanup());
  const hn = await lab.ns('hn');
  const d = path.join(lab.dir, 'ovs');
  fs.mkdirSync(d);
  const env = { OVS_RUNDIR: d, OVS_LOGDIR: d, OVS_DBDIR: d };
  const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  t.teardown(async () => {
    for (const pid of ['vswitchd.pid', 'ovsdb.pid']) {
      const file = path.join(d, pid);
      const p = fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').trim()) : 0;
      if (p) process.kill(p, 'SIGTERM');
    }
  });
  await sh('ovsdb-tool', ['create', `${d}/conf.db`, '/usr/share/openvswitch/vswitch.ovsschema']);
  await sh('env', [
    ...envArgs,
    'ip',
    'netns',
    'exec',
    hn,
    'ovsdb-server',
    `${d}/conf.db`,
    `--remote=punix:${d}/db.sock`,
    `--pidfile=${d}/ovsdb.pid`,
    '--detach',
    `--log-file=${d}/ovsdb.log`,
  ]);
  await sh('ovs-vsctl', [`--db=unix:${d}/db.sock`, '--no-wait', 'init']);
  await sh('env', [
    ...envArgs,
    'ip',
    'netns',
    'exec',
    hn,
    'ovs-vswitchd',
    `unix:${d}/db.sock`,
    '--disable-system',
    `--pidfile=${d}/vswitchd.pid`,
    '--detach',
    `--log-file=${d}/vswitchd.log`,
  ]);

  const args = [
    'bridge',
    'ensure',
    'ovsbr0',
    '--ovs',
    '--ovs-db',
    `unix:${d}/db.sock`,
    '--ovs-datapath',
    'netdev',
    '--address',
    '10.8.0.1/24',
    '--mtu',
    '1400',
  ];
  for (const round of [1, 2]) {
    const r = await lab.ctnet(hn, args);
    t.equal(r.exitCode, 0, `ensure #${round}: ${r.stderr}`);
  }
  const br = (await ipJson<LinkJson[]>(hn, ['link', 'show', 'dev', 'ovsbr0']))[0]!;
  t.equal(br.address, stableMac('ovsbr0'), 'stable MAC on the bridge device');
  t.equal(br.mtu, 1400, 'MTU');
  const addrs = (await ipJson<AddrJson[]>(hn, ['addr', 'show', 'dev', 'ovsbr0']))[0]!.addr_info
    .filter((a) => a.family === 'inet')
    .map((a) => `${a.local}/${a.prefixlen}`);
  t.same(addrs, ['10.8.0.1/24'], 'address once');
  const hw = await sh('ovs-vsctl', [`--db=unix:${d}/db.sock`, 'get', 'bridge', 'ovsbr0', 'other-config:hwaddr']);
  t.equal(hw.stdout.trim(), `"${stableMac('ovsbr0')}"`, 'hwaddr pinned in ovsdb');
  const brs = await sh('ovs-vsctl', [`--db=unix:${d}/db.sock`, 'list-br']);
  t.equal(brs.stdout.trim(), 'ovsbr0', 'one bridge');
});
