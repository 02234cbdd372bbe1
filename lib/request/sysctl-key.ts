/**
 * The only /proc/sys keys ctnet writes: per-interface switches of one named interface.
 *   net/ipv4/conf/<if>/{forwarding,proxy_arp}
 *   net/ipv6/conf/<if>/{forwarding,proxy_ndp,disable_ipv6}  (disable_ipv6: LXC turns IPv6 off
 *   on host veths; a routed veth with IPv6 addresses turns it back on, lib/plan/routed-veth.ts)
 * The interface must be a valid name and not `all`, `default` (host-wide switches) or `lo`.
 * Checked when the key is written (lib/apply/run-step.ts), whoever built the step.
 */
import { checkIfname } from './validate.js';

const KEYS: Record<string, readonly string[]> = {
  ipv4: ['forwarding', 'proxy_arp'],
  ipv6: ['forwarding', 'proxy_ndp', 'disable_ipv6'],
};

/** Why ctnet must not write `key`, or undefined when it is one of its own. */
export function sysctlKeyProblem(key: string): string | undefined {
  const m = /^net\/(ipv4|ipv6)\/conf\/([^/]+)\/([a-z_0-9]+)$/.exec(key);
  if (!m || !KEYS[m[1]!]!.includes(m[3]!)) {
    return `"${key}" is not a sysctl ctnet sets (net/ipv4/conf/<if>/{forwarding,proxy_arp}, net/ipv6/conf/<if>/{forwarding,proxy_ndp,disable_ipv6})`;
  }
  const dev = m[2]!;
  if (dev === 'all' || dev === 'default' || dev === 'lo') return `"${key}": "${dev}" is not a container interface`;
  return checkIfname(dev);
}
