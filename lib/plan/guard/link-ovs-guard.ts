/**
 * Tie a port's anti-spoofing filter to its Open vSwitch port (pure): when the plan adds the
 * port to an OVS bridge, the port step carries the filter (its OpenFlow flows are installed
 * there once OVS has the port, on the userspace datapath: lib/apply/guard/apply-guard-flows.ts), and
 * the filter's removal (undo and teardown entry) names the bridge, so the flows go by cookie.
 */
import type { Plan } from '../plan.js';
import type { PortGuardPlan } from './port-guard-plan.js';

export function linkOvsGuard(plan: Plan, g: PortGuardPlan): void {
  for (const step of g.steps) {
    if (step.kind !== 'port-guard' || step.op !== 'add') continue;
    const port = plan.steps.find((s) => s.kind === 'ovs-port' && s.op === 'add' && s.spec.port === step.spec.port);
    if (!port || port.kind !== 'ovs-port' || port.op !== 'add') continue;
    const bridge = port.spec.bridge;
    step.spec.ovsBridge = bridge;
    port.spec.guard = step.spec;
    for (const e of g.teardown) if (e.kind === 'port-guard' && e.port === step.spec.port) e.bridge = bridge;
  }
}
