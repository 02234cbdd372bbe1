/** failedLines: which `ip -batch` lines failed, and why, from ip's stderr; sysctl steps write only ctnet's keys. */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { failedLines, runStep } from '../../lib/apply/run-step.js';
import { defaultApplyContext } from '../../lib/apply/context.js';

t.test('failedLines', async (t) => {
  const cases: Array<[string, string, Array<{ line: number; why: string }>]> = [
    ['nothing failed', '', []],
    [
      'one failure, Error: prefix (iproute2 >= 5)',
      'Error: Device for nexthop is not up.\nCommand failed -:3\n',
      [{ line: 3, why: 'Error: Device for nexthop is not up.' }],
    ],
    [
      'old RTNETLINK style',
      'RTNETLINK answers: File exists\nCommand failed -:1\n',
      [{ line: 1, why: 'RTNETLINK answers: File exists' }],
    ],
    [
      'several lines of messages joined',
      'Cannot find device "x"\nsecond line\nCommand failed -:2\n',
      [{ line: 2, why: 'Cannot find device "x" second line' }],
    ],
    [
      '-force: several failures',
      'RTNETLINK answers: No such process\nCommand failed -:1\nError: ipv6: IPv6 is disabled on this device.\nCommand failed -:4\n',
      [
        { line: 1, why: 'RTNETLINK answers: No such process' },
        { line: 4, why: 'Error: ipv6: IPv6 is disabled on this device.' },
      ],
    ],
    ['marker without message', 'Command failed -:7\n', [{ line: 7, why: 'failed' }]],
    [
      'vzctl noise after the failure is not attributed',
      'Error: x\nCommand failed -:2\nvzctl: exec failed\n',
      [{ line: 2, why: 'Error: x' }],
    ],
    ['whitespace trimmed', '   Error: spaced   \nCommand failed -:5', [{ line: 5, why: 'Error: spaced' }]],
    ['a file name instead of - is not a marker', 'Command failed /tmp/b:3\n', []],
  ];
  for (const [name, stderr, want] of cases) t.same(failedLines(stderr), want, name);
});

t.test("a sysctl step writes only ctnet's own per-interface keys, checked when it runs", async (t) => {
  const dir = t.testdir({
    victim: 'secret\n',
    sys: { net: { ipv4: { conf: { veth0: { proxy_arp: '0\n' }, all: { forwarding: '0\n' } } } } },
  });
  const ctx = { ...defaultApplyContext(), procSys: path.join(dir, 'sys') };
  const undo = await runStep({ kind: 'sysctl', what: 'x', key: 'net/ipv4/conf/veth0/proxy_arp', value: '1' }, ctx);
  t.equal(fs.readFileSync(path.join(dir, 'sys/net/ipv4/conf/veth0/proxy_arp'), 'utf8'), '1');
  t.match(undo, [{ kind: 'sysctl', key: 'net/ipv4/conf/veth0/proxy_arp', value: '0' }]);
  for (const [key, value, why] of [
    ['../../victim', '1', /not a sysctl ctnet sets/],
    ['net/ipv4/conf/all/forwarding', '1', /"all" is not a container interface/],
    ['net/ipv4/conf/veth0/proxy_arp', '1\nx', /value "1\nx" is not 0 or 1/],
  ] as const) {
    const e = await runStep({ kind: 'sysctl', what: 'x', key, value }, ctx).then(
      () => undefined,
      (x: unknown) => x as { error?: { code: string; message: string } },
    );
    t.equal(e?.error?.code, 'E_SYSCTL', `${key}: refused`);
    t.match(e?.error?.message, why, key);
  }
  t.equal(fs.readFileSync(path.join(dir, 'victim'), 'utf8'), 'secret\n');
  t.equal(fs.readFileSync(path.join(dir, 'sys/net/ipv4/conf/all/forwarding'), 'utf8'), '0\n');
});
