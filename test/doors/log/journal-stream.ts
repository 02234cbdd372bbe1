/**
 * The journald stream header, the choice of syslog sink (pure), and openJournalStream
 * delivering the bytes to a real unix stream socket (test/lab/journal-peer.ts).
 */
import t from 'tap';
import * as path from 'node:path';
import { journalStreamText, openJournalStream } from '../../../lib/doors/log/journal-stream.js';
import { waitFor } from '../../lab/frr.js';
import { chooseSyslogSink } from '../../../lib/doors/log/syslog-lines.js';
import { tempDirWithRun } from '../../lab/temp-dir.js';
import { buildJournalDriver, expectedJournalText, journalPeer, runJournalDriver } from '../../lab/journal-peer.js';

t.test('header: identifier, no unit, default priority, level prefix on, no forced forwarding', async (t) => {
  t.equal(journalStreamText('ctnet', 30, ['<6>a', '<3>b']), 'ctnet\n\n30\n1\n0\n0\n0\n<6>a\n<3>b\n');
});

t.test('sink: explicit socket, then journald, then /dev/log, else none', async (t) => {
  const has =
    (...paths: string[]) =>
    (p: string) =>
      paths.includes(p);
  t.same(chooseSyslogSink({ explicitSocket: '/tmp/s', exists: has('/run/systemd/journal/stdout') }), {
    kind: 'logger',
    socket: '/tmp/s',
  });
  t.same(chooseSyslogSink({ exists: has('/run/systemd/journal/stdout', '/dev/log') }), {
    kind: 'journal',
    socket: '/run/systemd/journal/stdout',
  });
  t.same(chooseSyslogSink({ exists: has('/dev/log') }), { kind: 'logger' });
  t.same(chooseSyslogSink({ exists: has() }), { kind: 'none' });
});

t.test('node:net path', async (t) => {
  const dir = tempDirWithRun(t, 'jstream');
  const driver = await buildJournalDriver(dir);

  t.test('the lines reach the socket byte for byte, exit 0', async (t) => {
    const peer = await journalPeer(t, tempDirWithRun(t, 'js'));
    const r = await runJournalDriver(driver, { socket: peer.socket, lines: 3 });
    t.equal(r.exitCode, 0, r.stderr);
    t.same(r.failures, []);
    t.equal(await peer.received(), expectedJournalText(3));
  });

  t.test('no socket: one failure note, exit 0', async (t) => {
    const r = await runJournalDriver(driver, { socket: path.join(dir, 'missing.sock'), lines: 1 });
    t.equal(r.exitCode, 0, r.stderr);
    t.same(r.failures, [`connect ENOENT ${path.join(dir, 'missing.sock')}`]);
  });

  t.test('a peer that never reads: the timeout gives up, exit 0 (no hang)', async (t) => {
    const peer = await journalPeer(t, tempDirWithRun(t, 'js'), { read: false });
    const r = await runJournalDriver(driver, { socket: peer.socket, lines: 2000, size: 4000, timeoutMs: 300 });
    t.equal(r.timedOut, false, 'the driver ended by itself');
    t.equal(r.exitCode, 0, r.stderr);
    t.same(r.failures, ['journald did not take the lines within 300 ms']);
  });
});

t.test('the connection is made when the stream is opened, the text follows at send', async (t) => {
  {
    const peer = await journalPeer(t, tempDirWithRun(t, 'jo'));
    const failures: string[] = [];
    const stream = openJournalStream({
      socket: peer.socket,
      identifier: 'ctnet',
      priority: 30,
      timeoutMs: 2000,
      onFailure: (e) => failures.push(e.message),
    });
    // journald would accept now and read the hook's pid while the hook still runs.
    await waitFor(() => peer.connections() === 1, 5_000, 'the peer sees the connection before anything is sent');
    await new Promise((r) => setTimeout(r, 50));
    stream.send(['<6>late line']);
    t.equal(
      await peer.received(),
      expectedJournalText(0) + '<6>late line\n',
      'header and line after the early connect',
    );
    t.same(failures, []);
  }
});
