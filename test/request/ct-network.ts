/** The CT network model: per-interface variables, bridge precedence, gateways, error messages. */
import t from 'tap';
import * as fs from 'node:fs';
import { buildCtNetwork, findInterface, varSuffix } from '../../lib/request/ct-network.js';
import { mergeConfs, parseVzConf } from '../../lib/runtimes/openvz/vz-conf.js';

const G = '/etc/vz/vz.conf';
const F = '/etc/vz/conf/101.conf';
const net = (ct: string, global = '') => buildCtNetwork('101', mergeConfs(parseVzConf(global, G), parseVzConf(ct, F)));
const summary = (ct: string, global = '') =>
  net(ct, global).interfaces.map((i) => ({
    ifname: i.ifname,
    host: i.hostIfname,
    bridge: i.bridge?.name,
    from: i.bridge?.from,
    addrs: i.addresses.map((a) => `${a.address}/${a.prefix}`),
    ct0: i.ct0Ips.map((a) => `${a.address}/${a.prefix}`),
    gw: i.gateway?.address,
    gw6: i.gateway6?.address,
    vlan: i.vlan,
  }));

const TWO = 'NETIF="ifname=eth0,host_ifname=veth101.0;ifname=eth1,host_ifname=veth101.1"\n';

t.test('models', async (t) => {
  const cases: Array<[string, string, string, object[]]> = [
    [
      'seed 004 single interface',
      'NETIF="ifname=eth0"\nVETH_IP_ADDRESS="85.86.87.195/26"\nVE_DEFAULT_GATEWAY="85.86.87.193"\nBRIDGEDEV="br0"\nCT0_IP="10.0.0.2"\n',
      '',
      [
        {
          ifname: 'eth0',
          host: 'veth101.0',
          bridge: 'br0',
          from: `${F}:4 BRIDGEDEV`,
          addrs: ['85.86.87.195/26'],
          ct0: ['10.0.0.2/32'],
          gw: '85.86.87.193',
          gw6: undefined,
          vlan: undefined,
        },
      ],
    ],
    ['no NETIF: no interfaces', 'VETH_IP_ADDRESS="10.0.0.5/24"\n', '', []],
    [
      'NETIF bridge= beats BRIDGEDEV_eth0 and BRIDGEDEV',
      'NETIF="ifname=eth0,bridge=brA"\nBRIDGEDEV="brB"\nBRIDGEDEV_eth0="brC"\n',
      '',
      [
        {
          ifname: 'eth0',
          host: 'veth101.0',
          bridge: 'brA',
          from: 'NETIF bridge=',
          addrs: [],
          ct0: [],
          gw: undefined,
          gw6: undefined,
          vlan: undefined,
        },
      ],
    ],
    [
      'BRIDGEDEV_<ifname> beats BRIDGEDEV',
      'NETIF="ifname=eth0"\nBRIDGEDEV="brB"\nBRIDGEDEV_eth0="brC"\n',
      '',
      [
        {
          ifname: 'eth0',
          host: 'veth101.0',
          bridge: 'brC',
          from: `${F}:3 BRIDGEDEV_eth0`,
          addrs: [],
          ct0: [],
          gw: undefined,
          gw6: undefined,
          vlan: undefined,
        },
      ],
    ],
    [
      'BRIDGEDEV from vz.conf',
      'NETIF="ifname=eth0"\n',
      'BRIDGEDEV="vmbr0"\n',
      [
        {
          ifname: 'eth0',
          host: 'veth101.0',
          bridge: 'vmbr0',
          from: `${G}:1 BRIDGEDEV`,
          addrs: [],
          ct0: [],
          gw: undefined,
          gw6: undefined,
          vlan: undefined,
        },
      ],
    ],
    [
      'empty BRIDGEDEV: routed',
      'NETIF="ifname=eth0"\nBRIDGEDEV=""\nVETH_IP_ADDRESS="10.0.0.5"\n',
      'BRIDGEDEV="vmbr0"\n',
      [
        {
          ifname: 'eth0',
          host: 'veth101.0',
          bridge: undefined,
          from: undefined,
          addrs: ['10.0.0.5/32'],
          ct0: [],
          gw: undefined,
          gw6: undefined,
          vlan: undefined,
        },
      ],
    ],
    [
      'IPv6 gateway in VE_DEFAULT_GATEWAY',
      'NETIF="ifname=eth0"\nVE_DEFAULT_GATEWAY="2001:db8::1"\n',
      '',
      [
        {
          ifname: 'eth0',
          host: 'veth101.0',
          bridge: undefined,
          from: undefined,
          addrs: [],
          ct0: [],
          gw: undefined,
          gw6: '2001:db8::1',
          vlan: undefined,
        },
      ],
    ],
    [
      'both gateways',
      'NETIF="ifname=eth0"\nVE_DEFAULT_GATEWAY="10.0.0.1"\nVE_DEFAULT_GATEWAY6="fe80::1"\nVETH_VLAN="5"\n',
      '',
      [
        {
          ifname: 'eth0',
          host: 'veth101.0',
          bridge: undefined,
          from: undefined,
          addrs: [],
          ct0: [],
          gw: '10.0.0.1',
          gw6: 'fe80::1',
          vlan: 5,
        },
      ],
    ],
    [
      'two interfaces: plain variables go to the first, per-interface ones to each',
      TWO +
        'VETH_IP_ADDRESS="10.0.0.5/24"\nVE_DEFAULT_GATEWAY="10.0.0.1"\nCT0_IP="10.0.0.2"\nBRIDGEDEV="br0"\nVETH_IP_ADDRESS_eth1="192.168.5.5/24 2001:db8:5::5/64"\nBRIDGEDEV_eth1="br1"\n',
      '',
      [
        {
          ifname: 'eth0',
          host: 'veth101.0',
          bridge: 'br0',
          from: `${F}:5 BRIDGEDEV`,
          addrs: ['10.0.0.5/24'],
          ct0: ['10.0.0.2/32'],
          gw: '10.0.0.1',
          gw6: undefined,
          vlan: undefined,
        },
        {
          ifname: 'eth1',
          host: 'veth101.1',
          bridge: 'br1',
          from: `${F}:7 BRIDGEDEV_eth1`,
          addrs: ['192.168.5.5/24', '2001:db8:5::5/64'],
          ct0: [],
          gw: undefined,
          gw6: undefined,
          vlan: undefined,
        },
      ],
    ],
    [
      'per-interface gateway on the second, none on the first',
      TWO + 'VE_DEFAULT_GATEWAY_eth1="192.168.5.1"\nVETH_IP_ADDRESS_eth0="10.0.0.5/24"\n',
      '',
      [
        {
          ifname: 'eth0',
          host: 'veth101.0',
          bridge: undefined,
          from: undefined,
          addrs: ['10.0.0.5/24'],
          ct0: [],
          gw: undefined,
          gw6: undefined,
          vlan: undefined,
        },
        {
          ifname: 'eth1',
          host: 'veth101.1',
          bridge: undefined,
          from: undefined,
          addrs: [],
          ct0: [],
          gw: '192.168.5.1',
          gw6: undefined,
          vlan: undefined,
        },
      ],
    ],
    [
      'per-interface empty value cancels the plain one',
      'NETIF="ifname=eth0"\nVETH_IP_ADDRESS="10.0.0.5"\nVETH_IP_ADDRESS_eth0=""\n',
      '',
      [
        {
          ifname: 'eth0',
          host: 'veth101.0',
          bridge: undefined,
          from: undefined,
          addrs: [],
          ct0: [],
          gw: undefined,
          gw6: undefined,
          vlan: undefined,
        },
      ],
    ],
  ];
  for (const [name, ct, global, want] of cases) t.same(summary(ct, global), want, name);
});

