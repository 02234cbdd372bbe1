import t from 'tap';
import { renderNatTable } from '../../../lib/setups/nat/render-nat-table.js';
import { forwardEntries } from '../../../lib/setups/nat/plan-forwards.js';

t.test('empty state removes only ctnet table', async (t) => {
  t.equal(renderNatTable({ version: 1, owners: {} }), 'table inet ctnet\ndelete table inet ctnet\n');
});

t.test('forwards (v4+v6) and masquerade; only table inet ctnet is named', async (t) => {
  const entries = forwardEntries({
    owner: 'vz-101',
    forwards: [{ proto: 'tcp', hostPort: 8025, ctPort: 25 }],
    targets: [
      { family: 4, address: '10.0.3.5', prefix: 24 },
      { family: 4, address: '10.0.3.6', prefix: 24 },
      { family: 6, address: 'fd00::5', prefix: 64 },
    ],
  });
  t.equal(entries.length, 2, 'first IPv4 and first IPv6 only');
  const text = renderNatTable({
    version: 1,
    owners: {
      'vz-101': entries,
      'masq-10.0.3.0/24': [{ type: 'masquerade', network: '10.0.3.0/24', family: 4, oif: 'eth0' }],
    },
  });
  t.match(
    text,
    /fib daddr type local tcp dport 8025 dnat ip to 10\.0\.3\.5:25 comment "vz-101: forward tcp 8025 -> 10\.0\.3\.5:25"/,
  );
  t.match(text, /dnat ip6 to \[fd00::5\]:25/);
  t.match(text, /ip saddr 10\.0\.3\.0\/24 ip daddr != 10\.0\.3\.0\/24 oifname "eth0" masquerade/);
  const tables = [...text.matchAll(/table (\w+) (\w+)/g)].map((m) => `${m[1]} ${m[2]}`);
  t.same([...new Set(tables)], ['inet ctnet'], 'no other table is named');
});

t.test('a state value that could end a statement or a string never becomes ruleset text', async (t) => {
  const fwd = {
    type: 'forward' as const,
    proto: 'tcp' as const,
    hostPort: 8025,
    to: '10.0.3.5',
    toPort: 25,
    family: 4 as const,
  };
  const bad: Array<[string, Record<string, unknown[]>]> = [
    ['owner with a newline', { 'vz-101\ntable ip evil { }': [fwd] }],
    ['owner with a quote', { 'vz-101" drop comment "': [fwd] }],
    ['owner with a semicolon', { 'vz-101;flush ruleset': [fwd] }],
    ['to with a newline', { 'vz-101': [{ ...fwd, to: '10.0.3.5:25\nflush ruleset\n' }] }],
    ['to of the other family', { 'vz-101': [{ ...fwd, to: 'fd00::5' }] }],
    ['port as text', { 'vz-101': [{ ...fwd, hostPort: '22 accept' }] }],
    ['port out of range', { 'vz-101': [{ ...fwd, toPort: 70000 }] }],
    ['proto', { 'vz-101': [{ ...fwd, proto: 'tcp dport 22 accept;' }] }],
    ['oif with a quote', { m: [{ type: 'masquerade', network: '10.0.3.0/24', family: 4, oif: 'eth0" accept' }] }],
    ['oif all', { m: [{ type: 'masquerade', network: '10.0.3.0/24', family: 4, oif: 'all' }] }],
    ['network with a statement', { m: [{ type: 'masquerade', network: '10.0.3.0/24 accept', family: 4 }] }],
    ['network with host bits', { m: [{ type: 'masquerade', network: '10.0.3.1/24', family: 4 }] }],
    ['unknown type', { m: [{ type: 'accept', family: 4 }] }],
    ['entries not a list', { m: 'x' as unknown as unknown[] }],
  ];
  for (const [what, owners] of bad) {
    t.throws(
      () => renderNatTable({ version: 1, owners: owners as never }),
      { code: 'E_STATE', message: /^NAT state: .*not written into the ruleset$/s },
      what,
    );
  }
});

t.test('comments keep plain characters only', async (t) => {
  const { nftCommentText } = await import('../../../lib/setups/nat/render-nat-table.js');
  t.equal(nftCommentText('vz-101: forward tcp 8025 -> [fd00::5]:25'), 'vz-101: forward tcp 8025 -> [fd00::5]:25');
  t.equal(nftCommentText('a"b\nc;d{e}\\'), 'a?b?c?d?e??');
});
