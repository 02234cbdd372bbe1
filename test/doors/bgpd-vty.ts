/** askBgpd speaks the vtysh socket protocol: answers, error status, no socket, no answer, too much. */
import t from 'tap';
import * as path from 'node:path';
import { askBgpd, bgpdVtyPath } from '../../lib/doors/bgpd-vty.js';
import { fakeBgpd } from '../lab/fake-bgpd.js';

t.test('an answer, split over two reads; the command sent with its NUL', async (t) => {
  const f = await fakeBgpd(() => ({ text: '{\n "prefix":"203.0.113.32/32"\n}\n' }));
  t.teardown(f.close);
  t.equal(
    await askBgpd(f.path, 'show bgp ipv4 unicast 203.0.113.32/32 json', 1000),
    '{\n "prefix":"203.0.113.32/32"\n}\n',
  );
  t.same(f.questions, ['show bgp ipv4 unicast 203.0.113.32/32 json']);
});

t.test('failures are undefined', async (t) => {
  const dir = t.testdir({});
  t.equal(await askBgpd(path.join(dir, 'none.vty'), 'x', 1000), undefined, 'no socket');
  const err = await fakeBgpd(() => ({ text: '% Unknown command', status: 1 }));
  t.teardown(err.close);
  t.equal(await askBgpd(err.path, 'bogus', 1000), undefined, 'an error status');
  const hang = await fakeBgpd(() => 'hang');
  t.teardown(hang.close);
  const start = performance.now();
  t.equal(await askBgpd(hang.path, 'x', 300), undefined, 'no answer');
  t.ok(performance.now() - start < 1500, 'within the timeout');
  const big = await fakeBgpd(() => ({ text: 'x'.repeat(5 * 1024 * 1024) }));
  t.teardown(big.close);
  t.equal(await askBgpd(big.path, 'x', 5000), undefined, 'an answer over 4 MiB');
});

t.test('socket paths', async (t) => {
  t.equal(bgpdVtyPath(), '/var/run/frr/bgpd.vty');
  t.equal(bgpdVtyPath('ctnet-b-x1'), '/var/run/frr/ctnet-b-x1/bgpd.vty');
});
