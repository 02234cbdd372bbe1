/**
 * `npm run bench [-- --quick] [-- --json]`: median wall times of the hooks on a netns lab
 * (docs/bench.md). Needs root and a built dist/ (npm run bench builds first).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import minimist from 'minimist';
import { HOOK_UMOUNT, HOOK_VZNET, VzLab } from '../test/lab/vz-lab.js';
import { ipJson, type RouteJson } from '../test/lab/netns.js';
import {
  addBenchCt,
  addUnrelatedRoutes,
  batchesOnlyLine,
  ctAddresses,
  cycleCommands,
  cycleLine,
  plainNodeCycleLine,
  plainNodeHookArgs,
  planOnlyLine,
  removeUnrelatedRoutes,
  type HookCommand,
} from './bench-lab.js';
import { timeAlternating } from './time-alternating.js';
import { addGuardChains, addGuardedVeths, removeGuardChains } from './guard-bench.js';
import { journalFile, timeInLab, type TimeOptions, type Timing } from './time-in-lab.js';
import { measureLxcOvs } from './lxc-bench.js';
import { measureNodeMatrix } from './node-matrix.js';
import { measureCheck } from './check-bench.js';
import { buildReport, formatReport, type Machine } from './report.js';
import { countInstructions, type InstructionCase } from './instructions-in-lab.js';
import { guardInstructionCases, startGuardBench, stopGuardBench, timePrimaryGuard } from './primary-guard-bench.js';
import { measureFrrLab } from './frr-lab-bench.js';
import { timeClassTable } from './class-table-bench.js';

const USAGE = `Usage: npm run bench -- [--quick] [--rounds N] [--frr] [--no-callgrind] [--json]
  --quick     2 runs per case, no warm-up, 1 callgrind run (CI); default 50 runs after 3
              warm-ups, 5 callgrind runs
  --no-callgrind  no instruction counts (valgrind is not run): the test suite's check
  --rounds N  N runs per case after 3 warm-ups (a shorter full run)
  --frr       also migration and failover times in the BGP lab (real FRR; 5 runs each,
              2 with --quick; a few minutes)
  --json      print the report as JSON instead of tables
`;

const SIZES = [1, 16, 64];

async function main(argv: string[]): Promise<number> {
  const args = minimist(argv, {
    boolean: ['quick', 'json', 'help', 'frr', 'callgrind'],
    string: ['rounds'],
    default: { callgrind: true },
  });
  if (args['help']) {
    process.stdout.write(USAGE);
    return 0;
  }
  const rounds = args['rounds'] === undefined ? 50 : Number(args['rounds']);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 1000)
    throw new Error(`--rounds: "${String(args['rounds'])}" is not a number of rounds (1-1000)`);
  const opts: TimeOptions = args['quick'] ? { runs: 2, warmup: 0 } : { runs: rounds, warmup: 3 };
  const lab = await VzLab.create({ runDirOnTmpfs: true });
  try {
    const vz = await measure(lab, opts);
    const first = vz.cts.find((c) => c.kind === 'ctnet' && c.size === 1 && c.commands);
    if (first?.commands)
      vz.timings.push(...(await measureNodeMatrix(lab, { veid: first.veid, commands: first.commands }, opts)));
    vz.timings.push(...(await timeClassTable(lab, opts)));
    // CTNET_PRIMARY_GUARD: a bgpd runs in the node netns for its timed cycles and callgrind runs.
    const guard = await startGuardBench(lab);
    let instructions;
    try {
      vz.timings.push(...(await timePrimaryGuard(lab, guard, opts)));
      // After the timed rounds: the code caches are warm, as on a host that has started a CT.
      instructions = args['callgrind']
        ? await countInstructions(
            lab,
            [...instructionCases(lab, vz.cts), ...guardInstructionCases(guard)],
            args['quick'] ? 1 : 5,
          )
        : [];
    } finally {
      await stopGuardBench(guard);
    }
    const timings = [...vz.timings, ...(await measureLxcOvs(opts)), ...(await measureCheck(opts))];
    const frrLab = args['frr'] ? await measureFrrLab(args['quick'] ? 2 : 5) : [];
    const report = buildReport(machine(), args['quick'] ? 'quick' : 'full', timings, instructions, frrLab);
    process.stdout.write(args['json'] ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    return 0;
  } finally {
    await lab.cleanup();
  }
}

interface BenchCt {
  name: string;
  veid: string;
  size: number;
  kind: 'ctnet' | 'bash';
  commands?: HookCommand[];
}

async function measure(lab: VzLab, opts: TimeOptions): Promise<{ timings: Timing[]; cts: BenchCt[] }> {
  const cts: BenchCt[] = [];
  for (const [i, size] of SIZES.entries()) {
    cts.push({ name: `ctnet ${size} addr`, veid: await addBenchCt(lab, 11 + i, size), size, kind: 'ctnet' });
    cts.push({ name: `bash ${size} addr`, veid: await addBenchCt(lab, 21 + i, size), size, kind: 'bash' });
  }
  // The same commands without ctnet: alone, and run by a plain Node hook (plain-node-hook.cjs).
  const alone = [];
  for (const c of cts.filter((x) => x.kind === 'ctnet' && x.size !== 16)) {
    c.commands = await cycleCommands(lab, c.veid);
    alone.push(
      { name: `ip batches alone, ${c.size} addr`, line: batchesOnlyLine(c.commands) },
      { name: `plain node hooks, ${c.size} addr`, line: plainNodeCycleLine(lab, c.veid, c.commands) },
    );
  }
  const lines = [
    { name: 'node -e 0', line: 'node -e 0' },
    ...cts.map((c) => ({ name: c.name, line: cycleLine(c.veid, c.kind) })),
    { name: 'ctnet-vznet 1 addr, plan only', line: planOnlyLine(cts[0]!.veid) },
    ...alone,
  ];
  const timings = await timeInLab(lab, lines, opts);
  verifyLogged(lab, cts.filter((c) => c.kind === 'ctnet').length * (opts.runs + opts.warmup));
  for (const c of cts) await verifyCycle(lab, c.veid, c.kind, c.size);

  // Without and with 5,000 unrelated routes on the node, in alternating blocks (report.ts
  // compares cycle minus floor, round by round).
  const routesCases = (label: string) => [
    { name: `node -e 0, ${label}`, line: 'node -e 0' },
    ...cts
      .filter((c) => c.kind === 'ctnet' && c.size !== 16)
      .map((c) => ({ name: `${c.name}, ${label}`, line: cycleLine(c.veid, 'ctnet') })),
  ];
  let routes = false;
  timings.push(
    ...(await timeAlternating({
      time: (cases, o) => timeInLab(lab, cases, o),
      a: {
        enter: async () => {
          if (routes) await removeUnrelatedRoutes(lab, 5000);
          routes = false;
        },
        cases: routesCases('no extra routes'),
      },
      b: {
        enter: async () => {
          if (!routes) await addUnrelatedRoutes(lab, 5000);
          routes = true;
        },
        cases: routesCases('5000 routes'),
      },
      opts,
    })),
  );

  // Without and with 500 other filtered ports (chains in table netdev ctnet-guard): a hook
  // asks nft for its own chain by name only, so the cycle must not grow with them.
  const one = cts.find((c) => c.kind === 'ctnet' && c.size === 1)!;
  const guardCases = (label: string) => [
    { name: `node -e 0, ${label}`, line: 'node -e 0' },
    { name: `ctnet 1 addr, ${label}`, line: cycleLine(one.veid, 'ctnet') },
  ];
  await addGuardedVeths(lab, 500);
  let filtered = false;
  timings.push(
    ...(await timeAlternating({
      time: (cases, o) => timeInLab(lab, cases, o),
      a: {
        enter: async () => {
          if (filtered) await removeGuardChains(lab, 500);
          filtered = false;
        },
        cases: guardCases('no filtered ports'),
      },
      b: {
        enter: async () => {
          if (!filtered) await addGuardChains(lab, 500);
          filtered = true;
        },
        cases: guardCases('500 filtered ports'),
      },
      opts,
    })),
  );
  return { timings, cts };
}

/**
 * The floor, a plain Node hook running the up's commands, a plan-only run, and each ctnet
 * hook of the 1- and 64-address CTs (up, then down).
 */
