/** Derived numbers, the targets, and the table `npm run bench` prints (pure). */
import { median, type Timing } from './time-in-lab.js';
import type { InstructionCount } from './instructions-in-lab.js';
import { GUARD_CASES, GUARD_INSTRUCTION_CASES } from './primary-guard-bench.js';
import { CLASS_CASES } from './class-table-bench.js';
import type { LabTime } from './frr-lab-bench.js';

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
  /**
   * Numbers without a target that put the targets in context (e.g. ctnet above a plain Node hook).
   */
  references: Array<{ what: string; value: string }>;
  /** Main-thread instructions (callgrind) of single hook runs: no target, a steady yardstick. */
  instructions: InstructionCount[];
  /** Migration and failover in the BGP lab (--frr): medians of several runs; empty without --frr. */
  frrLab: LabTime[];
}

const ms = (x: number): string => `${x.toFixed(1)} ms`;
const millions = (x: number): string => `${(x / 1e6).toFixed(2)} M`;

/**
 * The median over rounds of `f` applied to the named cases' values of the same round. Cases
 * of one timing loop run one after another in every round, so a round's values were taken
 * under the same load: a difference between them keeps the cost that differs and drops the
 * drift of the machine (2 shared CPUs here), which a difference of two medians keeps.
 */
export function pairedMedian(
  timings: Timing[],
  names: readonly string[],
  f: (...v: number[]) => number,
  kind: 'wall' | 'cpu' = 'wall',
): number | undefined {
  const cases = names.map((n) => timings.find((x) => x.name === n));
  if (cases.some((c) => c === undefined)) return undefined;
  const runs = cases.map((c) => (kind === 'wall' ? c!.wallRuns : c!.cpuRuns));
  const rounds = runs[0]!.length;
  if (runs.some((r) => r.length !== rounds))
    throw new Error(`cases ${names.join(', ')} were not timed in the same loop`);
  return median(Array.from({ length: rounds }, (_, i) => f(...runs.map((r) => r[i]!))));
}

