/** lib/observe/host-addresses.ts: `ip -j addr show scope global` output to addresses with prefixes. */
import t from 'tap';
import { parseHostAddresses } from '../../lib/observe/host-addresses.js';

t.test('parse', async (t) => {
  const json = JSON.stringify([
    { ifname: 'v1', addr_info: [{ family: 'inet', local: '10.9.0.1', prefixlen: 24 }, {}] },
    {
      ifname: 'br0',
      addr_info: [
        { family: 'inet6', local: '2001:db8::1', prefixlen: 64 },
        { local: 'junk', prefixlen: 1 },
      ],
    },
    { ifname: 7, addr_info: [] },
  ]);
  t.same(parseHostAddresses(json), [
    { ifname: 'v1', addr: { family: 4, address: '10.9.0.1', prefix: 24 } },
    { ifname: 'br0', addr: { family: 6, address: '2001:db8::1', prefix: 64 } },
  ]);
  t.same(parseHostAddresses(''), []);
  t.same(parseHostAddresses('[]'), []);
});
