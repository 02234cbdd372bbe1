/** Derived numbers, the targets, and the table `npm run bench` prints (pure). */
import type { Timing } from './time-in-lab.js';

export interface Machine {
  nproc: number;
  cpu: string;
  kernel: string;
  node: string;
}

export interface Target {
  what: string;
  value: string;
  limit: string;
  met: boolean;
}

export interface BenchReport {
  machine: Machine;
  mode: 'quick' | 'full';
  timings: Timing[];
  derived: Record<string, number>;
  targets: Target[];
}

const ms = (x: number): string => `${x.toFixed(1)} ms`;

/** Targets of issue 8; a hook cycle is two Node processes (up + umount). */
export function buildReport(machine: Machine, mode: 'quick' | 'full', timings: Timing[]): BenchReport {
  const t = (name: string): number | undefined => timings.find((x) => x.name === name)?.medianMs;
  const cpu = (name: string): number | undefined => timings.find((x) => x.name === name)?.cpuMs;
  const derived: Record<string, number> = {};
  const targets: Target[] = [];
  const floor = t('node -e 0');
  const c1 = t('ctnet 1 addr');
  const c64 = t('ctnet 64 addr');
  const b64 = t('bash 64 addr');
  if (floor !== undefined && c1 !== undefined) {
    derived['overheadPerHookMs'] = (c1 - 2 * floor) / 2;
    targets.push({ what: 'hook overhead above the Node floor, its ip/vzctl children included (1 addr, per hook run)', value: ms(derived['overheadPerHookMs']!), limit: '<= 10 ms', met: derived['overheadPerHookMs']! <= 10 });
  }
  const plan = t('ctnet-vznet 1 addr, plan only');
  if (floor !== undefined && plan !== undefined) {
    derived['ownWorkPerHookMs'] = plan - floor;
    targets.push({ what: 'ctnet\'s own work above the Node floor (dry-run up: read, plan, print; per hook run)', value: ms(plan - floor), limit: '<= 5 ms', met: plan - floor <= 5 });
  }
  if (c1 !== undefined && c64 !== undefined) {
    derived['growth1to64Ms'] = c64 - c1;
    targets.push({ what: 'growth from 1 to 64 addresses (cycle)', value: ms(c64 - c1), limit: '<= 3 ms', met: c64 - c1 <= 3 });
  }
  // The same cycles without ctnet: its ip/vzctl commands and batches run alone (bench-lab.ts
  // batchesOnlyLine). What is left is what ctnet itself costs.
  const a1 = t('ip batches alone, 1 addr');
  const a64 = t('ip batches alone, 64 addr');
  if (floor !== undefined && c1 !== undefined && a1 !== undefined) {
    derived['ownCostPerHookMs'] = (c1 - a1 - 2 * floor) / 2;
    targets.push({ what: 'ctnet\'s own cost per hook run above the Node floor (1 addr cycle minus its commands run alone)', value: ms(derived['ownCostPerHookMs']!), limit: '<= 5 ms', met: derived['ownCostPerHookMs']! <= 5 });
  }
  if (c1 !== undefined && c64 !== undefined && a1 !== undefined && a64 !== undefined) {
    derived['ownGrowth1to64Ms'] = (c64 - c1) - (a64 - a1);
    targets.push({ what: 'growth from 1 to 64 addresses beyond the growth of the commands themselves (cycle)', value: ms(derived['ownGrowth1to64Ms']!), limit: '<= 3 ms', met: derived['ownGrowth1to64Ms']! <= 3 });
  }
  if (c64 !== undefined && b64 !== undefined) {
    derived['ctnetOverBash64'] = c64 / b64;
    targets.push({ what: 'ctnet / bash at 64 addresses', value: (c64 / b64).toFixed(2), limit: '<= 0.50', met: c64 / b64 <= 0.5 });
  }
  for (const n of [1, 64]) {
    const base = t(`ctnet ${n} addr`);
    const routes = t(`ctnet ${n} addr, 5000 routes`);
    const floor2 = t('node -e 0, 5000 routes');
    if (base === undefined || routes === undefined || floor === undefined || floor2 === undefined) continue;
    const growth = (routes - 2 * floor2) - (base - 2 * floor);
    derived[`routes5000Growth${n}Ms`] = growth;
    targets.push({ what: `growth with 5,000 unrelated routes (${n} addr, above the floor)`, value: ms(growth), limit: '<= 3 ms', met: growth <= 3 });
  }
  const p1 = t('lxc ovs 1 port');
  const p500 = t('lxc ovs 500 ports');
  const f1 = t('node -e 0, ovs 1 port');
  const f500 = t('node -e 0, ovs 500 ports');
  if (p1 !== undefined && p500 !== undefined && f1 !== undefined && f500 !== undefined) {
    const growth = (p500 - 2 * f500) - (p1 - 2 * f1);
    derived['ports500GrowthMs'] = growth;
    targets.push({ what: 'growth from 1 to 500 OVS ports (lxc cycle, above the floor)', value: ms(growth), limit: '<= 3 ms', met: growth <= 3 });
  }
  // The same flatness targets on CPU time (user + system of the hooks and all their children,
  // kernel work included): insensitive to other load on the machine, which wall time is not.
  for (const [what, a, b, fa, fb] of [
    ['growth from 1 to 64 addresses (cycle, CPU)', 'ctnet 1 addr', 'ctnet 64 addr', 'node -e 0', 'node -e 0'],
    ['growth with 5,000 unrelated routes (64 addr, CPU above the floor)', 'ctnet 64 addr', 'ctnet 64 addr, 5000 routes', 'node -e 0', 'node -e 0, 5000 routes'],
    ['growth from 1 to 500 OVS ports (lxc cycle, CPU above the floor)', 'lxc ovs 1 port', 'lxc ovs 500 ports', 'node -e 0, ovs 1 port', 'node -e 0, ovs 500 ports'],
  ] as const) {
    const [ca, cb, cfa, cfb] = [cpu(a), cpu(b), cpu(fa), cpu(fb)];
    if (ca === undefined || cb === undefined || cfa === undefined || cfb === undefined) continue;
    const growth = (cb - 2 * cfb) - (ca - 2 * cfa);
    targets.push({ what, value: ms(growth), limit: '<= 3 ms', met: growth <= 3 });
  }
  return { machine, mode, timings, derived, targets };
}

export function formatReport(r: BenchReport): string {
  const floor = r.timings.find((x) => x.name === 'node -e 0')?.medianMs;
  const lines = [
    `ctnet bench (${r.mode}): ${r.machine.nproc} CPUs (${r.machine.cpu}), kernel ${r.machine.kernel}, node ${r.machine.node}`,
    '',
    '| case | median wall | min | max | runs | x node floor | median CPU |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const x of r.timings) {
    const rel = floor ? (x.medianMs / floor).toFixed(2) : '-';
    lines.push(`| ${x.name} | ${ms(x.medianMs)} | ${ms(x.minMs)} | ${ms(x.maxMs)} | ${x.runs} | ${rel} | ${ms(x.cpuMs)} |`);
  }
  lines.push('', '| target | value | limit | met |', '| --- | ---: | ---: | --- |');
  for (const g of r.targets) lines.push(`| ${g.what} | ${g.value} | ${g.limit} | ${g.met ? 'yes' : 'NO'} |`);
  return lines.join('\n') + '\n';
}