/** Targets of issue 8; a hook cycle is two Node processes (up + umount). */
export function buildReport(
  machine: Machine,
  mode: 'quick' | 'full',
  timings: Timing[],
  instructions: InstructionCount[] = [],
  frrLab: LabTime[] = [],
): BenchReport {
  const derived: Record<string, number> = {};
  const targets: Target[] = [];
  const references: BenchReport['references'] = [];
  const target = (key: string, what: string, value: number | undefined, limit: number): void => {
    if (value === undefined) return;
    derived[key] = value;
    targets.push({ what, value: ms(value), limit: `<= ${limit} ms`, met: value <= limit });
  };

  target(
    'overheadPerHookMs',
    'hook overhead above the Node floor, its ip/vzctl children included (1 addr, per hook run)',
    pairedMedian(timings, ['ctnet 1 addr', 'node -e 0'], (c, f) => (c - 2 * f) / 2),
    10,
  );
  target(
    'ownWorkPerHookMs',
    "ctnet's own work above the Node floor (dry-run up: read, plan, print; per hook run)",
    pairedMedian(timings, ['ctnet-vznet 1 addr, plan only', 'node -e 0'], (p, f) => p - f),
    5,
  );
  // The same cycles without ctnet: its ip/vzctl commands and batches run alone (bench-lab.ts
  // batchesOnlyLine). What is left is what ctnet itself costs.
  target(
    'ownCostPerHookMs',
    "ctnet's own cost per hook run above the Node floor (1 addr cycle minus its commands run alone)",
    pairedMedian(timings, ['ctnet 1 addr', 'ip batches alone, 1 addr', 'node -e 0'], (c, a, f) => (c - a - 2 * f) / 2),
    5,
  );
  target(
    'growth1to64Ms',
    'growth from 1 to 64 addresses (cycle)',
    pairedMedian(timings, ['ctnet 64 addr', 'ctnet 1 addr'], (b, a) => b - a),
    3,
  );
  target(
    'ownGrowth1to64Ms',
    'growth from 1 to 64 addresses beyond the growth of the commands themselves (cycle)',
    pairedMedian(
      timings,
      ['ctnet 64 addr', 'ctnet 1 addr', 'ip batches alone, 64 addr', 'ip batches alone, 1 addr'],
      (c64, c1, a64, a1) => c64 - c1 - (a64 - a1),
    ),
    3,
  );
  const ratio = pairedMedian(timings, ['ctnet 64 addr', 'bash 64 addr'], (c, b) => c / b);
  if (ratio !== undefined) {
    derived['ctnetOverBash64'] = ratio;
    targets.push({
      what: 'ctnet / bash at 64 addresses',
      value: ratio.toFixed(2),
      limit: '<= 0.50',
      met: ratio <= 0.5,
    });
  }
  // Timed in alternating blocks (time-alternating.ts): round i of each state are neighbours.
  const growth = (b: string, fb: string, a: string, fa: string, kind: 'wall' | 'cpu' = 'wall') =>
    pairedMedian(timings, [b, fb, a, fa], (cb, ffb, ca, ffa) => cb - 2 * ffb - (ca - 2 * ffa), kind);
  for (const n of [1, 64]) {
    target(
      `routes5000Growth${n}Ms`,
      `growth with 5,000 unrelated routes (${n} addr, above the floor)`,
      growth(
        `ctnet ${n} addr, 5000 routes`,
        'node -e 0, 5000 routes',
        `ctnet ${n} addr, no extra routes`,
        'node -e 0, no extra routes',
      ),
      3,
    );
  }
  // 500 other filtered ports: the 1-address cycle (floor included) within 1.1x of the cycle
  // without.
  const filtered = pairedMedian(
    timings,
    ['ctnet 1 addr, 500 filtered ports', 'ctnet 1 addr, no filtered ports'],
    (b, a) => b / a,
  );
  if (filtered !== undefined) {
    derived['filtered500Ratio'] = filtered;
    targets.push({
      what: 'cycle with 500 other filtered ports / without (1 addr)',
      value: filtered.toFixed(2),
      limit: '<= 1.10',
      met: filtered <= 1.1,
    });
  }
  target(
    'filtered500GrowthMs',
    'growth with 500 other filtered ports (1 addr, above the floor)',
    growth(
      'ctnet 1 addr, 500 filtered ports',
      'node -e 0, 500 filtered ports',
      'ctnet 1 addr, no filtered ports',
      'node -e 0, no filtered ports',
    ),
    3,
  );
  target(
    'ports500GrowthMs',
    'growth from 1 to 500 OVS ports (lxc cycle, above the floor)',
    growth('lxc ovs 500 ports', 'node -e 0, ovs 500 ports', 'lxc ovs 1 port', 'node -e 0, ovs 1 port'),
    3,
  );
  // The same flatness targets on CPU time (user + system of the hooks and all their children,
  // kernel work included).
  target(
    'growth1to64CpuMs',
    'growth from 1 to 64 addresses (cycle, CPU)',
    pairedMedian(timings, ['ctnet 64 addr', 'ctnet 1 addr'], (b, a) => b - a, 'cpu'),
    3,
  );
  target(
    'routes5000Growth64CpuMs',
    'growth with 5,000 unrelated routes (64 addr, CPU above the floor)',
    growth(
      'ctnet 64 addr, 5000 routes',
      'node -e 0, 5000 routes',
      'ctnet 64 addr, no extra routes',
      'node -e 0, no extra routes',
      'cpu',
    ),
    3,
  );
  target(
    'ports500GrowthCpuMs',
    'growth from 1 to 500 OVS ports (lxc cycle, CPU above the floor)',
    growth('lxc ovs 500 ports', 'node -e 0, ovs 500 ports', 'lxc ovs 1 port', 'node -e 0, ovs 1 port', 'cpu'),
    3,
  );
  const instr = (name: string): number | undefined => instructions.find((x) => x.name === name)?.median;
  const floorInstr = instr('node -e 0');
  for (const [key, name] of [
    ['instrAboveFloorPlanOnly', 'ctnet-vznet 1 addr, plan only'],
    ['instrAboveFloorUp1', 'ctnet-vznet 1 addr'],
    ['instrAboveFloorDown1', 'ctnet-umount 1 addr'],
  ] as const) {
    const v = instr(name);
    if (v !== undefined && floorInstr !== undefined) derived[key] = v - floorInstr;
  }
  // No target: a plain Node hook running the same commands (plain-node-hook.cjs, fs and
  // child_process.spawnSync) shows what a straightforward Node hook doing this work costs.
  const abovePlain = pairedMedian(timings, ['ctnet 1 addr', 'plain node hooks, 1 addr'], (c, p) => (c - p) / 2);
  if (abovePlain !== undefined) {
    derived['abovePlainNodePerHookMs'] = abovePlain;
    references.push({
      what: 'ctnet above a plain Node hook running the same commands through child_process (1 addr cycle, per hook run)',
      value: ms(abovePlain),
    });
  }
  // ovs-vsctl making the same port change, the way LXC's own OVS attach does it: what the
  // runtime's tool pays more with 500 ports (it reads the tables; its add-port waits for
  // ovs-vswitchd, which revisits every port when it applies a change).
  const vsctlGrowth = pairedMedian(timings, ['ovs-vsctl alone, 500 ports', 'ovs-vsctl alone, 1 port'], (b, a) => b - a);
  if (vsctlGrowth !== undefined) {
    derived['vsctlPorts500GrowthMs'] = vsctlGrowth;
    references.push({
      what: 'growth from 1 to 500 OVS ports of ovs-vsctl making the same port change (add-port, del-port)',
      value: ms(vsctlGrowth),
    });
  }
  // ctnet check over many CTs (check-bench.ts): the timer runs it on big hosts.
  target(
    'check1000Ms',
    '`ctnet check` with 1,000 running CTs (wall)',
    pairedMedian(timings, ['ctnet check, 1000 CTs'], (c) => c),
    1000,
  );
  const perCt = (a: number, b: number) =>
    pairedMedian(timings, [`ctnet check, ${b} CTs`, `ctnet check, ${a} CTs`], (cb, ca) => (cb - ca) / (b - a));
  const checkCpu = pairedMedian(timings, ['ctnet check, 1000 CTs'], (c) => c, 'cpu');
  if (checkCpu !== undefined) {
    derived['check1000CpuMs'] = checkCpu;
    references.push({
      what: '`ctnet check` with 1,000 running CTs (CPU: user + system, children included)',
      value: ms(checkCpu),
    });
  }
  const early = perCt(10, 200);
  const late = perCt(200, 1000);
  if (early !== undefined && late !== undefined) {
    derived['checkPerCt10to200Ms'] = early;
    derived['checkPerCt200to1000Ms'] = late;
    references.push({
      what: '`ctnet check` cost per CT, 10 -> 200 CTs / 200 -> 1,000 CTs',
      value: `${early.toFixed(2)} / ${late.toFixed(2)} ms`,
    });
  }
  const plainUp = instr('plain node hook, up 1 addr');
  const up1 = instr('ctnet-vznet 1 addr');
  if (plainUp !== undefined && up1 !== undefined) {
    derived['instrAbovePlainNodeUp1'] = up1 - plainUp;
    references.push({
      what: 'ctnet-vznet up above a plain Node hook running the same commands through child_process (instructions, 1 addr)',
      value: millions(up1 - plainUp),
    });
  }
  // Each tested Node: a ctnet cycle against the plain Node hook's cycle on the same Node; the
  // self-contained executable (Node 24 inside) against the Node 24 hooks.
  for (const major of [20, 22, 24]) {
    const r = pairedMedian(
      timings,
      [`node ${major}: ctnet 1 addr`, `node ${major}: plain node hooks, 1 addr`],
      (c, p) => c / p,
    );
    if (r === undefined) continue;
    derived[`ctnetOverPlainNode${major}`] = r;
    targets.push({
      what: `Node ${major}: ctnet cycle / plain Node hook cycle (1 addr)`,
      value: r.toFixed(2),
      limit: '<= 1.15',
      met: r <= 1.15,
    });
  }
  const sea = pairedMedian(
    timings,
    ['self-contained executable: ctnet 1 addr', 'node 24: ctnet 1 addr'],
    (s, j) => s / j,
  );
  if (sea !== undefined) {
    derived['seaOverNode24'] = sea;
    targets.push({
      what: 'self-contained executable cycle / Node 24 hooks cycle (1 addr)',
      value: sea.toFixed(2),
      limit: '<= 1.10',
      met: sea <= 1.1,
    });
  }
  // CTNET_PRIMARY_GUARD (primary-guard-bench.ts): only the up asks, so a cycle's difference is the up's.
  target(
    'primaryGuardPerUpMs',
    'CTNET_PRIMARY_GUARD=refuse against off, bgpd running with an empty table (per up)',
    pairedMedian(timings, [GUARD_CASES.refuse, GUARD_CASES.off], (g, o) => g - o),
    10,
  );
  const ospf = pairedMedian(timings, [GUARD_CASES.ospf, GUARD_CASES.off], (g, o) => g - o);
  if (ospf !== undefined) {
    derived['primaryGuardOspfPerUpMs'] = ospf;
    references.push({
      what: 'CTNET_PRIMARY_GUARD=refuse against off, no bgpd, ospfd running with an empty database (per up)',
      value: ms(ospf),
    });
  }
  const noBgpd = pairedMedian(timings, [GUARD_CASES.noBgpd, GUARD_CASES.off], (g, o) => g - o);
  if (noBgpd !== undefined) {
    derived['primaryGuardNoBgpdPerUpMs'] = noBgpd;
    references.push({
      what: 'CTNET_PRIMARY_GUARD=refuse against off, no FRR running (per up: bgpd and ospfd cannot be asked, a note is logged)',
      value: ms(noBgpd),
    });
  }
  const spare = pairedMedian(timings, [CLASS_CASES.spare, CLASS_CASES.primary], (s, p) => s - p);
  if (spare !== undefined) {
    derived['spareOverPrimaryPerCycleMs'] = spare;
    references.push({
      what: "CTNET_ANNOUNCE=spare against primary (per cycle: the class table's rule, one more ip at the up)",
      value: ms(spare),
    });
  }
  const guardOff = instr(GUARD_INSTRUCTION_CASES.off);
  const guardRefuse = instr(GUARD_INSTRUCTION_CASES.refuse);
  if (guardOff !== undefined && guardRefuse !== undefined) {
    derived['instrPrimaryGuardUp1'] = guardRefuse - guardOff;
    references.push({
      what: 'CTNET_PRIMARY_GUARD=refuse against off, bgpd running with an empty table (instructions of the up, 1 addr)',
      value: millions(guardRefuse - guardOff),
    });
  }
  const up64 = instr('ctnet-vznet 64 addr');
  if (up64 !== undefined && up1 !== undefined) derived['instrGrowthUp1to64'] = up64 - up1;
  return { machine, mode, timings, derived, targets, references, instructions, frrLab };
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
    lines.push(
      `| ${x.name} | ${ms(x.medianMs)} | ${ms(x.minMs)} | ${ms(x.maxMs)} | ${x.runs} | ${rel} | ${ms(x.cpuMs)} |`,
    );
  }
  lines.push('', '| target | value | limit | met |', '| --- | ---: | ---: | --- |');
  for (const g of r.targets) lines.push(`| ${g.what} | ${g.value} | ${g.limit} | ${g.met ? 'yes' : 'NO'} |`);
  if (r.references.length > 0) {
    lines.push('', '| reference (no target) | value |', '| --- | ---: |');
    for (const x of r.references) lines.push(`| ${x.what} | ${x.value} |`);
  }
  const floorInstr = r.instructions.find((x) => x.name === 'node -e 0')?.median;
  if (r.instructions.length > 0 && floorInstr !== undefined) {
    lines.push(
      '',
      `| one process, main thread (callgrind, median of ${r.instructions[0]!.runs.length}) | instructions | above node -e 0 |`,
      '| --- | ---: | ---: |',
    );
    for (const x of r.instructions)
      lines.push(
        `| ${x.name} | ${millions(x.median)} | ${x.name === 'node -e 0' ? '' : millions(x.median - floorInstr)} |`,
      );
  }
  if (r.frrLab.length > 0) {
    lines.push(
      '',
      `| BGP lab, real FRR (median of ${r.frrLab[0]!.runsMs.length} runs) | median | min | max |`,
      '| --- | ---: | ---: | ---: |',
    );
    for (const x of r.frrLab) lines.push(`| ${x.what} | ${ms(x.medianMs)} | ${ms(x.minMs)} | ${ms(x.maxMs)} |`);
  }
  return lines.join('\n') + '\n';
}
