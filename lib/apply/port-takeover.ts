/**
 * May an up replace, or a down remove, the Port of a given name that OVSDB already has? (pure)
 * The rows come from one select each (Port by name, Interface by name, the target Bridge), and
 * are checked for shape first: a malformed answer is an error, never a guess.
 *
 * Up replaces an existing Port only when
 *   - it is a plain port: exactly one Interface, named like the port, of type "" or "system"
 *     (never a patch, tunnel, internal or bond port), and
 *   - its external_ids:ctnet-owner is this container; or it has no owner, sits on the target
 *     bridge and the spec says LXC attached it itself (`adoptUnowned`: lxc.net.N.link is that
 *     bridge, so LXC's own `ovs-vsctl add-port` made it for this very veth moments ago).
 * Anything else (another container's port, an admin's port, a stale record of no owner) is
 * refused and left alone, with a hint to remove it by hand if it is stale.
 * Down removes only plain ports (and, with an owner, only that owner's).
 */
import { ovsdbRefusedError } from '../doors/ovs/ovsdb-error.js';
import type { OvsdbResult } from '../doors/ovs/ovsdb-client.js';
import { OVS_OWNER_KEY } from '../request/ovs-ids.js';
import { fromMap, type Uuid } from './ovs-port-ops.js';

export interface SeenPort {
  uuid: Uuid;
  externalIds: unknown;
  owner: string;
  interfaces: Uuid[];
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function isUuid(v: unknown): v is Uuid {
  return Array.isArray(v) && v.length === 2 && v[0] === 'uuid' && typeof v[1] === 'string' && UUID_RE.test(v[1]);
}

/** The rows of a select result; anything but a list of objects is a malformed answer. */
export function selectedRows(r: OvsdbResult | undefined, what: string): Array<Record<string, unknown>> {
  const rows = r?.rows;
  if (!Array.isArray(rows) || rows.some((x) => x === null || typeof x !== 'object' || Array.isArray(x))) {
    throw ovsdbRefusedError(what, 'a malformed answer (no list of rows)');
  }
  if (rows.length > 1) throw ovsdbRefusedError(what, `a malformed answer (${rows.length} rows for one name)`);
  return rows;
}

/** A row's `_uuid`, checked. */
export function rowUuid(row: Record<string, unknown>, what: string): Uuid {
  const u = row['_uuid'];
  if (!isUuid(u)) throw ovsdbRefusedError(what, 'a malformed answer (a row without a valid _uuid)');
  return u;
}

/** An OVSDB set of uuids: one ["uuid", …] or ["set", [...]]. */
function uuidSet(v: unknown, what: string): Uuid[] {
  if (isUuid(v)) return [v];
  if (Array.isArray(v) && v[0] === 'set' && Array.isArray(v[1]) && v[1].every(isUuid)) return v[1];
  throw ovsdbRefusedError(what, 'a malformed answer (not a set of uuids)');
}

/** Whether a Bridge row (columns _uuid, ports) holds the port `uuid`. */
export function bridgeHolds(bridgeRow: Record<string, unknown>, uuid: Uuid, what: string): boolean {
  return uuidSet(bridgeRow['ports'] ?? ['set', []], what).some((u) => u[1] === uuid[1]);
}

/** The Port row of a select (columns _uuid, external_ids, interfaces), or undefined. */
export function seenPort(r: OvsdbResult | undefined, name: string): SeenPort | undefined {
  const what = `reading port "${name}"`;
  const row = selectedRows(r, what)[0];
  if (!row) return undefined;
  const externalIds = row['external_ids'];
  return {
    uuid: rowUuid(row, what),
    externalIds,
    owner: fromMap(externalIds)[OVS_OWNER_KEY] ?? '',
    interfaces: uuidSet(row['interfaces'], what),
  };
}

/** The Interface row of that name (columns _uuid, type), or undefined. */
export function seenInterface(r: OvsdbResult | undefined, name: string): { uuid: Uuid; type: string } | undefined {
  const what = `reading interface "${name}"`;
  const row = selectedRows(r, what)[0];
  if (!row) return undefined;
  const type = row['type'] ?? '';
  if (typeof type !== 'string') throw ovsdbRefusedError(what, 'a malformed answer (type is not a string)');
  return { uuid: rowUuid(row, what), type };
}

/** Why the port is not a plain one-veth port (patch, tunnel, internal, bond), or undefined. */
export function notPlain(port: SeenPort, iface: { uuid: Uuid; type: string } | undefined): string | undefined {
  if (port.interfaces.length !== 1) return `is a bond of ${port.interfaces.length} interfaces`;
  if (!iface || iface.uuid[1] !== port.interfaces[0]![1]) return 'has an interface of another name';
  if (iface.type !== '' && iface.type !== 'system') return `is a port of type "${iface.type}"`;
  return undefined;
}

/** Why an up must not replace `port`, or undefined when it may. */
export function replaceRefusal(o: {
  port: SeenPort;
  iface: { uuid: Uuid; type: string } | undefined;
  owner: string;
  onTargetBridge: boolean;
  adoptUnowned: boolean;
}): string | undefined {
  const odd = notPlain(o.port, o.iface);
  if (odd) return odd;
  if (o.port.owner === o.owner) return undefined;
  if (o.port.owner !== '') return `belongs to "${o.port.owner}"`;
  if (o.adoptUnowned && o.onTargetBridge) return undefined;
  return "has no ctnet owner (an admin's port, or a stale record)";
}
