/** `ctnet render frr` through the CLI dispatcher: output, --output file, and refusals. */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ctnetMain } from '../../lib/cli/ctnet-main.js';

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await ctnetMain(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), processEnv: {} });
  return { code, stdout: out.join(''), stderr: err.join('') };
}
const BASE = [
  'render',
  'frr',
  '--no-detect',
  '--no-vz',
  '--ospf-if',
  'up0',
  '--router-id',
  '10.77.0.2',
  '--hostname',
  'n1',
  '--pool',
  '192.0.2.0/24',
  '--pool',
  '198.51.100.0/24',
];

t.test('prints the config; options reach it', async (t) => {
  const r = await cli([...BASE, '--connected', '10.0.0.0/24']);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /ip prefix-list ctnet-connected seq 5 permit 10\.0\.0\.0\/24 le 32/);
  t.match(r.stdout, /^ip import-table 213\nip import-table 214$/m, 'IPv4 classes from the class tables');
  t.match(
    r.stdout,
    /^ redistribute table 213 route-map ctnet-spare\n redistribute table 214 route-map ctnet-anycast$/m,
  );
  t.notMatch(r.stdout, /input: (connected|CTNET_ANNOUNCE)/, 'no detected inputs named');
});

t.test('--output writes the file with mode 640', async (t) => {
  const dir = t.testdir({});
  const file = path.join(dir, 'frr.conf');
  const r = await cli([...BASE, '--output', file]);
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout, '', 'nothing on stdout');
  t.match(fs.readFileSync(file, 'utf8'), /^router ospf$/m);
  t.equal(fs.statSync(file).mode & 0o777, 0o640);
});

t.test('without --ipv6 the container configs are not read: an IPv4 class is read live', async (t) => {
  const dir = t.testdir({
    conf: {
      '101.conf':
        'NETIF="ifname=eth0,host_ifname=veth101.0"\nVETH_IP_ADDRESS="192.0.2.11/32 2001:db8::11/128"\nCTNET_ANNOUNCE=spare\n',
      '102.conf': 'CTNET_ANNOUNCE=backup\nNETIF="ifname=eth0"\n',
    },
  });
  const r = await cli([...BASE.filter((a) => a !== '--no-vz'), '--vz-dir', dir]);
  t.equal(r.code, 0, r.stderr);
  t.notMatch(r.stdout, /192\.0\.2\.11/, 'no per-address list for the IPv4 spare');
  t.notMatch(r.stdout, /CTNET_ANNOUNCE \(IPv6\) of the containers/, 'no config named as an input');
  t.match(r.stdout, /^route-map ctnet-spare permit 20$/m);
});

t.test('--ipv6: ospf6d, and the IPv6 spares of the configs', async (t) => {
  const dir = t.testdir({
    conf: {
      '101.conf':
        'NETIF="ifname=eth0,host_ifname=veth101.0"\nVETH_IP_ADDRESS="192.0.2.11/32 2001:db8::11/128"\nCTNET_ANNOUNCE=spare\n',
    },
  });
  const r = await cli([
    ...BASE.filter((a) => a !== '--no-vz'),
    '--vz-dir',
    dir,
    '--ipv6',
    '--pool',
    '2001:db8::/32',
    '--connected',
    '2001:db8:10::/64',
    '--anycast',
    '2001:db8:6::1',
  ]);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /^router ospf6\n ospf6 router-id 10\.77\.0\.2$/m);
  t.match(r.stdout, /^ipv6 prefix-list ctnet6-spare seq 5 permit 2001:db8::11\/128$/m, 'the IPv6 spare of CT 101');
  t.match(r.stdout, /^ipv6 prefix-list ctnet6-anycast seq 5 permit 2001:db8:6::1\/128$/m);
  t.match(r.stdout, /^ipv6 prefix-list ctnet6-connected seq 5 permit 2001:db8:10::\/64 le 128$/m);
  t.notMatch(r.stdout, /192\.0\.2\.11/, 'its IPv4 spare is not listed: read live from table 213');
  t.match(r.stdout, /^! input: CTNET_ANNOUNCE \(IPv6\) of the containers in /m);
});

t.test('pools: from --pool, else from <etc>/ctnet/host.conf; none is refused', async (t) => {
  const r = await cli([...BASE, '--pool', '2001:db8::/32', '--ipv6']);
  t.equal(r.code, 0, r.stderr);
  t.match(
    r.stdout,
    /^ip prefix-list ctnet-hosts seq 5 permit 192\.0\.2\.0\/24 ge 32\nip prefix-list ctnet-hosts seq 10 permit 198\.51\.100\.0\/24 ge 32$/m,
  );
  t.match(r.stdout, /^ipv6 prefix-list ctnet6-hosts seq 5 permit 2001:db8::\/32 ge 128$/m);
  t.notMatch(r.stdout, /0\.0\.0\.0\/0|::\/0/, 'no catch-all range');
  t.match(r.stdout, /^! input: container pools from --pool$/m);
  const noPool = BASE.slice(0, BASE.indexOf('--pool'));
  const etc = t.testdir({ ctnet: { 'host.conf': '[isolation]\npool = 203.0.113.0/25\npool = 2001:db8:7::/48\n' } });
  fs.chmodSync(path.join(etc, 'ctnet', 'host.conf'), 0o644);
  const h = await cli([...noPool, '--etc', etc]);
  t.equal(h.code, 0, h.stderr);
  t.match(
    h.stdout,
    /^ip prefix-list ctnet-hosts seq 5 permit 203\.0\.113\.0\/25 ge 32$/m,
    'the IPv4 pool of host.conf',
  );
  t.notMatch(h.stdout, /ctnet6|2001:db8:7/, 'its IPv6 pool only with --ipv6');
  t.match(h.stdout, new RegExp(`^! input: container pools from ${etc}/ctnet/host\\.conf$`, 'm'));
  const none = await cli([...noPool, '--etc', t.testdir({})]);
  t.equal(none.code, 1, 'no host.conf, no --pool: refused');
  t.match(none.stderr, /no container pool: give --pool NET/);
  t.equal(none.stdout, '');
});

