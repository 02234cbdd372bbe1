/** Who owns an OVS port, by its external_ids:ctnet-owner (one `get`, never a listing). */
import { OVS_OWNER_KEY } from '../request/ovs-ids.js';
import { ovsVsctl, type OvsContext } from '../doors/ovs/ovs-vsctl.js';

/**
 * `null`: no such port; `''`: the port exists without a ctnet owner; else the owner
 * (`lxc:web1`). With --if-exists, ovs-vsctl prints nothing for a missing record and an empty
 * line for a missing key.
 */
export async function readPortOwner(ctx: OvsContext, port: string): Promise<string | null> {
  const res = await ovsVsctl(ctx, ['--if-exists', 'get', 'port', port, `external_ids:${OVS_OWNER_KEY}`]);
  return parsePortOwner(res.stdout);
}

export function parsePortOwner(stdout: string): string | null {
  if (stdout === '') return null;
  const v = stdout.trim();
  if (v.startsWith('"')) {
    try {
      return String(JSON.parse(v));
    } catch {
      // JSON.parse throws only SyntaxError: an escape JSON does not know; the quotes are dropped.
      return v.slice(1, -1);
    }
  }
  return v;
}
