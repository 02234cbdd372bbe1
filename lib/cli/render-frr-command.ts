/**
 * `ctnet render frr`: write the FRR (zebra + ospfd [+ ospf6d]) configuration that announces this
 * node's containers.
 */
import * as os from 'node:os';
import { writeFileAtomic } from '../doors/fs.js';
import { DEFAULT_VZ_DIR } from '../runtimes/openvz/load-vz-config.js';
import { usageError } from '../errors.js';
import { announcedAddresses } from '../setups/frr/announced-addresses.js';
import { buildFrrSpec } from '../setups/frr/build-frr-spec.js';
import { readIpAddrJson } from '../observe/connected-networks.js';
import { renderFrrConf } from '../setups/frr/frr-conf.js';
import { buildBgpSpec } from '../setups/frr/build-bgp-spec.js';
import { renderBgpConf } from '../setups/frr/bgp-conf.js';
import { hostConfFile, loadHostConfig } from '../setups/host/load-host-config.js';
import { withPrefix } from '../request/ip-address.js';
import type { CliCommand } from './command.js';

export const renderFrrCommand: CliCommand = {
  name: 'render',
  summary: "print configuration for another program (render frr: the node's OSPF or BGP announcement)",
  usage: `Usage: ctnet render frr --ospf-if IF [--ospf-if IF2 ...] [options]
       ctnet render frr --bgp --asn N --neighbor PEER [--neighbor PEER2 ...] [options]

Writes an integrated frr.conf (zebra + ospfd) for this node: OSPF on the given interfaces
with fast timers, and the node's container host routes (/32) announced: primaries from the
main table (route-map "ctnet"), spares and anycast addresses from the hooks' class markers in
tables 213 and 214 (ip import-table; route-maps "ctnet-spare": a worse metric, "ctnet-anycast": a
type-1 metric), read live: adding or removing an IPv4 spare or anycast container needs no
new configuration. Only host routes inside the container pools (--pool, or the pools of
[isolation] in /etc/ctnet/host.conf; none is an error) are announced, the node's own
connected networks are dropped. With --ipv6, ospf6d does the same for IPv6 (/128, route-map
"ctnet6") on the same interfaces, but FRR has no IPv6 table import: IPv6 spares and anycast
addresses are read from the container configs (CTNET_ANNOUNCE) and --spare/--anycast, so
regenerate the file when an IPv6 spare or anycast container is added to or removed from
this node. Review the file and install it as /etc/frr/frr.conf. See docs/frr.md.

 With --bgp: zebra + bgpd (+ bfdd) instead, eBGP to the top-of-rack
routers (by address or unnumbered on an interface), IPv4 and with --ipv6 IPv6 (MP-BGP), the
same pools; a spare (kernel metric 200) gets its AS path prepended and anycast (300) the plain
path, matched live by bgpd: adding or removing a spare or anycast container needs no new
configuration (container configs are not read).

Options:
  --ospf-if IF        run OSPF on IF (repeatable; at least one)
  --area AREA         OSPF area of those interfaces (default 0.0.0.0)
  --router-id A.B.C.D default: the first IPv4 address of the first --ospf-if
  --hello SEC         hello interval (default 1)
  --dead SEC          dead interval (default 3)
  --pool NET          a container pool: announce only /32s and /128s inside the pools
                      (repeatable, IPv4 and IPv6; default: "pool" of [isolation] in
                      <etc>/ctnet/host.conf)
  --etc DIR           the /etc to read ctnet/host.conf from (default /etc)
  --ipv6              also announce IPv6 container addresses (ospf6d; enable it in /etc/frr/daemons)
  --connected NET     a network never to announce, in addition to the node's own (repeatable)
  --no-detect         do not read the node's interfaces ("ip -j addr"); use --connected only
  --vz-dir DIR        with --ipv6: read IPv6 spare/anycast containers from DIR/conf/*.conf
                      (default /etc/vz; not read without --ipv6)
  --no-vz             do not read OpenVZ container configs
  --spare ADDR        with --ipv6: announce this IPv6 address as a spare (repeatable; e.g.
                      LXC containers; an IPv4 address's class is read live)
  --anycast ADDR      with --ipv6: announce this IPv6 address as anycast (repeatable)
  --bgp               render BGP instead of OSPF (the options below; no --ospf-if, --area,
                      --hello, --dead, --spare, --anycast)
  --asn N             this host's AS number (required with --bgp; one per host)
  --neighbor PEER     a BGP peer: an address, or an interface for unnumbered BGP (repeatable)
  --no-bfd            no BFD on the sessions (default: BFD on every session, bfdd)
  --spare-prepend N   how many times a spare's path gets the host's ASN prepended (default 3)
  --hostname NAME     hostname line (default: this host's name)
  --output FILE       write FILE (mode 640) instead of standard output
`,
  strings: [
    'asn',
    'neighbor',
    'spare-prepend',
    'pool',
    'etc',
    'ospf-if',
    'area',
    'router-id',
    'hello',
    'dead',
    'connected',
    'vz-dir',
    'spare',
    'anycast',
    'hostname',
    'output',
  ],
  booleans: ['ipv6', 'bgp'],
  run: async (args, io) => {
    const what = args._[1] === undefined ? '' : String(args._[1]);
    if (what !== 'frr')
      throw usageError(
        what ? `ctnet render: unknown target "${what}" (known: frr)` : 'ctnet render needs a target: frr',
      );
    const list = (k: string): string[] => {
      const v = args[k] as string | string[] | undefined;
      return v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String);
    };
    const one = (k: string): string | undefined => {
      const v = list(k);
      if (v.length > 1) throw usageError(`--${k} given more than once`);
      return v[0];
    };
    const detect = args['detect'] !== false; // --no-detect
    const vzDir = one('vz-dir') ?? DEFAULT_VZ_DIR;
    const sources: string[] = [];
    const ipAddrJson = detect ? await readIpAddrJson() : undefined;
    if (detect) sources.push('connected networks from "ip -j addr show" on this node');
    const pools = list('pool');
    let hostConfPools: string[] | undefined;
    if (pools.length) sources.push('container pools from --pool');
    else {
      const file = hostConfFile(one('etc') ?? '/etc');
      hostConfPools = loadHostConfig(one('etc') ?? '/etc', file).isolation.pools.map(withPrefix);
      sources.push(`container pools from ${file}`);
    }
    // What both renderings take the same way.
    const common = {
      hostname: one('hostname') ?? os.hostname().split('.')[0]!,
      routerId: one('router-id'),
      connected: list('connected'),
      pools,
      hostConfPools,
      ipv6: args['ipv6'] === true,
      ipAddrJson,
      sources,
    };
    if (args['bgp'] === true) {
      for (const k of ['ospf-if', 'area', 'hello', 'dead', 'spare', 'anycast']) {
        if (list(k).length)
          throw usageError(
            `--${k} does not go with --bgp${k === 'spare' || k === 'anycast' ? " (the class comes from the route's metric, CTNET_ANNOUNCE)" : ''}`,
          );
      }
      const bgp = buildBgpSpec({
        ...common,
        asn: one('asn'),
        neighbors: list('neighbor'),
        sparePrepend: one('spare-prepend'),
        bfd: args['bfd'] !== false, // --no-bfd
      });
      return emit(renderBgpConf(bgp));
    }
    for (const k of ['asn', 'neighbor', 'spare-prepend']) if (list(k).length) throw usageError(`--${k} needs --bgp`);
    // Only IPv6 classes need the configs: an IPv4 class is read live from the route's table.
    const fromConfigs = args['vz'] === false || !common.ipv6 ? undefined : announcedAddresses(vzDir);
    if (fromConfigs) sources.push(`CTNET_ANNOUNCE (IPv6) of the containers in ${vzDir}/conf`);
    const spec = buildFrrSpec({
      ...common,
      ospfIfs: list('ospf-if'),
      area: one('area'),
      hello: one('hello'),
      dead: one('dead'),
      spare: list('spare'),
      anycast: list('anycast'),
      fromConfigs,
    });
    return emit(renderFrrConf(spec));

    function emit(text: string): number {
      const out = one('output');
      if (out) writeFileAtomic(out, text, 0o640);
      else io.stdout(text);
      return 0;
    }
  },
};
