/** The hook frame: stderr stays under LXC's ~40 KB, errors are one line (stack with --verbose). */
import t from 'tap';
import { CtnetError } from '../../lib/errors.js';
import { runHook, STDERR_CAP, type HookSpec } from '../../lib/hook/run-hook.js';

function capture(): { io: { stdout: (s: string) => void; stderr: (s: string) => void }; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s) => void out.push(s), stderr: (s) => void err.push(s) }, out, err };
}

const chatty: HookSpec = {
  name: 'ctnet-test',
  usage: 'Usage: ctnet-test',
  handler: async (_a, hookEnv) => {
    for (let i = 0; i < 5000; i++) hookEnv.ctx.log(`CT 1: step ${i}: ok`);
  },
};
const failing: HookSpec = {
  name: 'ctnet-test',
  usage: 'Usage: ctnet-test',
  handler: async () => {
    throw new CtnetError('CT 1: bridge "br9" does not exist', { code: 'E_NOBRIDGE', hint: 'create it' });
  },
};
const NOLOG = { CTNET_SYSLOG: '0' };

t.test("a chatty run is cut below LXC's read limit", async (t) => {
  const c = capture();
  t.equal(await runHook(chatty, [], NOLOG, c.io), 0);
  const text = c.err.join('');
  t.ok(Buffer.byteLength(text) < STDERR_CAP + 1024, `stderr is ${Buffer.byteLength(text)} bytes`);
  t.ok(Buffer.byteLength(text) < 40_000, 'below 40 KB');
  t.match(text, /output truncated; see syslog tag "ctnet"\)\n$/, 'says it was cut and where the rest is');
});

t.test('an error is one line; --verbose adds the stack', async (t) => {
  const c = capture();
  t.equal(await runHook(failing, [], NOLOG, c.io), 1);
  t.same(c.err, ['ctnet: error: CT 1: bridge "br9" does not exist (create it)\n'], 'exactly one line');
  const v = capture();
  t.equal(await runHook(failing, ['--verbose'], NOLOG, v.io), 1);
  t.match(v.err.join(''), /does not exist[\s\S]*\n\s+at /, 'stack trace with --verbose');
});
