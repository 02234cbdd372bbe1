/**
 * announcedElsewhere: running primaries that bgpd has from another node as primary too. vtysh
 * is a stand-in script (answers, and a count of questions); the proof against real FRR is
 * test/integration/frr-bgp.ts.
 */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { announcedElsewhere } from '../../lib/check/announced-elsewhere.js';
import type { Inventory, InventoryIface } from '../../lib/check/ct-inventory.js';
import { formatFinding } from '../../lib/check/find-drift.js';
import { parseIpAddr, type IpAddr } from '../../lib/net/ip-address.js';

const captured = fs.readFileSync(new URL('../fixtures/frr/bgp-route-primary-elsewhere.json', import.meta.url), 'utf8');
const iface = (ct: string, addr: string, over: { running?: boolean; announce?: 'primary' | 'spare' } = {}): InventoryIface => ({
  ct,
  iface: { ifname: 'eth0', hostIfname: `veth${ct}.0`, addresses: [parseIpAddr(addr) as IpAddr], ...(over.announce ? { announce: over.announce } : {}) },
  veth: over.running === false ? { name: `veth${ct}.0`, exists: false } : { name: `veth${ct}.0`, exists: true, mtu: 1500, up: true },
});
const inv = (ifaces: InventoryIface[]): Inventory => ({ ifaces, records: [], broken: [] });

function vtysh(dir: string, script: string): string[] {
  const file = path.join(dir, 'vtysh');
  fs.writeFileSync(path.join(dir, 'answer.json'), captured);
  fs.writeFileSync(file, `#!/bin/sh\necho x >> ${dir}/calls\n${script.replaceAll('DIR', dir)}\n`, { mode: 0o755 });
  return [file];
}
const calls = (dir: string) => (fs.existsSync(path.join(dir, 'calls')) ? fs.readFileSync(path.join(dir, 'calls'), 'utf8').split('\n').filter(Boolean).length : 0);

t.test('running primaries announced elsewhere are findings; spares and stopped CTs are not asked about', async (t) => {
  const dir = t.testdir({});
  const found = await announcedElsewhere(inv([iface('132', '203.0.113.32'), iface('133', '203.0.113.33', { announce: 'spare' }), iface('134', '203.0.113.34', { running: false })]),
    { vtysh: vtysh(dir, 'cat DIR/answer.json') });
  t.same(found.map(formatFinding), ['CT 132 address 203.0.113.32 (veth132.0): also announced as primary by AS 4200000011 (via tor1, tor2)']);
  t.equal(calls(dir), 1, 'one question');
});

t.test('FRR cannot be asked: nothing reported, no second question', async (t) => {
  const dir = t.testdir({});
  const found = await announcedElsewhere(inv([iface('132', '203.0.113.32'), iface('135', '203.0.113.35')]), { vtysh: vtysh(dir, "echo 'Exiting: failed to connect to any daemons.'; exit 1") });
  t.same(found, []);
  t.equal(calls(dir), 1, 'stopped after the first failure');
});
