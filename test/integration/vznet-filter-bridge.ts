/**
 * The anti-spoofing filter on a Linux bridge, proven by attacks from inside CT 101: each is
 * counted by its drop rule, CT 102 (the neighbour) and the node see nothing, and legitimate
 * IPv4, IPv6, ARP, NDP and TCP still flow. With CTNET_FILTER=off the same spoof gets through
 * (the filter is what stops it). A failed up leaves no chain; down twice and down alone succeed.
 */
import t, { type Test } from 'tap';
import { VzLab } from '../lab/vz-lab.js';
import { ipJson, ping, sh } from '../lab/netns.js';
import { guardCounters, hasGuard, sendRaw } from '../lab/attack-frames.js';

const MAC1 = '02:00:00:00:01:01';
const MAC2 = '02:00:00:00:01:02';
const conf = (
  veid: string,
  mac: string,
  extra = '',
): string => `NETIF="ifname=eth0,mac=${mac},host_ifname=veth${veid}.0"
VETH_IP_ADDRESS="10.0.0.${veid}/24 2001:db8::${veid}/64"
CT0_IP="10.0.0.2"
BRIDGEDEV="br0"
${extra}`;

interface Neigh {
  dst: string;
  lladdr?: string;
}

async function twoCts(t: Test, extra101 = ''): Promise<{ lab: VzLab; ct1: string; ct2: string }> {
  const lab = await VzLab.create({ bridge: { name: 'br0', address: '10.0.0.2/24' } });
  t.teardown(() => lab.cleanup());
  await sh('ip', ['-n', lab.hn, 'addr', 'add', '2001:db8::2/64', 'dev', 'br0', 'nodad']);
  const ct1 = await lab.addCt('101');
  const ct2 = await lab.addCt('102');
  lab.writeCtConf('101', conf('101', MAC1, extra101));
  lab.writeCtConf('102', conf('102', MAC2));
  for (const v of ['101', '102']) {
    const r = await lab.vznet(v, `veth${v}.0`);
    t.equal(r.exitCode, 0, `up CT ${v}: ${r.stderr}`);
  }
  return { lab, ct1, ct2 };
}

const inNs = (ns: string, args: string[], allowFailure = true) =>
  sh('ip', ['netns', 'exec', ns, ...args], { allowFailure, timeoutMs: 20_000 });

