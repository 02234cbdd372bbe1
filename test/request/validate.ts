/** Validators: every value that can reach a command. */
import t from 'tap';
import {
  checkCtid,
  checkIfname,
  checkMac,
  checked,
  confAddressList,
  confIfname,
  confPlainAddress,
  parseCtAddress,
  parseMtu,
  parseOnOff,
  parseUnicast,
  parseVlanId,
} from '../../lib/request/validate.js';

const cv = (value: string, key = 'K') => ({ value, file: '/etc/vz/conf/101.conf', line: 3, key });

t.test('interface names', async (t) => {
  for (const ok of ['eth0', 'veth101.0', 'br-lan', 'vmbr0v5', 'a', 'x'.repeat(15), 'eth0@x', '_x'])
    t.equal(checkIfname(ok), undefined, ok);
  for (const bad of [
    '',
    'x'.repeat(16),
    'a/b',
    'a b',
    'a:b',
    '-x',
    '.',
    '..',
    'a;b',
    '$(id)',
    '`id`',
    'a\nb',
    'é',
    'a\tb',
  ]) {
    t.type(checkIfname(bad), 'string', JSON.stringify(bad));
  }
  // the names of /proc/sys/net/*/conf/all|default, and option-like names (a veth "--dry-run")
  for (const bad of ['all', 'default', '--dry-run', '--run-dir=zz', '-n']) {
    t.match(checkIfname(bad), /is not a valid interface name/, JSON.stringify(bad));
  }
  for (const ok of ['All', 'all0', 'default1', 'x-all']) t.equal(checkIfname(ok), undefined, ok);
});

t.test('ct ids', async (t) => {
  for (const ok of ['101', '0', 'ct-1', '4b5e1c2a-0f6d-4e2b-9b3e-1a2b3c4d5e6f']) t.equal(checkCtid(ok), undefined, ok);
  for (const bad of ['', '-1', '../x', '1 2', '1;reboot', 'x'.repeat(65), '$(id)'])
    t.type(checkCtid(bad), 'string', bad);
});

t.test('macs, vlans, mtus', async (t) => {
  t.equal(checkMac('00:18:51:AA:bb:01'), undefined);
  for (const bad of ['00:18:51:aa:bb', '0:18:51:aa:bb:01', '00-18-51-aa-bb-01', 'zz:18:51:aa:bb:01'])
    t.type(checkMac(bad), 'string', bad);
  t.equal(parseVlanId('1'), 1);
  t.equal(parseVlanId('4094'), 4094);
  for (const bad of ['0', '4095', '-1', 'x', '1.5', '']) t.type(parseVlanId(bad), 'string', `vlan ${bad}`);
  t.equal(parseMtu('1500'), 1500);
  for (const bad of ['67', '65536', 'big', '']) t.type(parseMtu(bad), 'string', `mtu ${bad}`);
});

t.test('unicast addresses only', async (t) => {
  t.same(parseUnicast('10.0.0.5/24'), { family: 4, address: '10.0.0.5', prefix: 24 });
  const cases: Array<[string, RegExp]> = [
    ['0.0.0.0', /unspecified/],
    ['::', /unspecified/],
    ['127.0.0.1', /loopback/],
    ['::1', /loopback/],
    ['224.0.0.5/24', /multicast/],
    ['ff02::1', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['10.0.0.300', /not an IPv4\/IPv6 address/],
  ];
  for (const [tok, re] of cases) t.match(parseUnicast(tok), re, tok);
});

t.test('conf* helpers throw file:line: KEY', async (t) => {
  t.same(
    confAddressList(cv('10.0.0.5/24  2001:DB8::5/64 ')).map((a) => a.address),
    ['10.0.0.5', '2001:db8::5'],
  );
  t.same(confAddressList(cv('')), [], 'empty list');
  const many = (n: number) => Array.from({ length: n }, (_, i) => `10.1.${i >> 8}.${i & 255}/32`).join(' ');
  t.equal(confAddressList(cv(many(1024), 'VETH_IP_ADDRESS')).length, 1024, '1,024 addresses are fine');
  t.throws(() => confAddressList(cv(many(60_000), 'VETH_IP_ADDRESS')), {
    code: 'E_CONFIG',
    message: /^\/etc\/vz\/conf\/101\.conf:3: VETH_IP_ADDRESS: 60000 addresses; at most 1024 per interface$/,
  });
  t.throws(() => confAddressList(cv('10.0.0.5 $(reboot)', 'VETH_IP_ADDRESS')), {
    code: 'E_CONFIG',
    message: '/etc/vz/conf/101.conf:3: VETH_IP_ADDRESS: "$(reboot)" is not an IPv4/IPv6 address',
  });
  t.throws(() => confAddressList(cv('10.0.0.5/24 10.0.0.5/32')), { message: /"10\.0\.0\.5" is listed twice/ });
  t.equal(confPlainAddress(cv(' 10.0.0.1 ')).address, '10.0.0.1');
  t.throws(() => confPlainAddress(cv('10.0.0.1/24', 'VE_DEFAULT_GATEWAY')), {
    message: /101\.conf:3: VE_DEFAULT_GATEWAY: "10\.0\.0\.1\/24" must be a plain address/,
  });
  t.throws(() => confPlainAddress(cv('10.0.0.1', 'VE_DEFAULT_GATEWAY6'), 6), {
    message: /VE_DEFAULT_GATEWAY6: "10\.0\.0\.1" is not an IPv6 address/,
  });
  t.throws(() => confPlainAddress(cv('0.0.0.0', 'VE_DEFAULT_GATEWAY')), { message: /unspecified address/ });
  t.equal(confIfname(cv('br0')), 'br0');
  t.throws(() => confIfname(cv('br0 # main', 'BRIDGEDEV')), {
    message: /101\.conf:3: BRIDGEDEV: "br0 # main" is not a valid interface name/,
  });
  t.equal(checked(cv('5'), parseVlanId('5')), 5);
  t.throws(() => checked(cv('5000', 'VETH_VLAN'), parseVlanId('5000')), {
    message: /VETH_VLAN: "5000" is not a VLAN id/,
  });
});

t.test('container addresses: global unicast, one line naming file:line: KEY, the address and why', async (t) => {
  t.same(parseCtAddress('10.0.0.5/24'), { family: 4, address: '10.0.0.5', prefix: 24 });
  t.match(parseCtAddress('169.254.169.254'), /^"169\.254\.169\.254" is a link-local .*must be global unicast$/);
  t.throws(
    () => confAddressList(cv('10.0.0.5 fe80::1/64', 'VETH_IP_ADDRESS'), { ct: true }),
    /^\/etc\/vz\/conf\/101\.conf:3: VETH_IP_ADDRESS: "fe80::1" is a link-local \(fe80::\/10\) address; a container address must be global unicast/,
  );
  t.same(
    confAddressList(cv('169.254.0.1')).map((a) => a.address),
    ['169.254.0.1'],
    'other lists (CT0_IP) keep the unicast rule',
  );
});

t.test('on/off switches', async (t) => {
  t.equal(parseOnOff('on'), true);
  t.equal(parseOnOff('off'), false);
  t.equal(parseOnOff('yes'), '"yes" is not on or off');
});
