import t from 'tap';
import { callgrindCost, instructionsWithoutSeed } from '../../bench/callgrind-cost.js';

// The shape callgrind writes (name compression, relative positions, calls with their
// inclusive cost on the next line), cut down by hand.
const OUT = `# callgrind format
version: 1
creator: callgrind-3.19.0
events: Ir
ob=(1) /usr/bin/node
fl=(1) ???
fn=(1) main
0 100
+3 20
cfn=(2) detail::sprp(unsigned long long, unsigned long long)
calls=4 0
* 7000
fn=(2)
0 7000
fn=(3) v8::internal::Scanner::Next()
-2 500
cfn=(2)
calls=1 0
0 99
fl=(2) other.cc
fn=(3)
16 5
totals: 7625
`;

t.test('self cost per function, call lines left out', async (t) => {
  const c = callgrindCost(OUT);
  t.equal(c.total, 7625);
  t.same(Object.fromEntries(c.selfByFunction), {
    main: 120,
    'detail::sprp(unsigned long long, unsigned long long)': 7000,
    'v8::internal::Scanner::Next()': 505,
  });
  const sum = [...c.selfByFunction.values()].reduce((a, b) => a + b, 0);
  t.equal(sum, c.total, 'self costs add up to the total');
});

t.test('V8 hash seed search left out', async (t) => {
  t.equal(instructionsWithoutSeed(callgrindCost(OUT)), 625);
  t.equal(instructionsWithoutSeed(callgrindCost('fn=(1) main\n0 10\nsummary: 10\n')), 10, 'nothing to leave out');
});
