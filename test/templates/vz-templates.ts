/** The OpenVZ config templates parse and build a valid CT network (what an admin copies must work). */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseVzConf } from '../../lib/runtimes/openvz/vz-conf.js';
import { buildCtNetwork } from '../../lib/request/ct-network.js';
import { parseHostConf } from '../../lib/setups/host/host-conf.js';
import { REPO } from '../lab/vz-lab.js';

t.test('templates/ct-routed/router/behind-router.conf', async (t) => {
  for (const [file, check] of [
    ['ct-routed.conf', { bridge: undefined, proxyDevs: ['eth0'], addresses: 2 }],
    ['ct-router.conf', { bridge: 'br0', proxyDevs: undefined, addresses: 1 }],
    ['ct-behind-router.conf', { bridge: 'br0', proxyDevs: undefined, addresses: 1 }],
  ] as const) {
    const p = path.join(REPO, 'templates', file);
    const conf = parseVzConf(fs.readFileSync(p, 'utf8'), p);
    t.same(conf.warnings, [], `${file}: no warnings`);
    const [iface] = buildCtNetwork('101', conf.values).interfaces;
    t.equal(iface?.bridge?.name, check.bridge, `${file}: bridge`);
    t.same(iface?.proxyDevs, check.proxyDevs, `${file}: VETH_PROXY_DEV`);
    t.equal(iface?.addresses.length, check.addresses, `${file}: addresses`);
  }
  const vznet = parseVzConf(fs.readFileSync(path.join(REPO, 'templates/vznet.conf'), 'utf8'), 'vznet.conf');
  t.equal(vznet.values.get('EXTERNAL_SCRIPT')?.value, '/usr/libexec/ctnet/ctnet-vznet');
});

t.test('templates/host.conf parses', async (t) => {
  const file = path.join(REPO, 'templates/host.conf');
  const c = parseHostConf(fs.readFileSync(file, 'utf8'), file);
  t.same([c.bridges.length, c.masquerades.length, c.forwards.length, c.isolation.pools.length], [1, 1, 1, 1]);
});
