/** lib/state/teardown-record.ts: records are written and read as checked data; a bad one is kept aside, never fatal. */
import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { forgetTeardown, readTeardown, recordedIds, recordTeardown } from '../../lib/state/teardown-record.js';
import { STATE_MAX_BYTES } from '../../lib/state/record-schema.js';
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
  t.same(
    parts.map((p) => [p.part, p.entries]),
    [
      ['veth101.0', [route]],
      ['veth101.1', [{ kind: 'ovs-port', port: 'veth101.1', owner: 'vz:101' }]],
    ],
  );
  t.match(parts[0]!.steps, [{ kind: 'host-batch', lines: [{ cmd: 'route del 10.0.0.31/32 dev br0 proto 213' }] }]);
  forgetTeardown(run, 'vz-101', 'veth101.0');
  t.same(
    readTeardown(run, 'vz-101').map((p) => p.part),
    ['veth101.1'],
  );
  forgetTeardown(run, 'vz-101', 'veth101.1');
  t.notOk(fs.existsSync(path.join(run, 'ct', 'vz-101.json')), 'the last part forgotten removes the file');
  t.doesNotThrow(() => forgetTeardown(run, 'vz-101'), 'twice is fine');
});

t.test('an entry the schema would refuse is never written (a planner bug surfaces at the up)', async (t) => {
  const run = runDir(t);
  t.throws(
    () => recordTeardown(run, 'vz-101', 'CT 101', 'veth101.0', [{ kind: 'ovs-port', port: 'p0', owner: 'vz:999' }]),
    { code: 'E_INTERNAL' },
  );
  t.notOk(fs.existsSync(path.join(run, 'ct', 'vz-101.json')));
});

t.test('a bad record: one warning, moved aside, read as none; a dry run leaves it', async (t) => {
  const run = runDir(t);
  const file = path.join(run, 'ct', 'vz-101.json');
  recordTeardown(run, 'vz-101', 'CT 101', 'veth101.0', [route]);
  fs.writeFileSync(
    file,
    JSON.stringify({
      version: 2,
      subject: 'x',
      parts: { eth0: [{ kind: 'host-batch', lines: [{ cmd: 'netns exec x sh' }] }] },
    }),
  );
  const warnings: string[] = [];
  t.same(readTeardown(run, 'vz-101', { keepBad: true, warn: (l) => warnings.push(l) }), []);
  t.ok(fs.existsSync(file), 'keepBad: left in place');
  t.same(readTeardown(run, 'vz-101', { warn: (l) => warnings.push(l) }), []);
  t.notOk(fs.existsSync(file));
  t.ok(fs.existsSync(`${file}.bad`), 'kept as .bad');
  t.equal(warnings.length, 2);
  t.match(
    warnings[1],
    /^warning: record ".*vz-101\.json" is not usable \(parts\.eth0\[0\]: unknown kind "host-batch"\); moved aside to ".*vz-101\.json\.bad"; it is ignored/,
  );
  recordTeardown(run, 'vz-101', 'CT 101', 'veth101.0', [route]);
  t.same(
    readTeardown(run, 'vz-101').map((p) => p.part),
    ['veth101.0'],
    'a new up records afresh',
  );
});

