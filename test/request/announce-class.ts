/**
 * The announcement class (CTNET_ANNOUNCE): parsed per CT and per interface with file:line
 * errors, and carried by the host routes as a kernel metric that rollback and teardown match;
 * an IPv4 spare or anycast route lives in its class table (213, 214), with its rule.
 */
import t from 'tap';
import { buildCtNetwork } from '../../lib/request/ct-network.js';
import { parseVzConf } from '../../lib/runtimes/openvz/vz-conf.js';
import { announceMetric, classRouteTable, markerTable, parseAnnounceClass } from '../../lib/request/announce-class.js';
import type { HostBatchStep } from '../../lib/plan/plan.js';
import { planVethUp } from '../../lib/plan/veth-up.js';
import { routeLine } from '../../lib/plan/route-line.js';
import { teardownSteps } from '../../lib/plan/teardown-entry.js';

t.test('parseAnnounceClass and announceMetric', async (t) => {
  t.same(parseAnnounceClass(' Spare '), { value: 'spare' });
  t.same(parseAnnounceClass('backup'), { why: '"backup" is not an announcement class (primary, spare, anycast)' });
  t.same(
    [undefined, 'primary', 'spare', 'anycast'].map((c) => announceMetric(c as never)),
    [undefined, 100, 200, 300],
  );
});

const NETIF = 'NETIF="ifname=eth0,host_ifname=veth101.0;ifname=eth1,host_ifname=veth101.1"\n';
const net = (text: string) => buildCtNetwork('101', parseVzConf(NETIF + text, '/etc/vz/conf/101.conf').values);

const configCases: Array<[string, string, Array<string | undefined>]> = [
  ['unset', '', [undefined, undefined]],
  ['empty value', 'CTNET_ANNOUNCE=""', [undefined, undefined]],
  ['plain variable applies to every interface', 'CTNET_ANNOUNCE=spare', ['spare', 'spare']],
  ['per-interface variable wins', 'CTNET_ANNOUNCE=spare\nCTNET_ANNOUNCE_eth1=anycast', ['spare', 'anycast']],
  ['case-insensitive', 'CTNET_ANNOUNCE_eth0=Primary', ['primary', undefined]],
];
for (const [name, text, want] of configCases) {
  t.test(`config: ${name}`, async (t) => {
    t.same(
      net(text).interfaces.map((i) => i.announce),
      want,
    );
  });
}

t.test('config: a bad class names file, line and key', async (t) => {
  t.throws(
    () => net('\nCTNET_ANNOUNCE_eth1="backup"'),
    /^\/etc\/vz\/conf\/101\.conf:3: CTNET_ANNOUNCE_eth1: "backup" is not an announcement class \(primary, spare, anycast\)$/,
  );
});

function plan(extra: string) {
  const conf = parseVzConf(
    `NETIF="ifname=eth0,host_ifname=veth101.0"\nVETH_IP_ADDRESS="192.0.2.10/32 2001:db8::10/128"\nBRIDGEDEV=br0\n${extra}`,
    '101.conf',
  );
  const iface = buildCtNetwork('101', conf.values).interfaces[0]!;
  return planVethUp({
    veid: '101',
    iface,
    bridgeName: 'br0',
    bridge: { name: 'br0', exists: true, isLinuxBridge: true, mtu: 1500, mac: '02:00:00:00:00:01', macFixed: true },
    veth: { name: 'veth101.0', exists: true, mtu: 1500, up: true },
  });
}

