/**
 * Is a bridge name a Linux bridge, an Open vSwitch bridge, or nothing? sysfs answers for
 * Linux bridges without spawning anything; ovs-vsctl (`br-exists`) is asked only when the
 * name is not a Linux bridge.
 */
import { CtnetError } from '../errors.js';
import type { LinkState } from '../net/link-state.js';
import { ovsVsctl, type OvsContext } from './ovs-vsctl.js';

export type BridgeKind = 'linux' | 'ovs' | 'missing' | 'other';

/**
 * `linux`: a Linux bridge; `ovs`: an OVS bridge (ovsdb knows it); `missing`: neither a
 * kernel device nor an OVS bridge; `other`: a device that is no bridge of either kind.
 * Throws "Open vSwitch is unreachable" when the device exists, is not a Linux bridge, and
 * ovsdb does not answer (it may well be an OVS bridge). A missing device with OVS absent or
 * down is `missing`: on a host without OVS the admin needs "bridge does not exist".
 */
export async function detectBridgeKind(name: string, link: LinkState, ctx: OvsContext): Promise<BridgeKind> {
  if (link.exists && link.isLinuxBridge) return 'linux';
  try {
    const res = await ovsVsctl(ctx, ['br-exists', name], { allowFailure: true });
    if (res.exitCode === 0) return 'ovs';
    if (res.exitCode === 2) return link.exists ? 'other' : 'missing';
    throw new CtnetError(`"ovs-vsctl br-exists ${name}" failed: ${res.stderr.trim() || `exit code ${res.exitCode}`}`, {
      code: 'E_OVS', command: res.command, exitCode: res.exitCode,
    });
  } catch (e) {
    if (e instanceof CtnetError && !link.exists && (e.code === 'E_OVS_MISSING' || e.code === 'E_OVS_DOWN')) return 'missing';
    if (e instanceof CtnetError && e.code === 'E_OVS_MISSING') return 'other';
    throw e;
  }
}
