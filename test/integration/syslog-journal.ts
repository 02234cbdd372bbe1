/**
 * On a systemd host the BUILT hooks hand their lines to a REAL systemd-journald over its
 * stream socket (no logger process): identifier "ctnet", facility daemon, info for actions
 * and the result, err for a failure; the hook exits at once with its own code. Written with
 * Node's handle bindings, and the same over node:net when those are switched off.
 */
import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JOURNALD, runWithJournald } from '../lab/journald.js';
import { run } from '../../lib/doors/exec.js';

import { HOOK_PATH, HOOK_UMOUNT as UMOUNT } from '../lab/executables.js';

/** Config and run dirs for the hook (tap removes them after the test). */
const tempDir = (t: Test): string => t.testdir({ run: {} });

t.test('action and result lines reach journald, at daemon.info', async (t) => {
  t.ok(fs.existsSync(JOURNALD), 'systemd-journald is installed (scripts/setup.sh)');
  const dir = tempDir(t);
  const r = await runWithJournald(
    [
      'unshare',
      '-n',
      '/usr/bin/env',
      '-i',
      'VEID=101',
      `PATH=${HOOK_PATH}`,
      UMOUNT,
      '--vz-dir',
      dir,
      '--run-dir',
      path.join(dir, 'run'),
    ],
    'result: ok',
  );
  t.equal(r.exitCode, 0, r.stderr);
  t.same(
    r.entries.map((e) => e['MESSAGE']),
    ['ctnet-umount ct=101: CT 101: down: nothing to remove', 'ctnet-umount ct=101: result: ok'],
    'one line per action, then the result',
  );
  for (const e of r.entries) {
    t.equal(e['SYSLOG_IDENTIFIER'], 'ctnet', 'identifier ctnet');
    t.equal(e['PRIORITY'], '6', 'info');
    t.equal(e['SYSLOG_FACILITY'], '3', 'facility daemon');
    t.equal(e['_TRANSPORT'], 'stdout', 'written over the stream socket, not by a logger process');
    t.match(e['_PID'], /^\d+$/, "journald knows the hook's pid");
  }
  t.equal(new Set(r.entries.map((e) => e['_PID'])).size, 1, 'both lines from the one hook process');
});

t.test('a failing hook logs its error line at daemon.err and still exits 1', async (t) => {
  const r = await runWithJournald(
    ['unshare', '-n', '/usr/bin/env', '-i', 'VEID=1 01', `PATH=${HOOK_PATH}`, UMOUNT],
    'not a valid container id',
  );
  t.equal(r.exitCode, 1);
  t.match(r.stderr, /^ctnet: error: VEID: "1 01" is not a valid container id/m);
  t.equal(r.entries.length, 1, 'one line');
  t.match(r.entries[0]!['MESSAGE'], /^ctnet-umount: result: ctnet: error: VEID: "1 01" is not a valid container id/);
  t.equal(r.entries[0]!['PRIORITY'], '3', 'err');
});

t.test('dry runs and CTNET_SYSLOG=0 send nothing', async (t) => {
  const dir = tempDir(t);
  for (const extra of ['CTNET_SYSLOG=0', 'CTNET_DRY_RUN=1']) {
    const r = await runWithJournald(
      [
        'unshare',
        '-n',
        '/usr/bin/env',
        '-i',
        'VEID=101',
        extra,
        `PATH=${HOOK_PATH}`,
        UMOUNT,
        '--vz-dir',
        dir,
        '--run-dir',
        path.join(dir, 'run'),
      ],
      'never',
    );
    t.equal(r.exitCode, 0, r.stderr);
    t.same(r.entries, [], `${extra}: no journal entry`);
  }
});

t.test(
  'a stale journal socket (journald not running): the hook still succeeds and says why with --verbose',
  async (t) => {
    const dir = tempDir(t);
    const script = `set -e
mount --make-rprivate /
mount -t tmpfs ctnet-run /run
mkdir -p /run/systemd/journal
python3 -c 'import socket; s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.bind("/run/systemd/journal/stdout")'
exec unshare -n /usr/bin/env -i VEID=101 PATH=${HOOK_PATH} "$@"`;
    const r = await run(
      'unshare',
      ['-m', 'bash', '-c', script, 'stale', UMOUNT, '--verbose', '--vz-dir', dir, '--run-dir', path.join(dir, 'run')],
      { allowFailure: true, timeoutMs: 20_000 },
    );
    t.equal(r.exitCode, 0, r.stderr);
    t.match(r.stderr, /ctnet-umount: syslog: .*ECONNREFUSED/, 'the reason, only with --verbose');
  },
);
