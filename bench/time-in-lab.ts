/**
 * Time shell command lines inside a lab (node netns + private mount namespace, so the hooks
 * see the lab's /etc/vz, vzctl shim and run dir at their default paths) with
 * bench/time-loop.sh: interleaved rounds, wall time per run, median per case.
 */
import * as path from 'node:path';
import type { RunResult } from '../lib/doors/exec.js';
import { WITH_JOURNALD } from '../test/lab/journald.js';
import { REPO, type VzLab } from '../test/lab/vz-lab.js';

export interface Timing {
  name: string;
  /** Median wall time in milliseconds. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
  /** Median CPU time (user + system, the command and all its children) in milliseconds. */
  cpuMs: number;
  /**
   * Wall and CPU time of every timed run, round by round: every round runs every case of its
   * loop once, in turn, so values at the same index were taken moments apart (report.ts
   * pairs them).
   */
  wallRuns: number[];
  cpuRuns: number[];
}

export interface TimeOptions {
  runs: number;
  warmup: number;
}

const LOOP = path.join(REPO, 'bench/time-loop.sh');

export type LoopRunner = (bashArgs: string[]) => Promise<RunResult>;

/**
 * Time `commands` (name + shell line) in the OpenVZ lab; every command must exit 0. The hooks
 * log as on a systemd host: a real systemd-journald runs beside the timing loop
 * (test/lab/with-journald.sh, private mounts), so what a hook pays for syslog is in the numbers.
 */
export function timeInLab(
  lab: VzLab,
  commands: Array<{ name: string; line: string }>,
  opts: TimeOptions,
): Promise<Timing[]> {
  const env = { TMPDIR: lab.dir, JOURNAL_OUT: journalFile(lab) };
  return timeWith(
    (a) => lab.runHook(WITH_JOURNALD, ['/bin/bash', ...a], env, { timeoutMs: 1_800_000 }),
    commands,
    opts,
  );
}

/** Where the last timing loop left the journal entries tagged "ctnet" (JSON lines). */
export function journalFile(lab: VzLab): string {
  return path.join(lab.dir, 'journal.json');
}

/** Time `commands` with the loop started by `runner` (e.g. inside another lab's netns). */
export async function timeWith(
  runner: LoopRunner,
  commands: Array<{ name: string; line: string }>,
  opts: TimeOptions,
): Promise<Timing[]> {
  const args = [LOOP, String(opts.runs), String(opts.warmup), ...commands.flatMap((c) => [c.name, c.line])];
  const r = await runner(args);
  if (r.exitCode !== 0) throw new Error(`timing loop failed: ${r.stderr.trim()}`);
  const wall = new Map<string, number[]>(commands.map((c) => [c.name, []]));
  const cpu = new Map<string, number[]>(commands.map((c) => [c.name, []]));
  for (const l of r.stdout.split('\n')) {
    const [name, real, user, sys] = l.split('\t');
    if (!name || !real || !user || !sys) continue;
    wall.get(name)?.push(Number(real) * 1000);
    cpu.get(name)?.push((Number(user) + Number(sys)) * 1000);
  }
  return commands.map((c) => summarize(c.name, wall.get(c.name)!, cpu.get(c.name)!));
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function summarize(name: string, wall: number[], cpu: number[]): Timing {
  return {
    name,
    medianMs: median(wall),
    minMs: Math.min(...wall),
    maxMs: Math.max(...wall),
    runs: wall.length,
    cpuMs: median(cpu),
    wallRuns: wall,
    cpuRuns: cpu,
  };
}
