/**
 * No two primaries on LXC: a real LXC container (the BUILT ctnet-lxc --routed, run by LXC) on
 * node B of the BGP lab (test/lab/bgp-lab.ts: real zebra + bfdd + bgpd, configs from the BUILT
 * `ctnet render frr --bgp`) while OpenVZ node A announces the same address as primary.
 * Proves: --primary-guard refuse stops the start with one line naming A and applies nothing;
 * --primary-guard demote starts it as a spare (kernel metric 200, prepended path at the ToR,
 * the ToR keeps A); its stop removes the demoted route and B is withdrawn; with A gone, the
 * guarded primary starts as a primary (metric 100) and the ToR moves to B.
 */
import t from 'tap';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BgpLab } from '../lab/bgp-lab.js';
import { ctCycle } from '../lab/ospf-lab.js';
import { waitFor } from '../lab/frr.js';
import { LxcCt } from '../lab/lxc.js';
import { HOOK_LXC } from '../lab/executables.js';
import { ctnetRoutesTo } from '../lab/netns.js';

const HA = '203.0.113.32';
const A_PATH = /4200000011/;
const B_SPARE_PATH = /4200000012 4200000012 4200000012 4200000012/;

t.test('LXC on node B: a second primary refused, demoted to spare', async (t) => {
  const lab = await BgpLab.create(['a', 'b']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ctnet-bgplxc-${lab.tag}-`));
  // eslint-disable-next-line prefer-const -- the teardown is registered before the container exists
  let ct: LxcCt | undefined;
  t.teardown(async () => {
    await ct?.destroy();
    await lab.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const [a, b] = [lab.node('a'), lab.node('b')];
  a.writeCtConf(
    '132',
    `NETIF="ifname=eth0,host_ifname=veth32.0"\nVETH_IP_ADDRESS="${HA}/32"\nBRIDGEDEV="br0"\nCTNET_ANNOUNCE=primary\n`,
  );
  await lab.startFrr();
  const { up, down } = ctCycle(t);
  await up(a, '132', 'veth32.0');
  await waitFor(async () => (await lab.torVia('tor1', HA)) === 'a', 30_000, 'tor1 routes the primary via A');
  await waitFor(
    async () => A_PATH.test(await lab.frr.get('b')!.vtysh(`show bgp ipv4 unicast ${HA}/32`)),
    30_000,
    "B's bgpd has A's path",
  );

  const env = { CTNET_FRR_PATHSPACE: lab.frr.get('b')!.name, CTNET_CACHE_DIR: path.join(dir, 'cache') };
  const pair = `vg${lab.tag}`;
  const lines = (options: string): string[] => {
    const hook = `${HOOK_LXC} --run-dir ${path.join(dir, 'run')} --routed ${options}`;
    return [
      'lxc.net.0.type = veth',
      'lxc.net.0.flags = up',
      'lxc.net.0.name = eth0',
      `lxc.net.0.veth.pair = ${pair}`,
      `lxc.net.0.ipv4.address = ${HA}/32`,
      'lxc.net.0.ipv4.gateway = dev',
      `lxc.net.0.script.up = ${hook}`,
      `lxc.net.0.script.down = ${hook}`,
    ];
  };
  const routesB = (): Promise<string[]> => ctnetRoutesTo(b.hn, `${HA}/32`);
  const torPath = (): Promise<string> => lab.frr.get('tor1')!.vtysh(`show bgp ipv4 unicast ${HA}/32`);

  // Refused: the start fails with one line naming A; nothing routed on B.
  ct = await LxcCt.create(`ctnet-${lab.tag}-g`, b.hn, lines('--announce primary --primary-guard refuse'));
  t.not((await ct.start(env)).exitCode, 0, 'a second primary on LXC does not start');
  t.match(
    ct.hookLog(),
    new RegExp(
      `container ${ct.name}: 203\\.0\\.113\\.32 is already announced as primary by AS 4200000011 \\(via tor1, tor2\\); refusing to announce it as primary too \\(--primary-guard refuse\\)`,
    ),
    'one line naming the other node',
  );
  t.same(await routesB(), [], 'nothing routed on B');

  // Demoted: the container starts, its route carries the spare metric; tor1 learns B's prepended path and keeps A.
  ct.setConfig(lines('--primary-guard demote'));
  t.equal((await ct.start(env)).exitCode, 0, 'demote: the container starts');
  t.match(
    fs.readFileSync(ct.logFile, 'utf8'),
    /eth0 comes up as a spare \(--primary-guard demote\)/,
    "the demotion is said (in LXC's log of the hook)",
  );
  t.same(
    await routesB(),
    ['212 200', '213 marker'],
    "B's route is a spare's: its route in table 212 (metric 200), its marker in 213",
  );
  await waitFor(async () => B_SPARE_PATH.test(await torPath()), 30_000, 'tor1 learns B as a spare');
  t.match(await torPath(), /4200000012:213:200/, "with the spare's class community");
  t.equal(await lab.torVia('tor1', HA), 'a', 'tor1 keeps A, the primary');
  t.equal((await ct.stop(env)).exitCode, 0, 'stops');
  t.same(await routesB(), [], 'the stop removes the demoted route');
  await waitFor(async () => !/4200000012/.test(await torPath()), 30_000, 'tor1 forgets B');
  t.pass('B withdrawn after the stop');

  // With A gone, the guarded primary on B starts as a primary and tor1 moves to B.
  await down(a, '132');
  await waitFor(
    async () => !A_PATH.test(await lab.frr.get('b')!.vtysh(`show bgp ipv4 unicast ${HA}/32`)),
    30_000,
    "B's bgpd forgets A's path",
  );
  ct.setConfig(lines('--announce primary --primary-guard refuse'));
  t.equal((await ct.start(env)).exitCode, 0, 'no other primary: starts');
  t.same(await routesB(), ['main 100'], 'as a primary (main, metric 100)');
  await waitFor(async () => (await lab.torVia('tor1', HA)) === 'b', 30_000, 'tor1 routes it via B');
  t.pass('tor1 routes the address via B');
  t.equal((await ct.stop(env)).exitCode, 0, 'stops');
  t.same(await routesB(), [], 'route removed');
});
