/** lib/state/teardown-record.ts: records are written and read as checked data; a bad one is kept aside, never fatal. */
import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { forgetTeardown, readTeardown, recordTeardown } from '../../lib/state/teardown-record.js';
import type { TeardownEntry } from '../../lib/plan/teardown-entry.js';

const route: TeardownEntry = { kind: 'route', address: '10.0.0.31', dev: 'br0' };

function runDir(t: Test): string {
  const dir = t.testdir();
  fs.chmodSync(dir, 0o755);
  return path.join(dir, 'run');
}

t.test('record, read back (with rebuilt steps), forget part by part', async (t) => {
  const run = runDir(t);
  recordTeardown(run, 'vz-101', 'CT 101', 'veth101.0', [route]);
  recordTeardown(run, 'vz-101', 'CT 101', 'veth101.1', [{ kind: 'ovs-port', port: 'veth101.1', owner: 'vz:101' }]);
  t.equal(fs.statSync(path.join(run, 'ct')).mode & 0o7777, 0o755);
  t.equal(fs.statSync(path.join(run, 'ct', 'vz-101.json')).mode & 0o7777, 0o644);
  const parts = readTeardown(run, 'vz-101');
  t.same(parts.map((p) => [p.part, p.entries]), [['veth101.0', [route]], ['veth101.1', [{ kind: 'ovs-port', port: 'veth101.1', owner: 'vz:101' }]]]);
  t.match(parts[0]!.steps, [{ kind: 'host-batch', lines: [{ cmd: 'route del 10.0.0.31/32 dev br0 proto 213' }] }]);
  forgetTeardown(run, 'vz-101', 'veth101.0');
  t.same(readTeardown(run, 'vz-101').map((p) => p.part), ['veth101.1']);
  forgetTeardown(run, 'vz-101', 'veth101.1');
  t.notOk(fs.existsSync(path.join(run, 'ct', 'vz-101.json')), 'the last part forgotten removes the file');
  t.doesNotThrow(() => forgetTeardown(run, 'vz-101'), 'twice is fine');
});

t.test('an entry the schema would refuse is never written (a planner bug surfaces at the up)', async (t) => {
  const run = runDir(t);
  t.throws(() => recordTeardown(run, 'vz-101', 'CT 101', 'veth101.0', [{ kind: 'ovs-port', port: 'p0', owner: 'vz:999' }]), { code: 'E_INTERNAL' });
  t.notOk(fs.existsSync(path.join(run, 'ct', 'vz-101.json')));
});

t.test('a bad record: one warning, moved aside, read as none; a dry run leaves it', async (t) => {
  const run = runDir(t);
  const file = path.join(run, 'ct', 'vz-101.json');
  recordTeardown(run, 'vz-101', 'CT 101', 'veth101.0', [route]);
  fs.writeFileSync(file, JSON.stringify({ version: 2, subject: 'x', parts: { eth0: [{ kind: 'host-batch', lines: [{ cmd: 'netns exec x sh' }] }] } }));
  const warnings: string[] = [];
  t.same(readTeardown(run, 'vz-101', { keepBad: true, warn: (l) => warnings.push(l) }), []);
  t.ok(fs.existsSync(file), 'keepBad: left in place');
  t.same(readTeardown(run, 'vz-101', { warn: (l) => warnings.push(l) }), []);
  t.notOk(fs.existsSync(file));
  t.ok(fs.existsSync(`${file}.bad`), 'kept as .bad');
  t.equal(warnings.length, 2);
  t.match(warnings[1], /^warning: record ".*vz-101\.json" is not usable \(parts\.eth0\[0\]: unknown kind "host-batch"\); moved aside to ".*vz-101\.json\.bad"; it is ignored/);
  recordTeardown(run, 'vz-101', 'CT 101', 'veth101.0', [route]);
  t.same(readTeardown(run, 'vz-101').map((p) => p.part), ['veth101.0'], 'a new up records afresh');
});

t.test('a bad record met by an up is replaced, not merged', async (t) => {
  const run = runDir(t);
  const file = path.join(run, 'ct', 'vz-101.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '{"version":1');
  const warnings: string[] = [];
  recordTeardown(run, 'vz-101', 'CT 101', 'veth101.0', [route], { warn: (l) => warnings.push(l) });
  t.equal(warnings.length, 1);
  t.same(readTeardown(run, 'vz-101').map((p) => p.entries), [[route]]);
});

t.test('an untrusted run dir is an error, not a bad record', async (t) => {
  const run = runDir(t);
  recordTeardown(run, 'vz-101', 'CT 101', 'veth101.0', [route]);
  fs.chmodSync(path.join(run, 'ct'), 0o777);
  t.throws(() => readTeardown(run, 'vz-101'), { code: 'E_UNTRUSTED', message: /refusing run dir ".*\/ct": .* is writable by group and others/ });
  t.ok(fs.existsSync(path.join(run, 'ct', 'vz-101.json')), 'nothing moved');
});
