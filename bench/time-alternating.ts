/**
 * Two states of the lab timed in alternating blocks (a few rounds in state A, the same in
 * state B, and again), for comparisons that need the lab changed between them: 5,000 extra
 * routes on the node, 499 more ports on the OVS bridge. Round i of A and round i of B come
 * from neighbouring blocks, seconds apart, so report.ts can pair them as it pairs the cases
 * of one loop; two phases timed one after the other would compare two speeds of the machine
 * (its speed drifts within minutes: docs/bench.md).
 */
import { summarize, type TimeOptions, type Timing } from './time-in-lab.js';

export interface TimedCase {
  name: string;
  line: string;
}

export interface AlternatingOptions {
  /** Time `cases` in one loop (every round runs each once). */
  time: (cases: TimedCase[], opts: TimeOptions) => Promise<Timing[]>;
  a: { enter: () => Promise<void>; cases: TimedCase[] };
  b: { enter: () => Promise<void>; cases: TimedCase[] };
  opts: TimeOptions;
  /** Blocks per state (at most one per round; default 10). */
  blocks?: number;
}

export async function timeAlternating(o: AlternatingOptions): Promise<Timing[]> {
  const blocks = Math.max(1, Math.min(o.blocks ?? 10, o.opts.runs));
  const perBlock = Math.ceil(o.opts.runs / blocks);
  const wall = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  for (let i = 0; i < blocks; i++) {
    for (const side of [o.a, o.b]) {
      await side.enter();
      // One unrecorded round after every switch (when warm-ups are wanted at all): the first
      // run after a change of the lab pays for the change (caches, a daemon catching up).
      for (const x of await o.time(side.cases, {
        runs: perBlock,
        warmup: i === 0 ? o.opts.warmup : Math.min(1, o.opts.warmup),
      })) {
        wall.set(x.name, [...(wall.get(x.name) ?? []), ...x.wallRuns]);
        cpu.set(x.name, [...(cpu.get(x.name) ?? []), ...x.cpuRuns]);
      }
    }
  }
  return [...o.a.cases, ...o.b.cases].map((c) => summarize(c.name, wall.get(c.name)!, cpu.get(c.name)!));
}
