import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  readExternalScript,
  runExternalScript,
  skipReason,
  NESTED_ENV,
} from '../../../lib/runtimes/openvz/external-script.js';

t.test('vznet.conf is read, never sourced', async (t) => {
  const dir = t.testdir({
    'vznet.conf': '# comment\nEXTERNAL_SCRIPT="/usr/sbin/x $(touch /tmp/pwned)"\nEXTERNAL_SCRIPT="/second"\n',
  });
  const s = readExternalScript(dir)!;
  t.equal(s.path, '/usr/sbin/x $(touch /tmp/pwned)', 'the value as text; the first occurrence wins, as in vzctl');
  t.equal(s.from.line, 2);
  t.equal(readExternalScript(t.testdir({})), undefined, 'no vznet.conf: no script');
  t.equal(readExternalScript(t.testdir({ 'vznet.conf': 'EXTERNAL_SCRIPT=""\n' })), undefined, 'empty: no script');
  t.throws(
    () => readExternalScript(t.testdir({ 'vznet.conf': 'EXTERNAL_SCRIPT=x.sh\n' })),
    /vznet\.conf:1: EXTERNAL_SCRIPT: "x\.sh" is not an absolute path/,
  );
});

t.test('skip: not executable, nested, itself', async (t) => {
  const dir = t.testdir({ plain: 'x', 'run.sh': '#!/bin/sh\n' });
  fs.chmodSync(path.join(dir, 'run.sh'), 0o755);
  const from = { value: '', file: '/etc/vz/vznet.conf', line: 1, key: 'EXTERNAL_SCRIPT' };
  const plain = { path: path.join(dir, 'plain'), from };
  const exe = { path: path.join(dir, 'run.sh'), from };
  t.match(skipReason({ script: plain, env: {} }), /not an executable file/);
  t.match(skipReason({ script: { path: path.join(dir, 'none'), from }, env: {} }), /not an executable file/);
  t.match(skipReason({ script: exe, env: { [NESTED_ENV]: '1' } }), /already inside EXTERNAL_SCRIPT/);
  fs.symlinkSync(path.join(dir, 'run.sh'), path.join(dir, 'link'));
  t.match(
    skipReason({ script: exe, env: {}, self: path.join(dir, 'link') }),
    /is ctnet-vznetcfg itself/,
    'symlinks resolved',
  );
  t.equal(skipReason({ script: exe, env: {} }), undefined);
});

t.test('runs with argv (empty args dropped), env + VEID, reports failure in one line', async (t) => {
  const dir = t.testdir({});
  const out = path.join(dir, 'out');
  const script = path.join(dir, 's.sh');
  fs.writeFileSync(
    script,
    `#!/bin/sh\necho "$# $* $VEID $${NESTED_ENV}" > ${out}\necho hello\n[ "$1" = fail ] && { echo "boom" >&2; exit 4; }\nexit 0\n`,
    { mode: 0o755 },
  );
  const from = { value: script, file: '/etc/vz/vznet.conf', line: 3, key: 'EXTERNAL_SCRIPT' };
  const logs: string[] = [];
  await runExternalScript({
    script: { path: script, from },
    argv: ['delif', 'v0', ''],
    env: { PATH: process.env['PATH'], VEID: 'u1' },
    timeoutMs: 5000,
    log: (l) => logs.push(l),
  });
  t.equal(fs.readFileSync(out, 'utf8'), '2 delif v0 u1 1\n');
  t.same(logs, ['s.sh: hello'], 'its output is passed on');
  await t.rejects(
    runExternalScript({
      script: { path: script, from },
      argv: ['fail'],
      env: { PATH: process.env['PATH'] },
      timeoutMs: 5000,
      log: () => undefined,
    }),
    /EXTERNAL_SCRIPT ".*s\.sh" \(\/etc\/vz\/vznet\.conf:3\) failed with exit code 4: boom/,
  );
  fs.writeFileSync(script, '#!/bin/sh\nsleep 5\n', { mode: 0o755 });
  await t.rejects(
    runExternalScript({
      script: { path: script, from },
      argv: [],
      env: { PATH: process.env['PATH'] },
      timeoutMs: 300,
      log: () => undefined,
    }),
    /EXTERNAL_SCRIPT .* did not answer within 0\.3 s/,
  );
});
