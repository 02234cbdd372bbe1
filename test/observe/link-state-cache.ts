/** linkStateCache reads each link from sysfs once per pass, however often it is asked. */
import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { linkStateCache } from '../../lib/observe/link-state-cache.js';

t.test('each link is read once; a new cache reads again', async (t) => {
  const sys = t.testdir({
    br0: { mtu: '1500\n', address: '02:00:00:00:00:01\n', addr_assign_type: '3\n', flags: '0x1003\n', bridge: {} },
  });
  const link = linkStateCache(sys);
  t.match(link('br0'), { exists: true, mtu: 1500, isLinuxBridge: true, macFixed: true, up: true });
  writeFileSync(join(sys, 'br0', 'mtu'), '9000\n');
  t.equal(link('br0').mtu, 1500, 'the second ask is answered from the cache');
  t.equal(link('br0'), link('br0'), 'the same object');
  t.equal(link('nope').exists, false, 'a missing link is remembered as missing');
  t.equal(linkStateCache(sys)('br0').mtu, 9000, 'a new pass reads sysfs again');
});
