/** Every command answers --help (exit 0, its usage); unknown commands and bad use exit 2/1. */
import t from 'tap';
import { ctnetMain } from '../../lib/cli/ctnet-main.js';
import { COMMANDS } from '../../lib/cli/commands.js';

async function call(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await ctnetMain(argv, {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    processEnv: {},
  });
  return { code, out, err };
}

t.test('ctnet --help lists every command', async (t) => {
  const r = await call(['--help']);
  t.equal(r.code, 0);
  for (const c of COMMANDS)
    t.match(
      r.out,
      new RegExp(`\\n  ${c.name}\\s+${c.summary.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      `lists ${c.name}`,
    );
});

for (const name of ['install', 'uninstall', 'plan', 'check', 'status', 'demo']) {
  t.test(`ctnet ${name} --help`, async (t) => {
    const r = await call([name, '--help']);
    t.equal(r.code, 0);
    t.match(r.out, new RegExp(`^Usage: ctnet ${name}`), 'prints its usage');
    t.equal(r.err, '');
  });
}

t.test('unknown command, missing arguments', async (t) => {
  const u = await call(['frobnicate']);
  t.equal(u.code, 2);
  t.equal(u.err, 'ctnet: error: unknown command "frobnicate" (run "ctnet --help")\n');
  const p = await call(['plan']);
  t.equal(p.code, 1);
  t.equal(p.err, 'ctnet: error: ctnet plan needs a container id or name (run with --help)\n', 'one line');
});
