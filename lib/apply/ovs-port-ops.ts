/**
 * The OVSDB operations (RFC 7047 section 5.2) of a port up and down, built from the rows a
 * select by name returned (pure). The same records ovs-vsctl writes (utilities/ovs-vsctl.c
 * add_port/del_port): an Interface row, a Port row referring to it, the Port's uuid in the
 * Bridge's `ports`; removing the uuid from `ports` deletes the Port and its Interface (they are
 * not root rows: ovsdb garbage-collects them in the same commit).
 * Each transaction starts with `wait` operations (timeout 0) on what the select saw, so a
 * concurrent change to the same port or bridge aborts it ("timed out") instead of mixing in.
 */
import type { OvsPortSpec } from '../plan/plan.js';
import type { OvsdbOp, OvsdbResult } from '../doors/ovs/ovsdb-client.js';
import { OVS_IFNAME_KEY, OVS_OWNER_KEY } from '../request/ovs-ids.js';

/** An OVSDB uuid as it travels: ["uuid", "…"]. */
export type Uuid = ['uuid', string];

export function selectByName(table: string, name: string, columns: string[]): OvsdbOp {
  return { op: 'select', table, where: [['name', '==', name]], columns };
}

/** The transaction of an up; `cfgIndex` is the result holding the new next_cfg to wait for. */
export function portUpOps(
  spec: OvsPortSpec,
  seen: { bridge: Uuid; port?: Uuid },
  comment: string,
): { ops: OvsdbOp[]; cfgIndex: number } {
  const ops: OvsdbOp[] = [
    waitFor('Bridge', spec.bridge, [{ _uuid: seen.bridge }]),
    waitFor('Port', spec.port, seen.port ? [{ _uuid: seen.port }] : []),
  ];
  if (seen.port) ops.push(removeFromBridges(seen.port));
  const iface: Record<string, unknown> = { name: spec.port };
  if (spec.mtu !== undefined) iface['mtu_request'] = spec.mtu;
  if (spec.interfaceIds && Object.keys(spec.interfaceIds).length) iface['external_ids'] = toMap(spec.interfaceIds);
  const ids: Record<string, string> = { [OVS_OWNER_KEY]: spec.owner };
  if (spec.ifname) ids[OVS_IFNAME_KEY] = spec.ifname;
  const port: Record<string, unknown> = {
    name: spec.port,
    interfaces: ['named-uuid', 'iface'],
    external_ids: toMap(ids),
  };
  if (spec.vlan !== undefined) port['tag'] = spec.vlan;
  if (spec.trunks && spec.trunks.length > 0) {
    port['trunks'] = ['set', spec.trunks];
    port['vlan_mode'] = spec.vlan !== undefined ? 'native-untagged' : 'trunk';
  }
  ops.push(
    { op: 'insert', table: 'Interface', row: iface, 'uuid-name': 'iface' },
    { op: 'insert', table: 'Port', row: port, 'uuid-name': 'port' },
    {
      op: 'mutate',
      table: 'Bridge',
      where: [['_uuid', '==', seen.bridge]],
      mutations: [['ports', 'insert', ['set', [['named-uuid', 'port']]]]],
    },
    // What ovs-vsctl does to wait for ovs-vswitchd: bump next_cfg, read the new value back.
    { op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['next_cfg', '+=', 1]] },
    { op: 'select', table: 'Open_vSwitch', where: [], columns: ['next_cfg'] },
    { op: 'comment', comment },
  );
  return { ops, cfgIndex: ops.length - 2 };
}

/** The transaction of a down: the port as selected (uuid, external_ids) leaves its bridge. */
export function portDownOps(name: string, row: { _uuid: Uuid; external_ids: unknown }, comment: string): OvsdbOp[] {
  return [
    waitFor('Port', name, [row], ['_uuid', 'external_ids']),
    removeFromBridges(row._uuid),
    { op: 'comment', comment },
  ];
}

/** Whichever bridge holds the port lets go of it (bridges are few; ports are not scanned). */
function removeFromBridges(port: Uuid): OvsdbOp {
  return {
    op: 'mutate',
    table: 'Bridge',
    where: [['ports', 'includes', port]],
    mutations: [['ports', 'delete', port]],
  };
}

function waitFor(table: string, name: string, rows: Array<Record<string, unknown>>, columns = ['_uuid']): OvsdbOp {
  return { op: 'wait', timeout: 0, table, where: [['name', '==', name]], columns, until: '==', rows };
}

function toMap(m: Record<string, string>): unknown {
  return ['map', Object.entries(m)];
}

/** An OVSDB map value (["map", [[k, v], ...]]) as a record; anything else is empty. */
export function fromMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(value) || value[0] !== 'map' || !Array.isArray(value[1])) return out;
  for (const pair of value[1] as unknown[]) {
    if (Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string') out[pair[0]] = pair[1];
  }
  return out;
}

/** The first failed operation of a transaction's results (index and error), if any. */
export function firstFailure(results: OvsdbResult[]): { index: number; error: string; details?: string } | undefined {
  const index = results.findIndex((r) => r && typeof r.error === 'string');
  if (index < 0) return undefined;
  const r = results[index]!;
  return { index, error: r.error!, details: r.details };
}

/**
 * A guard (`wait`) failed: someone changed the port or bridge between the select and the commit.
 */
export function guardFailed(ops: OvsdbOp[], results: OvsdbResult[]): boolean {
  const f = firstFailure(results);
  return f !== undefined && ops[f.index]?.['op'] === 'wait' && f.error === 'timed out';
}
