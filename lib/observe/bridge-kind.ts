/**
 * Is a bridge name a Linux bridge, an Open vSwitch bridge, or nothing? sysfs answers for
 * Linux bridges without asking anyone; ovsdb is asked (one select of the Bridge row by name,
 * never a table listing) only when the name is not a Linux bridge.
 */
import { CtnetError } from '../errors.js';
import type { LinkState } from './link-state.js';
import { firstFailure, selectByName } from '../apply/ovs-port-ops.js';
import { ovsdbFor, type OvsdbContext } from '../doors/ovs/ovsdb-connection.js';
import { ovsdbRefusedError } from '../doors/ovs/ovsdb-error.js';

export type BridgeKind = 'linux' | 'ovs' | 'missing' | 'other';

/**
 * `linux`: a Linux bridge; `ovs`: an OVS bridge (ovsdb knows it); `missing`: neither a
 * kernel device nor an OVS bridge; `other`: a device that is no bridge of either kind.
 * Throws "Open vSwitch is unreachable" when the device exists, is not a Linux bridge, and
 * ovsdb does not answer (it may well be an OVS bridge). A missing device with OVS absent or
 * down is `missing`: on a host without OVS the admin needs "bridge does not exist".
 */
export async function detectBridgeKind(name: string, link: LinkState, ctx: OvsdbContext): Promise<BridgeKind> {
  if (link.exists && link.isLinuxBridge) return 'linux';
  try {
    const results = await ovsdbFor(ctx).transact([selectByName('Bridge', name, ['_uuid'])]);
    const failed = firstFailure(results);
    if (failed) throw ovsdbRefusedError(`the lookup of bridge "${name}"`, failed.error, failed.details);
    if ((results[0]?.rows?.length ?? 0) > 0) return 'ovs';
    return link.exists ? 'other' : 'missing';
  } catch (e) {
    if (e instanceof CtnetError && !link.exists && (e.code === 'E_OVS_MISSING' || e.code === 'E_OVS_DOWN'))
      return 'missing';
    if (e instanceof CtnetError && e.code === 'E_OVS_MISSING') return 'other';
    throw e;
  }
}
