/** poolFindings is pure: running containers' addresses outside every pool, nothing without pools. */
import t from 'tap';
import type { Inventory, InventoryIface } from '../../../lib/cli/check/ct-inventory.js';
import { formatFinding } from '../../../lib/cli/check/find-drift.js';
import { poolFindings } from '../../../lib/cli/check/pool-findings.js';
import { parseIpAddr, type IpAddr } from '../../../lib/request/ip-address.js';

const addr = (s: string) => parseIpAddr(s) as IpAddr;
const iface = (ct: string, addrs: string[], running = true): InventoryIface => ({
  ct,
  iface: { ifname: 'eth0', hostIfname: `veth${ct}.0`, addresses: addrs.map(addr) },
  veth: running ? { name: `veth${ct}.0`, exists: true, mtu: 1500, up: true } : { name: `veth${ct}.0`, exists: false },
});
const inv = (ifaces: InventoryIface[]): Inventory => ({ ifaces, records: [], broken: [] });
const lines = (i: Inventory, pools: string[]) => poolFindings(i, pools.map(addr)).map(formatFinding);

t.test('addresses outside every pool, of running containers only', async (t) => {
  const i = inv([
    iface('101', ['203.0.113.5/32', '2001:db8:1::5/128']),
    iface('102', ['198.51.100.9/32', '2001:db9::9/128']),
    iface('103', ['192.0.2.1/32'], false),
  ]);
  t.same(
    lines(i, ['203.0.113.0/24', '2001:db8::/32']),
    [
      'CT 102 address 198.51.100.9 (veth102.0): outside every container pool (host.conf [isolation] pool): not announced by FRR',
      'CT 102 address 2001:db9::9 (veth102.0): outside every container pool (host.conf [isolation] pool): not announced by FRR',
    ],
    'CT 101 is inside; the stopped CT 103 is not reported',
  );
  t.same(lines(i, ['203.0.113.0/24', '198.51.100.0/24', '2001:db8::/31']), [], 'all inside');
  t.same(
    lines(i, ['203.0.113.0/24']),
    [
      'CT 101 address 2001:db8:1::5 (veth101.0): outside every container pool (host.conf [isolation] pool): not announced by FRR',
      'CT 102 address 198.51.100.9 (veth102.0): outside every container pool (host.conf [isolation] pool): not announced by FRR',
      'CT 102 address 2001:db9::9 (veth102.0): outside every container pool (host.conf [isolation] pool): not announced by FRR',
    ],
    'an IPv6 address with only IPv4 pools is outside',
  );
});

t.test('no pool declared: nothing to compare with, nothing reported', async (t) => {
  t.same(lines(inv([iface('101', ['198.51.100.9/32'])]), []), []);
});
