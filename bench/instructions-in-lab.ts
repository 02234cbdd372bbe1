/**
 * Instructions executed by the main thread of a Node process, counted by valgrind's callgrind,
 * inside the lab exactly as the timed runs (journald, run dir, warm code cache). Wall time drifts
 * too much to show a change well under a millisecond; the instruction count of the same run
 * repeats closely once V8's random hash seed search is left out (callgrind-cost.ts;
 * docs/bench.md). It counts what Node and ctnet execute, not the
 * kernel's work nor the children's (they have their own timing rows).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { VzLab } from '../test/lab/vz-lab.js';
import { WITH_JOURNALD } from '../test/lab/journald.js';
import { callgrindCost, instructionsWithoutSeed } from './callgrind-cost.js';
import { median } from './time-in-lab.js';

export interface InstructionCase {
  name: string;
  /** Environment of the process, e.g. { VEID: '1011' }. */
  env: Record<string, string>;
  /** node's arguments: a script and its arguments, or ['-e', '0']. */
  nodeArgs: string[];
}

export interface InstructionCount {
  name: string;
  /** Median main-thread instructions, V8's hash seed search left out. */
  median: number;
  runs: number[];
}

/** Run every case `runs` times in turn under callgrind; every run must exit 0. */
export async function countInstructions(
  lab: VzLab,
  cases: InstructionCase[],
  runs: number,
): Promise<InstructionCount[]> {
  const dir = fs.mkdtempSync(path.join(lab.dir, 'callgrind-'));
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const lines: string[] = ['set -e'];
  for (let r = 0; r < runs; r++) {
    cases.forEach((c, i) => {
      const env = Object.entries(c.env)
        .map(([k, v]) => q(`${k}=${v}`))
        .join(' ');
      const out = path.join(dir, `${i}.${r}`);
      lines.push(
        `env ${env} valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file=${q(out)} node ${c.nodeArgs.map(q).join(' ')} >/dev/null 2>${q(`${out}.err`)}`,
      );
    });
  }
  const res = await lab.runHook(
    WITH_JOURNALD,
    ['/bin/bash', '-c', lines.join('\n')],
    { TMPDIR: lab.dir },
    { timeoutMs: 1_800_000 },
  );
  if (res.exitCode !== 0)
    throw new Error(
      `callgrind runs failed: ${failedRun(dir, cases, runs) ?? res.stderr.trim().split('\n').slice(-3).join(' ')}`,
    );
  return cases.map((c, i) => {
    const counts = Array.from({ length: runs }, (_, r) => {
      // --separate-threads: "<file>-01" is the main thread (V8's compiler and GC helpers are
      // others).
      const file = path.join(dir, `${i}.${r}-01`);
      if (!fs.existsSync(file)) throw new Error(`callgrind left no main-thread profile for "${c.name}" (${file})`);
      return instructionsWithoutSeed(callgrindCost(fs.readFileSync(file, 'utf8')));
    });
    return { name: c.name, median: median(counts), runs: counts };
  });
}

/**
 * The run `set -e` stopped at (the last one started): "case "...", run N: <its last stderr lines>".
 */
function failedRun(dir: string, cases: InstructionCase[], runs: number): string | undefined {
  let last: string | undefined;
  for (let r = 0; r < runs; r++) {
    for (const [i, c] of cases.entries()) {
      const err = path.join(dir, `${i}.${r}.err`);
      if (!fs.existsSync(err)) return last;
      last = `case "${c.name}", run ${r + 1}: ${fs.readFileSync(err, 'utf8').trim().split('\n').slice(-3).join(' ') || '(no output)'}`;
    }
  }
  return last;
}
