/**
 * An OSPF lab of OpenVZ nodes: nodes a, b, … (each a VzLab: node netns with br0 and the built
 * hooks) and an upstream router R, all on one segment (Linux bridge "seg" in R, 10.77.0.0/24;
 * R = .1, node i = .2+i on its "up0"). `startFrr` has the BUILT `ctnet render frr` write each
 * router's frr.conf (run inside its netns, so it sees that node's interfaces and CT configs)
 * and starts real zebra + ospfd there (+ ospf6d with `--ipv6`: IPv6 on the segment is
 * fd77::/64, R = ::1, node i = ::2+i; every node's br0 has fd10::2/64). `cleanup` stops the
 * daemons by PID, removes the FRR instance directories and every namespace.
 */
import type { Test } from 'tap';
import { FrrInstance, waitFor } from './frr.js';
import { addNetns, delNetns, ipBatch, ipJson, sh, uniqueTag, type RouteJson } from './netns.js';
import { VzLab } from './vz-lab.js';
import { CTNET } from './executables.js';

export { CTNET } from './executables.js';

/** The container pools every router of the lab is rendered with: only /32s and /128s inside them are announced. */
export const LAB_POOLS = ['203.0.113.0/24', '2001:db8:113::/64'];

export class OspfLab {
  readonly tag = uniqueTag();
  readonly rNs = `ctnet-r-${this.tag}`;
  readonly nodes = new Map<string, VzLab>();
  readonly frr = new Map<string, FrrInstance>();

  static async create(names: string[]): Promise<OspfLab> {
    const lab = new OspfLab();
    try {
      await addNetns(lab.rNs);
      await ipBatch(lab.rNs, [
        'link add seg type bridge',
        'addr add 10.77.0.1/24 dev seg',
        'addr add fd77::1/64 dev seg nodad',
        'link set dev seg up',
      ]);
      for (const [i, n] of names.entries()) {
        const node = await VzLab.create();
        lab.nodes.set(n, node);
        await sh('ip', [
          '-n',
          node.hn,
          'link',
          'add',
          'up0',
          'type',
          'veth',
          'peer',
          'name',
          lab.segPort(n),
          'netns',
          lab.rNs,
        ]);
        await ipBatch(lab.rNs, [`link set dev ${lab.segPort(n)} master seg up`]);
        await ipBatch(node.hn, [
          `addr add ${lab.upAddr(n, i)}/24 dev up0`,
          `addr add fd77::${i + 2}/64 dev up0 nodad`,
          'link set dev up0 up',
          'addr add fd10::2/64 dev br0 nodad',
        ]);
      }
    } catch (e) {
      await lab.cleanup();
      throw e;
    }
    return lab;
  }

  node(n: string): VzLab {
    return this.nodes.get(n)!;
  }

  /** R's port of node n on the segment (cut it to fail the node). */
  segPort(n: string): string {
    return `s${n}-${this.tag}`;
  }

  private upAddr(_n: string, i: number): string {
    return `10.77.0.${i + 2}`;
  }

