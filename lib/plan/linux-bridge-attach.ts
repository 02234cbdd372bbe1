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

export function planLinuxBridgeAttach(attach: LinuxBridgeAttachInput): LinuxBridgeAttach {
  const out: LinuxBridgeAttach = { hostLines: [], after: [], notes: [] };
  const br = attach.bridgeName;
  if (!attach.bridge.macFixed && attach.bridge.mac) {
    out.hostLines.push({ cmd: `link set dev ${br} address ${attach.bridge.mac}` });
  }
  const wantsVlan = attach.vlan !== undefined || (attach.trunks?.length ?? 0) > 0;
  if (wantsVlan) {
    if (attach.bridge.vlanFiltering === undefined) {
      throw new CtnetError(
        `bridge "${br}" cannot filter VLANs: this kernel has no bridge VLAN filtering (CONFIG_BRIDGE_VLAN_FILTERING)`,
        {
          code: 'E_NOVLAN',
          hint: 'use an Open vSwitch bridge for VLANs, or a kernel with bridge VLAN filtering',
        },
      );
    }
    if (!attach.bridge.vlanFiltering) {
      out.hostLines.push({ cmd: `link set dev ${br} type bridge vlan_filtering 1` });
      out.notes.push(`switching on VLAN filtering on bridge ${br} (ports without a VLAN stay in VLAN 1)`);
    }
  }
  const mtu = attach.mtu ?? attach.bridge.mtu;
  const attachLine: BatchLine = { cmd: `link set dev ${attach.port}${mtu ? ` mtu ${mtu}` : ''} master ${br} up` };
  const undo = attach.portState
    ? restoreLink(attach.portState, { master: br, mtu })
    : `link set dev ${attach.port} nomaster`;
  if (undo) attachLine.undo = undo;
  out.hostLines.push(attachLine);
  if (wantsVlan) {
    const lines: BatchLine[] = [];
    if (attach.vlan !== undefined) lines.push({ cmd: `vlan add dev ${attach.port} vid ${attach.vlan} pvid untagged` });
    const tagged = (attach.trunks ?? []).filter((t) => t !== attach.vlan);
    if (tagged.length)
      for (const r of formatVlanList(tagged).split(',')) lines.push({ cmd: `vlan add dev ${attach.port} vid ${r}` });
    out.after.push({ kind: 'host-batch', tool: 'bridge', what: `VLANs of ${attach.port} on ${br}`, lines });
    if (attach.vlan !== 1 && !(attach.trunks ?? []).includes(1)) {
      out.after.push({
        kind: 'host-batch',
        tool: 'bridge',
        what: `take ${attach.port} out of VLAN 1`,
        tolerateMissing: true,
        lines: [{ cmd: `vlan del dev ${attach.port} vid 1` }],
      });
    }
  }
  return out;
}
