import t from 'tap';
import { renderNatTable } from '../../lib/nat/render-nat-table.js';
import { forwardEntries } from '../../lib/nat/plan-forwards.js';

t.test('empty state removes only ctnet table', async (t) => {
  t.equal(renderNatTable({ version: 1, owners: {} }), 'table inet ctnet\ndelete table inet ctnet\n');
});

t.test('forwards (v4+v6) and masquerade; only table inet ctnet is named', async (t) => {
  const entries = forwardEntries({ owner: 'vz-101', forwards: [{ proto: 'tcp', hostPort: 8025, ctPort: 25 }],
    targets: [{ family: 4, address: '10.0.3.5', prefix: 24 }, { family: 4, address: '10.0.3.6', prefix: 24 }, { family: 6, address: 'fd00::5', prefix: 64 }] });
  t.equal(entries.length, 2, 'first IPv4 and first IPv6 only');
  const text = renderNatTable({ version: 1, owners: { 'vz-101': entries, 'masq-10.0.3.0/24': [{ type: 'masquerade', network: '10.0.3.0/24', family: 4, oif: 'eth0' }] } });
  t.match(text, /fib daddr type local tcp dport 8025 dnat ip to 10\.0\.3\.5:25 comment "vz-101: forward tcp 8025 -> 10\.0\.3\.5:25"/);
  t.match(text, /dnat ip6 to \[fd00::5\]:25/);
  t.match(text, /ip saddr 10\.0\.3\.0\/24 ip daddr != 10\.0\.3\.0\/24 oifname "eth0" masquerade/);
  const tables = [...text.matchAll(/table (\w+) (\w+)/g)].map((m) => `${m[1]} ${m[2]}`);
  t.same([...new Set(tables)], ['inet ctnet'], 'no other table is named');
});
