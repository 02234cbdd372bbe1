/**
 * Who owns the Open vSwitch port of a given name, over OVSDB: one select of that Port row by
 * name (never a listing of the switch). For a teardown that was not told the port is on
 * Open vSwitch (OpenVZ 7 `delif` without VPORT_TYPE) and must find out whether ctnet made it.
 */
import { CtnetError } from '../errors.js';
import { firstFailure, selectByName } from '../apply/ovs-port-ops.js';
import { ovsdbFor, type OvsdbContext } from '../doors/ovs/ovsdb-connection.js';
import { ovsdbRefusedError } from '../doors/ovs/ovsdb-error.js';
import { seenPort } from '../apply/port-takeover.js';

/**
 * The port's external_ids:ctnet-owner: `null` when there is no such port, `''` when it has no
 * owner, `undefined` when Open vSwitch is not installed (no run dir, so no port either).
 * Throws when ovsdb is installed but does not answer (E_OVS_DOWN) or answers malformed.
 */
export async function selectPortOwner(name: string, ctx: OvsdbContext): Promise<string | null | undefined> {
  try {
    const results = await ovsdbFor(ctx).transact([selectByName('Port', name, ['_uuid', 'external_ids', 'interfaces'])]);
    const failed = firstFailure(results);
    if (failed) throw ovsdbRefusedError(`the lookup of port "${name}"`, failed.error, failed.details);
    return seenPort(results[0], name)?.owner ?? null;
  } catch (e) {
    if (e instanceof CtnetError && e.code === 'E_OVS_MISSING') return undefined;
    throw e;
  }
}
