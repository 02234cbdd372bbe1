/**
 * A failure midway rolls back what this run applied, exits non-zero and says which CT, which
 * step, why and what to check; a umount after the failed up succeeds and leaves nothing.
 */
import t, { type Test } from 'tap';
import { VzLab } from '../lab/vz-lab.js';
import { ipBatch, ipJson } from '../lab/netns.js';
import { snapshot, type VzSnapshot } from '../lab/vz-state.js';

const CONF = `NETIF="ifname=eth0,host_ifname=veth105.0"
VETH_IP_ADDRESS="10.0.0.105/24 2001:db8::105/64"
CT0_IP="10.0.0.2"
VE_DEFAULT_GATEWAY="10.0.0.1"
BRIDGEDEV="br0"
`;

/** The bridge MAC pin is kept on purpose (it protects the node); everything else must match. */
function withoutPin(s: VzSnapshot): VzSnapshot {
  return { ...s, links: s.links.map((l) => ({ ...l, macAssign: l.name === 'br0' ? '-' : l.macAssign })) };
}

async function setup(t: Test, opts: { bridgeDown?: boolean } = {}): Promise<VzLab> {
  const lab = await VzLab.create({
    bridge: { name: 'br0', address: '10.0.0.2/24', mtu: 1400, ...(opts.bridgeDown ? { down: true } : {}) },
  });
  t.teardown(() => lab.cleanup());
  await lab.addCt('105');
  lab.writeCtConf('105', CONF);
  return lab;
}

async function umountLeavesNothing(t: Test, lab: VzLab, clean: VzSnapshot): Promise<void> {
  for (const round of [1, 2]) {
    const u = await lab.umount('105');
    t.equal(u.exitCode, 0, `umount #${round} after the failed up exits 0: ${u.stderr}`);
  }
  t.same(await ipJson(lab.hn, ['route', 'show', 'proto', '213']), [], 'no route to the CT');
  t.same(withoutPin(await snapshot(lab, ['105'])), withoutPin(clean), 'node and CT as before the up');
  t.equal(lab.record('105'), undefined, 'no record left');
}

t.test('bridge missing: nothing applied', async (t) => {
  const lab = await setup(t);
  lab.writeCtConf('105', CONF.replace('BRIDGEDEV="br0"', 'BRIDGEDEV="br7"'));
  const before = await snapshot(lab, ['105']);
  const r = await lab.vznet('105', 'veth105.0');
  t.equal(r.exitCode, 1);
  t.equal(
    r.stderr.trim(),
    'ctnet: error: CT 105: bridge "br7" (from /etc/vz/conf/105.conf:5 BRIDGEDEV) does not exist (create it before the container starts (ctnet bridge ensure br7), or fix the bridge setting)',
  );
  t.same(await snapshot(lab, ['105']), before, 'nothing changed, not even the bridge MAC pin');
  await umountLeavesNothing(t, lab, before);
});

t.test('vzctl exec failing: host routes and port attach rolled back', async (t) => {
  const lab = await setup(t);
  const before = await snapshot(lab, ['105']);
  lab.failExec(true);
  const r = await lab.vznet('105', 'veth105.0');
  t.equal(r.exitCode, 1);
  const err = r.stderr.trim().split('\n').pop()!;
  t.match(
    err,
    /^ctnet: error: CT 105: up veth105\.0 \(eth0 in the CT\): step "eth0 inside CT 105" failed: /,
    'names the CT and the step',
  );
  t.match(err, /vzctl \(lab\): exec failure injected/, 'says why');
  t.match(err, /everything this run applied was rolled back/, 'says it was rolled back');
  t.match(err, /check that CT 105 is running/, 'says what to check');
  const veth = (await ipJson(lab.hn, ['link', 'show', 'dev', 'veth105.0']))[0];
  t.equal(veth.master, undefined, 'the veth left the bridge');
  t.same(withoutPin(await snapshot(lab, ['105'])), withoutPin(before), 'all but the bridge MAC pin undone');
  lab.failExec(false);
  await umountLeavesNothing(t, lab, before);
});

t.test('a host batch line failing (bridge down): the attach is rolled back', async (t) => {
  const lab = await setup(t, { bridgeDown: true });
  const before = await snapshot(lab, ['105']);
  const r = await lab.vznet('105', 'veth105.0');
  t.equal(r.exitCode, 1);
  t.match(
    r.stderr,
    /CT 105: up veth105\.0 \(eth0 in the CT\): step "host side of veth105\.0" failed: "ip route replace 10\.0\.0\.105\/32 dev br0 proto 213" failed: .*not up.*; everything this run applied was rolled back/,
  );
  t.same(withoutPin(await snapshot(lab, ['105'])), withoutPin(before), 'veth detached again, no routes');
  await umountLeavesNothing(t, lab, before);
});

t.test('a CT batch line failing (IPv6 disabled in the CT): CT and host side rolled back', async (t) => {
  const lab = await setup(t);
  await ipBatch(lab.ctNs('105'), ['link set dev eth0 up']);
  const sysctl = await lab.runHook(
    '/usr/sbin/ip',
    ['netns', 'exec', lab.ctNs('105'), 'sysctl', '-qw', 'net.ipv6.conf.eth0.disable_ipv6=1'],
    {},
  );
  t.equal(sysctl.exitCode, 0, sysctl.stderr);
  const before = await snapshot(lab, ['105']);
  const r = await lab.vznet('105', 'veth105.0');
  t.equal(r.exitCode, 1);
  t.match(
    r.stderr,
    /step "eth0 inside CT 105" failed: "ip addr replace 2001:db8::105\/64 dev eth0 nodad" failed inside CT 105: .*IPv6 is disabled/,
  );
  t.match(
    r.stderr,
    /everything this run applied was rolled back \(check the addresses and gateways of eth0 inside CT 105/,
  );
  const after = await snapshot(lab, ['105']);
  t.same(after.cts['105']!.addrs, [], 'the IPv4 address added before the failing line is gone');
  t.same(withoutPin(after), withoutPin(before), 'node and CT as before');
  await umountLeavesNothing(t, lab, before);
});
