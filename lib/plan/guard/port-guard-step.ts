/**
 * The plan step that writes or removes one port's anti-spoofing chain (data; applied by
 * lib/apply/guard/apply-port-guard.ts as one `nft -f -`), and its script for `ctnet plan`.
 */
import type { GuardSpec } from './guard-spec.js';
import { renderGuardAdd, renderGuardRemove } from './render-guard.js';

export type PortGuardStep =
  | { kind: 'port-guard'; what: string; op: 'add'; spec: GuardSpec }
  | { kind: 'port-guard'; what: string; op: 'remove'; port: string; bridge?: string };

export function guardAddStep(spec: GuardSpec): PortGuardStep {
  return { kind: 'port-guard', what: `anti-spoofing filter on ${spec.port}`, op: 'add', spec };
}

/**
 * Removing a chain that is not there is success (render-guard.ts); with `bridge`, also the
 * port's OpenFlow guard flows there (by cookie; a missing bridge or flows is success too).
 */
export function guardRemoveStep(port: string, bridge?: string): PortGuardStep {
  return { kind: 'port-guard', what: `remove the anti-spoofing filter of ${port}`, op: 'remove', port, bridge };
}

/** The nft script the step runs. */
export function guardScript(step: PortGuardStep): string {
  return step.op === 'add' ? renderGuardAdd(step.spec) : renderGuardRemove(step.port);
}
