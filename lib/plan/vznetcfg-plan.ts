/**
 * What the vznetcfg replacement does on the host (pure: event + kernel state in, plan out).
 * - `init veth <dev>` (legacy): put the veth on the bridge of its NETIF entry, else just bring
 *   it up, as stock vznetcfg does. Routes and the CT side are EXTERNAL_SCRIPT's job
 *   (ctnet-vznet), as before.
 * - `addif <dev> <network>` (OpenVZ 7): put the veth on the network's bridge and bring it up.
 * - `delif <dev>` (OpenVZ 7): take it off its Linux bridge; with VPORT_TYPE=ovs also drop its
 *   Open vSwitch port (`--if-exists`), even when the veth itself is already gone.
 * Every step is a `set` or an `--if-exists`: running a command line twice equals once.
 */
import { CtnetError } from '../errors.js';
import type { LinkState } from '../net/link-state.js';
import type { VznetcfgEvent } from '../openvz/vznetcfg-args.js';
import { linuxBridgeAttachLines } from './bridge-attach.js';
import { emptyPlan, type Plan } from './plan.js';

export interface VznetcfgState {
  veth: LinkState;
  /** The bridge to attach to (init: argv/NETIF/BRIDGEDEV; addif: the network's bridge). */
  bridgeName?: string;
  bridgeFrom?: string;
  bridge?: LinkState;
  /** delif: the veth's current master, when it has one. */
  master?: LinkState;
}

export function planVznetcfg(ev: VznetcfgEvent, st: VznetcfgState): Plan {
  const subject = ev.veid ? `CT ${ev.veid}` : `veth ${ev.dev}`;
  if (ev.kind === 'delif') return planDelif(subject, ev.dev, ev.ovs, st);
  const plan = emptyPlan(subject, ev.kind === 'init' ? `init veth ${ev.dev}` : `addif ${ev.dev} ${ev.network}`);
  if (!st.veth.exists) {
    throw new CtnetError(`${subject}: host interface "${ev.dev}" does not exist`, {
      code: 'E_NODEV', hint: 'vzctl creates the veth pair before it runs vznetcfg; check the interface name',
    });
  }
  if (ev.kind === 'addif' && ev.ovs) {
    throw new CtnetError(`${subject}: VPORT_TYPE=ovs: Open vSwitch ports are not supported by this build of ctnet-vznetcfg yet`, {
      code: 'E_UNSUPPORTED', hint: 'use a Linux bridge network (type=bridge without vport=ovs)',
    });
  }
  if (!st.bridgeName) {
    plan.notes.push(`no bridge configured for ${ev.dev}: only bringing it up`);
    plan.steps.push({ kind: 'host-batch', what: `bring ${ev.dev} up`, lines: [{ cmd: `link set dev ${ev.dev} up` }] });
    return plan;
  }
  const lines = linuxBridgeAttachLines({
    subject,
    dev: ev.dev,
    bridgeName: st.bridgeName,
    ...(st.bridgeFrom ? { bridgeFrom: st.bridgeFrom } : {}),
    ...(st.bridge ? { bridge: st.bridge } : {}),
  });
  plan.steps.push({ kind: 'host-batch', what: `attach ${ev.dev} to ${st.bridgeName}`, lines });
  return plan;
}

function planDelif(subject: string, dev: string, ovs: boolean, st: VznetcfgState): Plan {
  const plan = emptyPlan(subject, `delif ${dev}`);
  if (st.veth.exists && st.master?.isLinuxBridge) {
    plan.steps.push({
      kind: 'host-batch', what: `detach ${dev} from ${st.master.name}`, tolerateMissing: true,
      lines: [{ cmd: `link set dev ${dev} nomaster` }],
    });
  }
  if (ovs) plan.steps.push({ kind: 'ovs', what: `remove Open vSwitch port ${dev}`, commands: [['--if-exists', 'del-port', dev]] });
  if (plan.steps.length === 0) plan.notes.push(`${dev} is ${st.veth.exists ? 'on no Linux bridge' : 'gone'}: nothing to detach`);
  return plan;
}
