/**
 * Address ownership on OpenVZ (issue 15 point 2), on a real kernel through the built hooks:
 * - the LAN gateway finding: a routed CT with VETH_PROXY_DEV claiming the LAN's gateway (an
 *   address of a neighbour, not the host's) or the host's own uplink address is refused with
 *   one line, and nothing is applied: no route, no proxy entry, no record, no claim;
 * - a bridged CT claiming the host's bridge address, or a link-local address, is refused;
 * - two CTs claiming one address: the second is refused naming the first, the first's route
 *   stays (bridged: the identical route; routed: no takeover to the second veth), and the
 *   second's down (without a successful up) leaves it; once the first is down, the second
 *   comes up; a claim whose CT vanished without its down is taken over.
 */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VzLab } from '../lab/vz-lab.js';
import { ipBatch, ipJson, sh, type RouteJson } from '../lab/netns.js';

const routed = (addr: string, extra = '') =>
  `NETIF="ifname=eth0,host_ifname=veth$ID.0"\nVETH_IP_ADDRESS="${addr}"\nVETH_PROXY_DEV="up0"\n${extra}`;
const conf = (id: string, text: string) => text.replace(/\$ID/g, id);

async function routes(lab: VzLab): Promise<Array<[string, string | undefined]>> {
  const r = await ipJson<RouteJson[]>(lab.hn, ['route', 'show', 'proto', '213']);
  return r.map((x) => [x.dst, x.dev]);
}

function claims(lab: VzLab): string[] {
  const dir = path.join(lab.runDir, 'addr');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

async function uplinkLab(): Promise<{ lab: VzLab; lan: string }> {
  const lab = await VzLab.create({ bridge: null });
  const lan = await lab.addNs('lan');
  await sh('ip', ['-n', lab.hn, 'link', 'add', 'up0', 'type', 'veth', 'peer', 'name', 'lan0', 'netns', lan]);
  await ipBatch(lab.hn, ['addr add 192.168.1.10/24 dev up0', 'link set dev up0 up']);
  // The LAN's gateway is a neighbour on the uplink, not an address of the host.
  await ipBatch(lan, ['addr add 192.168.1.1/24 dev lan0', 'link set dev lan0 up']);
  return { lab, lan };
}

t.test(
  "routed + VETH_PROXY_DEV: the LAN gateway and the host's own address are refused, nothing applied",
  async (t) => {
    const { lab } = await uplinkLab();
    t.teardown(() => lab.cleanup());
    await lab.addCt('101');
    for (const [addr, re] of [
      [
        '192.168.1.1/32',
        /^\S+: error: CT 101: \/etc\/vz\/conf\/101\.conf:2: VETH_IP_ADDRESS: "192\.168\.1\.1" lies in 192\.168\.1\.0\/24, a network this host is connected to \(on up0\); .*\[isolation\] pool = 192\.168\.1\.0\/24\)$/,
      ],
      [
        '192.168.1.10/32',
        /^\S+: error: CT 101: \/etc\/vz\/conf\/101\.conf:2: VETH_IP_ADDRESS: "192\.168\.1\.10" is an address of this host \(on up0\)$/,
      ],
    ] as const) {
      lab.writeCtConf('101', conf('101', routed(addr)));
      const r = await lab.vznet('101', 'veth101.0');
      t.not(r.exitCode, 0, `${addr}: refused`);
      t.match(
        r.stderr
          .trim()
          .split('\n')
          .filter((l) => l.includes('error')),
        [re],
        `${addr}: one line naming file:line: KEY, the address and why`,
      );
      t.same(await routes(lab), [], `${addr}: no host route`);
      t.same(await ipJson(lab.hn, ['neigh', 'show', 'proxy']), [], `${addr}: no proxy entry`);
      t.equal(lab.record('101'), undefined, `${addr}: no record`);
      t.same(claims(lab), [], `${addr}: no claim`);
    }
    const get = await ipJson<RouteJson[]>(lab.hn, ['route', 'get', '192.168.1.1']);
    t.equal(get[0]?.dev, 'up0', 'the gateway is still reached on the LAN');

    // Declared a container pool, an address of that LAN is fine; the gateway outside the pool is not.
    lab.writeHostConf('[isolation]\npool = 192.168.1.192/26\n');
    lab.writeCtConf('101', conf('101', routed('192.168.1.200/32')));
    const ok = await lab.vznet('101', 'veth101.0');
    t.equal(ok.exitCode, 0, `inside a pool: ${ok.stderr}`);
    t.same(await routes(lab), [['192.168.1.200', 'veth101.0']]);
    t.same(claims(lab), ['192.168.1.200']);
    t.equal((await lab.umount('101')).exitCode, 0);
    t.same(claims(lab), [], 'the down released the claim');
    lab.writeCtConf('101', conf('101', routed('192.168.1.1/32')));
    t.not(
      (await lab.vznet('101', 'veth101.0')).exitCode,
      0,
      'the gateway is still refused with a pool elsewhere in the LAN',
    );
  },
);

