/** lib/request/ip-syntax.ts answers exactly what node:net's isIPv4/isIPv6/isIP answer. */
import t from 'tap';
import * as net from 'node:net';
import { isIP, isIPv4, isIPv6 } from '../../lib/request/ip-syntax.js';
import { seededRandom } from '../lab/seeded-random.js';

const rand = seededRandom(20261124);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

/** Address-like text: hex groups, colons, dots, octets with and without leading zeros, zones. */
function candidate(): string {
  const parts = [
    '',
    '0',
    '1',
    '00',
    '01',
    '255',
    '256',
    '249',
    '1f',
    'ffff',
    'FFFF',
    '12345',
    'g',
    '::',
    ':',
    '.',
    '%eth0',
    '%',
    '1.2.3.4',
    '01.2.3.4',
    ' ',
    '-',
  ];
  let s = '';
  const n = 1 + Math.floor(rand() * 12);
  for (let i = 0; i < n; i++) s += pick(parts) + (rand() < 0.5 ? pick([':', '.', '']) : '');
  return s;
}

function v6Like(): string {
  const groups = Array.from({ length: Math.floor(rand() * 10) }, () =>
    rand()
      .toString(16)
      .slice(2, 2 + Math.floor(rand() * 6)),
  );
  const at = Math.floor(rand() * (groups.length + 1));
  const withGap = rand() < 0.6 ? [...groups.slice(0, at), '', ...groups.slice(at)] : groups;
  const tail = rand() < 0.2 ? `:${[0, 0, 0, 0].map(() => Math.floor(rand() * 300)).join('.')}` : '';
  const zone = rand() < 0.1 ? pick(['%eth0', '%1', '%a.b:c-d', '%', '%$x']) : '';
  return withGap.join(':') + tail + zone;
}

function v4Like(): string {
  const octets = Array.from(
    { length: 3 + Math.floor(rand() * 3) },
    () => (rand() < 0.1 ? '0' : '') + String(Math.floor(rand() * 300)),
  );
  return octets.join('.');
}

/** A valid address with one character inserted, deleted or replaced. */
function mutated(): string {
  const valid = pick([
    '1:2:3:4:5:6:7:8',
    '::ffff:10.0.0.1',
    'fe80::1%eth0',
    '2001:db8::1',
    '10.20.30.40',
    '1:2:3:4:5:6:1.2.3.4',
    '::',
    '1::8',
    'a:b::c:d:1.2.3.4',
  ]);
  const at = Math.floor(rand() * (valid.length + 1));
  const ch = pick([':', '.', '%', '0', 'f', 'F', 'g', '9', '-', '_', ' ', '::', '1.2', '']);
  const op = Math.floor(rand() * 3);
  return op === 0
    ? valid.slice(0, at) + ch + valid.slice(at)
    : op === 1
      ? valid.slice(0, at) + valid.slice(at + 1)
      : valid.slice(0, at) + ch + valid.slice(at + 1);
}

t.test('the same answer as node:net on hand-picked cases', async (t) => {
  const cases = [
    '127.0.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '256.0.0.1',
    '01.2.3.4',
    '1.2.3',
    '1.2.3.4.5',
    ' 1.2.3.4',
    '1.2.3.4\n',
    '::',
    '::1',
    '1::',
    '::ffff:1.2.3.4',
    '1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7::',
    '::2:3:4:5:6:7:8',
    '1:2:3:4:5:6:1.2.3.4',
    '1:2:3:4:5::1.2.3.4',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    ':::',
    '12345::',
    'fe80::1%eth0',
    'fe80::1%',
    'FE80::ABCD',
    'g::',
    '',
    '1.2.3.04',
  ];
  for (const c of cases) {
    t.equal(isIPv4(c), net.isIPv4(c), `isIPv4(${JSON.stringify(c)})`);
    t.equal(isIPv6(c), net.isIPv6(c), `isIPv6(${JSON.stringify(c)})`);
  }
});

t.test('the same answer as node:net on 100,000 random address-like strings', async (t) => {
  let v4 = 0;
  let v6 = 0;
  const wrong: string[] = [];
  for (let i = 0; i < 100_000; i++) {
    const c = [candidate, v4Like, v6Like, mutated][i % 4]!();
    const want = net.isIP(c);
    if (isIP(c) !== want) wrong.push(c);
    if (want === 4) v4++;
    if (want === 6) v6++;
  }
  t.same(wrong, [], 'no string where the answers differ');
  t.ok(v4 > 1_000 && v6 > 1_000, `the corpus holds valid addresses too (${v4} IPv4, ${v6} IPv6)`);
});
