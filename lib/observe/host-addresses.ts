/**
 * The host's own global addresses in the netns the hook runs in, with their prefixes (the
 * networks the host is connected to): one `ip -j addr show scope global`. Host veths of routed
 * containers carry only link-local addresses, so the answer does not grow with the containers.
 */
import { run } from '../doors/exec.js';
import { parseIpAddr, type IpAddr } from '../request/ip-address.js';

export interface HostAddress {
  ifname: string;
  addr: IpAddr;
}

const HOST_ADDRESSES_TIMEOUT_MS = 5_000;

/**
 * The host's global addresses of these families. One `ip -j -4|-6 addr show scope global` per
 * family: with a family, ip lists only the links that have such an address (without one it
 * also lists every link with no address at all, such as container veths with IPv6 disabled,
 * and the answer grows with the containers). The hooks run commands one after another, so a
 * dual-stack container asks twice in turn.
 */
export async function readHostAddresses(families: ReadonlyArray<4 | 6>): Promise<HostAddress[]> {
  const outs = await Promise.all(
    [...new Set(families)].map((f) =>
      run('ip', [`-${f}`, '-j', 'addr', 'show', 'scope', 'global'], { timeoutMs: HOST_ADDRESSES_TIMEOUT_MS }),
    ),
  );
  return outs.flatMap((res) => parseHostAddresses(res.stdout));
}

/** `ip -j addr show` output -> addresses (entries that are not plain addresses are skipped). */
export function parseHostAddresses(json: string): HostAddress[] {
  const links: unknown = JSON.parse(json.trim() === '' ? '[]' : json);
  if (!Array.isArray(links)) return [];
  const out: HostAddress[] = [];
  for (const l of links as Array<{ ifname?: unknown; addr_info?: unknown }>) {
    if (typeof l?.ifname !== 'string' || !Array.isArray(l.addr_info)) continue;
    for (const i of l.addr_info as Array<{ local?: unknown; prefixlen?: unknown }>) {
      if (typeof i?.local !== 'string' || typeof i.prefixlen !== 'number') continue;
      const a = parseIpAddr(`${i.local}/${i.prefixlen}`);
      if (typeof a !== 'string') out.push({ ifname: l.ifname, addr: a });
    }
  }
  return out;
}
