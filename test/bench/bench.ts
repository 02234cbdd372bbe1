// not-unit: needs root and the built hooks (the bench lab)
/**
 * `npm run bench -- --quick --no-callgrind` runs on the lab and prints the table; `--json`
 * prints the same report as JSON. Timings are not asserted (no timed assertions in tests): only
 * that every case ran, was timed, and that the hooks really did their work (bench.ts verifies
 * routes). valgrind never runs in the test suite: instruction counts come from `npm run bench`.
 */
import t from 'tap';
import * as path from 'node:path';
import { run } from '../../lib/doors/exec.js';
import { REPO } from '../lab/vz-lab.js';
import { buildReport, formatReport, pairedMedian } from '../../bench/report.js';
import { median, summarize } from '../../bench/time-in-lab.js';
import { CLASS_CASES } from '../../bench/class-table-bench.js';

const BENCH = path.join(REPO, 'dist/bench/bench.mjs');
// Two quick benches (table, JSON), each building the hook lab, an OVS lab and three check nodes
// (10, 200, 1,000 CTs): more than the suite's 300 s per file on 2 shared, busy CPUs.
t.setTimeout(1_200_000);
const CASES = [
  'node -e 0',
  'ctnet-vznet 1 addr, plan only',
  'ctnet 1 addr',
  'ctnet 16 addr',
  'ctnet 64 addr',
  'bash 1 addr',
  'bash 16 addr',
  'bash 64 addr',
  'node -e 0, no extra routes',
  'ctnet 1 addr, no extra routes',
  'ctnet 64 addr, no extra routes',
  'node -e 0, 5000 routes',
  'ctnet 1 addr, 5000 routes',
  'ctnet 64 addr, 5000 routes',
  'node -e 0, no filtered ports',
  'ctnet 1 addr, no filtered ports',
  'node -e 0, 500 filtered ports',
  'ctnet 1 addr, 500 filtered ports',
  'ip batches alone, 1 addr',
  'ip batches alone, 64 addr',
  'plain node hooks, 1 addr',
  'plain node hooks, 64 addr',
  'node -e 0, ovs 1 port',
  'lxc ovs 1 port',
  'ovs-vsctl alone, 1 port',
  'node -e 0, ovs 500 ports',
  'lxc ovs 500 ports',
  'ovs-vsctl alone, 500 ports',
  ...[20, 22, 24].flatMap((n) => [
    `node ${n}: node -e 0`,
    `node ${n}: ctnet 1 addr`,
    `node ${n}: plain node hooks, 1 addr`,
  ]),
  'self-contained executable: ctnet 1 addr',
  'node -e 0, check nodes',
  'ctnet check, 10 CTs',
  'ctnet check, 200 CTs',
  'ctnet check, 1000 CTs',
  'node -e 0, primary guard',
  'ctnet 1 addr, primary guard off',
  'ctnet 1 addr, primary guard refuse (bgpd, empty table)',
  'ctnet 1 addr, primary guard refuse (no bgpd, ospfd, empty database)',
  'ctnet 1 addr, primary guard refuse (bgpd not running)',
  ...Object.values(CLASS_CASES),
];

const escape = (s: string): string => s.replace(/[()]/g, (c) => `\\${c}`);

