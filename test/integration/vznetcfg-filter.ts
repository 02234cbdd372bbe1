/**
 * The anti-spoofing filter through ctnet-vznetcfg: OpenVZ 7 `addif` filters with the MAC
 * libvzctl passes (MAC=) and the NETIF ip= addresses, before the port joins the bridge;
 * NETIF ip_filter=off lets a foreign source out (RAs stay dropped), mac_filter=off a foreign
 * MAC; `delif` removes the chain, twice is fine. Legacy `init veth` filters too.
 */
import t, { type Test } from 'tap';
import { VzLab } from '../lab/vz-lab.js';
import { ping, sh } from '../lab/netns.js';
import { guardCounters, hasGuard, sendRaw } from '../lab/attack-frames.js';

const UUID = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const DEV = 'veth7c1d2e3f.0';
const MAC = '02:00:00:00:07:01';
const ENV = { VEID: UUID, NETWORK_TYPE: 'bridge', MAC };
const inNs = (ns: string, args: string[]) =>
  sh('ip', ['netns', 'exec', ns, ...args], { allowFailure: true, timeoutMs: 20_000 });

async function ov7(t: Test, netifExtra: string): Promise<{ lab: VzLab; ct: string }> {
  const lab = await VzLab.create({ bridge: { name: 'br0', address: '10.0.7.2/24' } });
  t.teardown(() => lab.cleanup());
  const ct = await lab.addCt(UUID, { pairs: [{ host: DEV, ct: 'eth0', mac: MAC }] });
  lab.writeCtConf(UUID, `NETIF="ifname=eth0,mac=${MAC},host_ifname=${DEV},network=br0${netifExtra},ip=10.0.7.1/24"\n`);
  for (const round of [1, 2]) {
    const r = await lab.vznetcfg(['addif', DEV, 'br0'], ENV);
    t.equal(r.exitCode, 0, `addif #${round}: ${r.stderr}`);
  }
  // libvzctl configures the CT side itself (configure=all); here by hand.
  await inNs(ct, ['ip', 'addr', 'add', '10.0.7.1/24', 'dev', 'eth0']);
  await inNs(ct, ['ip', 'link', 'set', 'eth0', 'up']);
  return { lab, ct };
}

t.test('addif: filtered with MAC= and NETIF ip=; delif removes the chain', async (t) => {
  const { lab, ct } = await ov7(t, '');
  t.ok(await hasGuard(lab.hn, DEV), 'the port has its chain');
  t.ok(await ping(ct, '10.0.7.2'), 'the CT reaches the node');
  await inNs(ct, ['ip', 'addr', 'add', '10.0.7.99/24', 'dev', 'eth0']);
  const before = await guardCounters(lab.hn, DEV);
  t.not(
    (await inNs(ct, ['ping', '-c', '2', '-W', '1', '-I', '10.0.7.99', '10.0.7.2'])).exitCode,
    0,
    'a foreign source gets no answer',
  );
  const after = await guardCounters(lab.hn, DEV);
  t.ok(after['arp sender ip']! + after['ipv4 source']! > before['arp sender ip']! + before['ipv4 source']!, 'counted');
  for (const round of [1, 2]) {
    const d = await lab.vznetcfg(['delif', DEV, ''], { VEID: UUID });
    t.equal(d.exitCode, 0, `delif #${round}: ${d.stderr}`);
  }
  t.notOk(await hasGuard(lab.hn, DEV), 'delif removed the chain');
  t.equal((await lab.umount(UUID)).exitCode, 0, 'umount after delif');
});

t.test('NETIF ip_filter=off: a foreign source passes, an RA is still dropped', async (t) => {
  const { lab, ct } = await ov7(t, ',ip_filter=off');
  t.ok(await hasGuard(lab.hn, DEV), 'the port still has a chain');
  await inNs(ct, ['ip', 'addr', 'add', '10.0.7.99/24', 'dev', 'eth0']);
  t.equal(
    (await inNs(ct, ['ping', '-c', '2', '-W', '2', '-I', '10.0.7.99', '10.0.7.2'])).exitCode,
    0,
    'a foreign source is answered',
  );
  await sendRaw(ct, 'ra', { dev: 'eth0', mac: MAC, src: 'fe80::ff:fe00:701' });
  t.ok((await guardCounters(lab.hn, DEV))['router advertisement']! >= 3, 'an RA is dropped and counted');
});

t.test('NETIF mac_filter=off: a foreign MAC passes', async (t) => {
  const { lab, ct } = await ov7(t, ',mac_filter=off');
  await inNs(ct, ['ip', 'link', 'set', 'dev', 'eth0', 'address', '02:00:00:00:07:99']);
  t.ok(await ping(ct, '10.0.7.2'), 'the CT with another MAC reaches the node');
  t.equal((await guardCounters(lab.hn, DEV))['source mac'], undefined, 'no source-MAC rule');
});

t.test('legacy init veth: filtered before it joins the bridge; umount removes the chain', async (t) => {
  const lab = await VzLab.create({ bridge: { name: 'br0', address: '10.0.7.2/24' } });
  t.teardown(() => lab.cleanup());
  await lab.addCt('107', { pairs: [{ host: 'veth107.0', ct: 'eth0', mac: MAC }] });
  lab.writeCtConf(
    '107',
    `NETIF="ifname=eth0,mac=${MAC},host_ifname=veth107.0,bridge=br0"\nVETH_IP_ADDRESS="10.0.7.1/24"\n`,
  );
  const r = await lab.vznetcfg(['init', 'veth', 'veth107.0'], { VEID: '107' });
  t.equal(r.exitCode, 0, r.stderr);
  t.ok(await hasGuard(lab.hn, 'veth107.0'), 'the port has its chain');
  t.equal((await lab.umount('107')).exitCode, 0, 'umount');
  t.notOk(await hasGuard(lab.hn, 'veth107.0'), 'umount removed the chain');
});
