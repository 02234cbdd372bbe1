/**
 * Hostile state for the hooks that read ctnet's run dir: planted, truncated, oversized,
 * symlinked and foreign-owned teardown records and NAT state files, and run dirs someone
 * else can steer (modes, owners, symlinked components, umask 000). Each case prepares a
 * fresh base dir (lib: test/lab/hostile-state-run.ts runs the built hook under strace).
 * Injection text carries the case's marker so the runner can prove no command carried it;
 * `pwned` is a path whose creation would prove execution, `victim` a root-only file that must
 * keep its bytes and mode.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface StateDirs {
  base: string;
  runDir: string;
  vzDir: string;
  /** A root-only file (0600, "secret\n") an attacker would like overwritten. */
  victim: string;
  /** Created only if attacker text were executed. */
  pwned: string;
  marker: string;
  /** A throwaway netns the planted `ip netns exec` lines name. */
  netns: string;
}

export interface StateCase {
  name: string;
  /** Prepare the base dir (run dir contents, modes, owners). */
  setup: (d: StateDirs) => void;
  /** CT 101's config (default: a bridged veth on br0 with 10.0.0.31). */
  conf?: string;
  dryRun?: boolean;
  umask?: number;
  /** 'ok': exit 0; 'error': exit 1 with one error line, nothing read or changed. */
  expect: 'ok' | 'error';
  /** ok: exactly one warning line matching this. */
  warning?: RegExp;
  /** error: the error line matches this. */
  error?: RegExp;
  /** Paths (relative to the run dir) that must exist afterwards (what was moved aside). */
  kept?: string[];
  /** Extra checks on the base dir afterwards. */
  after?: (d: StateDirs) => string | undefined;
}

export const NOBODY = 65534;
const VEID = '101';
export const BRIDGED_CONF = 'NETIF="ifname=eth0,host_ifname=veth101.0,bridge=br0"\nVETH_IP_ADDRESS="10.0.0.31/24"\n';
export const FORWARD_CONF = `${BRIDGED_CONF}CTNET_FORWARD="tcp:8025:80"\n`;

const recordFile = (d: StateDirs): string => path.join(d.runDir, 'ct', `vz-${VEID}.json`);
const natFile = (d: StateDirs): string => path.join(d.runDir, 'nat', 'state.json');

function put(file: string, text: string | Buffer, mode = 0o644): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
  fs.writeFileSync(file, text, { mode });
  fs.chmodSync(file, mode);
}

const record = (parts: unknown, version: unknown = 2): string => JSON.stringify({ version, subject: 'CT 101', parts });
const plantRecord =
  (text: (d: StateDirs) => string | Buffer, mode?: number) =>
  (d: StateDirs): void =>
    put(recordFile(d), text(d), mode);
const plantNat =
  (text: (d: StateDirs) => string | Buffer, mode?: number) =>
  (d: StateDirs): void =>
    put(natFile(d), text(d), mode);

/** A valid version-2 record: one route entry (what the runner expects on ip's stdin). */
export const GOOD_RECORD = record({ 'veth101.0': [{ kind: 'route', address: '10.0.0.31', dev: 'br0' }] });
const GOOD_NAT = JSON.stringify({
  version: 1,
  owners: { 'vz-101': [{ type: 'forward', proto: 'tcp', hostPort: 8025, to: '10.0.0.31', toPort: 80, family: 4 }] },
});

const BAD_RECORD = /warning: record ".*vz-101\.json" is not usable/;
const BAD_NAT = /warning: NAT state ".*state\.json" is not usable/;
const UNTRUSTED = /^ctnet: error: refusing run dir "/;

