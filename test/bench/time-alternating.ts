/** bench/time-alternating.ts: blocks alternate between the two states; runs are kept in order. */
import t from 'tap';
import { timeAlternating } from '../../bench/time-alternating.js';
import { summarize, type TimeOptions } from '../../bench/time-in-lab.js';

t.test(
  'A and B alternate block by block; each case gets opts.runs runs, in time order; full warm-up in the first blocks, one round after each later switch',
  async (t) => {
    const events: string[] = [];
    let clock = 0;
    let state = '';
    const result = await timeAlternating({
      time: async (cases, o: TimeOptions) => {
        events.push(`${state} x${o.runs} warmup ${o.warmup}`);
        return cases.map((c) => {
          const runs = Array.from({ length: o.runs }, () => ++clock);
          return summarize(c.name, runs, runs);
        });
      },
      a: {
        enter: async () => {
          state = 'A';
        },
        cases: [{ name: 'a1', line: 'x' }],
      },
      b: {
        enter: async () => {
          state = 'B';
        },
        cases: [{ name: 'b1', line: 'y' }],
      },
      opts: { runs: 6, warmup: 2 },
      blocks: 3,
    });
    t.same(events, [
      'A x2 warmup 2',
      'B x2 warmup 2',
      'A x2 warmup 1',
      'B x2 warmup 1',
      'A x2 warmup 1',
      'B x2 warmup 1',
    ]);
    t.same(
      result.map((x) => [x.name, x.wallRuns]),
      [
        ['a1', [1, 2, 5, 6, 9, 10]],
        ['b1', [3, 4, 7, 8, 11, 12]],
      ],
      'round i of A and of B come from neighbouring blocks',
    );
    t.equal(result[0]!.runs, 6);
  },
);
