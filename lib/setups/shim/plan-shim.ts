/**
 * The macvlan host shim (seed 003): macvlan containers in bridge mode cannot reach the host
 * through their parent; a host-side macvlan on the same parent, with an address in their
 * network, can. One shim per parent, shared by every container on it, tagged with the link
 * alias "ctnet-shim" so remove never deletes a link ctnet did not make. Pure planners.
 */
import { linkAddressLines } from '../link-address-lines.js';
import { CtnetError } from '../../errors.js';
import type { LinkDetail } from '../../observe/link-detail.js';
import type { IpAddr } from '../../request/ip-address.js';
import { emptyPlan, type Plan } from '../../plan/plan.js';

export const SHIM_ALIAS = 'ctnet-shim';

export interface ShimSpec {
  name: string;
  parent: string;
  addresses: IpAddr[];
}

/** Create the shim or add what it lacks; nothing when it is complete. */
export function planShimEnsure(spec: ShimSpec, cur: LinkDetail | undefined, parentExists: boolean): Plan {
  const plan = emptyPlan(`shim ${spec.name}`, 'ensure');
  const lines: Array<{ cmd: string; undo?: string }> = [];
  if (!cur) {
    if (!parentExists)
      throw new CtnetError(`shim "${spec.name}": parent device "${spec.parent}" does not exist`, { code: 'E_CONFIG' });
    lines.push({
      cmd: `link add link ${spec.parent} name ${spec.name} type macvlan mode bridge`,
      undo: `link del ${spec.name}`,
    });
    lines.push({ cmd: `link set dev ${spec.name} alias ${SHIM_ALIAS}` });
  } else {
    const why =
      cur.ifalias !== SHIM_ALIAS
        ? `exists and was not made by ctnet (alias "${cur.ifalias ?? ''}")`
        : cur.kind !== 'macvlan'
          ? `is a ${cur.kind ?? 'plain'} link, not a macvlan`
          : cur.parent !== spec.parent
            ? `sits on "${cur.parent}", not on "${spec.parent}"`
            : cur.mode !== 'bridge'
              ? `is in macvlan mode "${cur.mode}", not bridge`
              : undefined;
    if (why)
      throw new CtnetError(`shim "${spec.name}" ${why}`, {
        code: 'E_CONFLICT',
        hint: 'pick another --name or remove that link',
      });
  }
  lines.push(...linkAddressLines(spec.name, spec.addresses, cur));
  if (lines.length)
    plan.steps.push({
      kind: 'host-batch',
      what: `${cur ? 'complete' : 'create'} macvlan shim ${spec.name} on ${spec.parent}`,
      lines,
    });
  else plan.notes.push(`shim ${spec.name} on ${spec.parent} is in place`);
  return plan;
}

/** Delete the shim if it is ctnet's; a missing shim is success. */
export function planShimRemove(name: string, cur: LinkDetail | undefined): Plan {
  const plan = emptyPlan(`shim ${name}`, 'remove');
  if (!cur) {
    plan.notes.push(`shim ${name} does not exist`);
    return plan;
  }
  if (cur.ifalias !== SHIM_ALIAS)
    throw new CtnetError(`"${name}" was not made by ctnet (alias "${cur.ifalias ?? ''}"); not removing it`, {
      code: 'E_CONFLICT',
    });
  plan.steps.push({
    kind: 'host-batch',
    what: `remove macvlan shim ${name}`,
    lines: [{ cmd: `link del ${name}` }],
    tolerateMissing: true,
  });
  return plan;
}
