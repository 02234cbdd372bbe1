// not-unit: needs root (unshare) and the built hooks
/**
 * The BUILT hooks leave one syslog line per action plus the result, tag "ctnet", with the
 * container id; errors at priority err. A real datagram socket receives what logger sends.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import t, { type Test } from 'tap';
import { run } from '../../../lib/doors/exec.js';
import { tempDirWithRun } from '../../lab/temp-dir.js';

import { HOOK_UMOUNT as UMOUNT } from '../../lab/executables.js';
const RECEIVER = `import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("ready", flush=True)
while True:
    print(s.recv(65536).decode("utf-8", "replace"), flush=True)
`;

async function receiver(t: Test, sock: string): Promise<() => string> {
  const child = spawn('python3', ['-u', '-c', RECEIVER, sock], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => {
    child.kill();
  });
  let text = '';
  child.stdout.on('data', (b: Buffer) => {
    text += b.toString();
  });
  t.ok(await waitFor(() => text.includes('ready')), 'syslog receiver listens');
  return () => text;
}

async function waitFor(cond: () => boolean): Promise<boolean> {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 100));
  return cond();
}

/** A short temp dir: unix socket paths are limited to 108 bytes. */
const shortDir = (t: Test): string => tempDirWithRun(t, 'log');

t.test('one line per action and the result, with the container id', async (t) => {
  const dir = shortDir(t);
  const sock = path.join(dir, 'log.sock');
  const got = await receiver(t, sock);
  const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', CTNET_SYSLOG_SOCKET: sock };
  const ok = await run('unshare', ['-n', UMOUNT, '--vz-dir', dir, '--run-dir', path.join(dir, 'run')], {
    env: { ...env, VEID: '101' },
    allowFailure: true,
  });
  t.equal(ok.exitCode, 0, ok.stderr);
  const bad = await run(UMOUNT, [], { env: { ...env, VEID: '1 01' }, allowFailure: true });
  t.equal(bad.exitCode, 1);
  await waitFor(() => got().includes('<27>'));
  const lines = got()
    .split('\n')
    .filter((l) => l.startsWith('<'));
  t.match(
    lines[0],
    /^<30>.* ctnet\[\d+\]: ctnet-umount ct=101: CT 101: down: nothing to remove$/,
    'action line, daemon.info, tag ctnet, ct id',
  );
  t.match(lines[1], /^<30>.* ctnet\[\d+\]: ctnet-umount ct=101: result: ok$/, 'result line');
  t.match(
    lines[2],
    /^<27>.* ctnet\[\d+\]: ctnet-umount: result: ctnet: error: VEID: "1 01" is not a valid container id/,
    'error at daemon.err, one line',
  );
  t.equal(lines.length, 3, 'nothing else');
});

t.test('dry runs and CTNET_SYSLOG=0 send nothing', async (t) => {
  const dir = shortDir(t);
  const sock = path.join(dir, 'log.sock');
  const got = await receiver(t, sock);
  for (const extra of [{ CTNET_SYSLOG: '0' }, { CTNET_DRY_RUN: '1' }]) {
    const r = await run('unshare', ['-n', UMOUNT, '--vz-dir', dir, '--run-dir', path.join(dir, 'run')], {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', CTNET_SYSLOG_SOCKET: sock, VEID: '101', ...extra },
      allowFailure: true,
    });
    t.equal(r.exitCode, 0, r.stderr);
  }
  // A run that does log, afterwards: once its line is in, the earlier runs had their chance.
  await run(UMOUNT, [], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', CTNET_SYSLOG_SOCKET: sock, VEID: 'x y' },
    allowFailure: true,
  });
  await waitFor(() => got().includes('<27>'));
  t.same(
    got()
      .split('\n')
      .filter((l) => l.startsWith('<'))
      .map((l) => l.replace(/^.*?ctnet\[\d+\]: /, '')),
    [
      'ctnet-umount: result: ctnet: error: VEID: "x y" is not a valid container id (letters, digits, "_", ".", "-"; at most 64) (run with --help)',
    ],
  );
  t.ok(fs.existsSync(sock));
});
