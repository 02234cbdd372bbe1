/**
 * Plan the anti-spoofing filter of one container port (pure): the step that writes its chain,
 * the teardown entry that removes it, and notes on what could not be filtered. Shared by the
 * OpenVZ and LXC hooks; the chain hooks the host veth's ingress, so one mechanism covers a
 * Linux bridge, Open vSwitch and a routed veth alike.
 *
 * Routed veths: the chain is also their reverse-path check. A routed veth's only route back
 * is the host routes to the container's addresses (proto 213), so "the source is one of its
 * addresses" is exactly strict RPF (rp_filter=1) for that interface, checked before routing
 * and for IPv6 too, where Linux has no rp_filter sysctl.
 */
import { CtnetError } from '../../errors.js';
import type { IpAddr } from '../../request/ip-address.js';
import type { Plan } from '../plan.js';
import type { PortGuardPlan } from './port-guard-plan.js';
import { guardMacProblem, guardPortProblem, type GuardSpec } from './guard-spec.js';
import { guardAddStep } from './port-guard-step.js';
import { linkOvsGuard } from './link-ovs-guard.js';

export interface GuardSettings {
  /** Filter at all (CTNET_FILTER, the host-wide default). */
  enabled: boolean;
  /** Where `enabled` came from, for the note when it is off. */
  from?: string;
  macFilter: boolean;
  ipFilter: boolean;
}

export const GUARD_ON: Readonly<GuardSettings> = Object.freeze({ enabled: true, macFilter: true, ipFilter: true });

export interface PortGuardInput {
  subject: string;
  port: string;
  mac?: string;
  addresses: IpAddr[];
  dhcp?: boolean;
  settings: GuardSettings;
}

export type { PortGuardPlan } from './port-guard-plan.js';

export function planPortGuard(guard: PortGuardInput): PortGuardPlan {
  if (!guard.settings.enabled) {
    return {
      steps: [],
      teardown: [],
      notes: [`anti-spoofing filter on ${guard.port} is off${guard.settings.from ? ` (${guard.settings.from})` : ''}`],
    };
  }
  const bad = guardPortProblem(guard.port) ?? (guard.mac !== undefined ? guardMacProblem(guard.mac) : undefined);
  if (bad)
    throw new CtnetError(`${guard.subject}: anti-spoofing filter: ${bad}`, {
      code: 'E_CONFIG',
      hint: 'fix the name/MAC, or switch the filter off with CTNET_FILTER=off',
    });
  const notes: string[] = [];
  if (guard.mac === undefined && guard.settings.macFilter)
    notes.push(
      `the container MAC of ${guard.port} is not configured: its source MAC is not filtered (set it to filter it)`,
    );
  // No configured address: the container's addresses come from elsewhere (DHCP, the container's
  // own config), which ctnet cannot know, so only the source-address rules are left out, as the
  // MAC rules are for an unknown MAC; router advertisements and DHCP server answers stay dropped.
  const ipFilter = guard.settings.ipFilter && guard.addresses.length > 0;
  if (guard.settings.ipFilter && !ipFilter)
    notes.push(
      `${guard.port} has no configured addresses (DHCP or set inside the container): its source addresses are not filtered (configure them to filter them)`,
    );
  const spec: GuardSpec = {
    port: guard.port,
    addresses: guard.addresses,
    dhcp: guard.dhcp ?? false,
    macFilter: guard.settings.macFilter,
    ipFilter,
    mac: guard.mac?.toLowerCase(),
  };
  return { steps: [guardAddStep(spec)], teardown: [{ kind: 'port-guard', port: guard.port }], notes };
}

/**
 * The filter goes in just before the plan's first ip batch, the one that brings the port up
 * (and onto a Linux bridge): no frame passes the port unfiltered, and what is decided before
 * it (an Open vSwitch port's ownership, over OVSDB) can refuse the up before nft runs at all.
 * Its teardown entry joins the others; a rollback removes the chain with the rest.
 */
export function addGuard(plan: Plan, g: PortGuardPlan): void {
  linkOvsGuard(plan, g);
  const at = plan.steps.findIndex((s) => s.kind === 'host-batch');
  plan.steps.splice(at < 0 ? plan.steps.length : at, 0, ...g.steps);
  plan.teardown.push(...g.teardown);
  plan.notes.push(...g.notes);
}
