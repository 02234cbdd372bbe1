/**
 * lib/exec.ts: every spawn path (asynchronous for the CLI and tests; synchronous for hooks,
 * through the spawn_sync binding or, with CTNET_NATIVE=0, child_process) gives the same
 * results and errors.
 */
import t from 'tap';
import { run, useSynchronousSpawn } from '../lib/exec.js';

for (const mode of ['async', 'sync', 'sync, child_process'] as const) {
  t.test(`${mode}: results and errors`, async (t) => {
    useSynchronousSpawn(mode !== 'async');
    if (mode === 'sync, child_process') process.env['CTNET_NATIVE'] = '0';
    t.teardown(() => {
      useSynchronousSpawn(false);
      delete process.env['CTNET_NATIVE'];
    });
    const ok = await run('sh', ['-c', 'read l; echo "got $l"; echo err >&2'], { input: 'x\n' });
    t.same([ok.exitCode, ok.stdout, ok.stderr], [0, 'got x\n', 'err\n'], 'stdout, stderr, exit code');
    const early = await run('sh', ['-c', 'exit 3'], { input: 'y'.repeat(1 << 20), allowFailure: true });
    t.equal(early.exitCode, 3, 'a child that exits without reading its stdin: its exit code, not a spawn error');
    await t.rejects(run('sh', ['-c', 'echo "bad thing" >&2; exit 2']), { code: 'E_EXEC', exitCode: 2, message: /failed: bad thing/ });
    await t.rejects(run('/nonexistent/ctnet-x', []), { code: 'E_SPAWN', message: /not found/ });
    await t.rejects(run('sleep', ['5'], { timeoutMs: 200 }), { code: 'E_TIMEOUT', message: /did not answer within 0.2 s/ });
    const argv = await run('printf', ['%s|', '$(id)', 'a b', ';']);
    t.equal(argv.stdout, '$(id)|a b|;|', 'arguments reach the child verbatim, no shell');
  });
}