t.test('errors name file:line: KEY', async (t) => {
  const cases: Array<[string, string, string | RegExp]> = [
    [
      'bad address',
      'NETIF="ifname=eth0"\nVETH_IP_ADDRESS="10.0.0.300/24"\n',
      `${F}:2: VETH_IP_ADDRESS: "10.0.0.300/24" is not an IPv4/IPv6 address`,
    ],
    [
      'bad per-interface address',
      TWO + 'VETH_IP_ADDRESS_eth1="10.0.0.5/24 `reboot`"\n',
      `${F}:2: VETH_IP_ADDRESS_eth1: "\`reboot\`" is not an IPv4/IPv6 address`,
    ],
    [
      'injection in BRIDGEDEV',
      'NETIF="ifname=eth0"\nBRIDGEDEV="br0; reboot"\n',
      `${F}:2: BRIDGEDEV: "br0; reboot" is not a valid interface name (letters, digits, "_", ".", "-", "@"; no "/", ":" or spaces; no leading "-")`,
    ],
    [
      'gateway with prefix',
      'NETIF="ifname=eth0"\nVE_DEFAULT_GATEWAY="10.0.0.1/24"\n',
      /^\/etc\/vz\/conf\/101\.conf:2: VE_DEFAULT_GATEWAY: "10\.0\.0\.1\/24" must be a plain address/,
    ],
    [
      'IPv6 gateway twice',
      'NETIF="ifname=eth0"\nVE_DEFAULT_GATEWAY="fe80::1"\nVE_DEFAULT_GATEWAY6="fe80::2"\n',
      `${F}:3: VE_DEFAULT_GATEWAY6: an IPv6 gateway is already given in VE_DEFAULT_GATEWAY`,
    ],
    [
      'IPv4 in VE_DEFAULT_GATEWAY6',
      'NETIF="ifname=eth0"\nVE_DEFAULT_GATEWAY6="10.0.0.1"\n',
      /101\.conf:2: VE_DEFAULT_GATEWAY6: "10\.0\.0\.1" is not an IPv6 address/,
    ],
    [
      'two IPv4 gateways',
      TWO + 'VE_DEFAULT_GATEWAY="10.0.0.1"\nVE_DEFAULT_GATEWAY_eth1="192.168.5.1"\n',
      `${F}:3: VE_DEFAULT_GATEWAY_eth1: an IPv4 default gateway is already set for eth0 (${F}:2: VE_DEFAULT_GATEWAY); a container has one default route per family`,
    ],
    [
      'two IPv6 gateways',
      TWO + 'VE_DEFAULT_GATEWAY6_eth0="fe80::1"\nVE_DEFAULT_GATEWAY6_eth1="fe80::2"\n',
      /101\.conf:3: VE_DEFAULT_GATEWAY6_eth1: an IPv6 default gateway is already set for eth0 \(.*101\.conf:2: VE_DEFAULT_GATEWAY6_eth0\)/,
    ],
    ['bad VLAN', 'NETIF="ifname=eth0"\nVETH_VLAN="5000"\n', `${F}:2: VETH_VLAN: "5000" is not a VLAN id (1-4094)`],
    [
      'bad CT0_IP',
      'NETIF="ifname=eth0"\nCT0_IP="localhost"\n',
      `${F}:2: CT0_IP: "localhost" is not an IPv4/IPv6 address`,
    ],
    [
      'multicast address',
      'NETIF="ifname=eth0"\nVETH_IP_ADDRESS="224.0.0.5/24"\n',
      `${F}:2: VETH_IP_ADDRESS: "224.0.0.5" is a multicast address; a container address must be global unicast`,
    ],
    [
      'link-local address',
      'NETIF="ifname=eth0"\nVETH_IP_ADDRESS="10.0.0.5/24 169.254.169.254"\n',
      `${F}:2: VETH_IP_ADDRESS: "169.254.169.254" is a link-local (169.254.0.0/16) address; a container address must be global unicast`,
    ],
    [
      'bad NETIF names the line',
      '\n\nNETIF="ifname=eth0,host_ifname=a b"\n',
      /^\/etc\/vz\/conf\/101\.conf:3: NETIF: host_ifname:/,
    ],
    [
      'same address on two interfaces',
      TWO + 'VETH_IP_ADDRESS_eth0="10.0.0.5/24"\nVETH_IP_ADDRESS_eth1="10.0.0.5/24"\n',
      /both have the address 10\.0\.0\.5/,
    ],
  ];
  for (const [name, ct, want] of cases) {
    t.throws(() => net(ct), { code: 'E_CONFIG', message: want }, name);
  }
});

