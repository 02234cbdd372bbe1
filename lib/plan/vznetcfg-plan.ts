/**
 * What the vznetcfg replacement does on the host (pure: event + kernel state in, plan out).
 * - `init veth <dev>` (legacy): put the veth on the bridge of its NETIF entry (Linux or Open
 *   vSwitch, lib/plan/bridge-attach.ts), else just bring it up, as stock vznetcfg does.
 *   Routes and the CT side stay EXTERNAL_SCRIPT's job (ctnet-vznet), as before.
 * - `addif <dev> <network>` (OpenVZ 7): the same on the network's bridge; with VPORT_TYPE=ovs
 *   the port records IFACEID and MAC as Interface external_ids:iface-id / attached-mac (the
 *   keys OVS integrations such as OVN and OpenStack read), in the same one transaction.
 * - `delif <dev>` (OpenVZ 7): take it off its Linux bridge; with VPORT_TYPE=ovs also drop its
 *   Open vSwitch port (`--if-exists`), even when the veth itself is already gone; without
 *   VPORT_TYPE, drop it only when its ctnet-owner is this CT (state.ovsPortOwner).
 * Every step is a set/replace or `--if-exists`: running a command line twice equals once.
 */
import { CtnetError } from '../errors.js';
import type { LinkState } from '../observe/link-state.js';
import type { VznetcfgEvent } from '../runtimes/openvz/vznetcfg-args.js';
import type { BridgeKind } from '../observe/bridge-kind.js';
import { ovsOwner } from '../request/ovs-ids.js';
import { planOvsPortDown } from './ovs-port-plan.js';
import { planBridgeAttach } from './bridge-attach.js';
import { emptyPlan, type Plan } from './plan.js';

export interface VznetcfgState {
  veth: LinkState;
  /** The bridge to attach to (init: argv/NETIF/BRIDGEDEV; addif: the network's bridge). */
  bridgeName?: string;
  bridgeFrom?: string;
  bridge?: LinkState;
  bridgeKind?: BridgeKind;
  /** delif: the veth's current master, when it has one. */
  master?: LinkState;
  /**
   * delif without VPORT_TYPE: ctnet-owner of the OVS port named like the veth ('' none, null no
   * port).
   */
  ovsPortOwner?: string | null;
}

export function planVznetcfg(ev: VznetcfgEvent, st: VznetcfgState): Plan {
  const subject = ev.veid ? `CT ${ev.veid}` : `veth ${ev.dev}`;
  if (ev.kind === 'delif') return planDelif(subject, ev, st);
  const plan = emptyPlan(subject, ev.kind === 'init' ? `init veth ${ev.dev}` : `addif ${ev.dev} ${ev.network}`);
  if (!st.veth.exists) {
    throw new CtnetError(`${subject}: host interface "${ev.dev}" does not exist`, {
      code: 'E_NODEV',
      hint: 'vzctl creates the veth pair before it runs vznetcfg; check the interface name',
    });
  }
  if (!st.bridgeName) {
    plan.notes.push(`no bridge configured for ${ev.dev}: only bringing it up`);
    plan.steps.push({ kind: 'host-batch', what: `bring ${ev.dev} up`, lines: [{ cmd: `link set dev ${ev.dev} up` }] });
    return plan;
  }
  const bridge = st.bridge ?? { name: st.bridgeName, exists: false };
  const kind = st.bridgeKind ?? (bridge.isLinuxBridge ? 'linux' : bridge.exists ? 'other' : 'missing');
  const ovsPort = ev.kind === 'addif' && ev.ovs;
  if (ovsPort && kind === 'linux') {
    throw new CtnetError(
      `${subject}: VPORT_TYPE=ovs, but "${st.bridgeName}" (from ${st.bridgeFrom ?? 'the network'}) is a Linux bridge`,
      {
        code: 'E_NOTBRIDGE',
        hint: 'name an Open vSwitch bridge in the network, or drop vport=ovs from NETIF',
      },
    );
  }
  const ids: Record<string, string> = {};
  if (ev.kind === 'addif' && ev.ifaceId) ids['iface-id'] = ev.ifaceId;
  if (ev.kind === 'addif' && ev.mac) ids['attached-mac'] = ev.mac;
  const attach = planBridgeAttach({
    subject,
    port: ev.dev,
    portState: st.veth,
    bridgeName: st.bridgeName,
    bridge,
    kind,
    owner: ovsOwner('vz', ev.veid),
    bridgeFrom: st.bridgeFrom,
    interfaceIds: Object.keys(ids).length ? ids : undefined,
  });
  plan.steps.push(
    ...attach.before,
    { kind: 'host-batch', what: `attach ${ev.dev} to ${st.bridgeName}`, lines: attach.hostLines },
    ...attach.after,
  );
  plan.teardown.push(...attach.teardown);
  plan.notes.push(...attach.notes);
  return plan;
}

/**
 * libvzctl passes VPORT_TYPE only when NETIF says vport=ovs, so a delif may come without it;
 * ctnet still removes the port it made for this CT (owner vz:VEID; checked again when the
 * step runs). Another owner's port, or one of no owner (patch, tunnel, admin), is left alone.
 */
function planOwnedPortDown(
  plan: Plan,
  ev: Extract<VznetcfgEvent, { kind: 'delif' }>,
  owner: string | null | undefined,
): void {
  if (owner === undefined || owner === null || !ev.veid) return;
  const mine = ovsOwner('vz', ev.veid);
  if (owner === mine) plan.steps.push(planOvsPortDown(ev.dev, mine));
  else
    plan.notes.push(
      `Open vSwitch port ${ev.dev} ${owner ? `belongs to "${owner}"` : 'has no ctnet owner'}: left alone`,
    );
}

function planDelif(subject: string, ev: Extract<VznetcfgEvent, { kind: 'delif' }>, st: VznetcfgState): Plan {
  const dev = ev.dev;
  const plan = emptyPlan(subject, `delif ${dev}`);
  if (st.veth.exists && st.master?.isLinuxBridge) {
    plan.steps.push({
      kind: 'host-batch',
      what: `detach ${dev} from ${st.master.name}`,
      tolerateMissing: true,
      lines: [{ cmd: `link set dev ${dev} nomaster` }],
    });
  }
  if (ev.ovs) plan.steps.push(planOvsPortDown(dev));
  else planOwnedPortDown(plan, ev, st.ovsPortOwner);
  if (plan.steps.length === 0)
    plan.notes.push(`${dev} is ${st.veth.exists ? 'on no Linux bridge' : 'gone'}: nothing to detach`);
  return plan;
}