t.test(
  'attacks from CT 101 are dropped and counted; the neighbour and the node see nothing; legitimate traffic flows',
  async (t) => {
    const { lab, ct1, ct2 } = await twoCts(t);
    t.ok(await hasGuard(lab.hn, 'veth101.0'), 'CT 101 port has its chain');
    // Legitimate traffic first: ARP, IPv4, NDP, IPv6, TCP.
    t.ok(await ping(ct1, '10.0.0.2'), 'CT 101 pings the node');
    t.ok(await ping(ct1, '10.0.0.102'), 'CT 101 pings CT 102 (ARP + IPv4)');
    t.ok(await ping(ct1, '2001:db8::102'), 'CT 101 pings CT 102 over IPv6 (NDP)');
    t.ok(await ping(lab.hn, '2001:db8::101'), 'the node pings CT 101 over IPv6');
    const server = sh(
      'ip',
      [
        'netns',
        'exec',
        ct2,
        'python3',
        '-c',
        'import socket;s=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1);s.bind(("10.0.0.102",8080));s.listen();s.settimeout(10);c,_=s.accept();c.sendall(b"hello")',
      ],
      { timeoutMs: 20_000 },
    );
    await new Promise((r) => setTimeout(r, 300));
    const client = await inNs(ct1, [
      'python3',
      '-c',
      'import socket;s=socket.create_connection(("10.0.0.102",8080),5);print(s.recv(5).decode())',
    ]);
    await server;
    t.equal(client.stdout.trim(), 'hello', 'TCP from CT 101 to CT 102 works');
    const zero = await guardCounters(lab.hn, 'veth101.0');
    t.same(
      Object.values(zero).filter((n) => n > 0),
      [],
      'no drop counted for legitimate traffic',
    );

    await t.test('a foreign source address (ip addr add + ping -I)', async (t) => {
      await inNs(ct1, ['ip', 'addr', 'add', '10.0.0.99/24', 'dev', 'eth0'], false);
      await inNs(
        ct1,
        ['ip', 'neigh', 'replace', '10.0.0.102', 'lladdr', MAC2, 'dev', 'eth0', 'nud', 'permanent'],
        false,
      );
      const before = await guardCounters(lab.hn, 'veth101.0');
      const p = await inNs(ct1, ['ping', '-c', '2', '-W', '1', '-I', '10.0.0.99', '10.0.0.102']);
      t.not(p.exitCode, 0, 'the spoofed ping gets no answer');
      const after = await guardCounters(lab.hn, 'veth101.0');
      t.ok(after['ipv4 source']! > before['ipv4 source']!, 'counted by "ipv4 source"');
      const n2 = await ipJson<Neigh[]>(ct2, ['neigh', 'show']);
      t.notOk(
        n2.some((n) => n.dst === '10.0.0.99'),
        'CT 102 learnt nothing about 10.0.0.99',
      );
      await inNs(ct1, ['ip', 'addr', 'del', '10.0.0.99/24', 'dev', 'eth0'], false);
    });

    await t.test('gratuitous ARP claiming the node (arping -U -s)', async (t) => {
      t.ok(await ping(ct2, '10.0.0.2'), 'CT 102 knows the node');
      const brMac = (await ipJson<Array<{ address: string }>>(lab.hn, ['link', 'show', 'dev', 'br0']))[0]!.address;
      await inNs(ct1, ['ip', 'addr', 'add', '10.0.0.2/32', 'dev', 'eth0', 'noprefixroute'], false);
      const before = await guardCounters(lab.hn, 'veth101.0');
      await inNs(ct1, ['arping', '-U', '-c', '2', '-w', '3', '-I', 'eth0', '-s', '10.0.0.2', '10.0.0.2']);
      const after = await guardCounters(lab.hn, 'veth101.0');
      t.ok(after['arp sender ip']! > before['arp sender ip']!, 'counted by "arp sender ip"');
      const n2 = await ipJson<Neigh[]>(ct2, ['neigh', 'show', '10.0.0.2']);
      t.same(
        n2.map((n) => n.lladdr),
        [brMac],
        "CT 102 still has the node's MAC for 10.0.0.2",
      );
      const nh = await ipJson<Neigh[]>(lab.hn, ['neigh', 'show', '10.0.0.2']);
      t.same(nh, [], 'the node has no neighbour entry for its own address');
      await inNs(ct1, ['ip', 'addr', 'del', '10.0.0.2/32', 'dev', 'eth0'], false);
    });

    await t.test("a neighbour advertisement for CT 102's address", async (t) => {
      t.ok(await ping(lab.hn, '2001:db8::102'), 'the node knows CT 102');
      const before = await guardCounters(lab.hn, 'veth101.0');
      await sendRaw(ct1, 'na', { dev: 'eth0', mac: MAC1, src: 'fe80::ff:fe00:101', dst: '2001:db8::102' });
      const after = await guardCounters(lab.hn, 'veth101.0');
      t.ok(
        after['neighbour advertisement']! >= before['neighbour advertisement']! + 3,
        'counted by "neighbour advertisement"',
      );
      const nh = await ipJson<Neigh[]>(lab.hn, ['-6', 'neigh', 'show', '2001:db8::102']);
      t.same(
        nh.map((n) => n.lladdr),
        [MAC2],
        "the node still has CT 102's MAC for its address",
      );
    });

    await t.test('a router advertisement', async (t) => {
      const before = await guardCounters(lab.hn, 'veth101.0');
      await sendRaw(ct1, 'ra', { dev: 'eth0', mac: MAC1, src: 'fe80::ff:fe00:101' });
      await new Promise((r) => setTimeout(r, 300));
      const after = await guardCounters(lab.hn, 'veth101.0');
      t.ok(after['router advertisement']! >= before['router advertisement']! + 3, 'counted by "router advertisement"');
      const r2 = await ipJson<Array<{ dst: string }>>(ct2, ['-6', 'route', 'show']);
      t.notOk(
        r2.some((r) => r.dst === 'default' || r.dst.startsWith('2001:db8:bad')),
        'CT 102 took no route from it',
      );
    });

    await t.test('a DHCP offer', async (t) => {
      const listen = sh(
        'ip',
        [
          'netns',
          'exec',
          ct2,
          'python3',
          '-c',
          'import socket;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.setsockopt(socket.SOL_SOCKET,socket.SO_BROADCAST,1);s.bind(("",68));s.settimeout(2)\ntry:\n  s.recv(2048);print("got")\nexcept socket.timeout:\n  print("none")',
        ],
        { timeoutMs: 20_000 },
      );
      await new Promise((r) => setTimeout(r, 300));
      const before = await guardCounters(lab.hn, 'veth101.0');
      await sendRaw(ct1, 'dhcp-offer', { dev: 'eth0', mac: MAC1, src: '10.0.0.101', dst: '10.0.0.102' });
      const after = await guardCounters(lab.hn, 'veth101.0');
      t.ok(after['dhcp server']! >= before['dhcp server']! + 3, 'counted by "dhcp server"');
      t.equal((await listen).stdout.trim(), 'none', 'CT 102 received no offer');
    });

    await t.test('a foreign source MAC (ip link set address)', async (t) => {
      await inNs(ct1, ['ip', 'link', 'set', 'dev', 'eth0', 'address', '02:00:00:00:09:09'], false);
      const before = await guardCounters(lab.hn, 'veth101.0');
      t.notOk(await ping(ct1, '10.0.0.102'), 'no answer with a foreign MAC');
      const after = await guardCounters(lab.hn, 'veth101.0');
      t.ok(after['source mac']! > before['source mac']!, 'counted by "source mac"');
      const fdb = await sh('bridge', ['-n', lab.hn, '-j', 'fdb', 'show', 'br', 'br0']);
      t.notOk(fdb.stdout.includes('02:00:00:00:09:09'), 'the bridge never learnt the foreign MAC');
      await inNs(ct1, ['ip', 'link', 'set', 'dev', 'eth0', 'address', MAC1], false);
      await inNs(ct1, ['ip', 'neigh', 'flush', 'dev', 'eth0']);
      t.ok(await ping(ct1, '10.0.0.102'), 'with its own MAC back, CT 101 reaches CT 102 again');
    });

    for (const round of [1, 2]) {
      const u = await lab.umount('101');
      t.equal(u.exitCode, 0, `umount #${round}: ${u.stderr}`);
    }
    t.notOk(await hasGuard(lab.hn, 'veth101.0'), "umount removed CT 101's chain");
    t.ok(await hasGuard(lab.hn, 'veth102.0'), "CT 102's chain is untouched");
  },
);

