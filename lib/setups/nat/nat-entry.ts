/**
 * What ctnet's NAT table holds, as plain data: port forwards (DNAT of a host port to a
 * container address) and masquerade of a container network leaving through the host.
 * Entries belong to an owner ("vz-101", "lxc-c1", "masq-10.0.3.0/24") that adds and removes them.
 */
export interface ForwardEntry {
  type: 'forward';
  proto: 'tcp' | 'udp';
  hostPort: number;
  /** Container address (no prefix) and port. */
  to: string;
  toPort: number;
  family: 4 | 6;
}

export interface MasqueradeEntry {
  type: 'masquerade';
  /** Network address with prefix, e.g. 10.0.3.0/24. */
  network: string;
  family: 4 | 6;
  /** Only traffic leaving by this device (optional). */
  oif?: string;
}

export type NatEntry = ForwardEntry | MasqueradeEntry;

/** Two entries that cannot coexist share this key (one host port per proto and family). */
export function natKey(e: NatEntry): string {
  return e.type === 'forward'
    ? `forward ${e.family} ${e.proto} ${e.hostPort}`
    : `masquerade ${e.network} ${e.oif ?? '*'}`;
}

export function sameEntry(a: NatEntry, b: NatEntry): boolean {
  return describeNat(a) === describeNat(b);
}

/** One line for messages and `ctnet nat show`. */
export function describeNat(e: NatEntry): string {
  if (e.type === 'masquerade') return `masquerade ${e.network}${e.oif ? ` out ${e.oif}` : ''}`;
  const to = e.family === 6 ? `[${e.to}]` : e.to;
  return `forward ${e.proto} ${e.hostPort} -> ${to}:${e.toPort}`;
}
