/**
 * lib/handlers/lxc/lxc-net-down.ts with a fake step runner: which teardown steps run for one veth from
 * its record, and without a record from the container config and the script line's options;
 * a failure keeps the record for the next down. Nothing reaches a process.
 */
import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fakeStepRunner } from '../../lab/fake-step-runner.js';
import { defaultApplyContext } from '../../../lib/apply/context.js';
import type { HookEnv } from '../../../lib/hook/hook-env.js';
import { parseHookArgs } from '../../../lib/hook/hook-args.js';
import type { LxcNetEvent } from '../../../lib/runtimes/lxc/lxc-event.js';
import { lxcNetDown } from '../../../lib/handlers/lxc/lxc-net-down.js';
import { LXC_ARG_SPEC, lxcOptions, type LxcOptions } from '../../../lib/runtimes/lxc/lxc-options.js';
import type { TeardownEntry } from '../../../lib/plan/teardown-entry.js';
import { readTeardown, recordTeardown } from '../../../lib/state/teardown-record.js';

// Should a step ever escape the fake runner, it finds no ip or nft to run.
process.env['PATH'] = '/nonexistent';

const CONFIG = [
  'lxc.net.0.type = veth',
  'lxc.net.0.veth.pair = vethA',
  'lxc.net.0.link = br0',
  'lxc.net.0.ipv4.address = 10.0.0.51/32',
  'lxc.net.0.ipv6.address = 2001:db8::51/128',
  '',
].join('\n');

interface Lab {
  env: HookEnv;
  ev: LxcNetEvent;
  printed: string[];
}

/** A container c1 whose veth vethA goes down; `linuxBridge` puts a Linux bridge of that name in the fake /sys/class/net. */
function lab(t: Test, linuxBridge?: string): Lab {
  const dir = t.testdir({ config: CONFIG, sys: linuxBridge ? { [linuxBridge]: { mtu: '1500\n', bridge: {} } } : {} });
  fs.chmodSync(dir, 0o755);
  const runDir = path.join(dir, 'run');
  const printed: string[] = [];
  const ctx = {
    ...defaultApplyContext(),
    ovsDb: `unix:${path.join(dir, 'no-ovsdb.sock')}`,
    nft: '/nonexistent/nft',
    procSys: path.join(dir, 'proc-sys'),
    runDir,
  };
  return {
    env: {
      vzDir: path.join(dir, 'vz'),
      runDir,
      etcDir: path.join(dir, 'etc'),
      sysNet: path.join(dir, 'sys'),
      dryRun: false,
      ctx,
      out: (x) => printed.push(x),
    },
    ev: {
      name: 'c1',
      phase: 'down',
      type: 'veth',
      device: 'vethA',
      hookVersion: 1,
      configFile: path.join(dir, 'config'),
    },
    printed,
  };
}

const options = (...words: string[]): LxcOptions =>
  lxcOptions(parseHookArgs([...words, 'c1', 'net', 'down', 'veth', 'vethA'], LXC_ARG_SPEC));

const ROUTES: TeardownEntry[] = [{ kind: 'route', address: '10.0.0.51', dev: 'vethA' }];
const record = (l: Lab, part: string, entries: TeardownEntry[]) =>
  recordTeardown(l.env.runDir, 'lxc-c1', 'container c1', part, entries);

t.test("a record: exactly what it holds for this veth runs; only this veth's part is forgotten", async (t) => {
  const l = lab(t);
  record(l, 'vethA', ROUTES);
  record(l, 'vethB', [{ kind: 'route', address: '10.0.0.52', dev: 'vethB' }]);
  const fake = fakeStepRunner();
  await lxcNetDown(l.ev, options('--routed', '--forward', 'tcp:8080:80'), l.env, fake);
  t.same(
    fake.ran,
    ['host-batch (tolerant): route del 10.0.0.51/32 dev vethA proto 213'],
    'the record wins over the options and the config',
  );
  t.same(
    readTeardown(l.env.runDir, 'lxc-c1').map((p) => p.part),
    ['vethB'],
  );
});

