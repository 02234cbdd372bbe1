/**
 * A BGP lab of OpenVZ nodes: nodes a, b, … (each a VzLab: node netns with br0 and the built
 * hooks), two top-of-rack routers tor1 and tor2, and a client netns behind tor1
 * (10.99.0.2/24 and fd99::2/64, tor1 = .1 / ::1); every node's br0 also has fd10::2/64. Every node has one unnumbered link to each ToR (up1 to tor1,
 * up2 to tor2); tor1 and tor2 are linked too. Each router runs real zebra + bfdd + bgpd
 * (test/lab/frr.ts, -N pathspaces): the nodes with the frr.conf the BUILT `ctnet render frr
 * --bgp --ipv6` wrote inside their netns, the ToRs with the plain config a top-of-rack router needs
 * (docs/frr.md): eBGP unnumbered to every port, BFD, multipath across AS paths.
 * `cleanup` stops the daemons by PID, removes the FRR instance directories and every namespace.
 */
import * as fs from 'node:fs';
import { FrrInstance, waitFor } from './frr.js';
import { addNetns, delNetns, ipBatch, ipJson, sh, uniqueTag, type RouteJson } from './netns.js';
import { VzLab } from './vz-lab.js';
import { CTNET } from './executables.js';

export const BGP_POOL = '203.0.113.0/24';
export const BGP_POOL6 = '2001:db8:113::/64';
const TOR_ASN = { tor1: 65101, tor2: 65102 } as const;
type Tor = keyof typeof TOR_ASN;

export class BgpLab {
  readonly tag = uniqueTag();
  readonly torNs: Record<Tor, string> = { tor1: `ctnet-t1-${this.tag}`, tor2: `ctnet-t2-${this.tag}` };
  readonly clientNs = `ctnet-cl-${this.tag}`;
  readonly nodes = new Map<string, VzLab>();
  readonly frr = new Map<string, FrrInstance>();

