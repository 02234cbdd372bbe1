/**
 * Every configuration the BUILT `ctnet render frr` writes passes FRR's own parser:
 * `vtysh --dryrun -f FILE` (FRR 8.4, no daemon needed), for OSPF and for BGP, IPv4 and IPv6,
 * with the IPv4 class tables (import-table, redistribute table), IPv6 spares and anycast
 * addresses, connected networks, unnumbered and address peers. A file with an unknown line
 * fails the same check (the check is real).
 */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CTNET } from '../lab/executables.js';
import { sh } from '../lab/netns.js';

const COMMON = [
  '--no-detect',
  '--no-vz',
  '--hostname',
  'n1',
  '--router-id',
  '10.77.0.2',
  '--connected',
  '10.0.0.0/24',
  '--pool',
  '203.0.113.0/24',
  '--pool',
  '198.51.100.7/32',
];
const V6 = ['--ipv6', '--pool', '2001:db8:113::/64', '--connected', 'fd10::/64'];
const cases: Array<[string, string[]]> = [
  ['OSPF, IPv4', ['--ospf-if', 'up0', '--ospf-if', 'up1']],
  ['OSPF, IPv4 + IPv6', ['--ospf-if', 'up0', ...V6, '--spare', '2001:db8:113::12', '--anycast', '2001:db8:113::14']],
  [
    'BGP, IPv4, unnumbered + address peers, BFD',
    ['--bgp', '--asn', '4200000011', '--neighbor', 'up0', '--neighbor', 'up1', '--neighbor', '10.77.0.1'],
  ],
  [
    'BGP, IPv4 + IPv6, no BFD, 2-byte ASN',
    [
      '--bgp',
      '--asn',
      '65011',
      '--neighbor',
      'up0',
      '--neighbor',
      'fd77::1',
      '--no-bfd',
      '--spare-prepend',
      '1',
      ...V6,
    ],
  ],
];

t.test('vtysh --dryrun accepts every rendered configuration', async (t) => {
  const dir = t.testdir({});
  for (const [name, args] of cases) {
    const file = path.join(dir, 'frr.conf');
    const r = await sh(CTNET, ['render', 'frr', ...COMMON, ...args, '--output', file], { allowFailure: true });
    t.equal(r.exitCode, 0, `${name}: rendered: ${r.stderr}`);
    t.match(fs.readFileSync(file, 'utf8'), /^ip import-table 213$/m, `${name}: the IPv4 class tables are in it`);
    const dry = await sh('vtysh', ['--dryrun', '-f', file], { allowFailure: true, timeoutMs: 20_000 });
    t.equal(dry.exitCode, 0, `${name}: vtysh --dryrun: ${dry.stdout}${dry.stderr}`);
    t.equal(`${dry.stdout}${dry.stderr}`.trim(), '', `${name}: no complaint`);
  }
  fs.appendFileSync(path.join(dir, 'frr.conf'), 'router bgp 65011\n neighbor ctnet-tor no-such-option\nexit\n');
  const bad = await sh('vtysh', ['--dryrun', '-f', path.join(dir, 'frr.conf')], {
    allowFailure: true,
    timeoutMs: 20_000,
  });
  t.not(bad.exitCode, 0, 'an unknown line fails the dry run');
});
