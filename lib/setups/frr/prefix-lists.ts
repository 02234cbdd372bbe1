/**
 * The prefix-lists both renderings (OSPF, BGP) share: one list of permits after a comment saying
 * why, the node's own networks (never announced) and the host routes of the container pools.
 */
export interface ListFamily {
  /** `ip` or `ipv6`. */
  ip: string;
  /** The list names' prefix: `ctnet`, `ctnet6`. */
  name: string;
  /** 32 or 128. */
  hostLen: number;
}

/** `ip prefix-list ctnet-LIST seq 5 permit …` for each entry, after `! why`; nothing when empty. */
export function prefixList(f: ListFamily, list: string, entries: readonly string[], why: string): string[] {
  if (entries.length === 0) return [];
  return [
    `! ${why}`,
    ...entries.map((e, i) => `${f.ip} prefix-list ${f.name}-${list} seq ${(i + 1) * 5} permit ${e}`),
    '!',
  ];
}

/** The node's own networks: a route inside them is never announced. */
export function connectedList(f: ListFamily, connected: readonly string[]): string[] {
  return prefixList(
    f,
    'connected',
    connected.map((n) => `${n} le ${f.hostLen}`),
    "the node's own networks: a route inside them is never announced",
  );
}

/** Host routes inside the container pools: 203.0.113.0/24 ge 32 (a /32 pool: itself; FRR wants ge > len). */
export function hostsList(f: ListFamily, pools: readonly string[]): string[] {
  return prefixList(
    f,
    'hosts',
    pools.map((p) => (p.endsWith(`/${f.hostLen}`) ? p : `${p} ge ${f.hostLen}`)),
    'host routes inside the container pools only',
  );
}
