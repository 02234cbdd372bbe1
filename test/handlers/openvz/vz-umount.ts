/**
 * lib/handlers/openvz/vz-umount.ts with a fake step runner: which teardown steps run from a record, from
 * the CT config when there is no record, from both, and what a failure leaves (the record, for
 * the next down). Nothing reaches a process: the runner only records the steps it is given.
 */
import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fakeStepRunner } from '../../lab/fake-step-runner.js';
import { defaultApplyContext } from '../../../lib/apply/context.js';
import type { HookEnv } from '../../../lib/hook/hook-env.js';
import { vzUmount } from '../../../lib/handlers/openvz/vz-umount.js';
import { readTeardown, recordTeardown } from '../../../lib/state/teardown-record.js';

// Should a step ever escape the fake runner, it finds no ip or nft to run.
process.env['PATH'] = '/nonexistent';

const BRIDGED = 'NETIF="ifname=eth0,host_ifname=veth101.0"\nVETH_IP_ADDRESS="10.0.0.31"\nBRIDGEDEV="br0"\n';

interface Lab {
  env: HookEnv;
  logged: string[];
  printed: string[];
}

function lab(t: Test, conf?: string): Lab {
  const dir = t.testdir({ vz: { conf: conf === undefined ? {} : { '101.conf': conf } } });
  fs.chmodSync(dir, 0o755);
  const runDir = path.join(dir, 'run');
  const logged: string[] = [];
  const printed: string[] = [];
  const ctx = {
    ...defaultApplyContext((l) => logged.push(l)),
    vzctl: '/nonexistent/vzctl',
    nft: '/nonexistent/nft',
    procSys: path.join(dir, 'sys'),
    runDir,
  };
  return {
    env: {
      vzDir: path.join(dir, 'vz'),
      runDir,
      etcDir: path.join(dir, 'etc'),
      sysNet: path.join(dir, 'sys-class-net'),
      dryRun: false,
      ctx,
      out: (x) => printed.push(x),
    },
    logged,
    printed,
  };
}

const record = (l: Lab, entries: Parameters<typeof recordTeardown>[4]) =>
  recordTeardown(l.env.runDir, 'vz-101', 'CT 101', 'veth101.0', entries);

t.test('a record and no config: exactly the recorded teardown runs, then the record is forgotten', async (t) => {
  const l = lab(t);
  record(l, [
    { kind: 'route', address: '10.0.0.44', dev: 'br0' },
    { kind: 'route', address: '2001:db8::44', dev: 'br0' },
  ]);
  const fake = fakeStepRunner();
  await vzUmount({ veid: '101' }, l.env, fake);
  t.same(fake.ran, [
    'host-batch (tolerant): route del 10.0.0.44/32 dev br0 proto 213 | route del 2001:db8::44/128 dev br0 proto 213',
  ]);
  t.same(readTeardown(l.env.runDir, 'vz-101'), [], 'record forgotten');
  t.same(l.logged, ['CT 101: down: what ctnet added for this CT is gone (removed now or already)']);
});

t.test('a record and a broken config: the recorded teardown runs, with one warning', async (t) => {
  const l = lab(t, 'NETIF="ifname=eth0"\nVETH_IP_ADDRESS="10.0.0.300"\n');
  record(l, [{ kind: 'route', address: '10.0.0.44', dev: 'br0' }]);
  const fake = fakeStepRunner();
  await vzUmount({ veid: '101' }, l.env, fake);
  t.same(fake.ran, ['host-batch (tolerant): route del 10.0.0.44/32 dev br0 proto 213']);
  t.match(l.logged, [/^CT 101: warning: .*101\.conf:2: VETH_IP_ADDRESS: .*10\.0\.0\.300/, /^CT 101: down: /]);
  t.same(readTeardown(l.env.runDir, 'vz-101'), []);
});

t.test("no record: what the config implies (the routes via the bridge, the port's filter)", async (t) => {
  const l = lab(t, BRIDGED);
  const fake = fakeStepRunner();
  await vzUmount({ veid: '101' }, l.env, fake);
  t.same(fake.ran, ['host-batch (tolerant): route del 10.0.0.31/32 dev br0 proto 213', 'port-guard: remove veth101.0']);
});

t.test('a record and a config: the recorded routes and the configured ones, each once', async (t) => {
  const l = lab(t, BRIDGED);
  record(l, [
    { kind: 'route', address: '10.0.0.44', dev: 'br0' },
    { kind: 'route', address: '10.0.0.31', dev: 'br0' },
  ]);
  const fake = fakeStepRunner();
  await vzUmount({ veid: '101' }, l.env, fake);
  t.same(fake.ran, [
    'host-batch (tolerant): route del 10.0.0.44/32 dev br0 proto 213 | route del 10.0.0.31/32 dev br0 proto 213',
    'port-guard: remove veth101.0',
  ]);
});

t.test('no record and no config: nothing runs, and that is success; twice is the same', async (t) => {
  const l = lab(t);
  for (const round of [1, 2]) {
    const fake = fakeStepRunner();
    await vzUmount({ veid: '101' }, l.env, fake);
    t.same(fake.ran, [], `round ${round}: nothing run`);
  }
  t.equal(l.logged.at(-1), 'CT 101: down: nothing to remove');
});

t.test(
  'a failing step: the others still run, one E_TEARDOWN error names it, the record stays for the next down',
  async (t) => {
    const l = lab(t, BRIDGED);
    record(l, [{ kind: 'route', address: '10.0.0.44', dev: 'br0' }]);
    const steps = fakeStepRunner(['routes to the CT via br0']);
    await t.rejects(vzUmount({ veid: '101' }, l.env, steps), {
      code: 'E_TEARDOWN',
      message: 'CT 101: down: routes to the CT via br0: refused',
    });
    t.same(
      steps.ran.map((r) => r.split(':')[0]),
      ['host-batch (tolerant)', 'port-guard'],
      'the filter was still removed',
    );
    t.same(
      readTeardown(l.env.runDir, 'vz-101').map((p) => p.part),
      ['veth101.0'],
      'record kept',
    );
    const again = fakeStepRunner();
    await vzUmount({ veid: '101' }, l.env, again);
    t.same(again.ran, steps.ran, 'the next down retries the same steps');
    t.same(readTeardown(l.env.runDir, 'vz-101'), [], 'and then forgets the record');
  },
);

t.test('a dry run prints the plan, runs nothing and keeps the record', async (t) => {
  const l = lab(t, BRIDGED);
  record(l, [{ kind: 'route', address: '10.0.0.44', dev: 'br0' }]);
  const fake = fakeStepRunner();
  await vzUmount({ veid: '101' }, { ...l.env, dryRun: true }, fake);
  t.same(fake.ran, []);
  t.match(l.printed.join(''), /route del 10\.0\.0\.44\/32 dev br0 proto 213/);
  t.equal(readTeardown(l.env.runDir, 'vz-101').length, 1);
});