t.test('a second interface does not inherit the single-interface variables', async (t) => {
  const n = net(TWO + 'VETH_IP_ADDRESS="10.0.0.5/24"\nCT0_IP="10.0.0.2"\nVE_DEFAULT_GATEWAY="10.0.0.1"\n');
  t.same(n.interfaces[1]!.addresses, []);
  t.same(n.interfaces[1]!.ct0Ips, []);
  t.equal(n.interfaces[1]!.gateway, undefined);
});

t.test('varSuffix and findInterface', async (t) => {
  t.equal(varSuffix('eth0'), 'eth0');
  t.equal(varSuffix('eth0.5'), 'eth0_5');
  t.equal(varSuffix('lan-a@x'), 'lan_a_x');
  const n = net('NETIF="ifname=eth0.5"\nVETH_IP_ADDRESS_eth0_5="10.0.0.5"\n');
  t.same(
    n.interfaces[0]!.addresses.map((a) => a.address),
    ['10.0.0.5'],
    'dotted ifname uses the _ suffix',
  );
  t.equal(findInterface(n, 'veth101.5')?.ifname, 'eth0.5');
  t.equal(findInterface(n, 'veth101.9'), undefined);
});

t.test('the shipped templates parse into the documented model', async (t) => {
  const tpl = (name: string) => fs.readFileSync(new URL(`../../templates/${name}`, import.meta.url), 'utf8');
  t.same(summary(tpl('ct-one-interface.conf')), [
    {
      ifname: 'eth0',
      host: 'veth101.0',
      bridge: 'br0',
      from: 'NETIF bridge=',
      addrs: ['85.86.87.195/26', '2001:db8:1::195/64'],
      ct0: ['10.0.0.2/32'],
      gw: '85.86.87.193',
      gw6: '2001:db8:1::1',
      vlan: undefined,
    },
  ]);
  const two = summary(tpl('ct-two-interfaces.conf'));
  t.same(
    two.map((i) => [i.ifname, i.bridge, i.addrs, i.gw, i.gw6]),
    [
      ['eth0', 'br0', ['10.0.0.102/24'], undefined, undefined],
      ['eth1', 'br1', ['192.168.7.102/24', '2001:db8:7::102/64'], '192.168.7.1', '2001:db8:7::1'],
    ],
  );
});
