/**
 * A managed bridge (pure planner): exists, has its fixed MAC (pinned: addr_assign_type 3, so
 * port changes never move it), MTU, addresses, and is up. Only what differs is changed.
 * MAC: --mac if given; else a bridge that already has a pinned MAC keeps it, an existing
 * unpinned one is pinned at its current MAC (no change on the wire), a new one gets stableMac.
 * OVS: one may-exist add-br transaction (every run; ovsdb treats unchanged values as a no-op)
 * that also pins other-config:hwaddr, then the same ip lines.
 */
import { linkAddressLines } from '../link-address-lines.js';
import { CtnetError } from '../../errors.js';
import type { LinkDetail } from '../../observe/link-detail.js';
import type { IpAddr } from '../../request/ip-address.js';
import { emptyPlan, type BatchLine, type Plan } from '../../plan/plan.js';
import { stableMac } from './stable-mac.js';

export interface BridgeSpec {
  name: string;
  addresses: IpAddr[];
  mac?: string;
  mtu?: number;
  ovs?: { datapathType?: string };
}

export interface BridgeNow {
  link: LinkDetail | undefined;
  /** addr_assign_type == 3 */
  macFixed: boolean;
}

export function planBridgeEnsure(spec: BridgeSpec, now: BridgeNow): Plan {
  const plan = emptyPlan(`bridge ${spec.name}`, 'ensure');
  const cur = now.link;
  const mac = spec.mac ?? cur?.mac ?? stableMac(spec.name);
  const lines: BatchLine[] = [];
  if (spec.ovs) {
    {
      // ovsdb applies an unchanged value as a no-op; the hwaddr setting is the pin
      const dp = spec.ovs.datapathType ? [`datapath_type=${spec.ovs.datapathType}`] : [];
      plan.steps.push({
        kind: 'ovs',
        what: `Open vSwitch bridge ${spec.name}`,
        commands: [
          ['--may-exist', 'add-br', spec.name],
          ['set', 'bridge', spec.name, `other-config:hwaddr="${mac}"`, ...dp],
        ],
      });
    }
  } else if (!cur) {
    lines.push({
      cmd: `link add name ${spec.name} address ${mac}${spec.mtu ? ` mtu ${spec.mtu}` : ''} type bridge`,
      undo: `link del ${spec.name}`,
    });
  } else {
    if (cur.kind !== 'bridge')
      throw new CtnetError(`"${spec.name}" exists and is ${cur.kind ? `a ${cur.kind} link` : 'not a bridge'}`, {
        code: 'E_CONFLICT',
        hint: 'pick another name (or use --ovs for an Open vSwitch bridge)',
      });
    if (cur.mac !== mac || !now.macFixed) lines.push({ cmd: `link set dev ${spec.name} address ${mac}` });
  }
  const created = !cur && !spec.ovs;
  if (spec.mtu && !created && cur?.mtu !== spec.mtu)
    lines.push({
      cmd: `link set dev ${spec.name} mtu ${spec.mtu}`,
      undo: cur ? `link set dev ${spec.name} mtu ${cur.mtu}` : undefined,
    });
  lines.push(...linkAddressLines(spec.name, spec.addresses, cur));
  if (lines.length)
    plan.steps.push({ kind: 'host-batch', what: `${cur ? 'update' : 'set up'} bridge ${spec.name}`, lines });
  if (plan.steps.length === 0) plan.notes.push(`bridge ${spec.name} is in place (MAC ${mac})`);
  return plan;
}
