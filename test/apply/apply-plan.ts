/**
 * lib/apply/apply-plan.ts with a fake step runner: when the k-th step fails, exactly what this
 * run applied is undone, last first, and the error says which step failed and how the rollback
 * went. A teardown tries every step and returns every failure.
 */
import t from 'tap';
import { applyPlan, runTeardown, type StepRunner } from '../../lib/apply/apply-plan.js';
import { defaultApplyContext } from '../../lib/apply/context.js';
import { StepFailure } from '../../lib/apply/run-step.js';
import { CtnetError } from '../../lib/errors.js';
import { emptyPlan, type HostBatchStep, type Plan, type Step } from '../../lib/plan/plan.js';

const step = (what: string): HostBatchStep => ({
  kind: 'host-batch',
  what,
  lines: [{ cmd: `add ${what}`, undo: `del ${what}` }],
});
const undoOf = (what: string): HostBatchStep => ({
  kind: 'host-batch',
  what: `undo ${what}`,
  lines: [{ cmd: `del ${what}` }],
  tolerateMissing: true,
});

const STEPS = ['a', 'b', 'c', 'd'];
const plan = (): Plan => ({ ...emptyPlan('CT 101', 'up'), steps: STEPS.map(step) });

interface Fake {
  runStep: StepRunner;
  /** Every step the runner was asked to run, by name, in order. */
  ran: string[];
}

/** A runner that applies every step (its undo is `undo <what>`) except those in `fail`, which throw what `fail` gives. */
function fakeRunner(fail: Record<string, () => unknown> = {}): Fake {
  const ran: string[] = [];
  const runStep: StepRunner = async (s: Step) => {
    ran.push(s.what);
    const thrown = fail[s.what];
    if (thrown) throw thrown();
    return s.what.startsWith('undo ') ? [] : [undoOf(s.what)];
  };
  return { runStep, ran };
}

function context(): { ctx: ReturnType<typeof defaultApplyContext>; logged: string[] } {
  const logged: string[] = [];
  return { ctx: defaultApplyContext((l) => logged.push(l)), logged };
}

t.test('all steps apply: in order, nothing undone, each logged', async (t) => {
  const fake = fakeRunner();
  const { ctx, logged } = context();
  await applyPlan(plan(), ctx, fake);
  t.same(fake.ran, STEPS);
  t.same(
    logged,
    STEPS.map((s) => `CT 101: ${s}: ok`),
  );
});

for (const [k, failing] of STEPS.entries()) {
  t.test(
    `step ${k + 1} of ${STEPS.length} fails: the ${k} before it are undone, last first, and nothing else`,
    async (t) => {
      const fake = fakeRunner({
        [failing]: () =>
          new StepFailure(
            new CtnetError('"ip x" failed: File exists', {
              code: 'E_EXEC',
              command: ['ip', '-batch', '-'],
              exitCode: 1,
            }),
            [],
          ),
      });
      const { ctx, logged } = context();
      const err = await applyPlan(plan(), ctx, fake).then(
        () => undefined,
        (e: unknown) => e,
      );
      const applied = STEPS.slice(0, k);
      t.same(fake.ran, [...STEPS.slice(0, k + 1), ...applied.reverse().map((s) => `undo ${s}`)]);
      t.same(
        logged,
        STEPS.slice(0, k).map((s) => `CT 101: ${s}: ok`),
        'only the applied steps are logged as ok',
      );
      t.type(err, CtnetError);
      t.match(err, {
        message: `CT 101: up: step "${failing}" failed: "ip x" failed: File exists; everything this run applied was rolled back`,
        code: 'E_EXEC',
        command: ['ip', '-batch', '-'],
        exitCode: 1,
        hint: 'check the names and addresses in the CT config',
      });
    },
  );
}

t.test("a step that applied part of itself: its partial undo runs first, then the earlier steps' undo", async (t) => {
  const fake = fakeRunner({
    c: () =>
      new StepFailure(new CtnetError('half done', { code: 'E_EXEC', hint: 'look at c' }), [
        undoOf('c line 1'),
        undoOf('c line 2'),
      ]),
  });
  const { ctx } = context();
  await t.rejects(applyPlan(plan(), ctx, fake), {
    message: /step "c" failed: half done; everything this run applied was rolled back$/,
    hint: 'look at c',
  });
  t.same(fake.ran, ['a', 'b', 'c', 'undo c line 2', 'undo c line 1', 'undo b', 'undo a']);
});

t.test('a step undone by several steps: they run in reverse of the order given', async (t) => {
  const ran: string[] = [];
  const runStep: StepRunner = async (s) => {
    ran.push(s.what);
    if (s.what === 'b') throw new StepFailure(new CtnetError('no', { code: 'E_EXEC' }), []);
    return s.what === 'a' ? [undoOf('a first'), undoOf('a second')] : [];
  };
  await t.rejects(applyPlan(plan(), context().ctx, { runStep }));
  t.same(ran, ['a', 'b', 'undo a second', 'undo a first']);
});

t.test('an undo that fails: the rest of the rollback still runs, and the error says it was incomplete', async (t) => {
  const fake = fakeRunner({
    d: () => new StepFailure(new CtnetError('refused', { code: 'E_EXEC' }), []),
    'undo b': () => new StepFailure(new CtnetError('busy', { code: 'E_EXEC' }), []),
  });
  await t.rejects(applyPlan(plan(), context().ctx, fake), {
    message: 'CT 101: up: step "d" failed: refused; rollback was incomplete: busy',
    code: 'E_EXEC',
  });
  t.same(fake.ran, ['a', 'b', 'c', 'd', 'undo c', 'undo b', 'undo a']);
});

t.test('a thrown non-ctnet error is reported as internal, and still rolls back', async (t) => {
  const fake = fakeRunner({ b: () => new TypeError('x is undefined') });
  await t.rejects(applyPlan(plan(), context().ctx, fake), {
    message: 'CT 101: up: step "b" failed: x is undefined; everything this run applied was rolled back',
    code: 'E_INTERNAL',
  });
  t.same(fake.ran, ['a', 'b', 'undo a']);
});

t.test('an empty plan runs nothing', async (t) => {
  const fake = fakeRunner();
  await applyPlan(emptyPlan('CT 101', 'up'), context().ctx, fake);
  t.same(fake.ran, []);
});

t.test('runTeardown: every step is tried; the failures come back together, in order', async (t) => {
  const fake = fakeRunner({
    b: () => new StepFailure(new CtnetError('b is stuck', { code: 'E_EXEC' }), []),
    d: () => new Error('d broke'),
  });
  const errors = await runTeardown(STEPS.map(step), context().ctx, fake);
  t.same(fake.ran, STEPS);
  t.same(
    errors.map((e) => [e.message, e.code]),
    [
      ['b is stuck', 'E_EXEC'],
      ['d broke', 'E_INTERNAL'],
    ],
  );
  t.same(await runTeardown([], context().ctx, fake), [], 'nothing to do: no failure');
});
