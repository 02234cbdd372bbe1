/** CTNET_ANNOUNCE: per CT, per interface, validated with file:line. */
import t from 'tap';
import { buildCtNetwork } from '../../lib/config/ct-network.js';
import { parseVzConf } from '../../lib/config/vz-conf.js';

const NETIF = 'NETIF="ifname=eth0,host_ifname=veth101.0;ifname=eth1,host_ifname=veth101.1"\n';
const net = (text: string) => buildCtNetwork('101', parseVzConf(NETIF + text, '/etc/vz/conf/101.conf').values);

const cases: Array<[string, string, Array<string | undefined>]> = [
  ['unset', '', [undefined, undefined]],
  ['empty value', 'CTNET_ANNOUNCE=""', [undefined, undefined]],
  ['plain variable applies to every interface', 'CTNET_ANNOUNCE=spare', ['spare', 'spare']],
  ['per-interface variable wins', 'CTNET_ANNOUNCE=spare\nCTNET_ANNOUNCE_eth1=anycast', ['spare', 'anycast']],
  ['case-insensitive', 'CTNET_ANNOUNCE_eth0=Primary', ['primary', undefined]],
];
for (const [name, text, want] of cases) {
  t.test(name, async (t) => {
    t.same(net(text).interfaces.map((i) => i.announce), want);
  });
}

t.test('a bad class names file, line and key', async (t) => {
  t.throws(() => net('\nCTNET_ANNOUNCE_eth1="backup"'), /^\/etc\/vz\/conf\/101\.conf:3: CTNET_ANNOUNCE_eth1: "backup" is not an announcement class \(primary, spare, anycast\)$/);
});
