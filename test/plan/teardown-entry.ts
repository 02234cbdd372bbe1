/** lib/plan/teardown-entry.ts: every down command is rebuilt from entry fields, with ctnet's marks. */
import t from 'tap';
import {
  dedupeEntries,
  routeDelLines,
  routeEntries,
  teardownSteps,
  type TeardownEntry,
} from '../../lib/plan/teardown-entry.js';
import { renderStep } from '../../lib/plan/render-plan.js';
import { parseIpAddr, type IpAddr } from '../../lib/request/ip-address.js';

const ip = (s: string): IpAddr => parseIpAddr(s) as IpAddr;

t.test('routes: one tolerant batch per device and metric, proto 213 on every line', async (t) => {
  const entries: TeardownEntry[] = [
    ...routeEntries([ip('10.0.0.5/24'), ip('2001:db8::5/64')], 'br0'),
    ...routeEntries([ip('10.0.0.6')], 'br0', 200),
  ];
  t.same(entries[0], { kind: 'route', address: '10.0.0.5', dev: 'br0' }, 'the prefix is not kept: host routes only');
  t.same(teardownSteps(entries), [
    {
      kind: 'host-batch',
      what: 'routes to the CT via br0',
      tolerateMissing: true,
      lines: [
        { cmd: 'route del 10.0.0.5/32 dev br0 proto 213' },
        { cmd: 'route del 2001:db8::5/128 dev br0 proto 213' },
      ],
    },
    {
      kind: 'host-batch',
      what: 'routes to the CT via br0',
      tolerateMissing: true,
      lines: [
        { cmd: 'route del 10.0.0.6/32 dev br0 proto 213 metric 200 table 212' },
        { cmd: 'route del blackhole 10.0.0.6/32 proto 213 metric 200 table 213' },
        { cmd: 'route del 10.0.0.6/32 dev br0 proto 213 metric 200' },
      ],
    },
  ]);
});

t.test('proxy entries, owned OVS ports and NAT owners', async (t) => {
  t.same(
    teardownSteps([
      { kind: 'proxy-neigh', address: '10.0.0.5', dev: 'up0' },
      { kind: 'ovs-port', port: 'veth101.0', owner: 'vz:101' },
      { kind: 'nat', owner: 'vz-101', entries: [] },
    ]),
    [
      {
        kind: 'host-batch',
        what: 'proxy entries on the uplinks',
        tolerateMissing: true,
        lines: [{ cmd: 'neigh replace proxy 10.0.0.5 dev up0' }, { cmd: 'neigh del proxy 10.0.0.5 dev up0' }],
      },
      {
        kind: 'ovs-port',
        what: 'remove Open vSwitch port veth101.0',
        op: 'remove',
        port: 'veth101.0',
        owner: 'vz:101',
      },
      { kind: 'nft', what: 'remove port forwards of vz-101', owner: 'vz-101', op: 'remove', entries: [] },
    ],
  );
  t.match(
    renderStep(teardownSteps([{ kind: 'ovs-port', port: 'p0', owner: 'lxc:c1' }])[0]!).join('\n'),
    /only if its external_ids:ctnet-owner is lxc:c1/,
    "the dry run says the port is removed only if it is the owner's",
  );
});

t.test('the record and the config overlap: each object once', async (t) => {
  const r = routeEntries([ip('10.0.0.5')], 'br0');
  t.same(
    dedupeEntries([
      ...r,
      ...r,
      { kind: 'nat', owner: 'vz-1', entries: [] },
      { kind: 'nat', owner: 'vz-1', entries: [] },
    ]),
    [...r, { kind: 'nat', owner: 'vz-1', entries: [] }],
  );
  t.same(teardownSteps([]), []);
});

t.test('a route entry that is not an address is a bug, not a command', async (t) => {
  t.throws(() => routeDelLines({ kind: 'route', address: '10.0.0.5 dev lo', dev: 'br0' }), /route entry/);
});
