/** lib/state/record-schema.ts: records and NAT state are accepted only exactly as ctnet writes them. */
import t from 'tap';
import {
  natEntry,
  ovsOwnerOfRecord,
  parseNatState,
  parseRecord,
  teardownEntry,
} from '../../lib/state/record-schema.js';

const rec = (parts: unknown, over: Record<string, unknown> = {}): string =>
  JSON.stringify({ version: 2, subject: 'CT 101', parts, ...over });
const ok = { kind: 'route', address: '10.0.0.31', dev: 'br0' };

t.test('a record ctnet writes reads back as it was', async (t) => {
  const parts = {
    'veth101.0': [
      ok,
      { kind: 'route', address: '2001:db8::5', dev: 'br0', metric: 200 },
      { kind: 'proxy-neigh', address: '10.0.0.31', dev: 'up0' },
      { kind: 'ovs-port', port: 'veth101.0', owner: 'vz:101' },
      {
        kind: 'nat',
        owner: 'vz-101',
        entries: [{ type: 'forward', proto: 'tcp', hostPort: 8025, to: '10.0.0.31', toPort: 80, family: 4 }],
      },
      { kind: 'port-guard', port: 'veth101.0' },
      { kind: 'port-guard', port: 'veth101.0', bridge: 'sw0' },
    ],
    'veth101.1': [],
  };
  t.same(parseRecord(rec(parts), 'vz-101'), { version: 2, subject: 'CT 101', parts });
  t.same(parseRecord(rec({ vethA: [{ kind: 'ovs-port', port: 'vethA', owner: 'lxc:c1' }] }), 'lxc-c1'), {
    version: 2,
    subject: 'CT 101',
    parts: { vethA: [{ kind: 'ovs-port', port: 'vethA', owner: 'lxc:c1' }] },
  });
});

t.test('every wrong field is refused with where and why', async (t) => {
  const cases: Array<[string, string, RegExp]> = [
    ['not JSON', '{"version":2', /^not JSON/],
    ['version 1', rec({}, { version: 1 }), /^version: 1 is not 2/],
    ['a list', '[]', /^record: not an object/],
    ['extra key', rec({}, { x: 1 }), /^record: unknown key "x"/],
    ['no subject', JSON.stringify({ version: 2, parts: {} }), /subject is missing/],
    ['subject with a newline', rec({}, { subject: 'a\nb' }), /^subject: not a one-line text/],
    ['parts a list', rec([]), /^parts: not an object/],
    ['part name with a slash', rec({ 'a/b': [] }), /^parts: "a\/b": .*not a valid interface name/],
    ['part name all', rec({ all: [] }), /^parts: "all": "all" is (reserved|not a valid interface name)/],
    ['part not a list', rec({ eth0: {} }), /^parts\.eth0: not a list/],
    [
      'unknown kind',
      rec({ eth0: [{ kind: 'host-batch', lines: [] }] }),
      /^parts\.eth0\[0\]: unknown kind "host-batch"/,
    ],
    [
      'guard bridge not a name',
      rec({ eth0: [{ kind: 'port-guard', port: 'eth0', bridge: 'unix:/x' }] }),
      /^parts\.eth0\[0\]\.bridge: /,
    ],
    ['sysctl kind', rec({ eth0: [{ kind: 'sysctl', key: '../../etc/shadow', value: '1' }] }), /unknown kind "sysctl"/],
    ['no kind', rec({ eth0: [{}] }), /unknown kind undefined/],
    ['route with a prefix', rec({ eth0: [{ ...ok, address: '10.0.0.0/8' }] }), /must be a plain address/],
    ['route to a multicast address', rec({ eth0: [{ ...ok, address: '224.0.0.1' }] }), /multicast address/],
    ['route address in capitals', rec({ eth0: [{ ...ok, address: '2001:DB8::1' }] }), /not written as ctnet writes it/],
    ['route dev lo', rec({ eth0: [{ ...ok, dev: 'lo' }] }), /\.dev: "lo" is reserved/],
    [
      'route dev default',
      rec({ eth0: [{ ...ok, dev: 'default' }] }),
      /\.dev: "default" is (reserved|not a valid interface name)/,
    ],
    ['route dev with a space', rec({ eth0: [{ ...ok, dev: 'br0 x' }] }), /\.dev: .*not a valid interface name/],
    ['route dev starting with -', rec({ eth0: [{ ...ok, dev: '-x' }] }), /\.dev: .*not a valid interface name/],
    ['route metric -1', rec({ eth0: [{ ...ok, metric: -1 }] }), /\.metric: -1 is not an integer/],
    ['route metric text', rec({ eth0: [{ ...ok, metric: '1' }] }), /\.metric: "1" is not an integer/],
    ['route extra proto', rec({ eth0: [{ ...ok, proto: 0 }] }), /unknown key "proto"/],
    [
      'ovs-port of another owner',
      rec({ eth0: [{ kind: 'ovs-port', port: 'eth0', owner: 'vz:102' }] }),
      /owner: "vz:102" is not this record's owner "vz:101"/,
    ],
    [
      'nat of another owner',
      rec({ eth0: [{ kind: 'nat', owner: 'vz-102', entries: [] }] }),
      /owner: "vz-102" is not this record's owner "vz-101"/,
    ],
    [
      'nat entry with nft text',
      rec({
        eth0: [
          {
            kind: 'nat',
            owner: 'vz-101',
            entries: [{ type: 'forward', proto: 'tcp', hostPort: 1, to: '10.0.0.1; x', toPort: 1, family: 4 }],
          },
        ],
      }),
      /\.to: .*not an IPv4\/IPv6 address/,
    ],
  ];
  for (const [name, text, why] of cases) {
    const r = parseRecord(text, 'vz-101');
    t.type(r, 'string', `${name}: refused`);
    t.match(r, why, name);
  }
});

