/**
 * What LXC passed to script.up / script.down, turned into one event (CONTRACTS.md, LXC):
 *   hook.version 0 (LXC 3+ default) and LXC 1.x/2.x:  <name> net up|down <type> [<link>] [<dev>]
 *     (LXC 1.x/2.x: `<name> net up veth <host veth>`, no link)
 *   hook.version 1: argv `<type> [<link>] [<dev>]`, env LXC_HOOK_TYPE, LXC_HOOK_SECTION=net,
 *     LXC_NET_TYPE, LXC_NET_PARENT, LXC_NET_PEER (veth; missing in LXC 3.0.0)
 * The host veth is LXC_NET_PEER or, for veth, the LAST argument; the container is argv's
 * <name> or LXC_NAME. LXC appends arguments unquoted, so empty ones vanish: positions are
 * read from the end.
 */
import { usageError } from '../../errors.js';
import { checkCtid, checkIfname } from '../../request/validate.js';

export interface LxcNetEvent {
  name: string;
  phase: 'up' | 'down';
  type: string;
  /** The section's link as LXC passed it (bridge for veth, lower device for macvlan ...). */
  link?: string;
  /** The host veth (veth only). */
  device?: string;
  hookVersion: 0 | 1;
  /** LXC_CONFIG_FILE, when set. */
  configFile?: string;
}

export function lxcNetEvent(positional: string[], processEnv: NodeJS.ProcessEnv): LxcNetEvent {
  const v1 = processEnv['LXC_HOOK_VERSION'] === '1';
  let name: string | undefined;
  let phase: string | undefined;
  let rest: string[];
  if (v1) {
    phase = processEnv['LXC_HOOK_TYPE'];
    if (processEnv['LXC_HOOK_SECTION'] && processEnv['LXC_HOOK_SECTION'] !== 'net') {
      throw usageError(
        `LXC_HOOK_SECTION is "${processEnv['LXC_HOOK_SECTION']}": ctnet-lxc is a network hook (lxc.net.N.script.up/down)`,
      );
    }
    name = processEnv['LXC_NAME'];
    rest = positional;
    // LXC's own words start with the type: a word before it is the script line's ("--routed
    // false" leaves "false"), which must not be dropped in silence.
    const envType = processEnv['LXC_NET_TYPE'];
    if (envType && rest[0] !== undefined && rest[0] !== envType) {
      throw usageError(
        `unexpected argument "${rest[0]}" before the network type "${envType}" (options on the script line take no true/false)`,
      );
    }
  } else {
    const [n, section, p, ...tail] = positional;
    if (section !== 'net') {
      throw usageError(
        `expected "<name> net up|down <type> [<link>] [<dev>]" (LXC network hook), got "${positional.join(' ')}"`,
      );
    }
    name = n;
    phase = p;
    rest = tail;
  }
  if (phase !== 'up' && phase !== 'down') throw usageError(`hook type "${phase ?? ''}" is not up or down`);
  if (!name) throw usageError('no container name (argv or LXC_NAME)');
  const nameWhy = checkCtid(name);
  if (nameWhy) throw usageError(`container name: ${nameWhy}`);
  const type = (v1 ? processEnv['LXC_NET_TYPE'] : undefined) || rest[0] || '';
  if (!type) throw usageError('no network type (argv or LXC_NET_TYPE)');
  const args = rest.slice(1);
  const ev: LxcNetEvent = { name, phase, type, hookVersion: v1 ? 1 : 0 };
  let device = v1 ? processEnv['LXC_NET_PEER'] || undefined : undefined;
  let link = v1 ? processEnv['LXC_NET_PARENT'] || undefined : undefined;
  if (type === 'veth') {
    device ??= args[args.length - 1];
    if (args.length >= 2) link ??= args[args.length - 2];
  } else if (args.length >= 1) {
    link ??= args[0];
  }
  if (device) ev.device = checkedIf(device, 'host veth');
  if (link) ev.link = checkedIf(link, 'link');
  if (processEnv['LXC_CONFIG_FILE']) ev.configFile = processEnv['LXC_CONFIG_FILE'];
  return ev;
}

function checkedIf(v: string, what: string): string {
  const why = checkIfname(v);
  if (why) throw usageError(`${what}: ${why}`);
  return v;
}
