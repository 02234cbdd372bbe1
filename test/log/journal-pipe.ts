/**
 * The journald writer on Node's handle bindings (lib/log/journal-pipe.ts), in its own process
 * against a real unix stream socket: the exact bytes arrive, node:net is never loaded, and a
 * missing, refusing or stuck peer ends in one failure note and exit 0, never a hang.
 */
import t from 'tap';
import * as path from 'node:path';
import { run } from '../../lib/exec.js';
import { tempDirWithRun } from '../lab/temp-dir.js';
import { buildJournalDriver, expectedJournalText, journalPeer, runJournalDriver } from '../lab/journal-peer.js';

const dir = tempDirWithRun(t, 'jpipe');
const driver = await buildJournalDriver(dir);

t.test('header and lines arrive byte for byte; node:net is not loaded', async (t) => {
  const peer = await journalPeer(t, tempDirWithRun(t, 'jp'));
  const r = await runJournalDriver(driver, { socket: peer.socket, lines: 3, mode: 'auto' });
  t.equal(r.exitCode, 0, r.stderr);
  t.same(r.failures, []);
  t.equal(await peer.received(), expectedJournalText(3));
  t.equal(r.netLoaded, false, 'node:net never loaded');
  t.equal(r.stderr, '', 'no warning');
  t.equal(peer.connections(), 1);
  t.equal(r.timers, 0, 'a write journald took at once arms no timer');
});

t.test('a text larger than the socket buffer arrives whole (writes finish after the call)', async (t) => {
  const peer = await journalPeer(t, tempDirWithRun(t, 'jp'));
  const r = await runJournalDriver(driver, { socket: peer.socket, lines: 1000, size: 1000, mode: 'native' });
  t.equal(r.exitCode, 0, r.stderr);
  t.same(r.failures, []);
  const got = await peer.received();
  t.equal(got.length, expectedJournalText(1000, 1000).length, '~1 MB');
  t.ok(got === expectedJournalText(1000, 1000), 'same bytes');
  t.equal(r.netLoaded, false);
  t.equal(r.timers, 1, 'the pending write is bounded by one timer');
});

t.test('no socket: one failure note naming ENOENT, exit 0', async (t) => {
  const r = await runJournalDriver(driver, { socket: path.join(dir, 'missing.sock'), lines: 1, mode: 'native' });
  t.equal(r.exitCode, 0, r.stderr);
  t.same(r.failures, [`connect ENOENT ${path.join(dir, 'missing.sock')}`]);
  t.equal(r.netLoaded, false);
});

t.test('a stale socket file (nobody listening): ECONNREFUSED, exit 0', async (t) => {
  const sock = path.join(tempDirWithRun(t, 'jp'), 'stale.sock');
  await run('python3', ['-c', 'import socket, sys; socket.socket(socket.AF_UNIX, socket.SOCK_STREAM).bind(sys.argv[1])', sock]);
  const r = await runJournalDriver(driver, { socket: sock, lines: 1, mode: 'native' });
  t.equal(r.exitCode, 0, r.stderr);
  t.same(r.failures, [`connect ECONNREFUSED ${sock}`]);
});

t.test('a peer that never reads: the timeout gives up, the process exits 0 (no hang)', async (t) => {
  const peer = await journalPeer(t, tempDirWithRun(t, 'jp'), { read: false });
  // 8 MB cannot fit in a unix socket's buffers, so the write stays pending.
  const r = await runJournalDriver(driver, { socket: peer.socket, lines: 2000, size: 4000, timeoutMs: 300, mode: 'native' });
  t.equal(r.timedOut, false, 'the driver ended by itself');
  t.equal(r.exitCode, 0, r.stderr);
  t.same(r.failures, ['journald did not take the lines within 300 ms']);
  t.equal(peer.connections(), 1);
});

const fallbacks: Array<[string, 'odd-shape' | 'no-state']> = [
  ['bindings of an unexpected shape', 'odd-shape'],
  ['a stream binding that cannot tell a pending write', 'no-state'],
];
for (const [what, mode] of fallbacks) {
  t.test(`${what}: node:net is used instead, lines still arrive`, async (t) => {
    const peer = await journalPeer(t, tempDirWithRun(t, 'jp'));
    const r = await runJournalDriver(driver, { socket: peer.socket, lines: 2, mode });
    t.equal(r.exitCode, 0, r.stderr);
    t.equal(await peer.received(), expectedJournalText(2));
    t.equal(r.netLoaded, true, 'fell back to node:net');
  });
}