const BGP = [
  'render',
  'frr',
  '--bgp',
  '--no-detect',
  '--asn',
  '65011',
  '--neighbor',
  'up0',
  '--router-id',
  '10.77.0.2',
  '--hostname',
  'n1',
  '--pool',
  '192.0.2.0/24',
];

t.test('--bgp: bgpd configuration with the pools; container configs not read', async (t) => {
  const dir = t.testdir({ conf: { '101.conf': 'CTNET_ANNOUNCE=backup\nNETIF="ifname=eth0"\n' } });
  const r = await cli([...BGP, '--neighbor', '2001:db8::1', '--ipv6', '--pool', '2001:db8:113::/64', '--vz-dir', dir]);
  t.equal(r.code, 0, r.stderr);
  t.match(r.stdout, /^router bgp 65011$/m);
  t.match(r.stdout, /^ neighbor up0 interface peer-group ctnet-tor$/m);
  t.match(r.stdout, /^ neighbor 2001:db8::1 peer-group ctnet-tor$/m);
  t.match(r.stdout, /^ neighbor ctnet-tor bfd$/m);
  t.match(r.stdout, /^ip prefix-list ctnet-hosts seq 5 permit 192\.0\.2\.0\/24 ge 32$/m);
  t.match(r.stdout, /^ipv6 prefix-list ctnet6-hosts seq 5 permit 2001:db8:113::\/64 ge 128$/m);
  t.notMatch(r.stdout, /^router ospf/m);
  const nobfd = await cli([...BGP, '--no-bfd', '--spare-prepend', '1']);
  t.notMatch(nobfd.stdout, / bfd$/m);
  t.match(nobfd.stdout, /^ set as-path prepend 65011$/m);
});

const refusals: Array<[string, string[], RegExp]> = [
  [
    'a spare outside the pools',
    [...BASE, '--ipv6', '--pool', '2001:db8:5::/48', '--spare', '2001:db8:9::9'],
    /--spare: "2001:db8:9::9" is in no container pool \(2001:db8:5::\/48\)/,
  ],
  [
    'an IPv4 spare by hand',
    [...BASE, '--spare', '192.0.2.9'],
    /--spare: "192\.0\.2\.9" is IPv4: an IPv4 address's class is read live from its route's table/,
  ],
  [
    'a pool of everything',
    [...BASE, '--pool', '0.0.0.0/0'],
    /--pool: "0\.0\.0\.0\/0" is not a network of routable unicast addresses/,
  ],
  ['--bgp with --ospf-if', [...BGP, '--ospf-if', 'up0'], /--ospf-if does not go with --bgp/],
  [
    '--bgp with --spare',
    [...BGP, '--spare', '192.0.2.9'],
    /--spare does not go with --bgp \(the class comes from the route's metric/,
  ],
  ['--asn without --bgp', [...BASE, '--asn', '65011'], /--asn needs --bgp/],
  ['--bgp without --asn', BGP.filter((a) => a !== '--asn' && a !== '65011'), /--asn N/],
  ['--bgp without a pool', [...BGP.slice(0, -2), '--etc', 'VZDIR'], /no container pool/],
  ['an IPv6 spare without --ipv6', [...BASE, '--spare', '2001:db8::5'], /--spare: "2001:db8::5" is IPv6; add --ipv6/],
  ['no target', ['render'], /needs a target: frr/],
  ['unknown target', ['render', 'bgp'], /unknown target "bgp"/],
  ['option given twice', [...BASE, '--hello', '1', '--hello', '2'], /--hello given more than once/],
  [
    'bad container config',
    [...BASE.filter((a) => a !== '--no-vz'), '--ipv6', '--vz-dir', 'VZDIR'],
    /101\.conf:1: CTNET_ANNOUNCE: "backup" is not an announcement class/,
  ],
];
for (const [name, argv, re] of refusals) {
  t.test(`refuses: ${name}`, async (t) => {
    const dir = t.testdir({ conf: { '101.conf': 'CTNET_ANNOUNCE=backup\nNETIF="ifname=eth0"\n' } });
    const r = await cli(argv.map((a) => (a === 'VZDIR' ? dir : a)));
    t.equal(r.code, 1);
    t.match(r.stderr, re);
    t.equal(r.stdout, '', 'nothing rendered');
  });
}

t.test(
  'a newline in --vz-dir cannot inject a block through the "! input:" comment (review reproduction)',
  async (t) => {
    const dir = t.testdir({});
    const evil = `${dir}/none\nrouter bgp 65001\n neighbor 192.0.2.66 remote-as 65002\n!`;
    const r = await cli([...BASE.filter((a) => a !== '--no-vz'), '--ipv6', '--vz-dir', evil]);
    t.equal(r.code, 0, r.stderr);
    t.notMatch(r.stdout, /^router bgp/m, 'no router bgp line');
    t.notMatch(r.stdout, /^ neighbor/m, 'no neighbor line');
    t.match(
      r.stdout,
      /^! input: CTNET_ANNOUNCE \(IPv6\) of the containers in .*none\\nrouter bgp 65001\\n neighbor/m,
      'the path shown escaped',
    );
    // eslint-disable-next-line no-control-regex -- a control character is what this looks for
    const control = /[\u0000-\u001f\u007f]/;
    for (const line of r.stdout.split('\n')) t.notMatch(line, control, 'no control character on a line');
  },
);
