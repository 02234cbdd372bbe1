import t from 'tap';
import { connectedNetworks, firstIPv4 } from '../../lib/frr/connected-networks.js';

t.test('IPv4 networks of non-host addresses, unique and sorted', async (t) => {
  const json = JSON.stringify([
    { ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host' }] },
    { ifname: 'eth0', addr_info: [{ family: 'inet', local: '192.0.2.25', prefixlen: 24, scope: 'global' },
      { family: 'inet', local: '192.0.2.26', prefixlen: 24, scope: 'global' }, { family: 'inet6', local: 'fe80::1', prefixlen: 64, scope: 'link' }] },
    { ifname: 'vmbr0', addr_info: [{ family: 'inet', local: '10.1.2.3', prefixlen: 16, scope: 'global' }] },
    { ifname: 'x' },
  ]);
  t.same(connectedNetworks(json), ['10.1.0.0/16', '192.0.2.0/24']);
  t.equal(firstIPv4(json, 'eth0'), '192.0.2.25');
  t.equal(firstIPv4(json, 'nope'), undefined);
  t.same(connectedNetworks(''), []);
  t.throws(() => connectedNetworks('{'), /cannot parse/);
  t.throws(() => firstIPv4('{}', 'eth0'), /cannot parse/);
});