/** Records whose entries are wrong one field at a time (each must be refused as a whole). */
function badEntries(M: string, P: string, d: StateDirs): Array<[string, unknown]> {
  return [
    [
      'review: sysctl key out of /proc/sys',
      { kind: 'sysctl', what: 'x', key: `../../${path.relative('/', d.victim)}`, value: '1' },
    ],
    [
      'review: host-batch line running a shell',
      { kind: 'host-batch', what: 'x', lines: [{ cmd: `netns exec ${d.netns} /bin/sh -c "touch ${P}"` }] },
    ],
    ['ct-batch step', { kind: 'ct-batch', what: 'x', veid: '101', lines: [`${M}`] }],
    ['ovs step with raw commands', { kind: 'ovs', what: 'x', commands: [['del-br', `br${M}`]] }],
    ['nft step', { kind: 'nft', what: 'x', owner: 'vz-999', op: 'remove', entries: [] }],
    ['exec kind', { kind: 'exec', argv: ['/bin/sh', '-c', `touch ${P}`] }],
    ['no kind', { address: '10.0.0.31', dev: 'br0' }],
    ['route: address with a command', { kind: 'route', address: `10.0.0.31 dev lo\nroute flush ${M}`, dev: 'br0' }],
    ['route: address with a prefix (wider route)', { kind: 'route', address: '10.0.0.0/8', dev: 'br0' }],
    ['route: unspecified address', { kind: 'route', address: '0.0.0.0', dev: 'br0' }],
    ['route: multicast address', { kind: 'route', address: '224.0.0.1', dev: 'br0' }],
    ['route: IPv6 not as ctnet writes it', { kind: 'route', address: '2001:DB8::1', dev: 'br0' }],
    ['route: dev with a space', { kind: 'route', address: '10.0.0.31', dev: `br0 proto ${M}` }],
    ['route: dev "all"', { kind: 'route', address: '10.0.0.31', dev: 'all' }],
    ['route: dev "default"', { kind: 'route', address: '10.0.0.31', dev: 'default' }],
    ['route: dev "lo"', { kind: 'route', address: '10.0.0.31', dev: 'lo' }],
    ['route: dev like an option', { kind: 'route', address: '10.0.0.31', dev: '-batch' }],
    ['route: dev too long', { kind: 'route', address: '10.0.0.31', dev: 'abcdefghijklmnop' }],
    ['route: dev with a slash', { kind: 'route', address: '10.0.0.31', dev: '../../x' }],
    ['route: dev with a look-alike letter', { kind: 'route', address: '10.0.0.31', dev: 'v\u0435th0' }],
    ['route: negative metric', { kind: 'route', address: '10.0.0.31', dev: 'br0', metric: -1 }],
    ['route: fractional metric', { kind: 'route', address: '10.0.0.31', dev: 'br0', metric: 1.5 }],
    ['route: metric as text', { kind: 'route', address: '10.0.0.31', dev: 'br0', metric: `200 ${M}` }],
    ['route: metric too large', { kind: 'route', address: '10.0.0.31', dev: 'br0', metric: Infinity }],
    [
      "route: extra proto key (remove a route not ctnet's)",
      { kind: 'route', address: '10.0.0.31', dev: 'br0', proto: 0 },
    ],
    ['route: extra table key', { kind: 'route', address: '10.0.0.31', dev: 'br0', table: 'main' }],
    ['proxy-neigh: dev with a newline', { kind: 'proxy-neigh', address: '10.0.0.31', dev: `up0\nlink del br0 ${M}` }],
    ['proxy-neigh: multicast address', { kind: 'proxy-neigh', address: 'ff02::1', dev: 'up0' }],
    ["ovs-port: another container's owner", { kind: 'ovs-port', port: 'veth999.0', owner: 'vz:999' }],
    ['ovs-port: no owner', { kind: 'ovs-port', port: 'veth101.0' }],
    ['ovs-port: port with more commands', { kind: 'ovs-port', port: `p0 -- del-br br0 ${M}`, owner: 'vz:101' }],
    ['nat: another owner', { kind: 'nat', owner: 'vz-999', entries: [] }],
    [
      'nat: proto icmp',
      {
        kind: 'nat',
        owner: 'vz-101',
        entries: [{ type: 'forward', proto: 'icmp', hostPort: 1, to: '10.0.0.31', toPort: 1, family: 4 }],
      },
    ],
    [
      'nat: host port 0',
      {
        kind: 'nat',
        owner: 'vz-101',
        entries: [{ type: 'forward', proto: 'tcp', hostPort: 0, to: '10.0.0.31', toPort: 80, family: 4 }],
      },
    ],
    [
      'nat: target with nft text',
      {
        kind: 'nat',
        owner: 'vz-101',
        entries: [
          { type: 'forward', proto: 'tcp', hostPort: 80, to: `10.0.0.31; flush ruleset ${M}`, toPort: 80, family: 4 },
        ],
      },
    ],
    [
      'nat: masquerade of everything plus text',
      { kind: 'nat', owner: 'vz-101', entries: [{ type: 'masquerade', network: `0.0.0.0/0 accept ${M}`, family: 4 }] },
    ],
    ['nat: raw rule type', { kind: 'nat', owner: 'vz-101', entries: [{ type: 'rule', text: `flush ruleset ${M}` }] }],
  ];
}

