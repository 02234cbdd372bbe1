/**
 * Pure planners for one container port on an Open vSwitch bridge. The steps are data
 * (`ovs-port`); lib/apply/ovs-port-apply.ts applies them over OVSDB, reading only the one port
 * and bridge by name, so the cost does not grow with the ports on the switch.
 * Up is ONE atomic transaction, the equivalent of
 *   ovs-vsctl --if-exists del-port P -- add-port BR P [tag=V] [trunks=..] [vlan_mode=..]
 *     external_ids:ctnet-owner=.. external_ids:ctnet-ifname=.. -- set interface P mtu_request=N
 * so applying it twice equals applying it once, and a port record left over from a start that
 * failed (LXC leaves one, lxc#1530) never blocks the next start.
 * VLAN: `vlan` only = access port (tag=V); `trunks` only = trunk port (vlan_mode=trunk);
 * both = native-untagged (untagged frames go to V, the trunk VLANs pass tagged).
 * Down removes the port only when its ctnet-owner is this container (checked when the step
 * runs), and a port that is already gone counts as removed; it does not wait for vswitchd.
 */
import type { OvsPortSpec, OvsPortStep } from './plan.js';
import { externalId, OVS_IFNAME_KEY, OVS_OWNER_KEY } from '../request/ovs-ids.js';

export type OvsPortOptions = OvsPortSpec;

/** The Port columns of a VLAN setting, in ovs-vsctl syntax (tag=, trunks=, vlan_mode=). */
export function vlanColumns(vlan?: number, trunks?: number[]): string[] {
  const cols: string[] = [];
  if (vlan !== undefined) cols.push(`tag=${vlan}`);
  if (trunks && trunks.length > 0) {
    cols.push(`trunks=${trunks.join(',')}`);
    cols.push(`vlan_mode=${vlan !== undefined ? 'native-untagged' : 'trunk'}`);
  }
  return cols;
}

/** The one-transaction up of a port (see the file comment); its undo is planOvsPortDown. */
export function planOvsPortUp(o: OvsPortOptions): OvsPortStep {
  const vlanText = o.vlan !== undefined ? ` vlan ${o.vlan}` : '';
  const trunkText = o.trunks?.length ? ` trunks ${o.trunks.join(',')}` : '';
  return {
    kind: 'ovs-port',
    what: `port ${o.port} on Open vSwitch bridge ${o.bridge}${vlanText}${trunkText}`,
    op: 'add',
    spec: o,
  };
}

/**
 * Remove a port; idempotent (gone = done). With `owner`, only a port ctnet made for that
 * container (another owner: skipped and logged); without, any port of that name (vznetcfg
 * delif, as stock vznetcfg does).
 */
export function planOvsPortDown(port: string, owner?: string): OvsPortStep {
  return { kind: 'ovs-port', what: `remove Open vSwitch port ${port}`, op: 'remove', port, owner };
}

/** The ovs-vsctl commands (one transaction) equivalent to a step: what --dry-run shows. */
export function ovsPortCommands(step: OvsPortStep): string[][] {
  if (step.op === 'remove') return [['--no-wait', '--if-exists', 'del-port', step.port]];
  const o = step.spec;
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
  return commands;
}
