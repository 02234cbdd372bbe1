/**
 * Who else announces an address as primary, from the local bgpd's view of the host route
 * (`show bgp ipv4|ipv6 unicast A/32|/128 json`, FRR 8.4; pure). A path this node originates
 * ("sourced") is not another node. A path with ctnet's class community ASN:213:200 (spare)
 * or ASN:213:300 (anycast) is not a primary; one with ASN:213:100, or with no ctnet class
 * community at all (another router announcing the /32), is.
 */
export interface OtherPrimary {
  /** The AS that originated the path (ctnet nodes have one ASN each): the last AS of the path. */
  originAs: string;
  /** The peer it was learned from (the ToR's hostname, or its address). */
  via: string;
}

interface BgpPathJson {
  sourced?: boolean;
  aspath?: { segments?: Array<{ list?: number[] }> };
  largeCommunity?: { list?: string[] };
  peer?: { hostname?: string; peerId?: string };
}

/** undefined when the text is not bgpd's answer (bgpd not running, an error message). */
export function otherPrimaries(json: string): OtherPrimary[] | undefined {
  let v: { paths?: BgpPathJson[] };
  try {
    v = JSON.parse(json) as { paths?: BgpPathJson[] };
  } catch {
    return undefined; // JSON.parse throws only SyntaxError: vtysh printed an error (bgpd down)
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const out: OtherPrimary[] = [];
  for (const p of v.paths ?? []) {
    if (p.sourced) continue;
    const classes = (p.largeCommunity?.list ?? [])
      .map((c) => /^\d+:213:(\d+)$/.exec(c)?.[1])
      .filter((x) => x !== undefined);
    if (classes.length && !classes.includes('100')) continue;
    const path = (p.aspath?.segments ?? []).flatMap((s) => s.list ?? []);
    out.push({
      originAs: path.length ? String(path[path.length - 1]) : '?',
      via: p.peer?.hostname ?? p.peer?.peerId ?? '?',
    });
  }
  return out;
}

/** "AS 4200000011 (via tor1, tor2)", one per origin AS. */
export function describeOthers(others: OtherPrimary[]): string {
  const byAs = new Map<string, Set<string>>();
  for (const o of others) byAs.set(o.originAs, (byAs.get(o.originAs) ?? new Set()).add(o.via));
  return [...byAs].map(([as, via]) => `AS ${as} (via ${[...via].sort().join(', ')})`).join(', ');
}