t.test('a bad record met by an up is replaced, not merged', async (t) => {
  const run = runDir(t);
  const file = path.join(run, 'ct', 'vz-101.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '{"version":1');
  const warnings: string[] = [];
  recordTeardown(run, 'vz-101', 'CT 101', 'veth101.0', [route], { warn: (l) => warnings.push(l) });
  t.equal(warnings.length, 1);
  t.same(
    readTeardown(run, 'vz-101').map((p) => p.entries),
    [[route]],
  );
});

t.test('an untrusted run dir is an error, not a bad record', async (t) => {
  const run = runDir(t);
  recordTeardown(run, 'vz-101', 'CT 101', 'veth101.0', [route]);
  fs.chmodSync(path.join(run, 'ct'), 0o777);
  t.throws(() => readTeardown(run, 'vz-101'), {
    code: 'E_UNTRUSTED',
    message: /refusing run dir ".*\/ct": .* is writable by group and others/,
  });
  t.ok(fs.existsSync(path.join(run, 'ct', 'vz-101.json')), 'nothing moved');
});

t.test(
  'recording the same part twice replaces it (an up run twice leaves one record); forgetting what is not there is fine',
  async (t) => {
    const run = runDir(t);
    recordTeardown(run, 'vz-101', 'CT 101', 'veth101.0', [route]);
    recordTeardown(run, 'vz-101', 'CT 101', 'veth101.0', [route]);
    t.same(
      readTeardown(run, 'vz-101').map((p) => [p.part, p.entries]),
      [['veth101.0', [route]]],
    );
    forgetTeardown(run, 'vz-101', 'eth9');
    t.same(
      readTeardown(run, 'vz-101').map((p) => p.part),
      ['veth101.0'],
      'another part is left alone',
    );
    forgetTeardown(run, 'vz-999');
    forgetTeardown(run, 'vz-999', 'eth0');
    t.same(readTeardown(run, 'vz-999'), [], 'no record: nothing to remove');
    t.same(
      recordedIds(run, (d) => fs.readdirSync(d)),
      ['vz-101'],
    );
  },
);

t.test('an id with path characters stays inside the run dir', async (t) => {
  const run = runDir(t);
  recordTeardown(run, '../../evil', 'CT x', 'eth0', [route]);
  t.same(fs.readdirSync(path.join(run, 'ct')), ['.._.._evil.json']);
  t.notOk(fs.existsSync(path.join(run, '..', 'evil.json')));
  t.same(
    readTeardown(run, '../../evil').map((p) => p.entries),
    [[route]],
  );
});

/** Puts `make(file)` where the record of vz-101 lives; reading it must warn once, move it aside and give no record. */
async function refused(t: Test, make: (file: string, run: string) => void, why: RegExp): Promise<void> {
  const run = runDir(t);
  recordTeardown(run, 'vz-101', 'CT 101', 'veth101.0', [route]);
  const file = path.join(run, 'ct', 'vz-101.json');
  fs.rmSync(file);
  make(file, run);
  const warnings: string[] = [];
  t.same(readTeardown(run, 'vz-101', { warn: (l) => warnings.push(l) }), [], 'read as no record');
  t.equal(warnings.length, 1, 'one warning');
  t.match(warnings[0], why);
  t.notOk(fs.existsSync(file), 'moved out of the way');
  t.ok(fs.lstatSync(`${file}.bad`), 'kept aside for the admin');
}

t.test(
  'hostile records are refused (owner and mode faked only as root: test/reliability/hostile-state.ts)',
  async (t) => {
    const other = JSON.stringify({
      version: 2,
      subject: 'CT 102',
      parts: { eth0: [{ kind: 'ovs-port', port: 'veth102.0', owner: 'vz:102' }] },
    });
    t.test('a symlink, even to a good record', (t) =>
      refused(
        t,
        (file, run) => {
          const target = path.join(run, 'elsewhere.json');
          fs.writeFileSync(target, JSON.stringify({ version: 2, subject: 'CT 101', parts: { eth0: [route] } }), {
            mode: 0o644,
          });
          fs.symlinkSync(target, file);
        },
        /is not usable/,
      ),
    );
    t.test('a directory', (t) => refused(t, (file) => fs.mkdirSync(file), /is not usable/));
    t.test('writable by others', (t) =>
      refused(
        t,
        (file) => {
          fs.writeFileSync(file, JSON.stringify({ version: 2, subject: 'CT 101', parts: { eth0: [route] } }));
          fs.chmodSync(file, 0o666);
        },
        /is not usable \(.*writable/,
      ),
    );
    t.test('larger than the limit', (t) =>
      refused(t, (file) => fs.writeFileSync(file, ' '.repeat(STATE_MAX_BYTES + 1), { mode: 0o644 }), /is not usable/),
    );
    t.test("another container's port", (t) =>
      refused(t, (file) => fs.writeFileSync(file, other, { mode: 0o644 }), /is not usable \(.*vz:102/),
    );
    t.test('an unknown version', (t) =>
      refused(
        t,
        (file) => fs.writeFileSync(file, JSON.stringify({ version: 3, subject: 'CT 101', parts: {} }), { mode: 0o644 }),
        /is not usable \(.*version/,
      ),
    );
    t.test('an extra key', (t) =>
      refused(
        t,
        (file) =>
          fs.writeFileSync(file, JSON.stringify({ version: 2, subject: 'CT 101', parts: {}, run: 'sh' }), {
            mode: 0o644,
          }),
        /is not usable/,
      ),
    );
    t.test('a route with a shell word for an address', (t) =>
      refused(
        t,
        (file) =>
          fs.writeFileSync(
            file,
            JSON.stringify({
              version: 2,
              subject: 'CT 101',
              parts: { eth0: [{ kind: 'route', address: '$(reboot)', dev: 'br0' }] },
            }),
            { mode: 0o644 },
          ),
        /is not usable/,
      ),
    );
    t.end();
  },
);
