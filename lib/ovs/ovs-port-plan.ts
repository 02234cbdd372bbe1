/**
 * Pure planners for one container port on an Open vSwitch bridge.
 * Up is ONE ovs-vsctl transaction:
 *   --if-exists del-port P                      (a stale record left by a crashed start)
 *   -- add-port BR P [tag=V] [trunks=..] [vlan_mode=..] external_ids:ctnet-owner=.. ...
 *   -- set interface P mtu_request=N            (when an MTU is known)
 * so applying it twice equals applying it once, and a port record left over from a start that
 * failed (LXC leaves one, lxc#1530) never blocks the next start.
 * VLAN: `vlan` only = access port (tag=V); `trunks` only = trunk port (vlan_mode=trunk);
 * both = native-untagged (untagged frames go to V, the trunk VLANs pass tagged).
 * Down removes the port only when its ctnet-owner is this container (checked when the step
 * runs), and a port that is already gone counts as removed; it does not wait for vswitchd.
 */
import type { OvsStep } from '../plan/plan.js';
import { externalId, OVS_IFNAME_KEY, OVS_OWNER_KEY } from './ovs-ids.js';

export interface OvsPortOptions {
  bridge: string;
  /** Port and interface name: the host veth. */
  port: string;
  /** ctnet-owner value (ovsOwner()). */
  owner: string;
  /** The interface name inside the container, recorded as ctnet-ifname. */
  ifname?: string;
  vlan?: number;
  trunks?: number[];
  mtu?: number;
  /** Extra Interface external_ids (e.g. OpenVZ 7's iface-id, attached-mac). */
  interfaceIds?: Record<string, string>;
}

export function vlanColumns(vlan?: number, trunks?: number[]): string[] {
  const cols: string[] = [];
  if (vlan !== undefined) cols.push(`tag=${vlan}`);
  if (trunks && trunks.length > 0) {
    cols.push(`trunks=${trunks.join(',')}`);
    cols.push(`vlan_mode=${vlan !== undefined ? 'native-untagged' : 'trunk'}`);
  }
  return cols;
}

/** The one-transaction up of a port (see the file comment); its undo removes the port. */
export function planOvsPortUp(o: OvsPortOptions): OvsStep {
  const portCols = [...vlanColumns(o.vlan, o.trunks), externalId(OVS_OWNER_KEY, o.owner)];
  if (o.ifname) portCols.push(externalId(OVS_IFNAME_KEY, o.ifname));
  const commands: string[][] = [
    ['--if-exists', 'del-port', o.port],
    ['add-port', o.bridge, o.port, ...portCols],
  ];
  const ifaceCols: string[] = [];
  if (o.mtu !== undefined) ifaceCols.push(`mtu_request=${o.mtu}`);
  for (const [k, v] of Object.entries(o.interfaceIds ?? {})) ifaceCols.push(externalId(k, v));
  if (ifaceCols.length) commands.push(['set', 'interface', o.port, ...ifaceCols]);
  const vlanText = o.vlan !== undefined ? ` vlan ${o.vlan}` : '';
  const trunkText = o.trunks?.length ? ` trunks ${o.trunks.join(',')}` : '';
  return {
    kind: 'ovs',
    what: `port ${o.port} on Open vSwitch bridge ${o.bridge}${vlanText}${trunkText}`,
    commands,
    undo: [removePort(o.port)],
  };
}

/** Remove a port ctnet made for `owner`; idempotent (gone = done), never someone else's port. */
export function planOvsPortDown(port: string, owner: string): OvsStep {
  return {
    kind: 'ovs',
    what: `remove Open vSwitch port ${port}`,
    commands: [removePort(port)],
    onlyIfOwner: { port, owner },
  };
}

/**
 * Removing a record needs no wait for ovs-vswitchd (`--no-wait`): a hung vswitchd must not
 * hold up a rollback or a container stop; it drops the port when it catches up.
 */
function removePort(port: string): string[] {
  return ['--no-wait', '--if-exists', 'del-port', port];
}
