/**
 * lib/doors/exec.ts: both spawn paths (asynchronous for the CLI and tests, synchronous for hooks)
 * give the same results and errors; the asynchronous path's timeout reaches grandchildren.
 */
import t from 'tap';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run, useSynchronousSpawn } from '../../lib/doors/exec.js';

for (const mode of ['async', 'sync'] as const) {
  t.test(`${mode}: results and errors`, async (t) => {
    useSynchronousSpawn(mode !== 'async');
    t.teardown(() => useSynchronousSpawn(false));
    const ok = await run('sh', ['-c', 'read l; echo "got $l"; echo err >&2'], { input: 'x\n' });
    t.same([ok.exitCode, ok.stdout, ok.stderr], [0, 'got x\n', 'err\n'], 'stdout, stderr, exit code');
    const early = await run('sh', ['-c', 'exit 3'], { input: 'y'.repeat(1 << 20), allowFailure: true });
    t.equal(early.exitCode, 3, 'a child that exits without reading its stdin: its exit code, not a spawn error');
    await t.rejects(run('sh', ['-c', 'echo "bad thing" >&2; exit 2']), {
      code: 'E_EXEC',
      exitCode: 2,
      message: /failed: bad thing/,
    });
    await t.rejects(run('/nonexistent/ctnet-x', []), { code: 'E_SPAWN', message: /not found/ });
    await t.rejects(run('sleep', ['5'], { timeoutMs: 200 }), {
      code: 'E_TIMEOUT',
      message: /did not answer within 0.2 s/,
    });
    const argv = await run('printf', ['%s|', '$(id)', 'a b', ';']);
    t.equal(argv.stdout, '$(id)|a b|;|', 'arguments reach the child verbatim, no shell');
  });
}

t.test(
  'async: a timeout kills the whole process group, and a child holding the pipes cannot hang the caller',
  async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctnet-exec-'));
    t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
    const pidFile = path.join(dir, 'grandchild.pid');
    const started = Date.now();
    // The child waits on a grandchild that holds stdout: a kill of the child alone would leave
    // the grandchild (and the pipe) for 30 s.
    await t.rejects(run('sh', ['-c', `sleep 30 & echo $! > ${pidFile}; wait`], { timeoutMs: 300 }), {
      code: 'E_TIMEOUT',
    });
    t.ok(Date.now() - started < 5_000, `returned within 5 s of a 0.3 s timeout (${Date.now() - started} ms)`);
    const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
    await new Promise((r) => setTimeout(r, 100));
    t.notOk(alive(grandchild), 'the grandchild was killed with its group');

    // A daemon leaves the group (setsid) and keeps the pipes: the child's result stands at the
    // timeout, the caller is not held past it.
    const daemonPid = path.join(dir, 'daemon.pid');
    const t0 = Date.now();
    const r = await run('sh', ['-c', `setsid sh -c 'echo $$ > ${daemonPid}; exec sleep 30' & sleep 0.2; echo done`], {
      timeoutMs: 1_000,
    });
    t.same([r.exitCode, r.stdout, r.timedOut], [0, 'done\n', false], "the child's own result, not a timeout");
    t.ok(Date.now() - t0 < 5_000, `returned at the 1 s timeout (${Date.now() - t0} ms), not when the daemon ends`);
    const daemon = Number(fs.readFileSync(daemonPid, 'utf8'));
    if (alive(daemon)) process.kill(daemon, 'SIGKILL');
  },
);

/** Running (a killed child not yet reaped by its new parent is a zombie: dead). */
function alive(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z';
  } catch {
    return false;
  }
}
