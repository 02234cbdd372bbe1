/** The journald stream header and the choice of syslog sink (pure). */
import t from 'tap';
import { journalStreamText } from '../../lib/log/journal-stream.js';
import { chooseSyslogSink } from '../../lib/log/syslog-lines.js';

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
