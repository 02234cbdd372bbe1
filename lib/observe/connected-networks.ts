/** The networks a node is directly connected to, from `ip -j addr show` (parse is pure). */
import { run } from '../doors/exec.js';
import { CtnetError } from '../errors.js';
import { networkOf, parseIpAddr } from '../request/ip-address.js';

interface AddrJson {
  ifname?: string;
  addr_info?: Array<{ family?: string; local?: string; prefixlen?: number; scope?: string }>;
}

/** Networks (10.0.0.0/24) of every IPv4 address that is not host-scoped (lo), sorted, unique. */
export function connectedNetworks(ipAddrJson: string): string[] {
  return networks(ipAddrJson, 'inet', (scope) => scope !== 'host');
}

/**
 * Networks (2001:db8::/64) of every global-scope IPv6 address (no link-local, no ::1), sorted,
 * unique.
 */
export function connectedNetworks6(ipAddrJson: string): string[] {
  return networks(ipAddrJson, 'inet6', (scope) => scope === undefined || scope === 'global');
}

function networks(
  ipAddrJson: string,
  family: 'inet' | 'inet6',
  scopeOk: (scope: string | undefined) => boolean,
): string[] {
  const nets = new Set<string>();
  for (const link of parseLinks(ipAddrJson)) {
    for (const a of link.addr_info ?? []) {
      if (a.family !== family || !scopeOk(a.scope) || !a.local || a.prefixlen === undefined) continue;
      const ip = parseIpAddr(`${a.local}/${a.prefixlen}`);
      if (typeof ip !== 'string') nets.add(networkOf(ip));
    }
  }
  return [...nets].sort();
}

/** First IPv4 address of an interface (the default OSPF router id), from `ip -j addr show`. */
export function firstIPv4(ipAddrJson: string, ifname: string): string | undefined {
  return parseLinks(ipAddrJson)
    .find((l) => l.ifname === ifname)
    ?.addr_info?.find((a) => a.family === 'inet')?.local;
}

function parseLinks(ipAddrJson: string): AddrJson[] {
  try {
    const v = JSON.parse(ipAddrJson || '[]') as unknown;
    if (!Array.isArray(v)) throw new Error('not a list');
    return v as AddrJson[];
  } catch (e) {
    throw new CtnetError('cannot parse the output of "ip -j addr show"', { code: 'E_PARSE', cause: e });
  }
}

/** `ip -j addr show` of this network namespace. */
export async function readIpAddrJson(): Promise<string> {
  return (await run('ip', ['-j', 'addr', 'show'], { timeoutMs: 5_000 })).stdout;
}
