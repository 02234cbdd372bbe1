/**
 * The k-th command of each batch refused by the kernel, for every k: configs and kernel state
 * built so that exactly line k of the host `ip -batch` (attach, then one route per address) or
 * of the CT batch (link up, addresses, route to CT0, default route) fails. Every case exits 1
 * with one line naming the CT, the step, the refused command and the kernel's reason, and
 * leaves the node and the CT exactly as before (full snapshot), with no record; a umount
 * afterwards succeeds.
 */
import t from 'tap';
import { VzLab } from '../lab/vz-lab.js';
import { ipBatch, sh } from '../lab/netns.js';
import { snapshot } from '../lab/vz-state.js';
import { waitVethsGone } from '../lab/many-cts.js';

interface Case {
  name: string;
  /** Which batch and which line (1-based) must be the one refused. */
  side: 'host' | 'ct';
  k: number;
  addresses: string[];
  ifname?: string;
  ct0?: string;
  gw6?: string;
  /** Kernel state that makes line k fail. */
  hostIpv6Off?: boolean;
  ctIpv6Off?: boolean;
  vethIsBridge?: boolean;
  /** The refused command (as the error quotes it). */
  line: (veid: string) => string;
}

const V4 = ['10.0.0.21/24', '10.0.5.1/32', '10.0.5.2/32', '10.0.5.3/32'];
const with6 = (i: number, a6: string): string[] => [...V4.slice(0, i), a6, ...V4.slice(i, 3)];

const cases: Case[] = [
  {
    name: 'attach (host veth is a bridge)',
    side: 'host',
    k: 1,
    addresses: V4,
    vethIsBridge: true,
    line: (v) => `link set dev veth${v}.0 mtu 1500 master br0 up`,
  },
  ...[0, 1, 2, 3].map((i): Case => ({
    name: `host route of address ${i + 1} (IPv6 off on br0)`,
    side: 'host',
    k: 2 + i,
    addresses: with6(i, '2001:db8::21/64'),
    hostIpv6Off: true,
    line: () => 'route replace 2001:db8::21/128 dev br0 proto 213',
  })),
  {
    name: 'CT link up (no such interface in the CT)',
    side: 'ct',
    k: 1,
    addresses: V4,
    ifname: 'eth9',
    line: () => 'link set dev eth9 up',
  },
  ...[0, 1, 2, 3].map((i): Case => ({
    name: `CT address ${i + 1} (IPv6 off in the CT)`,
    side: 'ct',
    k: 2 + i,
    addresses: with6(i, '2001:db8::21/64'),
    ctIpv6Off: true,
    line: () => 'addr replace 2001:db8::21/64 dev eth0 nodad',
  })),
  {
    name: 'CT route to CT0 (IPv6 CT0_IP, IPv6 off in the CT)',
    side: 'ct',
    k: 6,
    addresses: V4,
    ct0: '2001:db8::2',
    ctIpv6Off: true,
    line: () => 'route replace 2001:db8::2/128 dev eth0',
  },
  {
    name: 'CT default route (IPv6 gateway, IPv6 off in the CT)',
    side: 'ct',
    k: 7,
    addresses: V4,
    ct0: '10.0.0.2',
    gw6: '2001:db8::1',
    ctIpv6Off: true,
    line: () => 'route replace default via 2001:db8::1 dev eth0 onlink',
  },
];

function conf(veid: string, c: Case): string {
  return [
    `NETIF="ifname=${c.ifname ?? 'eth0'},host_ifname=veth${veid}.0"`,
    `VETH_IP_ADDRESS="${c.addresses.join(' ')}"`,
    `CT0_IP="${c.ct0 ?? '10.0.0.2'}"`,
    ...(c.gw6 ? [`VE_DEFAULT_GATEWAY6="${c.gw6}"`] : []),
    'BRIDGEDEV="br0"',
    '',
  ].join('\n');
}

const sysctl = (ns: string, key: string, v: number) => sh('ip', ['netns', 'exec', ns, 'sysctl', '-qw', `${key}=${v}`]);

t.test('line k of each batch refused, for every k: one clear line, nothing left', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  // Pin the bridge MAC first so the host batch starts with the attach line in every case.
  const mac = (await sh('ip', ['netns', 'exec', lab.hn, 'cat', '/sys/class/net/br0/address'])).stdout.trim();
  await ipBatch(lab.hn, [`link set dev br0 address ${mac}`]);
  for (const [n, c] of cases.entries()) {
    const veid = String(4100 + n);
    await t.test(`${c.side} batch line ${c.k}: ${c.name}`, async (t) => {
      if (c.vethIsBridge) {
        await lab.addCt(veid, { pairs: [] });
        await ipBatch(lab.hn, [`link add veth${veid}.0 type bridge`]);
      } else {
        await lab.addCt(veid);
      }
      if (c.ctIpv6Off) await sysctl(lab.ctNs(veid), 'net.ipv6.conf.eth0.disable_ipv6', 1);
      if (c.hostIpv6Off) await sysctl(lab.hn, 'net.ipv6.conf.br0.disable_ipv6', 1);
      t.teardown(async () => {
        if (c.hostIpv6Off) await sysctl(lab.hn, 'net.ipv6.conf.br0.disable_ipv6', 0);
        if (c.vethIsBridge) await ipBatch(lab.hn, [`link del veth${veid}.0`]);
        await lab.stopCt(veid);
        await waitVethsGone(lab);
      });
      lab.writeCtConf(veid, conf(veid, c));
      const before = await snapshot(lab, [veid]);

      const r = await lab.vznet(veid, `veth${veid}.0`);
      t.equal(r.exitCode, 1, 'exit 1');
      const lines = r.stderr.trim().split('\n');
      const err = lines[lines.length - 1]!;
      t.same(
        lines.filter((l) => l.startsWith('ctnet: error:')),
        [err],
        'one error line, the last one',
      );
      t.notMatch(r.stderr, /\n\s+at /, 'no stack trace');
      t.ok(err.startsWith(`ctnet: error: CT ${veid}: up veth${veid}.0 (`), `names the CT and the veth: ${err}`);
      const where =
        c.side === 'host' ? `"ip ${c.line(veid)}" failed: ` : `"ip ${c.line(veid)}" failed inside CT ${veid}: `;
      t.ok(err.includes(where), `names the refused line ${c.k}: ${where}`);
      t.match(err, /everything this run applied was rolled back/, 'says it was rolled back');
      t.same(await snapshot(lab, [veid]), before, 'node and CT exactly as before');
      t.equal(lab.record(veid), undefined, 'no teardown record left');
      const u = await lab.umount(veid);
      t.equal(u.exitCode, 0, `umount afterwards exits 0: ${u.stderr}`);
    });
  }
});
