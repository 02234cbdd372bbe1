/**
 * Validate the `ctnet render frr` inputs and build the FrrSpec (pure). Every value that ends
 * up in frr.conf passes a validator here: nothing from the command line or a config file is
 * copied into the output unchecked.
 */
import { usageError } from '../../errors.js';
import { checkIfname } from '../../request/validate.js';
import { parseIpAddr, type IpAddr } from '../../request/ip-address.js';
import { inPools } from '../../request/container-pools.js';
import {
  area,
  cidr,
  hostAddr,
  hostConfPools,
  HOSTNAME_RE,
  int,
  ipv4,
  NO_POOLS,
  pool,
  splitByFamily,
} from './frr-values.js';
import { connectedNetworks, connectedNetworks6, firstIPv4 } from '../../observe/connected-networks.js';
import type { AnnouncedAddresses } from './announced-addresses.js';
import { sortAddrs6 } from './announced-addresses.js';
import type { FrrSpec } from './frr-conf.js';

export interface FrrInputs {
  hostname: string;
  ospfIfs: string[];
  area?: string;
  routerId?: string;
  hello?: string;
  dead?: string;
  /** Extra connected networks given by hand (CIDR, IPv4 or IPv6). */
  connected: string[];
  /** Container pools given by hand (`--pool`, CIDR, IPv4 or IPv6 with `ipv6`). */
  pools: string[];
  /**
   * Pools of host.conf [isolation], used when `pools` is empty (its IPv6 ones only with `ipv6`).
   */
  hostConfPools?: string[];
  /**
   * IPv6 host addresses classified by hand (`--spare`, `--anycast`; IPv4 ones are refused: an
   * IPv4 class is read live from its route's table).
   */
  spare: string[];
  anycast: string[];
  /** Announce IPv6 container addresses too (ospf6d). */
  ipv6?: boolean;
  /** `ip -j addr show` of the node, or undefined when detection is off. */
  ipAddrJson?: string;
  /** The IPv6 spares and anycast addresses of the CT configs, or undefined when none were read. */
  fromConfigs?: AnnouncedAddresses;
  sources: string[];
}

export function buildFrrSpec(inp: FrrInputs): FrrSpec {
  if (inp.ospfIfs.length === 0) throw usageError('name at least one OSPF interface with --ospf-if IF');
  for (const i of inp.ospfIfs) {
    const why = checkIfname(i);
    if (why) throw usageError(`--ospf-if: ${why}`);
  }
  if (!HOSTNAME_RE.test(inp.hostname)) throw usageError(`--hostname: "${inp.hostname}" is not a host name`);
  const hello = int('--hello', inp.hello ?? '1', 1, 65535);
  const dead = int('--dead', inp.dead ?? '3', 1, 65535);
  if (dead <= hello) throw usageError(`--dead (${dead}) must be longer than --hello (${hello})`);
  const routerId =
    inp.routerId !== undefined
      ? ipv4('--router-id', inp.routerId)
      : inp.ipAddrJson !== undefined
        ? firstIPv4(inp.ipAddrJson, inp.ospfIfs[0]!)
        : undefined;
  if (!routerId)
    throw usageError(`no IPv4 address on "${inp.ospfIfs[0]}" to use as router id; give --router-id A.B.C.D`);
  const byFamily = (
    opt: string,
    values: string[],
    parse: (o: string, v: string) => { family: 4 | 6; text: string },
  ): Record<4 | 6, string[]> => splitByFamily(opt, values, parse, { on: inp.ipv6 === true, daemon: 'ospf6d' });
  const connected = byFamily('--connected', inp.connected, cidr);
  const pools = inp.pools.length
    ? byFamily('--pool', inp.pools, pool)
    : hostConfPools(inp.hostConfPools ?? [], inp.ipv6 === true);
  if (pools[4].length === 0 && pools[6].length === 0) throw usageError(NO_POOLS);
  const spare = byFamily('--spare', inp.spare, hostAddr);
  const anycast = byFamily('--anycast', inp.anycast, hostAddr);
  for (const [opt, v4] of [
    ['--spare', spare[4]],
    ['--anycast', anycast[4]],
  ] as const)
    if (v4.length)
      throw usageError(
        `${opt}: "${v4[0]}" is IPv4: an IPv4 address's class is read live from its route's table (CTNET_ANNOUNCE, ctnet-lxc --announce); ${opt} classifies IPv6 addresses only`,
      );
  const nets6 = pools[6].map((p) => parseIpAddr(p) as IpAddr);
  const in6 = (opt: string, given: string[], fromConfigs: string[]): string[] => {
    for (const v of given)
      if (!inPools(nets6, parseIpAddr(v) as IpAddr))
        throw usageError(
          `${opt}: "${v}" is in no container pool (${pools[6].join(', ') || 'no IPv6 pool'}); only pool addresses are announced`,
        );
    // A config's address outside the pools is not announced (ctnet check reports it).
    return [...fromConfigs.filter((v) => inPools(nets6, parseIpAddr(v) as IpAddr)), ...given];
  };
  const detected = (f: (json: string) => string[]): string[] => (inp.ipAddrJson !== undefined ? f(inp.ipAddrJson) : []);
  const spec: FrrSpec = {
    hostname: inp.hostname,
    routerId,
    area: area(inp.area ?? '0.0.0.0'),
    ospfInterfaces: [...new Set(inp.ospfIfs)],
    helloInterval: hello,
    deadInterval: dead,
    connected: [...new Set([...detected(connectedNetworks), ...connected[4]])].sort(),
    pools: [...new Set(pools[4])].sort(),
    sources: inp.sources,
  };
  if (inp.ipv6) {
    spec.ipv6 = {
      connected: [...new Set([...detected(connectedNetworks6), ...connected[6]])].sort(),
      pools: [...new Set(pools[6])].sort(),
      spare: sortAddrs6(in6('--spare', spare[6], inp.fromConfigs?.spare6 ?? [])),
      anycast: sortAddrs6(in6('--anycast', anycast[6], inp.fromConfigs?.anycast6 ?? [])),
    };
  }
  return spec;
}