function instructionCases(lab: VzLab, cts: BenchCt[]): InstructionCase[] {
  const out: InstructionCase[] = [{ name: 'node -e 0', env: {}, nodeArgs: ['-e', '0'] }];
  const first = cts.find((c) => c.kind === 'ctnet' && c.size === 1 && c.commands);
  if (first?.commands)
    out.push({
      name: 'plain node hook, up 1 addr',
      env: {},
      nodeArgs: plainNodeHookArgs(lab, first.veid, first.commands, 'up'),
    });
  for (const c of cts.filter((x) => x.kind === 'ctnet' && x.size !== 16)) {
    const up = [HOOK_VZNET, 'init', 'veth', `veth${c.veid}.0`];
    if (c.size === 1)
      out.push({
        name: `ctnet-vznet ${c.size} addr, plan only`,
        env: { VEID: c.veid, CTNET_DRY_RUN: '1' },
        nodeArgs: up,
      });
    out.push({ name: `ctnet-vznet ${c.size} addr`, env: { VEID: c.veid }, nodeArgs: up });
    out.push({
      name: `ctnet-umount ${c.size} addr`,
      env: { VEID: c.veid, VE_CONFFILE: `/etc/vz/conf/${c.veid}.conf` },
      nodeArgs: [HOOK_UMOUNT],
    });
  }
  return out;
}