t.test("bridged: the host's bridge address and link-local addresses are refused", async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  await lab.addCt('101');
  await ipBatch(lab.hn, ['addr add 2001:db8:aa::2/64 dev br0 nodad']);
  for (const [addr, re] of [
    ['10.0.0.2/24', /VETH_IP_ADDRESS: "10\.0\.0\.2" is an address of this host \(on br0\)$/],
    // A dual-stack CT: the host's addresses of both families are asked.
    ['10.0.0.5/24 2001:db8:aa::2/64', /VETH_IP_ADDRESS: "2001:db8:aa::2" is an address of this host \(on br0\)$/],
    [
      '169.254.169.254/32',
      /VETH_IP_ADDRESS: "169\.254\.169\.254" is a link-local \(169\.254\.0\.0\/16\) address; a container address must be global unicast$/,
    ],
    [
      '10.0.0.5/24 fe80::1/64',
      /VETH_IP_ADDRESS: "fe80::1" is a link-local \(fe80::\/10\) address; a container address must be global unicast$/,
    ],
  ] as const) {
    lab.writeCtConf('101', `NETIF="ifname=eth0,host_ifname=veth101.0"\nVETH_IP_ADDRESS="${addr}"\nBRIDGEDEV="br0"\n`);
    const r = await lab.vznet('101', 'veth101.0');
    t.not(r.exitCode, 0, `${addr}: refused`);
    t.match(r.stderr.trim(), re, addr);
    t.same(await routes(lab), [], `${addr}: no route`);
    t.same(await ipJson(lab.hn, ['link', 'show', 'master', 'br0']), [], `${addr}: not attached`);
  }
});

t.test("two CTs, one address, on a bridge: refused naming the first; the second's down leaves the route", async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  for (const id of ['101', '102']) {
    await lab.addCt(id);
    lab.writeCtConf(
      id,
      `NETIF="ifname=eth0,host_ifname=veth${id}.0"\nVETH_IP_ADDRESS="10.0.0.5/24"\nBRIDGEDEV="br0"\n`,
    );
  }
  t.equal((await lab.vznet('101', 'veth101.0')).exitCode, 0, 'first up');
  const second = await lab.vznet('102', 'veth102.0');
  t.not(second.exitCode, 0, 'second up refused');
  t.match(
    second.stderr,
    /^\S+: error: CT 102: \/etc\/vz\/conf\/102\.conf:2: VETH_IP_ADDRESS: "10\.0\.0\.5" is held by CT 101 \(veth101\.0\), which is running \(give CT 102 another address, or stop CT 101 first\)$/m,
  );
  t.equal(lab.record('102'), undefined, 'nothing recorded for the second');
  t.same(
    (await ipJson(lab.hn, ['link', 'show', 'master', 'br0'])).map((l: { ifname: string }) => l.ifname),
    ['veth101.0'],
    'the second is not attached',
  );
  const down = await lab.umount('102');
  t.equal(down.exitCode, 0, `second's down: ${down.stderr}`);
  t.same(await routes(lab), [['10.0.0.5', 'br0']], "the first CT's route is still there");
  t.same(claims(lab), ['10.0.0.5']);
  t.equal((await lab.umount('101')).exitCode, 0);
  t.same(await routes(lab), [], "the first's own down removes it");
  t.same(claims(lab), []);
  t.equal((await lab.vznet('102', 'veth102.0')).exitCode, 0, 'now the second comes up');
  t.same(await routes(lab), [['10.0.0.5', 'br0']]);
  t.equal(fs.readlinkSync(path.join(lab.runDir, 'addr', '10.0.0.5')), 'ctnet1:vz-102:veth102.0');
});

t.test('two routed CTs, one address: no takeover of the route; a vanished holder is taken over', async (t) => {
  const { lab } = await uplinkLab();
  t.teardown(() => lab.cleanup());
  lab.writeHostConf('[isolation]\npool = 192.168.1.192/26\n');
  for (const id of ['101', '102']) {
    await lab.addCt(id);
    lab.writeCtConf(id, conf(id, routed('192.168.1.200/32')));
  }
  t.equal((await lab.vznet('101', 'veth101.0')).exitCode, 0, 'first up');
  const second = await lab.vznet('102', 'veth102.0');
  t.match(second.stderr, /"192\.168\.1\.200" is held by CT 101 \(veth101\.0\), which is running/, 'second refused');
  t.same(await routes(lab), [['192.168.1.200', 'veth101.0']], 'the route still goes to the first CT');
  t.equal((await lab.umount('102')).exitCode, 0, "second's down");
  t.same(await routes(lab), [['192.168.1.200', 'veth101.0']], "and still after the second's down");
  t.match(
    await ipJson(lab.hn, ['neigh', 'show', 'proxy']),
    [{ dst: '192.168.1.200', dev: 'up0' }],
    "the first's proxy entry stays",
  );

  // CT 101 vanishes without its down (its veth is gone): its claim is no longer live.
  await lab.stopCt('101');
  const again = await lab.vznet('102', 'veth102.0');
  t.equal(again.exitCode, 0, `the stale claim is taken over: ${again.stderr}`);
  t.same(await routes(lab), [['192.168.1.200', 'veth102.0']]);
  t.equal((await lab.umount('101')).exitCode, 0, 'the late down of the first');
  t.same(await routes(lab), [['192.168.1.200', 'veth102.0']], "leaves the second's route");
  t.equal(fs.readlinkSync(path.join(lab.runDir, 'addr', '192.168.1.200')), 'ctnet1:vz-102:veth102.0', 'and its claim');
});