t.test('CTNET_FILTER=off: no chain, and the spoofed ping gets through', async (t) => {
  const { lab, ct1 } = await twoCts(t, 'CTNET_FILTER="off"\n');
  t.notOk(await hasGuard(lab.hn, 'veth101.0'), 'no chain for CT 101');
  await inNs(ct1, ['ip', 'addr', 'add', '10.0.0.99/24', 'dev', 'eth0'], false);
  const p = await inNs(ct1, ['ping', '-c', '2', '-W', '2', '-I', '10.0.0.99', '10.0.0.102']);
  t.equal(p.exitCode, 0, 'without the filter the spoofed source reaches CT 102');
});

t.test('a failed up removes its chain; down without up succeeds', async (t) => {
  const lab = await VzLab.create({ bridge: { name: 'br0', address: '10.0.0.2/24' } });
  t.teardown(() => lab.cleanup());
  const u0 = await lab.umount('103');
  t.equal(u0.exitCode, 0, `umount without up: ${u0.stderr}`);
  // The CT end is called eth9, the config says eth0: the CT side fails after the filter went in.
  await lab.addCt('103', { pairs: [{ host: 'veth103.0', ct: 'eth9' }] });
  lab.writeCtConf('103', conf('103', '02:00:00:00:01:03'));
  const r = await lab.vznet('103', 'veth103.0');
  t.not(r.exitCode, 0, 'up fails');
  t.match(r.stderr, /rolled back/, 'and says it rolled back');
  t.notOk(await hasGuard(lab.hn, 'veth103.0'), 'no chain left');
  const u = await lab.umount('103');
  t.equal(u.exitCode, 0, `umount after the failed up: ${u.stderr}`);
});

t.test('the chain outlives its veth on this kernel: umount after the CT stopped still removes it', async (t) => {
  const lab = await VzLab.create({ bridge: { name: 'br0', address: '10.0.0.2/24' } });
  t.teardown(() => lab.cleanup());
  await lab.addCt('104');
  lab.writeCtConf('104', conf('104', '02:00:00:00:01:04'));
  t.equal((await lab.vznet('104', 'veth104.0')).exitCode, 0, 'up');
  await lab.stopCt('104');
  t.ok(await hasGuard(lab.hn, 'veth104.0'), 'the chain is still there with the veth gone');
  t.equal((await lab.umount('104')).exitCode, 0, 'umount');
  t.notOk(await hasGuard(lab.hn, 'veth104.0'), 'umount removed it');
});

t.test(
  'no configured address (DHCP or set inside the CT): its MAC is still filtered, its addresses are not',
  async (t) => {
    const lab = await VzLab.create({ bridge: { name: 'br0', address: '10.0.0.2/24' } });
    t.teardown(() => lab.cleanup());
    const ct = await lab.addCt('103');
    lab.writeCtConf('103', `NETIF="ifname=eth0,mac=02:00:00:00:01:03,host_ifname=veth103.0"\nBRIDGEDEV="br0"\n`);
    const r = await lab.vznet('103', 'veth103.0');
    t.equal(r.exitCode, 0, r.stderr);
    t.ok(await hasGuard(lab.hn, 'veth103.0'), 'the port has its chain');
    await inNs(ct, ['ip', 'addr', 'add', '10.0.0.103/24', 'dev', 'eth0'], false);
    t.ok(await ping(ct, '10.0.0.2'), 'an address the CT set itself (as DHCP would) reaches the node');
    await inNs(ct, ['ip', 'link', 'set', 'dev', 'eth0', 'address', '02:00:00:00:09:99'], false);
    const before = await guardCounters(lab.hn, 'veth103.0');
    t.notOk(await ping(ct, '10.0.0.2'), 'a foreign MAC is still dropped');
    const after = await guardCounters(lab.hn, 'veth103.0');
    t.ok(after['source mac']! > before['source mac']!, 'counted by "source mac"');
  },
);
