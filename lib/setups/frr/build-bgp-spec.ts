/**
 * Validate the `ctnet render frr --bgp` inputs and build the BgpSpec (pure). Every value that
 * ends up in frr.conf passes a validator here (frr-values.ts); nothing is copied unchecked.
 */
import { usageError } from '../../errors.js';
import { checkIfname } from '../../request/validate.js';
import { parseIpAddr } from '../../request/ip-address.js';
import { connectedNetworks, connectedNetworks6 } from '../../observe/connected-networks.js';
import type { BgpNeighbor, BgpSpec } from './bgp-conf.js';
import { cidr, hostConfPools, HOSTNAME_RE, ipv4, NO_POOLS, pool, splitByFamily } from './frr-values.js';

export interface BgpInputs {
  hostname: string;
  /** This host's AS number (`--asn`). */
  asn?: string;
  /** `--neighbor`: a peer address (IPv4/IPv6) or an interface for BGP unnumbered. */
  neighbors: string[];
  routerId?: string;
  /** BFD on every session (default on). */
  bfd: boolean;
  /** How many times a spare's path is prepended with the host's ASN (default 3). */
  sparePrepend?: string;
  pools: string[];
  hostConfPools?: string[];
  connected: string[];
  ipv6?: boolean;
  /** `ip -j addr show` of the node, or undefined when detection is off. */
  ipAddrJson?: string;
  sources: string[];
}

export function buildBgpSpec(inp: BgpInputs): BgpSpec {
  if (!HOSTNAME_RE.test(inp.hostname)) throw usageError(`--hostname: "${inp.hostname}" is not a host name`);
  if (inp.asn === undefined)
    throw usageError("--bgp needs this host's AS number: --asn N (a private one per host, e.g. 4200000011)");
  const asn = asNumber(inp.asn);
  if (inp.neighbors.length === 0)
    throw usageError('--bgp needs at least one peer: --neighbor ADDRESS or --neighbor IFNAME (unnumbered)');
  const neighbors = [
    ...new Map(
      inp.neighbors.map((n) => {
        const x = neighbor(n, inp.ipv6 === true);
        return [x.name, x];
      }),
    ).values(),
  ];
  const family = (
    opt: string,
    values: string[],
    parse: (o: string, v: string) => { family: 4 | 6; text: string },
  ): Record<4 | 6, string[]> => splitByFamily(opt, values, parse, { on: inp.ipv6 === true, daemon: 'MP-BGP' });
  const pools = inp.pools.length
    ? family('--pool', inp.pools, pool)
    : hostConfPools(inp.hostConfPools ?? [], inp.ipv6 === true);
  if (pools[4].length === 0 && pools[6].length === 0) throw usageError(NO_POOLS);
  const connected = family('--connected', inp.connected, cidr);
  const detected = (f: (json: string) => string[]): string[] => (inp.ipAddrJson !== undefined ? f(inp.ipAddrJson) : []);
  const connected4 = [...new Set([...detected(connectedNetworks), ...connected[4]])].sort(); // parses ipAddrJson first
  const routerId = inp.routerId !== undefined ? ipv4('--router-id', inp.routerId) : firstGlobalIPv4(inp.ipAddrJson);
  if (!routerId) throw usageError('no global IPv4 address on this node to use as router id; give --router-id A.B.C.D');
  const prepend = inp.sparePrepend ?? '3';
  if (!/^[1-9]$/.test(prepend)) throw usageError(`--spare-prepend: "${prepend}" is not a count of 1-9`);
  const spec: BgpSpec = {
    hostname: inp.hostname,
    asn,
    routerId,
    neighbors,
    bfd: inp.bfd,
    sparePrepend: Number(prepend),
    v4: { pools: [...new Set(pools[4])].sort(), connected: connected4 },
    sources: inp.sources,
  };
  if (inp.ipv6)
    spec.v6 = {
      pools: [...new Set(pools[6])].sort(),
      connected: [...new Set([...detected(connectedNetworks6), ...connected[6]])].sort(),
    };
  return spec;
}

/** An AS number: 1-4294967294, not AS_TRANS (23456) or the reserved 65535. */
function asNumber(v: string): number {
  const n = /^\d{1,10}$/.test(v) ? Number(v) : NaN;
  if (!(n >= 1 && n <= 4294967294) || n === 23456 || n === 65535)
    throw usageError(`--asn: "${v}" is not a usable AS number (1-4294967294, not 23456 or 65535)`);
  return n;
}

/**
 * A peer: an address (IPv4, or IPv6 with --ipv6 or link-local never) or an interface name
 * (unnumbered).
 */
function neighbor(v: string, ipv6: boolean): BgpNeighbor {
  const a = parseIpAddr(v, { allowPrefix: false });
  if (typeof a !== 'string') {
    if (a.family === 6 && !ipv6)
      throw usageError(`--neighbor: "${v}" is IPv6; add --ipv6 (or name the interface for unnumbered BGP)`);
    return { name: a.address, unnumbered: false };
  }
  const why = checkIfname(v);
  if (why || /^\d/.test(v) || v.includes(':'))
    throw usageError(`--neighbor: "${v}" is neither an IP address nor an interface name${why ? ` (${why})` : ''}`);
  return { name: v, unnumbered: true };
}

/** The first global IPv4 address of the node (the default router id), from `ip -j addr show`. */
function firstGlobalIPv4(ipAddrJson: string | undefined): string | undefined {
  if (ipAddrJson === undefined) return undefined;
  const links = JSON.parse(ipAddrJson || '[]') as Array<{
    addr_info?: Array<{ family?: string; local?: string; scope?: string }>;
  }>;
  for (const l of links)
    for (const a of l.addr_info ?? []) if (a.family === 'inet' && a.scope === 'global' && a.local) return a.local;
  return undefined;
}
