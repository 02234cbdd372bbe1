import t from 'tap';
import { connectedNetworks, connectedNetworks6, firstIPv4 } from '../../lib/observe/connected-networks.js';

t.test('IPv4 networks of non-host addresses, unique and sorted', async (t) => {
  const json = JSON.stringify([
    { ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host' }] },
    {
      ifname: 'eth0',
      addr_info: [
        { family: 'inet', local: '192.0.2.25', prefixlen: 24, scope: 'global' },
        { family: 'inet', local: '192.0.2.26', prefixlen: 24, scope: 'global' },
        { family: 'inet6', local: 'fe80::1', prefixlen: 64, scope: 'link' },
      ],
    },
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

t.test('IPv6 networks of global addresses only (no link-local, no lo), unique and sorted', async (t) => {
  const json = JSON.stringify([
    { ifname: 'lo', addr_info: [{ family: 'inet6', local: '::1', prefixlen: 128, scope: 'host' }] },
    {
      ifname: 'br0',
      addr_info: [
        { family: 'inet', local: '10.0.0.2', prefixlen: 24, scope: 'global' },
        { family: 'inet6', local: '2001:DB8:0:10::2', prefixlen: 64, scope: 'global' },
        { family: 'inet6', local: '2001:db8:0:10::3', prefixlen: 64, scope: 'global' },
        { family: 'inet6', local: 'fe80::1', prefixlen: 64, scope: 'link' },
      ],
    },
    { ifname: 'up0', addr_info: [{ family: 'inet6', local: 'fd77::2', prefixlen: 48, scope: 'global' }] },
  ]);
  t.same(connectedNetworks6(json), ['2001:db8:0:10::/64', 'fd77::/48']);
  t.same(connectedNetworks(json), ['10.0.0.0/24'], 'the IPv4 list has no IPv6 network');
});
