/**
 * Plan a container's host veth joining its bridge, whichever kind it is (pure; the kind was
 * detected by lib/observe/bridge-kind.ts). Linux bridge: lib/plan/linux-bridge-attach.ts.
 * Open vSwitch: one transaction (lib/plan/ovs-port-plan.ts) and the port's removal as
 * teardown. Shared by the OpenVZ and LXC hooks.
 */
import { CtnetError } from '../errors.js';
import type { LinkState } from '../observe/link-state.js';
import type { BridgeKind } from '../observe/bridge-kind.js';
import { planOvsPortUp, type OvsPortOptions } from './ovs-port-plan.js';
import { planLinuxBridgeAttach } from './linux-bridge-attach.js';
import type { BatchLine, Step } from './plan.js';
import { restoreLink } from './restore-link.js';
import type { TeardownEntry } from './teardown-entry.js';

/**
 * The port settings (owner, ifname, VLAN, MTU, ids) are those of an OVS port, whatever the kind.
 */
export interface BridgeAttachInput extends Omit<OvsPortOptions, 'bridge'> {
  /** "CT 101", "container web1": for messages. */
  subject: string;
  /** The port as it is now (for exact undo lines). */
  portState?: LinkState;
  bridgeName: string;
  /** Where the bridge name came from, for messages. */
  bridgeFrom?: string;
  bridge: LinkState;
  kind: BridgeKind;
}

export interface BridgeAttach {
  /** Steps before the host batch (the OVS transaction). */
  before: Step[];
  /** Lines for the caller's host `ip -batch`. */
  hostLines: BatchLine[];
  /** Steps after the host batch (Linux bridge VLAN entries). */
  after: Step[];
  /** What a later down must remove (the OVS port, if it is still this owner's). */
  teardown: TeardownEntry[];
  notes: string[];
}

export function planBridgeAttach(attach: BridgeAttachInput): BridgeAttach {
  const from = attach.bridgeFrom ? ` (from ${attach.bridgeFrom})` : '';
  if (attach.kind === 'missing') {
    throw new CtnetError(`${attach.subject}: bridge "${attach.bridgeName}"${from} does not exist`, {
      code: 'E_NOBRIDGE',
      hint: `create it before the container starts (ctnet bridge ensure ${attach.bridgeName}), or fix the bridge setting`,
    });
  }
  if (attach.kind === 'other') {
    throw new CtnetError(
      `${attach.subject}: "${attach.bridgeName}" is not a Linux bridge or an Open vSwitch bridge${from}`,
      {
        code: 'E_NOTBRIDGE',
        hint: 'name a Linux or Open vSwitch bridge',
      },
    );
  }
  if (attach.kind === 'linux') {
    const lb = planLinuxBridgeAttach({
      port: attach.port,
      bridgeName: attach.bridgeName,
      bridge: attach.bridge,
      portState: attach.portState,
      vlan: attach.vlan,
      trunks: attach.trunks,
      mtu: attach.mtu,
    });
    return { before: [], hostLines: lb.hostLines, after: lb.after, teardown: [], notes: lb.notes };
  }
  const mtu = attach.mtu ?? (attach.bridge.exists ? attach.bridge.mtu : undefined);
  const up = planOvsPortUp({
    bridge: attach.bridgeName,
    port: attach.port,
    owner: attach.owner,
    ifname: attach.ifname,
    vlan: attach.vlan,
    trunks: attach.trunks,
    mtu,
    interfaceIds: attach.interfaceIds,
    adoptUnowned: attach.adoptUnowned,
  });
  const linkUp: BatchLine = { cmd: `link set dev ${attach.port} up` };
  const undo = attach.portState ? restoreLink(attach.portState, {}) : undefined;
  if (undo) linkUp.undo = undo;
  return {
    before: [up],
    hostLines: [linkUp],
    after: [],
    teardown: [{ kind: 'ovs-port', port: attach.port, owner: attach.owner }],
    notes: [],
  };
}
