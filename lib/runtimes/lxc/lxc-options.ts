/**
 * The options that may lead the script line (`script.up = /path/ctnet-lxc --bridge sw0 --vlan 10`):
 *   --bridge NAME  attach to this bridge (Linux or Open vSwitch) instead of the section's link
 *   --vlan ID      access VLAN (OVS tag; Linux bridge: pvid untagged with VLAN filtering)
 *   --trunks LIST  tagged VLANs, e.g. 10,20,30-35
 *   --mtu N        MTU of the host veth / OVS interface (default: the bridge's)
 *   --routed       no bridge: host routes + proxy ARP/NDP for the section's addresses
 *   --filter on|off  the anti-spoofing filter of the veth (default on; docs/isolation.md)
 *   --forward P:H:C  forward host port H (tcp|udp) to the container's port C (repeatable),
 *                  to the section's first IPv4 and IPv6 address, in ctnet's nft table
 *   --announce primary|spare|anycast  (--routed) the host routes' class for FRR (kernel metric)
 *   --primary-guard refuse|demote|off  (--routed) ask the local bgpd first (lib/handlers/lxc/lxc-primary-guard.ts)
 */
import { usageError } from '../../errors.js';
import { hookArgSpec, parseHookArgs, stringOption, type HookArgs } from '../../hook/hook-args.js';
import { checkIfname, parseMtu, parseVlanId } from '../../request/validate.js';
import { parseVlanList } from '../../request/vlan-list.js';
import { parseForwardList, type ForwardSpec } from '../../request/forward-spec.js';
import { parseAnnounceClass, type AnnounceClass } from '../../request/announce-class.js';
import type { PrimaryGuard } from '../../setups/frr/guard-primary.js';

export interface LxcOptions {
  bridge?: string;
  vlan?: number;
  trunks?: number[];
  mtu?: number;
  routed: boolean;
  forwards: ForwardSpec[];
  /** --filter off: no anti-spoofing chain on this veth. */
  filter?: boolean;
  /** --announce: the class of the routed host routes (lib/request/announce-class.ts); none = metric 0, a primary. */
  announce?: AnnounceClass;
  /** --primary-guard: ask the local bgpd before announcing as primary; none (or off) = do not ask. */
  primaryGuard?: PrimaryGuard;
}

export const LXC_STRING_OPTIONS = ['bridge', 'vlan', 'trunks', 'mtu', 'forward', 'filter', 'announce', 'primary-guard'];
export const LXC_BOOLEAN_OPTIONS = ['routed'];
/** The options ctnet-lxc takes on top of every hook's (lib/hook/hook-args.ts). */
export const LXC_ARG_SPEC = hookArgSpec({ strings: LXC_STRING_OPTIONS, booleans: LXC_BOOLEAN_OPTIONS });

/** The options of a script line's words (after the executable), as ctnet-lxc reads them. */
export function parseLxcOptions(words: readonly string[]): LxcOptions {
  const args = parseHookArgs(words, LXC_ARG_SPEC);
  if (args._.length > 0) throw usageError(`unexpected word "${args._[0]}" among the script line's options`);
  return lxcOptions(args);
}

export function lxcOptions(args: HookArgs): LxcOptions {
  // Values are never empty (parseHookArgs refuses "--bridge" without one); given twice is an error.
  const str = (k: string): string | undefined => stringOption(args, k);
  const o: LxcOptions = { routed: Boolean(args['routed']), forwards: forwardOption(args['forward']) };
  const bridge = str('bridge');
  if (bridge) {
    const why = checkIfname(bridge);
    if (why) throw usageError(`--bridge: ${why}`);
    o.bridge = bridge;
  }
  const vlan = str('vlan');
  if (vlan) o.vlan = orThrow('--vlan', parseVlanId(vlan));
  const trunks = str('trunks');
  if (trunks) o.trunks = orThrow('--trunks', parseVlanList(trunks));
  const mtu = str('mtu');
  if (mtu) o.mtu = orThrow('--mtu', parseMtu(mtu));
  const filter = str('filter');
  if (filter !== undefined) {
    if (filter !== 'on' && filter !== 'off') throw usageError(`--filter: "${filter}" is not on or off`);
    o.filter = filter === 'on';
  }
  const announce = str('announce');
  if (announce !== undefined) {
    const c = parseAnnounceClass(announce);
    if ('why' in c) throw usageError(`--announce: ${c.why}`);
    o.announce = c.value;
  }
  const guard = str('primary-guard');
  if (guard !== undefined) {
    const g = guard.trim().toLowerCase();
    if (g !== 'refuse' && g !== 'demote' && g !== 'off')
      throw usageError(`--primary-guard: "${guard}" is not refuse, demote or off`);
    if (g !== 'off') o.primaryGuard = g;
  }
  if (!o.routed && (o.announce || o.primaryGuard))
    throw usageError('--announce/--primary-guard need --routed (they set the class of the host routes ctnet adds)');
  if (o.routed && o.bridge) throw usageError('--routed and --bridge exclude each other (a routed veth has no bridge)');
  if (o.routed && (o.vlan !== undefined || o.trunks))
    throw usageError('--vlan/--trunks need a bridge; they make no sense with --routed');
  return o;
}

/** --forward may be repeated; each value is one proto:hostport:ctport. */
function forwardOption(v: unknown): ForwardSpec[] {
  if (v === undefined || v === false) return [];
  const list = (Array.isArray(v) ? v : [v]).map(String);
  if (list.some((x) => x === '')) throw usageError('--forward needs a value (tcp:8025:25)');
  return orThrow('--forward', parseForwardList(list));
}

function orThrow<T>(what: string, r: T | string): T {
  if (typeof r === 'string') throw usageError(`${what}: ${r}`);
  return r;
}
