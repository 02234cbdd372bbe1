/**
 * `npm run bench -- --frr`: migration and failover times in the BGP lab (test/lab/bgp-lab.ts:
 * two OpenVZ nodes running the BUILT hooks, two top-of-rack routers, a client; real zebra,
 * bfdd and bgpd with the configs `ctnet render frr --bgp` wrote), each repeated `runs` times:
 * - migration: a CT umounted on one node and brought up on the other (alternating A -> B,
 *   B -> A), from the up hook's exit until the client's ping is answered;
 * - failover (BFD): a primary on A and a spare on B; every frame from A dropped at both ToRs
 *   (no carrier loss: only BFD, 3 x 300 ms, can tell), until the client is answered by B;
 * - failover (carrier): A's ToR ports set down, until the client is answered by B.
 * The client probes with an echo every 10 ms (clientReaches), so a time is good to ~10-20 ms. After each failover A is restored and tor1 back on A before the next run.
 */
import { BgpLab } from '../test/lab/bgp-lab.js';
import { waitFor } from '../test/lab/frr.js';
import { ipBatch, sh } from '../test/lab/netns.js';
import type { VzLab } from '../test/lab/vz-lab.js';
import { median } from './time-in-lab.js';

export interface LabTime {
  what: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  runsMs: number[];
}

export const FRR_LAB_CASES = {
  migration: 'migration (up hook exit on the new node until the client reaches the CT)',
  failoverBfd: 'failover, A silent (BFD) until the client reaches the spare on B',
  failoverCarrier: "failover, A's links cut (carrier) until the client reaches the spare on B",
} as const;

const [MIG, HA] = ['203.0.113.31', '203.0.113.32'];
const ctConf = (addr: string, extra = ''): string => `NETIF="ifname=eth0,host_ifname=veth${addr.split('.')[3]}.0"
VETH_IP_ADDRESS="${addr}/32"
CT0_IP="10.0.0.2"
VE_DEFAULT_GATEWAY="10.0.0.2"
BRIDGEDEV="br0"
${extra}`;

export async function measureFrrLab(runs: number): Promise<LabTime[]> {
  const lab = await BgpLab.create(['a', 'b']);
  try {
    const [a, b] = [lab.node('a'), lab.node('b')];
    for (const n of [a, b]) n.writeCtConf('131', ctConf(MIG));
    a.writeCtConf('132', ctConf(HA, 'CTNET_ANNOUNCE=primary\n'));
    b.writeCtConf('132', ctConf(HA, 'CTNET_ANNOUNCE=spare\n'));
    await lab.startFrr();
    return [time(FRR_LAB_CASES.migration, await migrations(lab, a, b, runs)), ...(await failovers(lab, a, b, runs))];
  } finally {
    await lab.cleanup();
  }
}

async function migrations(lab: BgpLab, a: VzLab, b: VzLab, runs: number): Promise<number[]> {
  let [from, to] = [a, b];
  await up(from, '131');
  await clientReaches(lab, MIG);
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    await down(from, '131');
    await up(to, '131');
    const t0 = performance.now();
    await clientReaches(lab, MIG);
    out.push(performance.now() - t0);
    [from, to] = [to, from];
  }
  await down(from, '131');
  return out;
}

async function failovers(lab: BgpLab, a: VzLab, b: VzLab, runs: number): Promise<LabTime[]> {
  await up(a, '132');
  await up(b, '132');
  const tor1 = lab.frr.get('tor1')!;
  await waitFor(
    async () => / 4200000012 4200000012 /.test(await tor1.vtysh(`show bgp ipv4 unicast ${HA}/32`)),
    60_000,
    'tor1 learns the spare on B',
  );
  const silence = (on: boolean) =>
    Promise.all(
      (['tor1', 'tor2'] as const).map((tor) =>
        sh('ip', ['netns', 'exec', lab.torNs[tor], 'nft', '-f', '-'], {
          input: on
            ? `table netdev ctnet_cut {\n chain in {\n  type filter hook ingress device ${lab.torPort('a')} priority 0;\n  drop\n }\n}\n`
            : 'delete table netdev ctnet_cut\n',
        }),
      ),
    );
  const cut = (down: boolean) =>
    Promise.all(
      (['tor1', 'tor2'] as const).map((tor) =>
        ipBatch(lab.torNs[tor], [`link set dev ${lab.torPort('a')} ${down ? 'down' : 'up'}`]),
      ),
    );
  const out: LabTime[] = [];
  for (const [what, fail] of [
    [FRR_LAB_CASES.failoverBfd, silence],
    [FRR_LAB_CASES.failoverCarrier, cut],
  ] as const) {
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      await waitFor(async () => (await lab.torVia('tor1', HA)) === 'a', 120_000, 'tor1 routes the primary via A');
      await waitFor(
        async () => / 4200000012 4200000012 /.test(await tor1.vtysh(`show bgp ipv4 unicast ${HA}/32`)),
        60_000,
        "tor1 has the spare's path too",
      );
      await clientReaches(lab, HA);
      const t0 = performance.now();
      await fail(true);
      await clientReaches(lab, HA);
      ms.push(performance.now() - t0);
      // The first answer may come through tor2 while tor1 still converges; tor1 must end on B.
      await waitFor(async () => (await lab.torVia('tor1', HA)) === 'b', 30_000, `${what}: tor1 routes ${HA} via B`);
      await fail(false);
    }
    out.push(time(what, ms));
  }
  await down(a, '132');
  await down(b, '132');
  return out;
}

/**
 * Until the client's first echo reply from `addr`: a ping sends an echo every 10 ms and exits
 * at the first reply, or at the first ICMP error (no route yet somewhere), when it is started
 * again at once; 60 s at most.
 */
async function clientReaches(lab: BgpLab, addr: string): Promise<void> {
  await waitFor(
    async () =>
      (
        await sh('ip', ['netns', 'exec', lab.clientNs, 'ping', '-q', '-c', '1', '-i', '0.01', '-w', '5', addr], {
          allowFailure: true,
          timeoutMs: 10_000,
        })
      ).exitCode === 0,
    60_000,
    `the client reaches ${addr}`,
    5,
  );
}

async function up(node: VzLab, veid: string): Promise<void> {
  const dev = `veth${veid.slice(1)}.0`;
  await node.addCt(veid, { pairs: [{ host: dev, ct: 'eth0' }] });
  const r = await node.vznet(veid, dev);
  if (r.exitCode !== 0) throw new Error(`up of CT ${veid} failed: ${r.stderr.trim()}`);
}

async function down(node: VzLab, veid: string): Promise<void> {
  const r = await node.umount(veid);
  if (r.exitCode !== 0) throw new Error(`umount of CT ${veid} failed: ${r.stderr.trim()}`);
  await node.stopCt(veid);
}

function time(what: string, runsMs: number[]): LabTime {
  return { what, medianMs: median(runsMs), minMs: Math.min(...runsMs), maxMs: Math.max(...runsMs), runsMs };
}