/** The timed commands really did the work: after one up, the node routes every CT address. */
async function verifyCycle(lab: VzLab, veid: string, kind: 'ctnet' | 'bash', size: number): Promise<void> {
  const r = await lab.runHook('/bin/sh', ['-c', cycleLine(veid, kind).split(' && ')[0]!], {});
  if (r.exitCode !== 0) throw new Error(`${kind} up of CT ${veid} failed: ${r.stderr.trim()}`);
  const routes = await ipJson<RouteJson[]>(lab.hn, ['route', 'show', 'proto', '213', 'dev', 'br0']);
  const want = ctAddresses(veid === '' ? 0 : Number(veid) - 1000, size).map((a) => a.split('/')[0]!);
  const got = new Set(routes.map((x) => x.dst));
  const missing = want.filter((a) => !got.has(a));
  if (missing.length) throw new Error(`${kind} up of CT ${veid} did not route ${missing.join(' ')}`);
  const d = await lab.runHook('/bin/sh', ['-c', cycleLine(veid, kind).split(' && ')[1]!], {});
  if (d.exitCode !== 0) throw new Error(`${kind} down of CT ${veid} failed: ${d.stderr.trim()}`);
}

/** The timed hooks logged as on a systemd host: every cycle's two results are in the journal. */
function verifyLogged(lab: VzLab, cycles: number): void {
  const text = fs.existsSync(journalFile(lab)) ? fs.readFileSync(journalFile(lab), 'utf8') : '';
  const results = text.split('\n').filter((l) => l.includes('result: ok')).length;
  if (results !== 2 * cycles)
    throw new Error(`journald got ${results} result lines from ${cycles} hook cycles, want ${2 * cycles}`);
}

function machine(): Machine {
  return {
    nproc: os.cpus().length,
    cpu: os.cpus()[0]?.model.trim() ?? '?',
    kernel: os.release(),
    node: process.version,
  };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
