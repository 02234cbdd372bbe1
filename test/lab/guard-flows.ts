/** Read a port's OpenFlow guard flows (lib/plan/guard/render-guard-flows.ts) in an OVS lab. */
import { guardCookieMatch } from '../../lib/plan/guard/render-guard-flows.js';
import type { OvsLab } from './ovs.js';

export interface GuardFlow {
  priority: number;
  match: string;
  actions: string;
  packets: number;
}

/** The port's flows on `bridge` (none when the bridge or the flows are gone). */
export async function guardFlowsOf(ovs: OvsLab, bridge: string, port: string): Promise<GuardFlow[]> {
  const r = await ovs.ofctl(['dump-flows', bridge, guardCookieMatch(port)], true);
  if (r.exitCode !== 0) return [];
  return r.stdout
    .split('\n')
    .filter((l) => l.includes('actions='))
    .map((l) => {
      const priority = Number(/priority=(\d+)/.exec(l)?.[1] ?? 0);
      const packets = Number(/n_packets=(\d+)/.exec(l)?.[1] ?? 0);
      const actions = l.slice(l.indexOf('actions=') + 8).trim();
      const match = /priority=\d+,?(\S*)/.exec(l)?.[1] ?? '';
      return { priority, match, actions, packets };
    });
}

/** Packets dropped by the port's final "everything else" flow. */
export async function guardFinalDrops(ovs: OvsLab, bridge: string, port: string): Promise<number> {
  const flows = await guardFlowsOf(ovs, bridge, port);
  const final = flows.reduce<GuardFlow | undefined>((lo, f) => (!lo || f.priority < lo.priority ? f : lo), undefined);
  return final?.packets ?? -1;
}
