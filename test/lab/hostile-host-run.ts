/**
 * Run one case of hostile-host-corpus.ts against a BUILT executable in a throwaway netns
 * (Linux bridge br0, userspace Open vSwitch with sw0 and sw1, a fresh host veth per case),
 * under strace (execve, openat, write), and check: exit code, one clean error line (no stack
 * trace, no internal error, no forged line), no program run on a refused input, no file
 * opened for writing outside the case's directory (run dir included), no attacker text in a
 * command or batch line, no pwned file, and nothing half-applied (links, routes, proxy
 * entries, per-netns sysctls and OVS ports as before). A successful LXC up is then taken down.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Test } from 'tap';
import { run } from '../../lib/doors/exec.js';
import { FakeOvsdb, type FakeRequest } from './fake-ovsdb.js';
import { hostCases, type CaseFile, type HostCase } from './hostile-host-corpus.js';
import { LxcLab } from './lxc-lab.js';
import { uniqueTag } from './netns.js';
import { REPO, VZ_PATH } from './vz-lab.js';

/** The build under test; CTNET_HOSTILE_DIST=<a copy of an older dist> shows what that build did. */
const DIST = process.env['CTNET_HOSTILE_DIST'] ?? path.join(REPO, 'dist');
const EXE = {
  lxc: path.join(DIST, 'hooks/ctnet-lxc'),
  vznet: path.join(DIST, 'hooks/ctnet-vznet'),
  vznetcfg: path.join(DIST, 'hooks/ctnet-vznetcfg'),
  ctnet: path.join(DIST, 'bin/ctnet'),
} as const;
const PROGRAM_NAME = { lxc: 'ctnet-lxc', vznet: 'ctnet-vznet', vznetcfg: 'ctnet-vznetcfg', ctnet: 'ctnet' } as const;

interface CaseRun {
  dir: string;
  dev: string;
  marker: string;
  pwned: string;
  fill: (s: string) => string;
}