t.test('quick bench prints the table with every case', async (t) => {
  const r = await run('node', [BENCH, '--quick', '--no-callgrind'], { timeoutMs: 540_000, allowFailure: true });
  t.equal(r.exitCode, 0, `bench exits 0: ${r.stderr}`);
  t.match(r.stdout, /^ctnet bench \(quick\): \d+ CPUs/m, 'names the machine');
  for (const c of CASES)
    t.match(r.stdout, new RegExp(`^\\| ${escape(c)} \\| \\d+\\.\\d ms \\|`, 'm'), `row for "${c}"`);
  t.match(r.stdout, /\| ctnet \/ bash at 64 addresses \| \d\.\d\d \|/, 'ratio row');
  t.match(
    r.stdout,
    /\| cycle with 500 other filtered ports \/ without \(1 addr\) \| \d\.\d\d \| <= 1\.10 \|/,
    'filtered ports ratio row',
  );
  for (const n of [20, 22, 24])
    t.match(
      r.stdout,
      new RegExp(`\\| Node ${n}: ctnet cycle / plain Node hook cycle \\(1 addr\\) \\| \\d\\.\\d\\d \\|`),
      `Node ${n} ratio row`,
    );
  t.match(
    r.stdout,
    /\| self-contained executable cycle \/ Node 24 hooks cycle \(1 addr\) \| \d\.\d\d \|/,
    'self-contained executable ratio row',
  );
  t.match(
    r.stdout,
    /\| `ctnet check` with 1,000 running CTs \(wall\) \| \d+\.\d ms \| <= 1000 ms \|/,
    'check target row',
  );
  t.match(
    r.stdout,
    /\| `ctnet check` cost per CT, 10 -> 200 CTs \/ 200 -> 1,000 CTs \| -?\d+\.\d\d \/ -?\d+\.\d\d ms \|/,
    'check per-CT row',
  );
  t.notMatch(r.stdout, /callgrind/, 'no instruction table: valgrind did not run');
  t.match(
    r.stdout,
    /\| CTNET_PRIMARY_GUARD=refuse against off, bgpd running with an empty table \(per up\) \| -?\d+\.\d ms \| <= 10 ms \|/,
    'primary guard target row',
  );
  t.match(
    r.stdout,
    /\| CTNET_ANNOUNCE=spare against primary \(per cycle: the class table's rule, one more ip at the up\) \| -?\d+\.\d ms \|/,
    'spare against primary row',
  );
  t.notMatch(r.stdout, /BGP lab, real FRR/, 'no BGP lab table without --frr');
});

t.test('--json prints the report as JSON', async (t) => {
  const r = await run('node', [BENCH, '--quick', '--no-callgrind', '--json'], {
    timeoutMs: 540_000,
    allowFailure: true,
  });
  t.equal(r.exitCode, 0, `bench exits 0: ${r.stderr}`);
  const report = JSON.parse(r.stdout);
  t.same(report.timings.map((x: { name: string }) => x.name).sort(), [...CASES].sort(), 'every case');
  t.equal(typeof report.derived.spareOverPrimaryPerCycleMs, 'number', 'spare against primary derived');
  for (const x of report.timings) t.ok(Number.isFinite(x.medianMs) && x.runs === 2, `${x.name}: timed twice`);
  t.ok(report.machine.nproc >= 1 && report.machine.kernel && report.machine.node, 'machine described');
  t.equal(typeof report.derived.ctnetOverBash64, 'number', 'ratio derived');
  t.same(report.instructions, [], 'no callgrind counts');
  t.equal(typeof report.derived.abovePlainNodePerHookMs, 'number', 'ctnet above the plain Node hook derived');
  t.notOk('instrAboveFloorUp1' in report.derived, 'nothing derived from instructions');
  t.same(report.frrLab, [], 'no BGP lab runs without --frr');
});

t.test('report: ratios and targets from timings (pure)', async (t) => {
  const mk = (name: string, medianMs: number) => summarize(name, [medianMs], [medianMs]);
  const r = buildReport({ nproc: 2, cpu: 'x', kernel: 'k', node: 'v20' }, 'full', [
    mk('node -e 0', 40),
    mk('ctnet-vznet 1 addr, plan only', 47),
    mk('ctnet 1 addr', 90),
    mk('ctnet 64 addr', 92),
    mk('bash 64 addr', 400),
    mk('ip batches alone, 1 addr', 6),
    mk('ip batches alone, 64 addr', 9),
    mk('plain node hooks, 1 addr', 86),
    mk('node -e 0, no extra routes', 40),
    mk('ctnet 1 addr, no extra routes', 90),
    mk('ctnet 64 addr, no extra routes', 92),
    mk('node -e 0, 5000 routes', 50),
    mk('ctnet 1 addr, 5000 routes', 111),
    mk('ctnet 64 addr, 5000 routes', 130),
    mk('node -e 0, ovs 1 port', 40),
    mk('lxc ovs 1 port', 95),
    mk('ovs-vsctl alone, 1 port', 12),
    mk('node -e 0, ovs 500 ports', 44),
    mk('lxc ovs 500 ports', 115),
    mk('ovs-vsctl alone, 500 ports', 25),
  ]);
  t.equal(r.derived['overheadPerHookMs'], 5);
  t.notOk('ctnetOverPlainNode22' in r.derived, 'no Node matrix rows: no Node matrix ratios');
  t.equal(r.derived['ownWorkPerHookMs'], 7);
  t.equal(r.derived['ownCostPerHookMs'], 2, '(90 - 6 - 2 x 40) / 2');
  t.equal(r.derived['growth1to64Ms'], 2);
  t.equal(r.derived['ownGrowth1to64Ms'], -1, '(92 - 90) - (9 - 6)');
  t.equal(r.derived['ctnetOverBash64'], 0.23);
  t.equal(r.derived['abovePlainNodePerHookMs'], 2, '(90 - 86) / 2');
  t.match(
    formatReport(r),
    /\| ctnet above a plain Node hook running the same commands through child_process \(1 addr cycle, per hook run\) \| 2\.0 ms \|/,
  );
  t.equal(r.derived['routes5000Growth1Ms'], 1);
  t.equal(r.derived['routes5000Growth64Ms'], 18);
  t.equal(r.derived['ports500GrowthMs'], 12, '(115 - 88) - (95 - 80)');
  t.equal(r.derived['vsctlPorts500GrowthMs'], 13, '25 - 12');
  t.same(
    r.targets.map((x) => [x.what.slice(0, 40), x.met]),
    [
      ['hook overhead above the Node floor, its ', true],
      ["ctnet's own work above the Node floor (d", false],
      ["ctnet's own cost per hook run above the ", true],
      ['growth from 1 to 64 addresses (cycle)', true],
      ['growth from 1 to 64 addresses beyond the', true],
      ['ctnet / bash at 64 addresses', true],
      ['growth with 5,000 unrelated routes (1 ad', true],
      ['growth with 5,000 unrelated routes (64 a', false],
      ['growth from 1 to 500 OVS ports (lxc cycl', false],
      ['growth from 1 to 64 addresses (cycle, CP', true],
      ['growth with 5,000 unrelated routes (64 a', false],
      ['growth from 1 to 500 OVS ports (lxc cycl', false],
    ],
  );
  t.match(
    formatReport(r),
    /\| growth with 5,000 unrelated routes \(64 addr, above the floor\) \| 18\.0 ms \| <= 3 ms \| NO \|/,
  );
  const c = buildReport({ nproc: 2, cpu: 'x', kernel: 'k', node: 'v20' }, 'quick', [
    mk('ctnet check, 10 CTs', 150),
    mk('ctnet check, 200 CTs', 245),
    mk('ctnet check, 1000 CTs', 645),
  ]);
  t.same(
    [
      c.derived['check1000Ms'],
      c.derived['check1000CpuMs'],
      c.derived['checkPerCt10to200Ms'],
      c.derived['checkPerCt200to1000Ms'],
    ],
    [645, 645, 0.5, 0.5],
    'check: 1,000-CT time (wall, CPU) and cost per CT',
  );
  t.match(formatReport(c), /\| `ctnet check` with 1,000 running CTs \(wall\) \| 645\.0 ms \| <= 1000 ms \| yes \|/);
  t.equal(median([3, 1, 2]), 2);
  t.equal(median([4, 1, 2, 3]), 2.5);
});

t.test("report: the primary guard's cost per up, and the BGP lab's medians (pure)", async (t) => {
  const r = buildReport(
    { nproc: 2, cpu: 'x', kernel: 'k', node: 'v20' },
    'full',
    [
      summarize('ctnet 1 addr, primary guard off', [100, 110, 104], [1, 1, 1]),
      summarize('ctnet 1 addr, primary guard refuse (bgpd, empty table)', [103, 113, 108], [1, 1, 1]),
      summarize('ctnet 1 addr, primary guard refuse (bgpd not running)', [101, 111, 105], [1, 1, 1]),
    ],
    [],
    [{ what: 'migration (x)', medianMs: 90, minMs: 80, maxMs: 104, runsMs: [104, 80, 90] }],
  );
  t.equal(r.derived['primaryGuardPerUpMs'], 3, 'median of 3, 3, 4');
  t.equal(r.derived['primaryGuardNoBgpdPerUpMs'], 1);
  const text = formatReport(r);
  t.match(
    text,
    /\| CTNET_PRIMARY_GUARD=refuse against off, bgpd running with an empty table \(per up\) \| 3\.0 ms \| <= 10 ms \| yes \|/,
  );
  t.match(
    text,
    /\| BGP lab, real FRR \(median of 3 runs\) \| median \| min \| max \|\n\| --- \| ---: \| ---: \| ---: \|\n\| migration \(x\) \| 90\.0 ms \| 80\.0 ms \| 104\.0 ms \|/,
  );
  t.notMatch(formatReport(buildReport(r.machine, 'full', [])), /BGP lab/, 'no lab runs: no table');
});

t.test('report: differences are taken round by round, so drift of the machine cancels', async (t) => {
  // The machine is 40 ms slower in the first rounds and speeds up between the two cases of
  // round 3; the 64-address cycle costs 2 ms more than the 1-address one of its round. The
  // difference of the medians says -38 ms; the median of the per-round differences says 2 ms.
  const c1 = [140, 140, 140, 100, 100];
  const shuffled = [142, 142, 102, 102, 102];
  t.equal(median(shuffled) - median(c1), -38);
  const timings = [summarize('ctnet 1 addr', c1, c1), summarize('ctnet 64 addr', shuffled, shuffled)];
  t.equal(
    pairedMedian(timings, ['ctnet 64 addr', 'ctnet 1 addr'], (b, a) => b - a),
    2,
    'median of per-round differences',
  );
  t.equal(buildReport({ nproc: 2, cpu: 'x', kernel: 'k', node: 'v20' }, 'full', timings).derived['growth1to64Ms'], 2);
  t.equal(
    pairedMedian(timings, ['ctnet 64 addr', 'no such case'], (b, a) => b - a),
    undefined,
    'a missing case: no value',
  );
  t.throws(
    () => pairedMedian([...timings, summarize('x', [1], [1])], ['ctnet 1 addr', 'x'], (a, b) => a - b),
    /not timed in the same loop/,
  );
});

t.test('report: each Node against its plain hook, the self-contained executable against Node 24 (pure)', async (t) => {
  const mk = (name: string, medianMs: number) => summarize(name, [medianMs], [medianMs]);
  const r = buildReport({ nproc: 2, cpu: 'x', kernel: 'k', node: 'v20' }, 'full', [
    mk('node 20: ctnet 1 addr', 69),
    mk('node 20: plain node hooks, 1 addr', 60),
    mk('node 22: ctnet 1 addr', 66),
    mk('node 22: plain node hooks, 1 addr', 60),
    mk('node 24: ctnet 1 addr', 60),
    mk('node 24: plain node hooks, 1 addr', 60),
    mk('self-contained executable: ctnet 1 addr', 67.2),
  ]);
  t.equal(r.derived['ctnetOverPlainNode20'], 1.15);
  t.equal(r.derived['ctnetOverPlainNode22'], 1.1);
  t.equal(r.derived['seaOverNode24'], 1.12);
  const met = Object.fromEntries(r.targets.map((x) => [x.what, x.met]));
  t.same(met, {
    'Node 20: ctnet cycle / plain Node hook cycle (1 addr)': true,
    'Node 22: ctnet cycle / plain Node hook cycle (1 addr)': true,
    'Node 24: ctnet cycle / plain Node hook cycle (1 addr)': true,
    'self-contained executable cycle / Node 24 hooks cycle (1 addr)': false,
  });
});