const planCases: Array<[string, string, string, string, string[]]> = [
  ['no class: no metric (kernel 0)', '', '', '', []],
  ['primary', 'CTNET_ANNOUNCE=primary', ' metric 100', ' metric 100', []],
  [
    'spare',
    'CTNET_ANNOUNCE="spare"',
    ' metric 200 table 212',
    ' metric 200',
    ['rule add pref 32765 lookup 212 protocol 213'],
  ],
  [
    'anycast (per-interface variable)',
    'CTNET_ANNOUNCE=spare\nCTNET_ANNOUNCE_eth0=anycast',
    ' metric 300 table 212',
    ' metric 300',
    ['rule add pref 32765 lookup 212 protocol 213'],
  ],
];
for (const [name, extra, suffix4, suffix6, rules] of planCases) {
  t.test(`planner: ${name}`, async (t) => {
    const p = plan(extra);
    const batches = p.steps.filter((s): s is HostBatchStep => s.kind === 'host-batch');
    const ruleSteps = batches.filter((s) => s.tolerateExisting);
    t.same(
      ruleSteps.flatMap((s) => s.lines.map((l) => l.cmd)),
      rules,
      'the class table rule, made once and shared ("File exists" is done)',
    );
    t.ok(
      ruleSteps.every((s) => p.steps.indexOf(s) < p.steps.indexOf(batches.find((b) => !b.tolerateExisting)!)),
      'the rule comes before the routes',
    );
    const host = batches.find((s) => !s.tolerateExisting)!;
    const routes = host.lines.filter((l) => l.cmd.startsWith('route '));
    const classy = suffix4.endsWith('table 212');
    const metric = /metric (\d+)/.exec(suffix4)?.[1];
    const marker = (verb: string) =>
      classy
        ? [`route ${verb} blackhole 192.0.2.10/32 proto 213 metric ${metric} table ${metric === '200' ? 213 : 214}`]
        : [];
    t.same(
      routes.map((l) => l.cmd),
      [
        `route replace 192.0.2.10/32 dev br0 proto 213${suffix4}`,
        ...marker('replace'),
        `route replace 2001:db8::10/128 dev br0 proto 213${suffix6}`,
      ],
      'up lines: IPv4 spare/anycast in table 212 and its marker in the class table, IPv6 in main',
    );
    t.same(
      routes.map((l) => l.undo),
      [
        `route del 192.0.2.10/32 dev br0 proto 213${suffix4}`,
        ...marker('del'),
        `route del 2001:db8::10/128 dev br0 proto 213${suffix6}`,
      ],
      'rollback removes exactly those routes',
    );
    const td = teardownSteps(p.teardown)[0] as HostBatchStep;
    const legacy = classy ? [...marker('del'), `route del 192.0.2.10/32 dev br0 proto 213${suffix6}`] : [];
    t.same(
      td.lines.map((l) => l.cmd),
      [
        `route del 192.0.2.10/32 dev br0 proto 213${suffix4}`,
        ...legacy,
        `route del 2001:db8::10/128 dev br0 proto 213${suffix6}`,
      ],
      'teardown removes exactly those routes and the marker, and a class route also from main (records from before class tables)',
    );
    t.equal(td.tolerateMissing, true, 'teardown tolerates routes already gone');
  });
}

t.test('routeLine without and with metric', async (t) => {
  const a = { family: 4 as const, address: '10.0.0.5', prefix: 24 };
  t.equal(routeLine('replace', a, 'br0'), 'route replace 10.0.0.5/32 dev br0 proto 213');
  t.equal(routeLine('del', a, 'br0', 100), 'route del 10.0.0.5/32 dev br0 proto 213 metric 100');
  t.equal(routeLine('del', a, 'br0', 200), 'route del 10.0.0.5/32 dev br0 proto 213 metric 200 table 212');
});

t.test('classRouteTable and markerTable: IPv4 spare and anycast only', async (t) => {
  t.same(
    [undefined, 100, 200, 300, 250].map((m) => [classRouteTable(4, m), markerTable(4, m)]),
    [
      [undefined, undefined],
      [undefined, undefined],
      [212, 213],
      [212, 214],
      [undefined, undefined],
    ],
  );
  t.same(
    [200, 300].map((m) => [classRouteTable(6, m), markerTable(6, m)]),
    [
      [undefined, undefined],
      [undefined, undefined],
    ],
    'IPv6 stays in main (FRR 8.4 has no ipv6 import-table)',
  );
});
