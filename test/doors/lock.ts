/**
 * lib/doors/lock.ts: mutual exclusion in one process and across processes, takeover of a lock whose
 * owner died (also when many waiters race for it), and a bounded wait ending in a clear error.
 */
import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { withLock } from '../../lib/doors/lock.js';
import { CtnetError } from '../../lib/errors.js';
import { run } from '../../lib/doors/exec.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A dead PID: a process that ran and was reaped. */
async function deadPid(): Promise<number> {
  const r = await run('sh', ['-c', 'echo $$']);
  return Number(r.stdout.trim());
}

/** Bundle a driver that takes the lock, logs enter/exit with its PID, and holds it a while. */
async function buildDriver(dir: string): Promise<string> {
  const src = path.join(dir, 'driver.ts');
  const lockTs = path.resolve(
    import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname),
    '../../lib/doors/lock.ts',
  );
  fs.writeFileSync(
    src,
    `import { appendFileSync } from 'node:fs';
import { withLock } from ${JSON.stringify(lockTs)};
const [runDir, log, hold, start] = process.argv.slice(2);
setTimeout(() => withLock('shared', { runDir, timeoutMs: 20000 }, async () => {
  appendFileSync(log, 'enter ' + process.pid + '\\n');
  await new Promise((r) => setTimeout(r, Number(hold)));
  appendFileSync(log, 'exit ' + process.pid + '\\n');
}).catch((e) => { console.error(e.message); process.exit(1); }), Math.max(0, Number(start) - Date.now()));
`,
  );
  const out = path.join(dir, 'driver.cjs');
  await build({ entryPoints: [src], outfile: out, bundle: true, platform: 'node', format: 'cjs', logLevel: 'error' });
  return out;
}

/** enter/exit lines strictly alternate, each exit by the PID that entered last. */
function checkExclusive(t: Test, log: string, n: number): void {
  const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
  t.equal(lines.length, 2 * n, `${n} processes each entered and left once`);
  let holder: string | undefined;
  let overlaps = 0;
  for (const l of lines) {
    const [what, pid] = l.split(' ');
    if (what === 'enter') {
      if (holder !== undefined) overlaps++;
      holder = pid;
    } else {
      if (holder !== pid) overlaps++;
      holder = undefined;
    }
  }
  t.equal(overlaps, 0, 'never two holders at once');
}

t.test('in one process: callers run one at a time, in turn', async (t) => {
  const runDir = t.testdir();
  let inside = 0;
  let max = 0;
  await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      withLock('x', { runDir }, async () => {
        inside++;
        max = Math.max(max, inside);
        await sleep(i % 3);
        inside--;
      }),
    ),
  );
  t.equal(max, 1, 'never two inside');
  t.same(fs.readdirSync(path.join(runDir, 'locks')), [], 'lock file removed after use');
});

t.test('the lock is released when the function throws', async (t) => {
  const runDir = t.testdir();
  await t.rejects(
    withLock('x', { runDir }, async () => {
      throw new Error('boom');
    }),
    /boom/,
  );
  t.equal(await withLock('x', { runDir, timeoutMs: 100 }, async () => 7), 7, 'taken again at once');
});

t.test('a lock left by a dead PID is taken over', async (t) => {
  const runDir = t.testdir({ locks: {} });
  fs.writeFileSync(path.join(runDir, 'locks', 'x.lock'), `${await deadPid()}\n`);
  t.equal(await withLock('x', { runDir, timeoutMs: 200 }, async () => 'ok'), 'ok');
});

t.test('a lock naming a PID no process can have (over 2^22) is taken over, not an error', async (t) => {
  const runDir = t.testdir({ locks: {} });
  fs.writeFileSync(path.join(runDir, 'locks', 'x.lock'), '99999999999\n');
  t.equal(await withLock('x', { runDir, timeoutMs: 200 }, async () => 'ok'), 'ok');
});

t.test('waiting is bounded: a live holder gives a clear timeout error', async (t) => {
  const runDir = t.testdir({ locks: {} });
  const file = path.join(runDir, 'locks', 'nat_table.lock');
  fs.writeFileSync(file, `${process.pid}\n`);
  const started = Date.now();
  const err = await withLock('nat/table', { runDir, timeoutMs: 150 }, async () => 'never').catch((e: unknown) => e);
  t.ok(err instanceof CtnetError, 'a CtnetError');
  t.equal((err as CtnetError).code, 'E_LOCK');
  t.equal((err as CtnetError).message, `timed out waiting for lock "nat/table" held by PID ${process.pid}`);
  t.match((err as CtnetError).hint, file, 'the hint names the lock file');
  t.ok(Date.now() - started < 5000, 'gave up (bounded wait)');
  t.equal(fs.readFileSync(file, 'utf8'), `${process.pid}\n`, "the holder's lock is left alone");
});

t.test("across processes: 10 contenders starting on a dead PID's lock, one at a time", async (t) => {
  const dir = t.testdir({ locks: {} });
  const driver = await buildDriver(dir);
  const log = path.join(dir, 'log');
  fs.writeFileSync(path.join(dir, 'locks', 'shared.lock'), `${await deadPid()}\n`);
  const start = String(Date.now() + 1500);
  const rs = await Promise.all(
    Array.from({ length: 10 }, () =>
      run('node', [driver, dir, log, '10', start], { allowFailure: true, timeoutMs: 60_000 }),
    ),
  );
  t.same(
    rs.map((r) => r.exitCode),
    rs.map(() => 0),
    'all exit 0',
  );
  checkExclusive(t, log, 10);
  t.same(fs.readdirSync(path.join(dir, 'locks')), [], 'no lock file left');
});
