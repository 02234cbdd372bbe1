/**
 * The anti-spoofing filter on the two other port kinds: a routed veth (where the chain is the
 * reverse-path check: a foreign source never reaches the routing decision) and an Open vSwitch
 * port on the userspace datapath (where OVS reads the veth before netdev ingress, so the port's
 * OpenFlow guard flows stop what the chain only counts).
 * Each: a spoofed source is dropped and counted, the victim saw nothing, legitimate traffic
 * flows, umount removes the chain.
 */
import t from 'tap';
import { VzLab } from '../lab/vz-lab.js';
import { vzLabWithOvs } from '../lab/vz-ovs-lab.js';
import { ipJson, ping, sh } from '../lab/netns.js';
import { guardCounters, hasGuard, sendRaw } from '../lab/attack-frames.js';
import { guardFinalDrops, guardFlowsOf } from '../lab/guard-flows.js';
import { guardCookie } from '../../lib/plan/guard/render-guard-flows.js';

const inNs = (ns: string, args: string[]) =>
  sh('ip', ['netns', 'exec', ns, ...args], { allowFailure: true, timeoutMs: 20_000 });

t.test('routed veth: spoofed source dropped before routing, RA dropped; legitimate traffic routed', async (t) => {
  const lab = await VzLab.create({ bridge: null });
  t.teardown(() => lab.cleanup());
  const ct = await lab.addCt('108');
  const peer = await lab.addNs('peer108');
  // An "outside" host on the node: 192.0.2.0/24 via a veth between node and peer.
  await sh('ip', ['-n', lab.hn, 'link', 'add', 'up0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', peer]);
  await sh('ip', ['-n', lab.hn, 'addr', 'add', '192.0.2.1/24', 'dev', 'up0']);
  await sh('ip', ['-n', lab.hn, 'link', 'set', 'up0', 'up']);
  await sh('ip', ['-n', peer, 'addr', 'add', '192.0.2.9/24', 'dev', 'eth0']);
  await sh('ip', ['-n', peer, 'link', 'set', 'eth0', 'up']);
  await sh('ip', ['-n', peer, 'route', 'add', 'default', 'via', '192.0.2.1']);
  // The node's uplink route: proxy ARP answers for the CT's gateway only when it routes elsewhere.
  await sh('ip', ['-n', lab.hn, 'route', 'add', 'default', 'via', '192.0.2.9']);
  await sh('ip', ['netns', 'exec', lab.hn, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
  lab.writeCtConf(
    '108',
    `NETIF="ifname=eth0,mac=02:00:00:00:01:08,host_ifname=veth108.0"
VETH_IP_ADDRESS="198.51.100.108/32"
VE_DEFAULT_GATEWAY="198.51.100.1"
`,
  );
  const r = await lab.vznet('108', 'veth108.0');
  t.equal(r.exitCode, 0, `up: ${r.stderr}`);
  t.ok(await hasGuard(lab.hn, 'veth108.0'), 'the routed veth has its chain');
  t.ok(await ping(ct, '192.0.2.9'), 'the CT reaches the outside host through the node');
  await inNs(ct, ['ip', 'addr', 'add', '192.0.2.50/32', 'dev', 'eth0']);
  const before = await guardCounters(lab.hn, 'veth108.0');
  t.not(
    (await inNs(ct, ['ping', '-c', '2', '-W', '1', '-I', '192.0.2.50', '192.0.2.9'])).exitCode,
    0,
    'a foreign source is not routed',
  );
  const after = await guardCounters(lab.hn, 'veth108.0');
  t.ok(after['ipv4 source']! > before['ipv4 source']!, 'counted by "ipv4 source" (the reverse-path check)');
  const n = await ipJson<Array<{ dst: string }>>(peer, ['neigh', 'show']);
  t.notOk(
    n.some((x) => x.dst === '192.0.2.50'),
    'the outside host saw nothing from 192.0.2.50',
  );
  await sendRaw(ct, 'ra', { dev: 'eth0', mac: '02:00:00:00:01:08', src: 'fe80::ff:fe00:108' });
  t.ok((await guardCounters(lab.hn, 'veth108.0'))['router advertisement']! >= 3, 'an RA is dropped and counted');
  const r6 = await ipJson<Array<{ dst: string }>>(lab.hn, ['-6', 'route', 'show']);
  t.notOk(
    r6.some((x) => x.dst.startsWith('2001:db8:bad')),
    'the node took no prefix from it',
  );
  for (const round of [1, 2]) t.equal((await lab.umount('108')).exitCode, 0, `umount #${round}`);
  t.notOk(await hasGuard(lab.hn, 'veth108.0'), 'umount removed the chain');
});

t.test('Open vSwitch port: spoofed source dropped and counted before OVS; legitimate traffic flows', async (t) => {
  const { lab, ovs } = await vzLabWithOvs(t);
  for (const veid of ['101', '102']) {
    await lab.addCt(veid);
    lab.writeCtConf(
      veid,
      `NETIF="ifname=eth0,mac=02:00:00:00:02:0${veid.slice(-1)},host_ifname=veth${veid}.0"
VETH_IP_ADDRESS="10.0.9.${veid.slice(-1)}/24"
BRIDGEDEV="sw0"
`,
    );
    const r = await lab.vznet(veid, `veth${veid}.0`, [], ovs.env);
    t.equal(r.exitCode, 0, `CT ${veid} up: ${r.stderr}`);
  }
  const ct1 = lab.ctNs('101');
  t.ok(await ping(ct1, '10.0.9.2', 3), 'CT 101 reaches CT 102 through OVS');
  await inNs(ct1, ['ip', 'addr', 'add', '10.0.9.99/24', 'dev', 'eth0']);
  await inNs(ct1, [
    'ip',
    'neigh',
    'replace',
    '10.0.9.2',
    'lladdr',
    '02:00:00:00:02:02',
    'dev',
    'eth0',
    'nud',
    'permanent',
  ]);
  t.ok(
    (await guardFlowsOf(ovs, 'sw0', 'veth101.0')).length > 0,
    'the port has its OpenFlow guard flows (userspace datapath)',
  );
  const before = await guardCounters(lab.hn, 'veth101.0');
  const dropsBefore = await guardFinalDrops(ovs, 'sw0', 'veth101.0');
  const spoof = await inNs(ct1, ['ping', '-c', '2', '-W', '1', '-I', '10.0.9.99', '10.0.9.2']);
  const after = await guardCounters(lab.hn, 'veth101.0');
  t.ok(after['ipv4 source']! > before['ipv4 source']!, 'counted by "ipv4 source"');
  // The userspace datapath reads the veth with a packet socket, which the kernel feeds BEFORE
  // the netdev ingress hook: the OpenFlow twin of the chain is what stops the frame there.
  t.not(spoof.exitCode, 0, 'the spoofed ping gets no answer');
  t.ok(
    (await guardFinalDrops(ovs, 'sw0', 'veth101.0')) >= dropsBefore + 2,
    "dropped and counted by the port's final OpenFlow drop",
  );
  const n2 = await ipJson<Array<{ dst: string }>>(lab.ctNs('102'), ['neigh', 'show']);
  t.notOk(
    n2.some((x) => x.dst === '10.0.9.99'),
    'CT 102 learnt nothing about 10.0.9.99',
  );
  t.ok(await ping(ct1, '10.0.9.2', 2), 'legitimate traffic still flows');
  // A router advertisement is dropped by OVS too: CT 102 takes no prefix from it.
  await sendRaw(ct1, 'ra', { dev: 'eth0', mac: '02:00:00:00:02:01', src: 'fe80::ff:fe00:201' });
  const ra = (await guardFlowsOf(ovs, 'sw0', 'veth101.0')).find((f) => f.match.includes('icmp_type=134'));
  t.ok(ra && ra.packets >= 1, 'an RA is dropped by its OpenFlow flow');
  const r6 = await ipJson<Array<{ dst: string }>>(lab.ctNs('102'), ['-6', 'route', 'show']);
  t.notOk(
    r6.some((x) => x.dst.startsWith('2001:db8:bad')),
    'CT 102 took no prefix from it',
  );
  // A flow of the port's cookie left under another port number (a crashed earlier life) goes
  // with the next up, which rewrites the port's flows in one bundle.
  const count = (await guardFlowsOf(ovs, 'sw0', 'veth101.0')).length;
  await ovs.ofctl(['add-flow', 'sw0', `cookie=${guardCookie('veth101.0')},priority=40000,in_port=999,actions=drop`]);
  t.equal((await lab.vznet('101', 'veth101.0', [], ovs.env)).exitCode, 0, 'up again');
  const flows = await guardFlowsOf(ovs, 'sw0', 'veth101.0');
  t.equal(flows.length, count, 'the same flows after the second up, the stale one gone');
  t.notOk(
    flows.some((f) => f.match.includes('in_port=999')),
    'no flow of the old port number',
  );
  for (const veid of ['101', '102']) t.equal((await lab.umount(veid, ovs.env)).exitCode, 0, `umount ${veid}`);
  t.notOk(await hasGuard(lab.hn, 'veth101.0'), 'umount removed the chain');
  t.same(await guardFlowsOf(ovs, 'sw0', 'veth101.0'), [], 'umount removed the OpenFlow guard flows');
  t.same(await guardFlowsOf(ovs, 'sw0', 'veth102.0'), [], 'of both ports');
});
