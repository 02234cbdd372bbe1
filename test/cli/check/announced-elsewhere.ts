/**
 * announcedElsewhere: running primaries that bgpd has from another node as primary too. bgpd
 * is a stand-in socket (test/lab/fake-bgpd.ts); the proof against real FRR is
 * test/integration/frr-bgp.ts.
 */
import t from 'tap';
import * as fs from 'node:fs';
import { announcedElsewhere } from '../../../lib/cli/check/announced-elsewhere.js';
import type { Inventory, InventoryIface } from '../../../lib/cli/check/ct-inventory.js';
import { formatFinding } from '../../../lib/cli/check/find-drift.js';
import { parseIpAddr, type IpAddr } from '../../../lib/request/ip-address.js';
import { fakeBgpd } from '../../lab/fake-bgpd.js';

const captured = fs.readFileSync(
  new URL('../../fixtures/frr/bgp-route-primary-elsewhere.json', import.meta.url),
  'utf8',
);
const iface = (
  ct: string,
  addr: string,
  over: { running?: boolean; announce?: 'primary' | 'spare' } = {},
): InventoryIface => ({
  ct,
  iface: {
    ifname: 'eth0',
    hostIfname: `veth${ct}.0`,
    addresses: [parseIpAddr(addr) as IpAddr],
    ...(over.announce ? { announce: over.announce } : {}),
  },
  veth:
    over.running === false
      ? { name: `veth${ct}.0`, exists: false }
      : { name: `veth${ct}.0`, exists: true, mtu: 1500, up: true },
});
const inv = (ifaces: InventoryIface[]): Inventory => ({ ifaces, records: [], broken: [] });

t.test('running primaries announced elsewhere are findings; spares and stopped CTs are not asked about', async (t) => {
  const f = await fakeBgpd(() => ({ text: captured }));
  t.teardown(f.close);
  const found = await announcedElsewhere(
    inv([
      iface('132', '203.0.113.32'),
      iface('133', '203.0.113.33', { announce: 'spare' }),
      iface('134', '203.0.113.34', { running: false }),
    ]),
    { bgpdVty: f.path },
  );
  t.same(found.map(formatFinding), [
    'CT 132 address 203.0.113.32 (veth132.0): also announced as primary by AS 4200000011 (via tor1, tor2)',
  ]);
  t.same(f.questions, ['show bgp ipv4 unicast 203.0.113.32/32 json'], 'one question');
});

t.test('FRR cannot be asked: nothing reported, no second question', async (t) => {
  const f = await fakeBgpd(() => ({ text: '% bgpd is not running', status: 1 }));
  t.teardown(f.close);
  const found = await announcedElsewhere(inv([iface('132', '203.0.113.32'), iface('135', '203.0.113.35')]), {
    bgpdVty: f.path,
  });
  t.same(found, []);
  t.equal(f.questions.length, 1, 'stopped after the first failure');
});

t.test("OSPF: another router's primary in ospfd's database is a finding; IPv6 is not asked", async (t) => {
  const ospf = fs.readFileSync(new URL('../../fixtures/frr/ospf-external-elsewhere.json', import.meta.url), 'utf8');
  const f = await fakeBgpd(() => ({ text: ospf }), 'ospfd.vty');
  t.teardown(f.close);
  // No bgpd beside it: BGP asks nothing more after its first failure, OSPF is asked.
  const found = await announcedElsewhere(
    inv([iface('105', '203.0.113.5'), iface('106', '203.0.113.6', { announce: 'spare' }), iface('107', '2001:db8::7')]),
    { bgpdVty: f.path.replace(/ospfd\.vty$/, 'bgpd.vty') },
  );
  t.same(found.map(formatFinding), [
    'CT 105 address 203.0.113.5 (veth105.0): also announced as primary by OSPF router 10.255.9.1',
  ]);
  t.same(f.questions, ['show ip ospf database external 203.0.113.5 json'], 'one question, IPv4 primaries only');
});
