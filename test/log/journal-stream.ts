/**
 * The journald stream header, the choice of syslog sink (pure), and the node:net path of
 * openJournalStream: taken whenever Node's handle bindings may not be used, and then it
 * delivers the same bytes to a real unix stream socket (test/lab/journal-peer.ts).
 */
import t from 'tap';
import * as path from 'node:path';
import { journalStreamText, openJournalStream } from '../../lib/log/journal-stream.js';
import { waitFor } from '../lab/frr.js';
import { chooseSyslogSink } from '../../lib/log/syslog-lines.js';
import { tempDirWithRun } from '../lab/temp-dir.js';
import { buildJournalDriver, expectedJournalText, journalPeer, runJournalDriver } from '../lab/journal-peer.js';

t.test('header: identifier, no unit, default priority, level prefix on, no forced forwarding', async (t) => {
  t.equal(journalStreamText('ctnet', 30, ['<6>a', '<3>b']), 'ctnet\n\n30\n1\n0\n0\n0\n<6>a\n<3>b\n');
});

t.test('sink: explicit socket, then journald, then /dev/log, else none', async (t) => {
  const has = (...paths: string[]) => (p: string) => paths.includes(p);
  t.same(chooseSyslogSink({ explicitSocket: '/tmp/s', exists: has('/run/systemd/journal/stdout') }), { kind: 'logger', socket: '/tmp/s' });
  t.same(chooseSyslogSink({ exists: has('/run/systemd/journal/stdout', '/dev/log') }), { kind: 'journal', socket: '/run/systemd/journal/stdout' });
  t.same(chooseSyslogSink({ exists: has('/dev/log') }), { kind: 'logger' });
  t.same(chooseSyslogSink({ exists: has() }), { kind: 'none' });
});

t.test('node:net path', async (t) => {
  const dir = tempDirWithRun(t, 'jstream');
  const driver = await buildJournalDriver(dir);

  const fallbacks: Array<{ name: string; env?: Record<string, string>; nodeArgs?: string[]; mode?: 'native' }> = [
    { name: 'CTNET_NATIVE=0', env: { CTNET_NATIVE: '0' } },
    { name: '--pending-deprecation', nodeArgs: ['--pending-deprecation'] },
    { name: 'NODE_OPTIONS=--pending-deprecation', env: { NODE_OPTIONS: '--pending-deprecation' } },
    { name: 'NODE_PENDING_DEPRECATION=1', env: { NODE_PENDING_DEPRECATION: '1' } },
    // journal-pipe.ts itself sees the warning wrapper, even when told to go native.
    { name: '--pending-deprecation, native forced', nodeArgs: ['--pending-deprecation'], mode: 'native' },
    // The permission model makes process.binding throw.
    { name: 'permission model', nodeArgs: ['--experimental-permission', '--allow-fs-read=*'] },
  ];
  for (const f of fallbacks) {
    t.test(`${f.name}: same bytes over node:net, no deprecation warning, exit 0`, async (t) => {
      const peer = await journalPeer(t, tempDirWithRun(t, 'js'));
      const r = await runJournalDriver(driver, { socket: peer.socket, lines: 3, mode: f.mode ?? 'auto', ...(f.env ? { env: f.env } : {}), ...(f.nodeArgs ? { nodeArgs: f.nodeArgs } : {}) });
      t.equal(r.exitCode, 0, r.stderr);
      t.same(r.failures, []);
      t.equal(await peer.received(), expectedJournalText(3));
      t.equal(r.netLoaded, true, 'node:net did the writing');
      t.notMatch(r.stderr, /DEP0111|process\.binding/, 'no warning about process.binding');
    });
  }

  t.test('no socket: one failure note, exit 0', async (t) => {
    const r = await runJournalDriver(driver, { socket: path.join(dir, 'missing.sock'), lines: 1, mode: 'net' });
    t.equal(r.exitCode, 0, r.stderr);
    t.same(r.failures, [`connect ENOENT ${path.join(dir, 'missing.sock')}`]);
  });

  t.test('a peer that never reads: the timeout gives up, exit 0 (no hang)', async (t) => {
    const peer = await journalPeer(t, tempDirWithRun(t, 'js'), { read: false });
    const r = await runJournalDriver(driver, { socket: peer.socket, lines: 2000, size: 4000, timeoutMs: 300, mode: 'net' });
    t.equal(r.timedOut, false, 'the driver ended by itself');
    t.equal(r.exitCode, 0, r.stderr);
    t.same(r.failures, ['journald did not take the lines within 300 ms']);
  });
});

t.test('the connection is made when the stream is opened, the text follows at send (both paths)', async (t) => {
  for (const native of [true, false]) {
    const peer = await journalPeer(t, tempDirWithRun(t, 'jo'));
    const failures: string[] = [];
    const stream = openJournalStream({ socket: peer.socket, identifier: 'ctnet', priority: 30, timeoutMs: 2000, native, onFailure: (e) => failures.push(e.message) });
    // journald would accept now and read the hook's pid while the hook still runs.
    await waitFor(() => peer.connections() === 1, 5_000, 'the peer sees the connection before anything is sent');
    await new Promise((r) => setTimeout(r, 50));
    stream.send(['<6>late line']);
    t.equal(await peer.received(), expectedJournalText(0) + '<6>late line\n', `${native ? 'bindings' : 'node:net'}: header and line after the early connect`);
    t.same(failures, []);
  }
});