  /**
   * Render every frr.conf with the built CLI (extra args per router) and start zebra + ospfd.
   * The container pools are LAB_POOLS (the IPv6 one with --ipv6).
   */
  async startFrr(extra: (router: string) => string[] = () => []): Promise<void> {
    const routers: Array<[string, string, string[]]> = [
      ...[...this.nodes].map(([n, l]): [string, string, string[]] => [
        n,
        l.hn,
        ['--ospf-if', 'up0', '--vz-dir', l.vzDir],
      ]),
      ['r', this.rNs, ['--ospf-if', 'seg', '--no-vz']],
    ];
    for (const [n, ns, args] of routers) {
      const f = new FrrInstance(`ctnet-${n}-${this.tag}`, ns);
      this.frr.set(n, f);
      await f.prepare();
      const more = extra(n);
      const pools = LAB_POOLS.filter((p) => !p.includes(':') || more.includes('--ipv6')).flatMap((p) => ['--pool', p]);
      await sh('ip', [
        'netns',
        'exec',
        ns,
        CTNET,
        'render',
        'frr',
        '--hostname',
        n,
        '--output',
        f.confFile,
        ...pools,
        ...args,
        ...more,
      ]);
    }
    for (const f of this.frr.values()) await f.start();
    await waitFor(
      async () =>
        ((await this.frr.get('r')!.vtysh('show ip ospf neighbor')).match(/Full\//g) ?? []).length === this.nodes.size,
      30_000,
      'R adjacent to every node',
    );
    if (this.frr.get('r')!.ospf6) {
      await waitFor(
        async () =>
          ((await this.frr.get('r')!.vtysh('show ipv6 ospf6 neighbor')).match(/ Full\//g) ?? []).length ===
          this.nodes.size,
        30_000,
        'R adjacent to every node over OSPFv3',
      );
    }
  }

  /** The nodes R routes addr/128 to over OSPFv3 (names, sorted, space separated; '' when none). */
  async routerVia6(addr: string): Promise<string> {
    const rt = (
      await ipJson<Array<RouteJson & { nexthops?: Array<{ gateway: string }> }>>(this.rNs, [
        '-6',
        'route',
        'show',
        `${addr}/128`,
        'proto',
        'ospf',
      ])
    )[0];
    const gws = rt?.nexthops?.map((h) => h.gateway) ?? (rt?.gateway ? [rt.gateway] : []);
    const names: string[] = [];
    for (const [n, l] of this.nodes) {
      const up0 = await ipJson<Array<{ addr_info: Array<{ local: string; scope: string }> }>>(l.hn, [
        '-6',
        'addr',
        'show',
        'dev',
        'up0',
      ]);
      if (up0[0]?.addr_info.some((a) => a.scope === 'link' && gws.includes(a.local))) names.push(n);
    }
    return names.sort().join(' ');
  }

  /** R's OSPF next hops for addr/32 (sorted, space separated; '' when it has no route). */
  async routerVia(addr: string): Promise<string> {
    const rt = (
      await ipJson<Array<RouteJson & { nexthops?: Array<{ gateway: string }> }>>(this.rNs, [
        'route',
        'show',
        `${addr}/32`,
        'proto',
        'ospf',
      ])
    )[0];
    return (rt?.nexthops?.map((h) => h.gateway) ?? (rt?.gateway ? [rt.gateway] : [])).sort().join(' ');
  }

  /** Everything is attempted even when a step fails; the first failure is thrown at the end. */
  async cleanup(): Promise<void> {
    const steps = [
      ...[...this.frr.values()].map((f) => () => f.stop()),
      ...[...this.nodes.values()].map((l) => () => l.cleanup()),
      () => delNetns(this.rNs),
    ];
    let first: { error: unknown } | undefined;
    for (const step of steps) {
      try {
        await step();
      } catch (e) {
        first ??= { error: e };
      }
    }
    if (first) throw first.error;
  }
}

/** Up (CT created, then the hook) and umount (the hook, then the CT stopped) as vzctl runs them, each asserted to exit 0. */
export function ctCycle(t: Test): {
  up: (node: VzLab, veid: string, dev: string) => Promise<void>;
  down: (node: VzLab, veid: string) => Promise<void>;
} {
  return {
    up: async (node, veid, dev) => {
      await node.addCt(veid, { pairs: [{ host: dev, ct: 'eth0' }] });
      const res = await node.vznet(veid, dev);
      t.equal(res.exitCode, 0, `up ${veid}: ${res.stderr}`);
    },
    down: async (node, veid) => {
      const res = await node.umount(veid);
      t.equal(res.exitCode, 0, `umount ${veid}: ${res.stderr}`);
      await node.stopCt(veid);
    },
  };
}

/**
 * Wait until R routes `addr` via `want` (as `via` reads R's table), assert it, and note how
 * long it took in `times` (convergence after the hook returned, printed by the tests).
 */
export function converger(t: Test, times: string[], via: (addr: string) => Promise<string>) {
  return async (what: string, addr: string, want: string, timed = true): Promise<void> => {
    const ms = await waitFor(async () => (await via(addr)) === want, 30_000, `${what}: R routes ${addr} via "${want}"`);
    if (timed) times.push(`${what}: ${ms.toFixed(0)} ms`);
    t.pass(`${what}: R routes ${addr} via ${want || '(withdrawn)'}`);
  };
}
