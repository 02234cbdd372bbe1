/**
 * Plan a host veth joining a Linux bridge (pure): pin the bridge MAC before the port joins
 * (a bridge otherwise takes its lowest port MAC, so a container start could change it and cut
 * the host off), give the port the bridge's MTU (a lower-MTU port would lower the bridge), join
 * and bring it up. With a VLAN: the bridge's VLAN filtering is switched on (once, never undone:
 * the bridge is shared), the port gets the VLAN as its untagged pvid and leaves VLAN 1;
 * trunk VLANs are added tagged. Every line is a set/replace: twice equals once.
 */
import { CtnetError } from '../errors.js';
import type { LinkState } from '../observe/link-state.js';
import { formatVlanList } from '../request/vlan-list.js';
import type { BatchLine, HostBatchStep } from './plan.js';
import { restoreLink } from './restore-link.js';

export interface LinuxBridgeAttachInput {
  port: string;
  /** The port as it is now: the undo restores exactly that (master, MTU, down). */
  portState?: LinkState;
  bridgeName: string;
  bridge: LinkState;
  vlan?: number;
  trunks?: number[];
  /** MTU for the port (default: the bridge's). */
  mtu?: number;
}

export interface LinuxBridgeAttach {
  hostLines: BatchLine[];
  /** `bridge -batch` steps that must run after the port joined (VLAN entries). */
  after: HostBatchStep[];
  notes: string[];
}

export function planLinuxBridgeAttach(i: LinuxBridgeAttachInput): LinuxBridgeAttach {
  const out: LinuxBridgeAttach = { hostLines: [], after: [], notes: [] };
  const br = i.bridgeName;
  if (!i.bridge.macFixed && i.bridge.mac) {
    out.hostLines.push({ cmd: `link set dev ${br} address ${i.bridge.mac}` });
  }
  const wantsVlan = i.vlan !== undefined || (i.trunks?.length ?? 0) > 0;
  if (wantsVlan) {
    if (i.bridge.vlanFiltering === undefined) {
      throw new CtnetError(`bridge "${br}" cannot filter VLANs: this kernel has no bridge VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING)`, {
        code: 'E_NOVLAN', hint: 'use an Open vSwitch bridge for VLANs, or a kernel with bridge VLAN filtering',
      });
    }
    if (!i.bridge.vlanFiltering) {
      out.hostLines.push({ cmd: `link set dev ${br} type bridge vlan_filtering 1` });
      out.notes.push(`switching on VLAN filtering on bridge ${br} (ports without a VLAN stay in VLAN 1)`);
    }
  }
  const mtu = i.mtu ?? i.bridge.mtu;
  const attach: BatchLine = { cmd: `link set dev ${i.port}${mtu ? ` mtu ${mtu}` : ''} master ${br} up` };
  const undo = i.portState ? restoreLink(i.portState, { master: br, ...(mtu ? { mtu } : {}) }) : `link set dev ${i.port} nomaster`;
  if (undo) attach.undo = undo;
  out.hostLines.push(attach);
  if (wantsVlan) {
    const lines: BatchLine[] = [];
    if (i.vlan !== undefined) lines.push({ cmd: `vlan add dev ${i.port} vid ${i.vlan} pvid untagged` });
    const tagged = (i.trunks ?? []).filter((t) => t !== i.vlan);
    if (tagged.length) for (const r of formatVlanList(tagged).split(',')) lines.push({ cmd: `vlan add dev ${i.port} vid ${r}` });
    out.after.push({ kind: 'host-batch', tool: 'bridge', what: `VLANs of ${i.port} on ${br}`, lines });
    if (i.vlan !== 1 && !(i.trunks ?? []).includes(1)) {
      out.after.push({
        kind: 'host-batch', tool: 'bridge', what: `take ${i.port} out of VLAN 1`, tolerateMissing: true,
        lines: [{ cmd: `vlan del dev ${i.port} vid 1` }],
      });
    }
  }
  return out;
}
