/** lib/observe/dad-probe.ts: the probe argv, and what each tool's exit means (as measured with iputils-arping and ndisc6). */
import t from 'tap';
import { PROBE_WAIT_MS, probeCommand, probeOutcome } from '../../lib/observe/dad-probe.js';
import { parseIpAddr, type IpAddr } from '../../lib/request/ip-address.js';

const ip = (s: string): IpAddr => parseIpAddr(s) as IpAddr;

t.test('argv: one probe, one bounded wait, the device named', async (t) => {
  t.same(probeCommand({ ip: ip('192.168.1.5'), dev: 'up0' }), [
    'arping',
    ['-D', '-q', '-c', '1', '-w', '1', '-I', 'up0', '192.168.1.5'],
  ]);
  t.same(probeCommand({ ip: ip('2001:db8::5'), dev: 'up0' }), [
    'ndisc6',
    ['-1', '-q', '-r', '1', '-w', String(PROBE_WAIT_MS), '2001:db8::5', 'up0'],
  ]);
});

t.test('outcomes', async (t) => {
  const r = (exitCode: number, stdout = '', stderr = '') => ({ exitCode, stdout, stderr });
  t.same(probeOutcome(4, r(0)), { kind: 'free' });
  t.same(probeOutcome(4, r(1)), { kind: 'answered' });
  t.same(probeOutcome(4, r(2, '', 'arping: Device nosuch not available.\n')), {
    kind: 'unknown',
    why: 'arping exited 2: arping: Device nosuch not available.',
  });
  t.same(probeOutcome(4, r(2)), { kind: 'unknown', why: 'arping exited 2' }, 'interface down');
  t.same(probeOutcome(6, r(0, '82:52:4C:DF:F1:FD\n')), { kind: 'answered', mac: '82:52:4c:df:f1:fd' });
  t.same(probeOutcome(6, r(2)), { kind: 'free' }, '-q: a time-out is exit 2, silent');
  t.same(probeOutcome(6, r(2, '', 'Timed out.\n')), { kind: 'free' });
  t.same(probeOutcome(6, r(1, '', 'Sending ICMPv6 packet: Cannot assign requested address\n')), {
    kind: 'unknown',
    why: 'ndisc6 exited 1: Sending ICMPv6 packet: Cannot assign requested address',
  });
  t.same(probeOutcome(6, r(1, '', 'nosuch: No such device\n')), {
    kind: 'unknown',
    why: 'ndisc6 exited 1: nosuch: No such device',
  });
});
