/** failedLines: which `ip -batch` lines failed, and why, from ip's stderr. */
import t from 'tap';
import { failedLines } from '../../lib/apply/run-step.js';

t.test('failedLines', async (t) => {
  const cases: Array<[string, string, Array<{ line: number; why: string }>]> = [
    ['nothing failed', '', []],
    ['one failure, Error: prefix (iproute2 >= 5)', 'Error: Device for nexthop is not up.\nCommand failed -:3\n', [{ line: 3, why: 'Error: Device for nexthop is not up.' }]],
    ['old RTNETLINK style', 'RTNETLINK answers: File exists\nCommand failed -:1\n', [{ line: 1, why: 'RTNETLINK answers: File exists' }]],
    ['several lines of messages joined', 'Cannot find device "x"\nsecond line\nCommand failed -:2\n', [{ line: 2, why: 'Cannot find device "x" second line' }]],
    ['-force: several failures', 'RTNETLINK answers: No such process\nCommand failed -:1\nError: ipv6: IPv6 is disabled on this device.\nCommand failed -:4\n',
      [{ line: 1, why: 'RTNETLINK answers: No such process' }, { line: 4, why: 'Error: ipv6: IPv6 is disabled on this device.' }]],
    ['marker without message', 'Command failed -:7\n', [{ line: 7, why: 'failed' }]],
    ['vzctl noise after the failure is not attributed', 'Error: x\nCommand failed -:2\nvzctl: exec failed\n', [{ line: 2, why: 'Error: x' }]],
    ['whitespace trimmed', '   Error: spaced   \nCommand failed -:5', [{ line: 5, why: 'Error: spaced' }]],
    ['a file name instead of - is not a marker', 'Command failed /tmp/b:3\n', []],
  ];
  for (const [name, stderr, want] of cases) t.same(failedLines(stderr), want, name);
});