export function stateCases(): StateCase[] {
  const cases: StateCase[] = [];
  const badRecord = (name: string, text: (d: StateDirs) => string | Buffer, extra: Partial<StateCase> = {}): void => {
    cases.push({
      name: `record: ${name}`,
      setup: plantRecord(text),
      expect: 'ok',
      warning: BAD_RECORD,
      kept: [`ct/vz-${VEID}.json.bad`],
      ...extra,
    });
  };
  // Planted entries, one bad field each (the rest of the record is fine).
  const probe: StateDirs = {
    base: '/b',
    runDir: '/b/run',
    vzDir: '/b/vz',
    victim: '/b/victim',
    pwned: '/p',
    marker: 'M',
    netns: 'n',
  };
  badEntries('M', '/p', probe).forEach(([name], i) => {
    badRecord(name, (d) =>
      record({
        'veth101.0': [{ kind: 'route', address: '10.0.0.31', dev: 'br0' }, badEntries(d.marker, d.pwned, d)[i]![1]],
      }),
    );
  });
  // The review's record as it was found: version 1 steps.
  badRecord('review: version 1 steps (sysctl out of /proc/sys, host-batch shell)', (d) =>
    record(
      {
        'veth101.0': [
          { kind: 'sysctl', what: 'x', key: `../../${path.relative('/', d.victim)}`, value: '1' },
          { kind: 'host-batch', what: 'x', lines: [{ cmd: `netns exec ${d.netns} /bin/sh -c "touch ${d.pwned}"` }] },
        ],
      },
      1,
    ),
  );
  // Shape of the file.
  badRecord('version 3', () => record({}, 3));
  badRecord('version as text', () => record({}, '2'));
  badRecord('no parts', () => JSON.stringify({ version: 2, subject: 'CT 101' }));
  badRecord('parts is a list', () => JSON.stringify({ version: 2, subject: 'CT 101', parts: [] }));
  badRecord('part named like a path', () => record({ '../x': [] }));
  badRecord('part named "all"', () => record({ all: [] }));
  badRecord('part is not a list', () => record({ 'veth101.0': { kind: 'route' } }));
  badRecord('subject with a newline', (d) =>
    JSON.stringify({ version: 2, subject: `CT 101\nctnet: error: ${d.marker}`, parts: {} }),
  );
  badRecord('extra top-level key', () => JSON.stringify({ version: 2, subject: 'CT 101', parts: {}, run: 'x' }));
  badRecord('a list, not an object', () => '[]');
  badRecord('null', () => 'null');
  badRecord('empty file', () => '');
  badRecord('truncated', () => GOOD_RECORD.slice(0, Math.floor(GOOD_RECORD.length / 2)));
  badRecord('binary garbage', () => Buffer.from([0xff, 0xfe, 0, 1, 2, 0x7b, 0x0a, 0x1b]));
  badRecord('byte order mark', () => `\ufeff${GOOD_RECORD}`);
  badRecord('deep nesting', () => '['.repeat(200_000));
  badRecord('too many entries', () =>
    record({ 'veth101.0': Array.from({ length: 8193 }, () => ({ kind: 'route', address: '10.0.0.31', dev: 'br0' })) }),
  );
  badRecord('oversized (1 MiB + 1)', () => GOOD_RECORD + ' '.repeat(1024 * 1024 + 1 - GOOD_RECORD.length));
  badRecord('mode 0666 (others can write it)', () => GOOD_RECORD, { setup: plantRecord(() => GOOD_RECORD, 0o666) });
  badRecord('mode 0620 (group can write it)', () => GOOD_RECORD, { setup: plantRecord(() => GOOD_RECORD, 0o620) });
  badRecord('owned by nobody', () => GOOD_RECORD, {
    setup: (d) => {
      plantRecord(() => GOOD_RECORD)(d);
      fs.chownSync(recordFile(d), NOBODY, NOBODY);
    },
  });
  badRecord('symlink to a valid record elsewhere', () => GOOD_RECORD, {
    setup: (d) => {
      put(path.join(d.base, 'elsewhere.json'), GOOD_RECORD);
      fs.mkdirSync(path.dirname(recordFile(d)), { recursive: true });
      fs.symlinkSync(path.join(d.base, 'elsewhere.json'), recordFile(d));
    },
  });
  badRecord('symlink to the victim', () => '', {
    setup: (d) => {
      fs.mkdirSync(path.dirname(recordFile(d)), { recursive: true });
      fs.symlinkSync(d.victim, recordFile(d));
    },
  });
  badRecord('symlink to /dev/zero', () => '', {
    setup: (d) => {
      fs.mkdirSync(path.dirname(recordFile(d)), { recursive: true });
      fs.symlinkSync('/dev/zero', recordFile(d));
    },
  });
  badRecord('a FIFO (must not block)', () => '', {
    setup: (d) => {
      fs.mkdirSync(path.dirname(recordFile(d)), { recursive: true });
      mkfifo(recordFile(d));
    },
  });
  badRecord('a directory', () => '', {
    setup: (d) => fs.mkdirSync(recordFile(d), { recursive: true }),
  });
  badRecord('a directory, with an older .bad directory in the way', () => '', {
    setup: (d) => {
      fs.mkdirSync(path.join(recordFile(d), 'x'), { recursive: true });
      fs.mkdirSync(`${recordFile(d)}.bad/y`, { recursive: true });
    },
  });
  // Dry runs: the bad record is reported and left where it is; nothing runs but the plan print.
  for (const [name, text] of [
    [
      'unknown kind',
      (d: StateDirs) =>
        record({
          'veth101.0': [
            { kind: 'host-batch', what: 'x', lines: [{ cmd: `netns exec ${d.netns} /bin/sh -c "touch ${d.pwned}"` }] },
          ],
        }),
    ],
    ['version 1 steps', (d: StateDirs) => record({ 'veth101.0': [{ kind: 'bogus', what: d.marker }] }, 1)],
    ['truncated', () => GOOD_RECORD.slice(0, 20)],
  ] as const) {
    cases.push({
      name: `dry run, record: ${name}`,
      setup: plantRecord(text),
      dryRun: true,
      expect: 'ok',
      warning: BAD_RECORD,
      kept: [`ct/vz-${VEID}.json`],
    });
  }
  cases.push({
    name: 'dry run, a valid record: printed, kept',
    setup: plantRecord(() => GOOD_RECORD),
    dryRun: true,
    expect: 'ok',
    kept: [`ct/vz-${VEID}.json`],
  });
  cases.push({
    name: 'a part named __proto__ is data, not a prototype',
    expect: 'ok',
    setup: plantRecord(
      () =>
        `{"version":2,"subject":"CT 101","parts":{"__proto__":[{"kind":"route","address":"10.0.0.32","dev":"br0"}]}}`,
    ),
  });
  cases.push({
    name: 'a valid record: removed as recorded, then forgotten',
    setup: plantRecord(() => GOOD_RECORD),
    expect: 'ok',
    after: (d) => (fs.existsSync(recordFile(d)) ? 'the record is still there' : undefined),
  });

  // NAT state (the CT has a port forward: its down changes ctnet's NAT table).
  const badNat = (name: string, setup: (d: StateDirs) => void): void => {
    cases.push({
      name: `NAT state: ${name}`,
      setup,
      conf: FORWARD_CONF,
      expect: 'ok',
      warning: BAD_NAT,
      kept: ['nat/state.json.bad'],
    });
  };
  const natWith = (entry: (d: StateDirs) => unknown, owner = 'vz-101') =>
    plantNat((d) => JSON.stringify({ version: 1, owners: { [owner]: [entry(d)] } }));
  badNat(
    'target with nft text',
    natWith((d) => ({
      type: 'forward',
      proto: 'tcp',
      hostPort: 8025,
      to: `10.0.0.31; flush ruleset ${d.marker}`,
      toPort: 80,
      family: 4,
    })),
  );
  badNat(
    'owner with a newline',
    natWith(
      () => ({ type: 'forward', proto: 'tcp', hostPort: 8025, to: '10.0.0.31', toPort: 80, family: 4 }),
      'vz-102\n}\ntable ip x {',
    ),
  );
  badNat(
    'unknown entry type',
    natWith((d) => ({ type: 'raw', text: `flush ruleset ${d.marker}` })),
  );
  badNat(
    'port out of range',
    natWith(() => ({ type: 'forward', proto: 'tcp', hostPort: 70000, to: '10.0.0.31', toPort: 80, family: 4 })),
  );
  badNat(
    'family does not match the address',
    natWith(() => ({ type: 'forward', proto: 'tcp', hostPort: 8025, to: '10.0.0.31', toPort: 80, family: 6 })),
  );
  badNat(
    'masquerade with an oif injection',
    natWith((d) => ({ type: 'masquerade', network: '10.0.3.0/24', family: 4, oif: `eth0" accept ${d.marker}` })),
  );
  badNat(
    'version 2',
    plantNat(() => JSON.stringify({ version: 2, owners: {} })),
  );
  badNat(
    'bad JSON',
    plantNat(() => '{"version":1,"owners":{'),
  );
  badNat(
    'oversized',
    plantNat(() => GOOD_NAT + ' '.repeat(1024 * 1024)),
  );
  badNat(
    'mode 0666',
    plantNat(() => GOOD_NAT, 0o666),
  );
  badNat('owned by nobody', (d) => {
    plantNat(() => GOOD_NAT)(d);
    fs.chownSync(natFile(d), NOBODY, NOBODY);
  });
  badNat('symlink to the victim', (d) => {
    fs.mkdirSync(path.dirname(natFile(d)), { recursive: true });
    fs.symlinkSync(d.victim, natFile(d));
  });
  badNat('a FIFO', (d) => {
    fs.mkdirSync(path.dirname(natFile(d)), { recursive: true });
    mkfifo(natFile(d));
  });
  cases.push({
    name: 'NAT state: pre-planted temp-file symlinks (review) do not redirect the write',
    conf: FORWARD_CONF,
    expect: 'ok',
    setup: (d) => {
      plantNat(() => GOOD_NAT)(d);
      // Older builds wrote <file>.ctnet-tmp-<pid>, following a symlink there; the hook runs in
      // a PID namespace of its own (hostile-state-run.ts), so its PID is small and predictable.
      for (let pid = 1; pid <= 64; pid++) fs.symlinkSync(d.victim, `${natFile(d)}.ctnet-tmp-${pid}`);
    },
    after: (d) => {
      const s = fs.readFileSync(natFile(d), 'utf8');
      return JSON.parse(s).owners['vz-101'] ? 'the forward of CT 101 is still in the NAT state' : undefined;
    },
  });

  // The run dir itself: refused as a whole, nothing read from it, nothing run.
  const badRunDir = (name: string, setup: (d: StateDirs) => void, conf?: string): void => {
    cases.push({
      name: `run dir: ${name}`,
      setup: (d) => {
        plantRecord((x) =>
          record(
            {
              'veth101.0': [
                {
                  kind: 'host-batch',
                  what: 'x',
                  lines: [{ cmd: `netns exec ${x.netns} /bin/sh -c "touch ${x.pwned}"` }],
                },
              ],
            },
            1,
          ),
        )(d);
        setup(d);
      },
      expect: 'error',
      error: UNTRUSTED,
      ...(conf ? { conf } : {}),
    });
  };
  badRunDir('mode 0777', (d) => fs.chmodSync(d.runDir, 0o777));
  badRunDir('mode 0775 (group)', (d) => fs.chmodSync(d.runDir, 0o775));
  badRunDir('mode 0757 (others)', (d) => fs.chmodSync(d.runDir, 0o757));
  badRunDir('sticky and world-writable itself', (d) => fs.chmodSync(d.runDir, 0o1777));
  badRunDir('owned by nobody', (d) => fs.chownSync(d.runDir, NOBODY, NOBODY));
  badRunDir('a symlink to a good directory', (d) => {
    fs.renameSync(d.runDir, `${d.runDir}.real`);
    fs.symlinkSync(`${d.runDir}.real`, d.runDir);
  });
  badRunDir('a parent is a symlink', (d) => {
    const p = path.dirname(d.runDir);
    fs.renameSync(p, `${p}.real`);
    fs.symlinkSync(`${p}.real`, p);
  });
  badRunDir('a parent is world-writable (not sticky)', (d) => fs.chmodSync(path.dirname(d.runDir), 0o777));
  badRunDir('a parent is group-writable', (d) => fs.chmodSync(path.dirname(d.runDir), 0o775));
  badRunDir('a parent is owned by nobody', (d) => fs.chownSync(path.dirname(d.runDir), NOBODY, NOBODY));
  badRunDir('under a sticky world-writable dir, made by nobody', (d) => {
    fs.chmodSync(path.dirname(path.dirname(d.runDir)), 0o1777);
    fs.chownSync(path.dirname(d.runDir), NOBODY, NOBODY);
  });
  badRunDir('ct/ is mode 0777', (d) => fs.chmodSync(path.join(d.runDir, 'ct'), 0o777));
  badRunDir('ct/ is owned by nobody', (d) => fs.chownSync(path.join(d.runDir, 'ct'), NOBODY, NOBODY));
  badRunDir('ct/ is a symlink', (d) => {
    const c = path.join(d.runDir, 'ct');
    fs.renameSync(c, path.join(d.base, 'ct-real'));
    fs.symlinkSync(path.join(d.base, 'ct-real'), c);
  });
  badRunDir('the run dir is a file', (d) => {
    fs.rmSync(d.runDir, { recursive: true });
    fs.writeFileSync(d.runDir, 'x');
  });
  badRunDir(
    'nat/ is mode 0777',
    (d) => {
      fs.mkdirSync(path.join(d.runDir, 'nat'), { mode: 0o755 });
      fs.chmodSync(path.join(d.runDir, 'nat'), 0o777);
      fs.rmSync(path.join(d.runDir, 'ct'), { recursive: true });
    },
    FORWARD_CONF,
  );
  badRunDir(
    'locks/ is mode 0777',
    (d) => {
      fs.mkdirSync(path.join(d.runDir, 'locks'), { mode: 0o755 });
      fs.chmodSync(path.join(d.runDir, 'locks'), 0o777);
      fs.rmSync(path.join(d.runDir, 'ct'), { recursive: true });
    },
    FORWARD_CONF,
  );
  badRunDir(
    'locks/ is a symlink',
    (d) => {
      fs.mkdirSync(path.join(d.base, 'locks-real'), { mode: 0o755 });
      fs.symlinkSync(path.join(d.base, 'locks-real'), path.join(d.runDir, 'locks'));
      fs.rmSync(path.join(d.runDir, 'ct'), { recursive: true });
    },
    FORWARD_CONF,
  );
  badRunDir('addr/ (address registry) is mode 0777', (d) => {
    fs.mkdirSync(path.join(d.runDir, 'addr'), { mode: 0o755 });
    fs.chmodSync(path.join(d.runDir, 'addr'), 0o777);
  });
  badRunDir('addr/ (address registry) is a symlink', (d) => {
    fs.mkdirSync(path.join(d.base, 'addr-real'), { mode: 0o755 });
    fs.symlinkSync(path.join(d.base, 'addr-real'), path.join(d.runDir, 'addr'));
  });
  cases.push({
    name: 'run dir: under a sticky world-writable dir, made by root with 0755: trusted',
    expect: 'ok',
    setup: (d) => {
      plantRecord(() => GOOD_RECORD)(d);
      fs.chmodSync(path.dirname(path.dirname(d.runDir)), 0o1777);
    },
  });
  cases.push({
    name: 'run dir: missing, made by the hook under umask 000 with mode 0755',
    conf: FORWARD_CONF,
    umask: 0,
    expect: 'ok',
    setup: (d) => fs.rmSync(d.runDir, { recursive: true }),
    after: (d) => modesProblem(d.runDir, { '.': 0o755, locks: 0o755 }),
  });
  return cases;
}

/** Which of `want` (path relative to `dir` -> mode) differ, or undefined. */
export function modesProblem(dir: string, want: Record<string, number>): string | undefined {
  const bad = Object.entries(want).flatMap(([p, mode]) => {
    const st = fs.lstatSync(path.join(dir, p), { throwIfNoEntry: false });
    const got = st ? st.mode & 0o7777 : undefined;
    return got === mode ? [] : [`${p}: ${got === undefined ? 'missing' : got.toString(8)}, want ${mode.toString(8)}`];
  });
  return bad.length ? bad.join('; ') : undefined;
}

function mkfifo(file: string): void {
  if (spawnSync('mkfifo', ['-m', '0644', file]).status !== 0) throw new Error(`mkfifo ${file} failed`);
}