export async function runHostCase(t: Test, lab: LxcLab, c: HostCase, i: number, tag: string): Promise<void> {
  const dev = `h${tag}${i.toString(36)}`;
  const dir = path.join(lab.dir, `c${i}`);
  const marker = `PWN${tag}y${i}`;
  const pwned = `/tmp/pwned-${tag}-${i}`;
  const fill = (s: string) =>
    s.replace(/@DEV/g, dev).replace(/@DIR/g, dir).replace(/@M/g, marker).replace(/@P/g, pwned);
  const cr: CaseRun = { dir, dev, marker, pwned, fill };
  fs.mkdirSync(path.join(dir, 'run'), { recursive: true });
  for (const [name, f] of Object.entries(c.files ?? {})) placeFile(path.join(dir, fill(name)), f, fill);
  await lab.ip(['link', 'add', dev, 'type', 'veth', 'peer', 'name', `${dev}p`]);
  let fake: FakeOvsdb | undefined;
  try {
    for (const cmd of c.ovsSetup ?? []) await lab.ovs!.vsctl(cmd.map(fill));
    const ovsEnv = c.ovs === 'real' ? lab.ovs!.env : { OVS_RUNDIR: path.join(dir, 'ovs') };
    if (c.ovs && c.ovs !== 'real') fake = await fakeOvsdb(path.join(dir, 'ovs'), c.ovs.answers);
    const before = await snapshot(lab, c.ovs === 'real');
    const trace = path.join(dir, 'strace.txt');
    const exe = EXE[c.hook];
    const lead = c.hook === 'ctnet' || c.defaultRunDir ? [] : ['--run-dir', path.join(dir, 'run')];
    // The default run dir, as a runtime leaves it: /run/ctnet bound to the case's run dir in a
    // private mount namespace (the host's /run/ctnet is never written).
    const wrap = c.defaultRunDir
      ? [
          'unshare',
          '-m',
          'sh',
          '-c',
          `mount --make-rprivate / && mkdir -p /run/ctnet && mount --bind ${path.join(dir, 'run')} /run/ctnet && exec "$@"`,
          'sh',
        ]
      : [];
    // The compile cache (Node 22+) would be a write outside the case dir: off, as in hostile-state.
    const env = {
      PATH: VZ_PATH,
      HOME: '/',
      CTNET_CODE_CACHE: '0',
      ...ovsEnv,
      ...Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, fill(v)])),
    };
    const started = Date.now();
    // timeout(1) kills the whole process group (strace and the hook): a hook blocked on a FIFO
    // or reading /dev/zero (what an older build did) must end the case, not the suite.
    const r = await run(
      'timeout',
      [
        '-s',
        'KILL',
        '15',
        'ip',
        'netns',
        'exec',
        lab.ns,
        ...wrap,
        'env',
        '-i',
        ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
        'strace',
        '-f',
        '-qq',
        '-e',
        'trace=execve,openat,write,writev',
        '-s',
        '4096',
        '-o',
        trace,
        '--',
        exe,
        ...lead,
        ...c.argv.map(fill),
      ],
      { timeoutMs: 30_000, allowFailure: true },
    ).catch((e: unknown) => ({
      exitCode: -1,
      stdout: '',
      stderr: `killed: ${e instanceof Error ? e.message : String(e)}`,
    }));
    const seconds = (Date.now() - started) / 1000;
    checkResult(t, c, r, cr, seconds);
    checkTrace(t, fs.existsSync(trace) ? fs.readFileSync(trace, 'utf8') : '', cr, exe, r.exitCode === 0, {
      boundRunDir: c.defaultRunDir ? '/run/ctnet/' : undefined,
      rendersMarker: c.output !== undefined,
    });
    if (r.exitCode !== 0)
      t.same(
        await snapshot(lab, c.ovs === 'real'),
        before,
        'nothing applied (links, routes, proxy entries, sysctls, OVS ports)',
      );
    for (const [args, want] of c.ovsAfter ?? [])
      t.equal(
        (await lab.ovs!.vsctl(args.map(fill), true)).stdout.trim(),
        want,
        `ovs-vsctl ${args.map(fill).join(' ')}`,
      );
    if (c.absent)
      t.notOk(fs.existsSync(path.join(dir, c.absent)), `${c.absent} was not created (the run dir did not move)`);
    t.notOk(fs.existsSync(pwned), 'no pwned file');
    if (r.exitCode === 0 && c.hook === 'lxc' && c.argv.includes('up')) {
      const down = await run(
        'ip',
        [
          'netns',
          'exec',
          lab.ns,
          'env',
          '-i',
          ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
          exe,
          ...lead,
          ...c.argv.map((a) => (a === 'up' ? 'down' : fill(a))),
        ],
        { timeoutMs: 60_000, allowFailure: true },
      );
      t.equal(down.exitCode, 0, `the down after it exits 0: ${down.stderr.trim()}`);
      if (c.ovs === 'real' && c.argv.includes('--bridge'))
        t.equal(
          (await lab.ovs!.vsctl(['--if-exists', 'get', 'port', dev, 'name'], true)).stdout.trim(),
          '',
          'the down removed its port',
        );
    }
  } finally {
    await fake?.close();
    if (c.ovs === 'real')
      await lab.ovs!.vsctl(['--if-exists', 'del-port', dev, '--', '--if-exists', 'del-port', `bd${dev}`], true);
    await lab.ip(['link', 'del', dev]).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function checkResult(
  t: Test,
  c: HostCase,
  r: { exitCode: number; stdout: string; stderr: string },
  cr: CaseRun,
  seconds: number,
): void {
  const name = PROGRAM_NAME[c.hook];
  const errLines = r.stderr.split('\n').filter((l) => l.startsWith('ctnet: error:'));
  if (c.expect === 'ok') t.equal(r.exitCode, 0, `succeeds: ${r.stderr.trim()}`);
  if (c.expect === 'error') t.equal(r.exitCode, 1, `fails with exit 1: ${r.stderr.trim()}`);
  t.ok(r.exitCode === 0 || r.exitCode === 1, `exit 0 or 1 (got ${r.exitCode})`);
  t.ok(seconds < 10, `done in ${seconds.toFixed(1)} s (under strace): nothing blocks or reads without bound`);
  if (r.exitCode !== 0) {
    t.equal(errLines.length, 1, `one error line: ${errLines[0] ?? r.stderr.trim()}`);
    t.notMatch(r.stderr, /internal error/, 'not an internal error');
  }
  t.notMatch(r.stderr, /\n\s+at \S+ \(/, 'no stack trace');
  const stray = r.stderr
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith(`${name}: `) && !l.startsWith('ctnet: error: '));
  t.same(stray, [], 'every stderr line is a progress line or the one error line (no value breaks a line)');
  if (c.output) {
    const text = c.output.stdout ? r.stdout : fs.readFileSync(path.join(cr.dir, c.output.file!), 'utf8');
    t.ok(text.length > 0, 'the rendered output is there');
    t.same(
      text.split('\n').filter((l) => c.output!.lineMustNotMatch.test(l)),
      [],
      'no injected line in the rendered output',
    );
  }
}

/** `rendersMarker`: the case renders a config that shows the marker escaped in a comment; only commands are checked for it. */
function checkTrace(
  t: Test,
  text: string,
  cr: CaseRun,
  exe: string,
  succeeded: boolean,
  o: { boundRunDir: string | undefined; rendersMarker: boolean },
): void {
  const { boundRunDir } = o;
  const lines = text.split('\n');
  const started = (l: string) =>
    l.includes(`execve("${exe}"`) ||
    l.includes(`"node", "${exe}"`) ||
    /execve\("[^"]*\/(env|node)", \["(\/usr\/bin\/env|node)"/.test(l);
  const programs = lines
    .filter((l) => /^\d+ +execve\(/.test(l) && !started(l) && !/= -1 ENOENT/.test(l))
    .map((l) => /execve\("([^"]+)"/.exec(l)?.[1] ?? l);
  if (!succeeded) t.same(programs, [], 'a refused input runs no program');
  else
    t.same(
      programs.filter((p) => !/\/(ip|bridge|nft|ovs-ofctl)$/.test(p)),
      [],
      'only ip, bridge, nft (the port filter) and ovs-ofctl (its OpenFlow flows on userspace-datapath OVS) are run',
    );
  const writesOutside = lines
    .filter((l) => /^\d+ +openat\(/.test(l) && /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC/.test(l))
    .map((l) => /openat\([^,]+, "([^"]*)"/.exec(l)?.[1] ?? l)
    .filter(
      (p) =>
        !p.startsWith(`${cr.dir}/`) &&
        !(boundRunDir && p.startsWith(boundRunDir)) &&
        p !== '/dev/null' &&
        !(succeeded && p.startsWith('/proc/sys/net/')),
    );
  t.same(
    writesOutside,
    [],
    succeeded
      ? "nothing written outside the case dir and the veth's sysctls"
      : 'nothing written outside the case dir (run dir)',
  );
  const carried = lines
    .filter(
      (l) =>
        (o.rendersMarker ? /^\d+ +execve/ : /^\d+ +(execve|writev?\((?![12],))/).test(l) &&
        l.includes(cr.marker) &&
        !started(l),
    )
    .filter((l) => !/^\d+ +write\(\d+, "<\d+>ctnet[-a-z]*[ :]/.test(l)); // syslog lines: data, escaped
  t.same(carried, [], 'no command or batch line carries the attacker text');
}

function placeFile(file: string, f: CaseFile, fill: (s: string) => string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (typeof f === 'string') fs.writeFileSync(file, fill(f));
  else if ('fifo' in f) spawnSync('mkfifo', [file]);
  else if ('dir' in f) fs.mkdirSync(file, { recursive: true });
  else if ('sparse' in f) {
    fs.closeSync(fs.openSync(file, 'w'));
    fs.truncateSync(file, f.sparse);
  } else fs.symlinkSync(f.link, file);
}

/** The stand-in answers the i-th transaction with answers[i] (then empty results); monitors with cur_cfg 0. */
async function fakeOvsdb(dir: string, answers: unknown[]): Promise<FakeOvsdb> {
  fs.mkdirSync(dir, { recursive: true });
  let n = 0;
  return FakeOvsdb.start(dir, {
    answer: (req: FakeRequest) => {
      if (req.method === 'monitor') return { Open_vSwitch: { x: { new: { cur_cfg: 0 } } } };
      const a = answers[n++];
      return a !== undefined ? a : req.params.slice(1).map(() => ({ rows: [] }));
    },
  });
}

/** Links (name, master, mtu, flags), routes of every table, proxy entries, per-netns sysctls, OVS ports. */
async function snapshot(lab: LxcLab, ovs: boolean): Promise<string> {
  const sysctls = [
    'ipv4/conf/all/proxy_arp',
    'ipv4/conf/default/proxy_arp',
    'ipv4/conf/all/forwarding',
    'ipv6/conf/all/proxy_ndp',
    'ipv6/conf/default/proxy_ndp',
    'ipv6/conf/all/forwarding',
  ]
    .map((k) => `/proc/sys/net/${k}`)
    .join(' ');
  const vsctl = ovs
    ? `; echo; ovs-vsctl --db=unix:${lab.ovs!.env.OVS_RUNDIR}/db.sock --timeout=10 --format=json --columns=name,tag,trunks,external_ids,interfaces list port | sort`
    : '';
  // Routes the kernel adds and removes by itself (link-local, multicast, local) change with
  // the lab's own links between cases: not the hook's doing.
  const script = `ip -j link show | tr ',' '\\n' | grep -E '"(ifname|master|mtu|flags)"'; ip route show table all | grep -v -e 'proto kernel' -e '^multicast '; ip neigh show proxy; cat ${sysctls}${vsctl}`;
  const r = await run('ip', ['netns', 'exec', lab.ns, 'sh', '-c', script], { timeoutMs: 20_000, allowFailure: true });
  return r.stdout;
}

/** Run every second case of the corpus (part 0 or 1), so two test files share the work. */
export async function runHostHalf(t: Test, part: 0 | 1): Promise<void> {
  const lab = await LxcLab.create({ ovs: true });
  t.teardown(() => lab.cleanup());
  await lab.ovs!.addBridge('sw0');
  await lab.ovs!.addBridge('sw1');
  await lab.ip(['link', 'add', 'br0', 'type', 'bridge']);
  await lab.ip(['link', 'set', 'br0', 'up']);
  const tag = uniqueTag();
  const cases = hostCases();
  t.ok(cases.length >= 100, `${cases.length} cases in the corpus`);
  t.equal(new Set(cases.map((c) => c.name)).size, cases.length, 'every case is distinct');
  for (const [i, c] of cases.entries()) {
    if (i % 2 !== part) continue;
    await t.test(c.name, (t) => runHostCase(t, lab, c, i, tag));
  }
}