t.test('a part named __proto__ stays data', async (t) => {
  const r = parseRecord(
    '{"version":2,"subject":"x","parts":{"__proto__":[{"kind":"route","address":"10.0.0.1","dev":"br0"}]}}',
    'vz-101',
  );
  t.not(typeof r, 'string');
  if (typeof r !== 'string') t.same(Object.keys(r.parts), ['__proto__']);
});

t.test('ovs owners follow record ids; no owner for other ids', async (t) => {
  t.equal(ovsOwnerOfRecord('vz-101'), 'vz:101');
  t.equal(ovsOwnerOfRecord('lxc-web-1'), 'lxc:web-1');
  t.equal(ovsOwnerOfRecord('pbr'), undefined);
  t.throws(() => teardownEntry({ kind: 'ovs-port', port: 'p0', owner: 'x' }, 'e', 'pbr'), {
    message: /not this record's owner "none"/,
  });
});

t.test('NAT state: valid, and refused field by field', async (t) => {
  const fwd = { type: 'forward', proto: 'udp', hostPort: 5353, to: '2001:db8::5', toPort: 53, family: 6 };
  const masq = { type: 'masquerade', network: '10.0.3.0/24', family: 4, oif: 'eth0' };
  const good = { version: 1, owners: { 'vz-101': [fwd], 'masq-10.0.3.0/24': [masq], 'admin:x': [] } };
  t.same(parseNatState(JSON.stringify(good)), good);
  const bad: Array<[unknown, RegExp]> = [
    [{ version: 2, owners: {} }, /version: 2 is not 1/],
    [{ version: 1, owners: { 'a\nb': [] } }, /is not an owner ctnet uses/],
    [{ version: 1, owners: { x: [{ ...fwd, family: 4 }] } }, /\.to: "2001:db8::5" is not an IPv4 address/],
    [{ version: 1, owners: { x: [{ ...fwd, hostPort: 65536 }] } }, /hostPort: 65536 is not an integer in 1-65535/],
    [
      { version: 1, owners: { x: [{ ...masq, network: '10.0.3.0' }] } },
      /network: "10.0.3.0" is not an IPv4 network with a prefix/,
    ],
    [{ version: 1, owners: { x: [{ ...masq, oif: 'eth0"' }] } }, /oif: .*not a valid interface name/],
    [{ version: 1, owners: { x: [{ type: 'raw' }] } }, /unknown NAT entry type "raw"/],
  ];
  for (const [s, why] of bad) t.match(parseNatState(JSON.stringify(s)), why);
  t.throws(() => natEntry({ type: 'forward', proto: 'tcp' }, 'e'), /hostPort is missing/);
});
