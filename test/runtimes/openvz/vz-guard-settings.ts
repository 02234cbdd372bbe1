import t from 'tap';
import { buildCtNetwork } from '../../../lib/request/ct-network.js';
import { mergeConfs, parseVzConf } from '../../../lib/runtimes/openvz/vz-conf.js';
import { vzGuardSettings } from '../../../lib/runtimes/openvz/vz-guard-settings.js';
import { vzGuardTeardown, vzPortGuard } from '../../../lib/plan/guard/vz-port-guard.js';

const net = (ct: string, global = '') =>
  buildCtNetwork('101', mergeConfs(parseVzConf(global, '/etc/vz/vz.conf'), parseVzConf(ct, '/etc/vz/conf/101.conf')));
const TWO = 'NETIF="ifname=eth0,mac=02:00:00:00:01:01,host_ifname=veth101.0;ifname=eth1,host_ifname=veth101.1"\n';

t.test('on by default; CTNET_FILTER and CTNET_FILTER_<ifname> (CT over vz.conf); the host default', async (t) => {
  const n = net(TWO);
  t.match(vzGuardSettings(n.interfaces[0]!, n.vars), { enabled: true, macFilter: true, ipFilter: true, dhcp: false });
  const off = net(`${TWO}CTNET_FILTER_eth1="off"\n`);
  t.same(
    off.interfaces.map((i) => vzGuardSettings(i, off.vars).enabled),
    [true, false],
    'per interface',
  );
  t.match(vzGuardSettings(off.interfaces[1]!, off.vars).from, /101.conf:2: CTNET_FILTER_eth1=off/);
  const g = net(TWO, 'CTNET_FILTER="off"\n');
  t.same(
    g.interfaces.map((i) => vzGuardSettings(i, g.vars).enabled),
    [false, false],
    'vz.conf for all',
  );
  const back = net(`${TWO}CTNET_FILTER="on"\n`);
  t.same(
    back.interfaces.map((i) => vzGuardSettings(i, back.vars, { on: false, from: 'host' }).enabled),
    [true, true],
    'the CT config beats the host default',
  );
  t.same(
    n.interfaces.map((i) => vzGuardSettings(i, n.vars, { on: false, from: 'host' }).enabled),
    [false, false],
    'host default off',
  );
  t.throws(() => vzGuardSettings(n.interfaces[0]!, net(`${TWO}CTNET_FILTER="maybe"\n`).vars), {
    message: /CTNET_FILTER: "maybe" is not on or off/,
  });
});

t.test('OpenVZ 7 NETIF: mac_filter, ip_filter, dhcp, ip= addresses', async (t) => {
  const n = net(
    'NETIF="ifname=eth0,host_ifname=veth101.0,mac=02:00:00:00:01:01,mac_filter=off,ip_filter=off,dhcp=yes,ip=10.0.0.5/24"\n',
  );
  t.match(vzGuardSettings(n.interfaces[0]!, n.vars), { enabled: true, macFilter: false, ipFilter: false, dhcp: true });
  const p = net(
    'NETIF="ifname=eth0,host_ifname=veth101.0,mac=02:00:00:00:01:01,ip=10.0.0.5/24"\nVETH_IP_ADDRESS="10.0.0.5/24 10.0.0.6/24"\n',
  );
  const g = vzPortGuard('CT 101', p.interfaces[0]!, p.vars);
  t.match(
    g.steps[0],
    { op: 'add', spec: { mac: '02:00:00:00:01:01', addresses: [{ address: '10.0.0.5' }, { address: '10.0.0.6' }] } },
    'NETIF ip= and VETH_IP_ADDRESS, once each',
  );
  t.match(
    vzPortGuard('CT 101', p.interfaces[0]!, p.vars, { mac: '02:00:00:00:0a:0b' }).steps[0],
    { spec: { mac: '02:00:00:00:0a:0b' } },
    'the MAC libvzctl passes wins',
  );
});

t.test('a down removes the chains the config implies (filter on only)', async (t) => {
  const n = net(`${TWO}CTNET_FILTER_eth1="off"\n`);
  t.same(vzGuardTeardown(n), [{ kind: 'port-guard', port: 'veth101.0' }]);
});