  static async create(names: string[]): Promise<BgpLab> {
    const lab = new BgpLab();
    try {
      for (const ns of [...Object.values(lab.torNs), lab.clientNs]) await addNetns(ns);
      await sh('ip', [
        '-n',
        lab.torNs.tor1,
        'link',
        'add',
        't12',
        'type',
        'veth',
        'peer',
        'name',
        't21',
        'netns',
        lab.torNs.tor2,
      ]);
      await sh('ip', [
        '-n',
        lab.clientNs,
        'link',
        'add',
        'c0',
        'type',
        'veth',
        'peer',
        'name',
        'cl',
        'netns',
        lab.torNs.tor1,
      ]);
      await ipBatch(lab.clientNs, [
        'addr add 10.99.0.2/24 dev c0',
        'addr add fd99::2/64 dev c0 nodad',
        'link set dev c0 up',
        'route add default via 10.99.0.1',
        'route add ::/0 via fd99::1',
      ]);
      await ipBatch(lab.torNs.tor1, [
        'addr add 10.99.0.1/24 dev cl',
        'addr add fd99::1/64 dev cl nodad',
        'link set dev cl up',
        'link set dev t12 up',
      ]);
      await ipBatch(lab.torNs.tor2, ['link set dev t21 up']);
      for (const n of names) {
        const node = await VzLab.create();
        lab.nodes.set(n, node);
        for (const [i, tor] of (['tor1', 'tor2'] as const).entries()) {
          await sh('ip', [
            '-n',
            node.hn,
            'link',
            'add',
            `up${i + 1}`,
            'type',
            'veth',
            'peer',
            'name',
            lab.torPort(n),
            'netns',
            lab.torNs[tor],
          ]);
          await ipBatch(lab.torNs[tor], [`link set dev ${lab.torPort(n)} up`]);
          await ipBatch(node.hn, [`link set dev up${i + 1} up`]);
        }
        await ipBatch(node.hn, ['addr add fd10::2/64 dev br0 nodad']);
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

  /** A ToR's port to node n (the same name on both ToRs; cut it to fail the node's link). */
  torPort(n: string): string {
    return `h${n}`;
  }

  /** Render each node's frr.conf with the built CLI (`--bgp`, its own ASN), write the ToRs', start every router. */
  async startFrr(): Promise<void> {
    for (const [i, [n, l]] of [...this.nodes].entries()) {
      const f = await this.instance(n, l.hn);
      await sh('ip', [
        'netns',
        'exec',
        l.hn,
        CTNET,
        'render',
        'frr',
        '--bgp',
        '--hostname',
        n,
        '--asn',
        String(4200000011 + i),
        '--router-id',
        `10.255.0.${i + 2}`,
        '--neighbor',
        'up1',
        '--neighbor',
        'up2',
        '--pool',
        BGP_POOL,
        '--ipv6',
        '--pool',
        BGP_POOL6,
        '--output',
        f.confFile,
      ]);
    }
    for (const tor of ['tor1', 'tor2'] as const) {
      const f = await this.instance(tor, this.torNs[tor]);
      fs.writeFileSync(f.confFile, this.torConf(tor));
    }
    for (const f of this.frr.values()) await f.start();
    for (const tor of ['tor1', 'tor2'] as const) {
      await waitFor(
        async () => (await this.established(tor)) === this.nodes.size + 1,
        60_000,
        `${tor}: a session to every node and the other ToR`,
      );
    }
  }

  /** How many of a router's BGP sessions are established. */
  async established(router: string): Promise<number> {
    const out = await this.frr.get(router)!.vtysh('show bgp ipv4 unicast summary json');
    const peers = (JSON.parse(out || '{}') as { peers?: Record<string, { state?: string }> }).peers ?? {};
    return Object.values(peers).filter((p) => p.state === 'Established').length;
  }

  private async instance(n: string, ns: string): Promise<FrrInstance> {
    const f = new FrrInstance(`ctnet-${n}-${this.tag}`, ns);
    this.frr.set(n, f);
    await f.prepare();
    return f;
  }

  /** A top-of-rack router: eBGP unnumbered to every node and the other ToR, BFD, ECMP across AS paths; tor1 announces the client network. */
  private torConf(tor: Tor): string {
    const ports = [...this.nodes.keys()].map((n) => this.torPort(n));
    return [
      'frr defaults traditional',
      `hostname ${tor}`,
      'ip forwarding',
      '!',
      'ipv6 forwarding',
      '!',
      `router bgp ${TOR_ASN[tor]}`,
      ` bgp router-id 10.255.1.${tor === 'tor1' ? 1 : 2}`,
      ' no bgp ebgp-requires-policy',
      ' bgp bestpath as-path multipath-relax',
      ' neighbor fabric peer-group',
      ' neighbor fabric remote-as external',
      ' neighbor fabric bfd',
      ...[...ports, tor === 'tor1' ? 't12' : 't21'].map((p) => ` neighbor ${p} interface peer-group fabric`),
      ' address-family ipv4 unicast',
      ...(tor === 'tor1' ? ['  redistribute connected'] : []),
      '  maximum-paths 8',
      ' exit-address-family',
      ' address-family ipv6 unicast',
      '  neighbor fabric activate',
      ...(tor === 'tor1' ? ['  redistribute connected'] : []),
      '  maximum-paths 8',
      ' exit-address-family',
      'exit',
      '!',
      'end',
      '',
    ].join('\n');
  }

  /** The nodes tor routes addr/32 to (names, sorted, space separated; '' when none). */
  async torVia(tor: Tor, addr: string): Promise<string> {
    const rt = (
      await ipJson<Array<RouteJson & { nexthops?: Array<{ dev: string }> }>>(this.torNs[tor], [
        'route',
        'show',
        `${addr}/32`,
        'proto',
        'bgp',
      ])
    )[0];
    const devs = rt?.nexthops?.map((h) => h.dev) ?? (rt?.dev ? [rt.dev] : []);
    return [...this.nodes.keys()]
      .filter((n) => devs.includes(this.torPort(n)))
      .sort()
      .join(' ');
  }

  /** Every prefix a ToR learned over BGP (IPv4, or IPv6 with family '-6'). */
  async learned(tor: Tor, family: '-4' | '-6' = '-4'): Promise<string[]> {
    return (await ipJson<RouteJson[]>(this.torNs[tor], [family, 'route', 'show', 'proto', 'bgp']))
      .map((r) => r.dst)
      .sort();
  }

  /** Everything is attempted even when a step fails; the first failure is thrown at the end. */
  async cleanup(): Promise<void> {
    const steps = [
      ...[...this.frr.values()].map((f) => () => f.stop()),
      ...[...this.nodes.values()].map((l) => () => l.cleanup()),
      ...[...Object.values(this.torNs), this.clientNs].map((ns) => () => delNetns(ns)),
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
