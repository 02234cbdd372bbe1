/**
 * 100 OpenVZ CTs brought up at once on one Linux bridge (100 ctnet-vznet processes in
 * parallel), then down at once (100 ctnet-umount): every hook exits 0, every veth is on the
 * bridge with the bridge's MTU, every CT address is routed to its CT and configured inside it,
 * the bridge MAC is pinned and unchanged; after the downs no route, record or lock is left,
 * and once the CTs are gone the node is exactly as before.
 */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VzLab } from '../lab/vz-lab.js';
import { ipJson, type AddrJson, type LinkJson, type RouteJson } from '../lab/netns.js';
import { snapshot, sysfsAttr } from '../lab/vz-state.js';
import { addCts, mapLimit, removeCts, waitVethsGone } from '../lab/many-cts.js';

const N = 100;
const veids = Array.from({ length: N }, (_, i) => String(3000 + i));
const addr4 = (i: number) => `10.0.${1 + (i >> 8)}.${(i & 255) + 1}`;
const addr6 = (i: number) => `2001:db8::${(i + 1).toString(16)}`;

t.test(`${N} CTs up at once and down at once on one Linux bridge`, async (t) => {
  const lab = await VzLab.create({ bridge: { name: 'br0', address: '10.0.0.2/16', mtu: 1450 } });
  t.teardown(async () => {
    await removeCts(lab, veids);
    await lab.cleanup();
  });
  const before = await snapshot(lab, []);
  await addCts(lab, veids);
  veids.forEach((v, i) =>
    lab.writeCtConf(
      v,
      [
        `NETIF="ifname=eth0,host_ifname=veth${v}.0"`,
        `VETH_IP_ADDRESS="${addr4(i)}/16 ${addr6(i)}/64"`,
        'CT0_IP="10.0.0.2"',
        'BRIDGEDEV="br0"',
        '',
      ].join('\n'),
    ),
  );
  const brMac = before.links.find((l) => l.name === 'br0')!.mac;

  const ups = await Promise.all(veids.map((v) => lab.vznet(v, `veth${v}.0`)));
  const upFails = ups.map((r, i) => [veids[i], r] as const).filter(([, r]) => r.exitCode !== 0);
  t.same(
    upFails.map(([v, r]) => `${v}: ${r.stderr.trim()}`),
    [],
    `all ${N} ups exit 0`,
  );

  const links = await ipJson<LinkJson[]>(lab.hn, ['link', 'show']);
  const veths = links.filter((l) => l.ifname.startsWith('veth'));
  t.equal(
    veths.filter((l) => l.master === 'br0' && l.mtu === 1450 && l.flags.includes('UP')).length,
    N,
    `all ${N} veths on br0, MTU 1450, up`,
  );
  const br = links.find((l) => l.ifname === 'br0')!;
  t.equal(br.address, brMac, 'bridge MAC unchanged');
  t.equal(br.mtu, 1450, 'bridge MTU unchanged');
  t.equal(await sysfsAttr(lab.hn, 'br0', 'addr_assign_type'), '3', 'bridge MAC pinned');

  const r4 = await ipJson<RouteJson[]>(lab.hn, ['-4', 'route', 'show', 'proto', '213']);
  const r6 = await ipJson<RouteJson[]>(lab.hn, ['-6', 'route', 'show', 'proto', '213']);
  t.same(
    r4.map((r) => `${r.dst} ${r.dev}`).sort(),
    veids.map((_, i) => `${addr4(i)} br0`).sort(),
    `${N} IPv4 host routes via br0`,
  );
  t.same(
    r6.map((r) => `${r.dst} ${r.dev}`).sort(),
    veids.map((_, i) => `${addr6(i)} br0`).sort(),
    `${N} IPv6 host routes via br0`,
  );

  const ctAddrs = await mapLimit(veids, 8, async (v) =>
    (await ipJson<AddrJson[]>(lab.ctNs(v), ['addr', 'show', 'dev', 'eth0']))[0]!.addr_info
      .filter((a) => !a.local.startsWith('fe80'))
      .map((a) => `${a.local}/${a.prefixlen}`)
      .sort(),
  );
  const wrong = veids.filter(
    (_, i) => JSON.stringify(ctAddrs[i]) !== JSON.stringify([`${addr4(i)}/16`, `${addr6(i)}/64`].sort()),
  );
  t.same(wrong, [], 'every CT has exactly its two addresses');

  const downs = await Promise.all(veids.map((v) => lab.umount(v)));
  t.same(
    downs.filter((r) => r.exitCode !== 0).map((r) => r.stderr.trim()),
    [],
    `all ${N} umounts exit 0`,
  );
  t.same(await ipJson(lab.hn, ['-4', 'route', 'show', 'proto', '213']), [], 'no IPv4 route left');
  t.same(await ipJson(lab.hn, ['-6', 'route', 'show', 'proto', '213']), [], 'no IPv6 route left');
  const leftovers = ['ct', 'locks'].flatMap((d) =>
    fs.existsSync(path.join(lab.runDir, d)) ? fs.readdirSync(path.join(lab.runDir, d)) : [],
  );
  t.same(leftovers, [], 'no record or lock file left');

  await removeCts(lab, veids);
  await waitVethsGone(lab);
  const after = await snapshot(lab, []);
  const noPin = (s: typeof before) => s.links.map((l) => ({ ...l, macAssign: '-' }));
  t.same(noPin(after), noPin(before), 'CTs gone: node links as before (but the bridge MAC stays pinned)');
  t.same(after.routes, before.routes, 'node routes as before');
});
