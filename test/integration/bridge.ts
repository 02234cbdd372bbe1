/**
 * ctnet bridge ensure on a real kernel: a new bridge gets its stable MAC (pinned), MTU and
 * addresses; ports with lower MACs joining and leaving never move it (seed 000's outage);
 * an existing unpinned bridge is pinned where it is; twice = once; concurrent ensures agree.
 */
import t from 'tap';
import { stableMac } from '../../lib/setups/bridge/stable-mac.js';
import { HostLab } from '../lab/host-lab.js';
import { ipBatch, ipJson, type AddrJson, type LinkJson } from '../lab/netns.js';

async function link(ns: string, dev: string): Promise<LinkJson> {
  return (await ipJson<LinkJson[]>(ns, ['link', 'show', 'dev', dev]))[0]!;
}

async function assignType(lab: HostLab, ns: string, dev: string): Promise<string> {
  return (await lab.exec(ns, ['cat', `/sys/class/net/${dev}/addr_assign_type`])).stdout.trim();
}

t.test('bridge ensure: fixed MAC that ports never move', async (t) => {
  const lab = new HostLab();
  t.teardown(() => lab.cleanup());
  const hn = await lab.ns('hn');
  const args = ['bridge', 'ensure', 'vmbr9', '--address', '10.9.0.1/24', '--address', 'fd00:9::1/64', '--mtu', '1450'];
  const first = await Promise.all([1, 2, 3].map(() => lab.ctnet(hn, args)));
  t.same(
    first.map((r) => r.exitCode),
    [0, 0, 0],
    `3 concurrent ensures: ${first.map((r) => r.stderr).join('')}`,
  );
  const again = await lab.ctnet(hn, args);
  t.match(again.stderr, /is in place/, 'second run changes nothing');
  const br = await link(hn, 'vmbr9');
  t.equal(br.address, stableMac('vmbr9'), 'stable MAC derived from the name');
  t.ok(/^[0-9a-f][26ae]:/.test(br.address), 'locally administered unicast');
  t.equal(await assignType(lab, hn, 'vmbr9'), '3', 'MAC pinned (addr_assign_type 3)');
  t.equal(br.mtu, 1450, 'MTU');
  t.ok(br.flags.includes('UP'), 'up');
  const addrs = (await ipJson<AddrJson[]>(hn, ['addr', 'show', 'dev', 'vmbr9']))[0]!.addr_info
    .filter((a) => !a.local.startsWith('fe80'))
    .map((a) => `${a.local}/${a.prefixlen}`)
    .sort();
  t.same(addrs, ['10.9.0.1/24', 'fd00:9::1/64'], 'addresses once each');

  await ipBatch(hn, [
    'link add p1 address 00:00:00:00:00:01 mtu 1450 type veth peer name q1',
    'link set p1 master vmbr9',
    'link set p1 up',
    'link set q1 up',
  ]);
  t.equal((await link(hn, 'vmbr9')).address, br.address, 'a port with a lower MAC does not move it');
  await ipBatch(hn, ['link del p1']);
  t.equal((await link(hn, 'vmbr9')).address, br.address, 'nor does its leaving');

  // An existing bridge made by hand, whose MAC already followed a port: pinned where it is.
  await ipBatch(hn, [
    'link add old0 type bridge',
    'link add p2 address 00:00:00:00:00:02 type veth peer name q2',
    'link set p2 master old0',
  ]);
  const before = (await link(hn, 'old0')).address;
  t.equal(before, '00:00:00:00:00:02', 'unmanaged bridge took its port MAC (the seed 000 behaviour)');
  t.equal((await lab.ctnet(hn, ['bridge', 'ensure', 'old0'])).exitCode, 0, 'ensure an existing bridge');
  t.equal(await assignType(lab, hn, 'old0'), '3', 'now pinned');
  await ipBatch(hn, [
    'link add p3 address 00:00:00:00:00:01 type veth peer name q3',
    'link set p3 master old0',
    'link del p2',
  ]);
  t.equal((await link(hn, 'old0')).address, before, 'pinned at its current MAC: no change when ports come and go');

  const mac = await lab.ctnet(hn, ['bridge', 'ensure', 'old0', '--mac', '02:00:00:aa:bb:cc']);
  t.equal(mac.exitCode, 0, 'explicit --mac');
  t.equal((await link(hn, 'old0')).address, '02:00:00:aa:bb:cc', 'explicit MAC set');

  await ipBatch(hn, ['link add notbr type veth peer name notbr2']);
  const clash = await lab.ctnet(hn, ['bridge', 'ensure', 'notbr']);
  t.equal(clash.exitCode, 1, 'a non-bridge with that name is refused');
  t.match(clash.stderr, /"notbr" exists and is a veth link/);
  const bad = await lab.ctnet(hn, ['bridge', 'ensure', 'x0', '--mac', '01:00:5e:00:00:01x']);
  t.match(bad.stderr, /--mac: "01:00:5e:00:00:01x" is not a MAC address/, 'bad MAC is one clear line');
});