t.test("no record, routed: the filter, the forwards and the routes of the config's addresses", async (t) => {
  const l = lab(t);
  const fake = fakeStepRunner();
  await lxcNetDown(l.ev, options('--routed', '--forward', 'tcp:8080:80'), l.env, fake);
  t.same(fake.ran, [
    'port-guard: remove vethA',
    'nft: remove port forwards of lxc-c1',
    'host-batch (tolerant): route del 10.0.0.51/32 dev vethA proto 213 | route del 2001:db8::51/128 dev vethA proto 213',
  ]);
});

t.test('no record, routed with --announce: the routes of its class (IPv4 from its table and from main)', async (t) => {
  const l = lab(t);
  const fake = fakeStepRunner();
  await lxcNetDown(l.ev, options('--routed', '--announce', 'anycast', '--filter', 'off'), l.env, fake);
  t.same(fake.ran, [
    'host-batch (tolerant): route del 10.0.0.51/32 dev vethA proto 213 metric 300 table 212' +
      ' | route del blackhole 10.0.0.51/32 proto 213 metric 300 table 214' +
      ' | route del 10.0.0.51/32 dev vethA proto 213 metric 300' +
      ' | route del 2001:db8::51/128 dev vethA proto 213 metric 300',
  ]);
});

t.test("no record, on a Linux bridge: only the filter (the veth's bridge port goes with the veth)", async (t) => {
  const l = lab(t, 'br0');
  const fake = fakeStepRunner();
  await lxcNetDown({ ...l.ev, link: 'br0' }, options(), l.env, fake);
  t.same(fake.ran, ['port-guard: remove vethA']);
});

t.test('no record, --filter off, not routed: nothing to run, and that is success', async (t) => {
  const l = lab(t, 'br0');
  const fake = fakeStepRunner();
  await lxcNetDown(l.ev, options('--filter', 'off'), l.env, fake);
  t.same(fake.ran, []);
});

t.test('not a veth: nothing for ctnet to remove', async (t) => {
  const l = lab(t);
  record(l, 'vethA', ROUTES);
  const fake = fakeStepRunner();
  await lxcNetDown({ ...l.ev, type: 'macvlan', device: 'mv0' }, options('--routed'), l.env, fake);
  t.same(fake.ran, []);
  t.equal(readTeardown(l.env.runDir, 'lxc-c1').length, 1, 'the veth record is not touched');
});

t.test(
  'a failing step: the others still run, E_TEARDOWN names it, the record stays; the next down retries and forgets',
  async (t) => {
    const l = lab(t);
    record(l, 'vethA', [...ROUTES, { kind: 'port-guard', port: 'vethA' }]);
    const first = fakeStepRunner(['remove the anti-spoofing filter of vethA']);
    await t.rejects(lxcNetDown(l.ev, options('--routed'), l.env, first), {
      code: 'E_TEARDOWN',
      message: 'container c1: down veth vethA: remove the anti-spoofing filter of vethA: refused',
    });
    t.equal(first.ran.length, 2, 'both steps tried');
    t.same(
      readTeardown(l.env.runDir, 'lxc-c1').map((p) => p.part),
      ['vethA'],
      'record kept',
    );
    const again = fakeStepRunner();
    await lxcNetDown(l.ev, options('--routed'), l.env, again);
    t.same(again.ran, first.ran);
    t.same(readTeardown(l.env.runDir, 'lxc-c1'), []);
  },
);

t.test('a dry run prints the plan and runs nothing', async (t) => {
  const l = lab(t);
  record(l, 'vethA', ROUTES);
  const fake = fakeStepRunner();
  await lxcNetDown(l.ev, options('--routed'), { ...l.env, dryRun: true }, fake);
  t.same(fake.ran, []);
  t.match(l.printed.join(''), /route del 10\.0\.0\.51\/32 dev vethA proto 213/);
  t.equal(readTeardown(l.env.runDir, 'lxc-c1').length, 1);
});
