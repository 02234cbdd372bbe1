/**
 * The OpenFlow twin of a port's anti-spoofing chain (pure), for Open vSwitch bridges on the
 * userspace datapath (datapath_type=netdev): ovs-vswitchd reads the veth with a packet socket,
 * which sees frames before the netdev ingress hook, so there the chain counts but cannot stop.
 * The same allow-list as render-guard.ts, as table-0 flows on `in_port=<port>` under a cookie
 * of the port's own: allowed frames go to NORMAL (which honours the port's VLAN tag), every
 * other frame of the port hits the lowest flow, a drop. Flow counters are the drop counts.
 * Drops come first (higher priority), then the accepts; OpenFlow has no "!=", so a foreign
 * source MAC or ARP sender is simply matched by no accept.
 * Every value was validated (guard-spec.ts) before it is written here.
 */
import { sha256Hex } from './sha256.js';
import { eui64LinkLocal, checkGuardSpec, type GuardSpec } from './guard-spec.js';

/**
 * Priorities: drops above accepts above the port's final drop (all above OVS's priority-0 NORMAL).
 */
const DROP = 40_200;
const ACCEPT = 40_100;
const FINAL = 40_000;

/**
 * `0xc7…`: the cookie of the port's flows (64 bits, derived from its name; never 0 or all ones).
 */
export function guardCookie(port: string): string {
  return '0xc7' + sha256Hex(`ctnet-guard:${port}`).slice(0, 14);
}

/** `cookie=C/-1`: exactly the port's flows (del-flows, dump-flows). */
export function guardCookieMatch(port: string): string {
  return `cookie=${guardCookie(port)}/-1`;
}

/** The port's flows, one ovs-ofctl flow line each (add-flows syntax), in priority order. */
export function guardFlows(spec: GuardSpec): string[] {
  checkGuardSpec(spec, 'OpenFlow filter');
  const mac = spec.macFilter ? spec.mac : undefined;
  const v4 = spec.addresses.filter((a) => a.family === 4).map((a) => a.address);
  const v6 = spec.addresses.filter((a) => a.family === 6).map((a) => a.address);
  const ll = spec.mac && mac ? eui64LinkLocal(spec.mac) : undefined;
  const head = `cookie=${guardCookie(spec.port)},table=0`;
  const src = mac ? `,dl_src=${mac}` : '';
  const f: string[] = [];
  const flow = (priority: number, match: string, actions: string): void =>
    void f.push(`${head},priority=${priority},in_port="${spec.port}",${match},actions=${actions}`);
  // No DHCP/DHCPv6 server answers, no router advertisements, whatever the source.
  flow(DROP, 'udp,tp_src=67', 'drop');
  flow(DROP, 'udp6,tp_src=547', 'drop');
  flow(DROP, 'icmp6,icmp_type=134', 'drop');
  if (spec.ipFilter) {
    // Neighbour advertisements only for its own addresses and its link-local one.
    for (const a of v6) flow(DROP + 1, `icmp6,icmp_type=136${src},nd_target=${a}`, 'NORMAL');
    flow(DROP + 1, `icmp6,icmp_type=136${src},nd_target=${ll ?? 'fe80::/64'}`, 'NORMAL');
    flow(DROP, 'icmp6,icmp_type=136', 'drop');
    // ARP: sender MAC and IP must be the container's (0.0.0.0 is an RFC 5227 probe).
    for (const a of [...v4, '0.0.0.0']) flow(ACCEPT, `arp${src}${mac ? `,arp_sha=${mac}` : ''},arp_spa=${a}`, 'NORMAL');
    if (spec.dhcp) flow(ACCEPT, `udp${src},nw_src=0.0.0.0,nw_dst=255.255.255.255,tp_src=68,tp_dst=67`, 'NORMAL');
    for (const a of v4) flow(ACCEPT, `ip${src},nw_src=${a}`, 'NORMAL');
    for (const a of [...v6, ll ?? 'fe80::/64']) flow(ACCEPT, `ipv6${src},ipv6_src=${a}`, 'NORMAL');
    // Duplicate address detection and its MLD report are sent from the unspecified address.
    flow(ACCEPT, `icmp6${src},ipv6_src=::,icmp_type=135`, 'NORMAL');
    flow(ACCEPT, `icmp6${src},ipv6_src=::,icmp_type=143`, 'NORMAL');
  } else {
    flow(ACCEPT, `arp${src}${mac ? `,arp_sha=${mac}` : ''}`, 'NORMAL');
    flow(ACCEPT, `ip${src}`, 'NORMAL');
    flow(ACCEPT, `ipv6${src}`, 'NORMAL');
  }
  f.push(`${head},priority=${FINAL},in_port="${spec.port}",actions=drop`);
  return f;
}

/**
 * The input of `ovs-ofctl --bundle add-flows BRIDGE -`: delete the port's flows by cookie,
 * then add them, in one bundle (atomic), so flows left under an older port number go too.
 */
export function renderGuardFlows(spec: GuardSpec): string {
  return [`delete ${guardCookieMatch(spec.port)}`, ...guardFlows(spec).map((f) => `add ${f}`)].join('\n') + '\n';
}

/** What `ctnet plan` / --dry-run shows for the flows of a port on `bridge`. */
export function guardFlowsPlanLines(spec: GuardSpec, bridge: string): string[] {
  return [
    `# on datapath_type=netdev only: the filter's OpenFlow twin (packet sockets see frames before netdev ingress)`,
    `ovs-ofctl --bundle add-flows ${bridge} - <<'EOF'`,
    ...renderGuardFlows(spec).trimEnd().split('\n'),
    'EOF',
  ];
}

/** The removal line of `ctnet plan` / --dry-run. */
export function guardFlowsRemoveLine(port: string, bridge: string): string {
  return `ovs-ofctl del-flows ${bridge} ${guardCookieMatch(port)}`;
}
