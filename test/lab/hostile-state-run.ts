/**
 * Run one hostile-state case (test/lab/hostile-state-corpus.ts) against a BUILT hook, as root,
 * in a fresh network namespace (unshare -n: every `ip`/`nft` it runs acts on an empty netns of
 * its own), under strace (execve, every call that creates, writes, renames, removes or chmods a
 * path, and every write to a pipe), and check:
 * - exit 0 (a documented safe fallback: one warning, the bad file kept as *.bad) or exit 1 with
 *   one error line; never a stack trace, every stderr line the hook's own;
 * - nothing executed but the hook and the tools it may run (ip, nft), and no command or batch
 *   line carrying the attacker's marker; ip's stdin holds only lines ctnet builds;
 * - nothing created, written, renamed or removed outside the run dir;
 * - the root-only victim file keeps its bytes and mode; no pwned file;
 * - a refused run dir: nothing run, the run dir left exactly as it was.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Test } from 'tap';
import { REPO, VZ_PATH } from './vz-lab.js';
import { sh } from './netns.js';
import type { StateCase, StateDirs } from './hostile-state-corpus.js';

/** The build under test: this repo's, or another one's (CTNET_TEST_BUILD, to show a case fails on older code). */
export const BUILD = process.env['CTNET_TEST_BUILD'] ?? REPO;
export const HOOK_UMOUNT_BUILT = path.join(BUILD, 'dist/hooks/ctnet-umount');

/** What a hook may execute in these cases (basenames, including the PATH search for node). */
const ALLOWED_EXEC = new Set(['env', 'node', 'ctnet-umount', 'ctnet-vznet', 'ctnet-lxc', 'ctnet', 'ip', 'nft']);
/** Lines ctnet itself builds for `ip -batch` in a down. */
const SAFE_BATCH =
  /^(route del [0-9a-f.:]+\/(32|128) dev [A-Za-z0-9_.@-]{1,15} proto 213( metric \d+)?|neigh del proxy [0-9a-f.:]+ dev [A-Za-z0-9_.@-]{1,15}|add table netdev ctnet-guard|(add|flush|delete) chain netdev ctnet-guard p-[A-Za-z0-9_][A-Za-z0-9_.-]{0,14})$/;
const TRACED =
  'execve,openat,creat,rename,renameat,renameat2,unlink,unlinkat,mkdir,mkdirat,chmod,fchmodat,symlink,symlinkat,link,linkat,truncate,write,writev';

export function makeDirs(root: string, tag: string, n: number, netns: string): StateDirs {
  const base = path.join(root, `c${n}`);
  const runDir = path.join(base, 'p', 'run');
  fs.mkdirSync(path.join(runDir, 'ct'), { recursive: true, mode: 0o755 });
  for (const d of [base, path.join(base, 'p'), runDir, path.join(runDir, 'ct')]) fs.chmodSync(d, 0o755);
  const vzDir = path.join(base, 'vz');
  fs.mkdirSync(path.join(vzDir, 'conf'), { recursive: true });
  fs.writeFileSync(path.join(vzDir, 'vz.conf'), 'VIRTUOZZO=yes\n');
  const victim = path.join(base, 'victim');
  fs.writeFileSync(victim, 'secret\n', { mode: 0o600 });
  return { base, runDir, vzDir, victim, pwned: `/tmp/pwned-${tag}-${n}`, marker: `PWN${tag}x${n}`, netns };
}

interface Entry {
  path: string;
  mode: number;
  uid: number;
  size: number;
  link?: string;
}

function tree(dir: string): Entry[] {
  const out: Entry[] = [];
  const walk = (p: string): void => {
    const st = fs.lstatSync(p, { throwIfNoEntry: false });
    if (!st) return;
    out.push({
      path: p,
      mode: st.mode,
      uid: st.uid,
      size: st.isFile() ? st.size : 0,
      ...(st.isSymbolicLink() ? { link: fs.readlinkSync(p) } : {}),
    });
    if (st.isDirectory()) for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e));
  };
  walk(dir);
  return out;
}

/** The strace string literals of a line, unescaped enough to compare paths and batch text. */
function literals(line: string): string[] {
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) =>
    m[1]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\'),
  );
}

const WRITE_OPEN = /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC/;
const PATH_CALLS =
  /^\d+ +(creat|rename|renameat2?|unlink|unlinkat|mkdir|mkdirat|chmod|fchmodat|symlink|symlinkat|link|linkat|truncate)\(/;

export interface CaseRun {
  /** argv of the command (default: ctnet-umount for CT 101 on the case's dirs). */
  command?: (d: StateDirs) => string[];
  /** Shell run inside the new netns before strace starts (e.g. create a veth). */
  pre?: string;
  /** Paths besides the run dir the command may write (e.g. /proc/sys/net/.../conf/<veth>/). */
  mayWrite?: RegExp;
  /** More programs it may run (e.g. a vzctl stand-in). */
  mayExec?: string[];
  /** An up: its batch lines are not a down's (the marker check still applies). */
  up?: boolean;
  /** More environment (e.g. LXC_CONFIG_FILE). */
  env?: (d: StateDirs) => string[];
}

export async function runStateCase(t: Test, c: StateCase, d: StateDirs, opts: CaseRun = {}): Promise<void> {
  fs.writeFileSync(
    path.join(d.vzDir, 'conf', '101.conf'),
    c.conf ?? 'NETIF="ifname=eth0,host_ifname=veth101.0,bridge=br0"\nVETH_IP_ADDRESS="10.0.0.31/24"\n',
  );
  c.setup(d);
  const before = tree(d.base);
  const victimBefore = fs.readFileSync(d.victim);
  const trace = path.join(path.dirname(d.base), `strace-${path.basename(d.base)}.txt`);
  const command = opts.command?.(d) ?? [HOOK_UMOUNT_BUILT, '--vz-dir', d.vzDir, '--run-dir', d.runDir];
  const env = [
    'HOME=/',
    'TERM=linux',
    `PATH=${VZ_PATH}`,
    'VEID=101',
    `VE_CONFFILE=${d.vzDir}/conf/101.conf`,
    'CTNET_SYSLOG=0',
    'CTNET_CODE_CACHE=0',
    `OVS_RUNDIR=${d.base}/no-ovs`,
    ...(c.dryRun ? ['CTNET_DRY_RUN=1'] : []),
    ...(opts.env?.(d) ?? []),
  ];
  // A mount namespace too, with its own sysfs: /sys/class/net shows the new netns's devices.
  const script = `set -e; mount --make-rprivate /; mount -t sysfs sysfs /sys; ${c.umask !== undefined ? `umask ${c.umask.toString(8).padStart(3, '0')}; ` : ''}${opts.pre ? `${opts.pre}; ` : ''}exec strace -f -qq -e trace=${TRACED} -s 65536 -o "$0" -- env -i "$@"`;
  const started = Date.now();
  // A PID namespace of its own, killed whole when `timeout` ends unshare: a hook blocked on a
  // FIFO (older builds) cannot outlive its case.
  const r = await sh(
    'timeout',
    ['15', 'unshare', '-n', '-m', '-p', '-f', '--kill-child', 'sh', '-c', script, trace, ...env, ...command],
    { allowFailure: true, timeoutMs: 20_000 },
  );
  const took = Date.now() - started;
  const lines = fs
    .readFileSync(trace, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  const stderr = r.stderr.split('\n').filter((l) => l !== '');

  t.ok(took < 10_000, `done in ${took} ms (nothing blocks)`);
  t.notMatch(r.stderr, /\n\s+at \S+ \(|internal error/, 'no stack trace, no internal error');
  t.same(
    stderr.filter((l) => !/^(ctnet-umount|ctnet-vznet|ctnet-lxc|ctnet): /.test(l)),
    [],
    "every stderr line is the hook's own (no value breaks a line)",
  );
  const errors = stderr.filter((l) => l.startsWith('ctnet: error: '));
  if (c.expect === 'ok') {
    t.equal(r.exitCode, 0, `exit 0: ${r.stderr.trim()}`);
    t.same(errors, [], 'no error line');
  } else {
    t.equal(r.exitCode, 1, `exit 1: ${r.stderr.trim()}`);
    t.equal(errors.length, 1, `one error line: ${errors.join(' | ') || r.stderr.trim()}`);
    if (c.error) t.match(errors[0] ?? '', c.error, 'the error says why');
  }
  const warnings = stderr.filter((l) => /warning: (record|NAT state) /.test(l));
  if (c.warning) {
    t.equal(warnings.length, 1, `one warning: ${warnings.join(' | ')}`);
    t.match(warnings[0] ?? '', c.warning, 'the warning names the file');
  } else t.same(warnings, [], 'no warning about state');

  const execs = lines.filter((l) => /^\d+ +execve\(/.test(l)).map((l) => path.basename(literals(l)[0] ?? '?'));
  t.same(
    execs.filter((e) => !ALLOWED_EXEC.has(e) && !(opts.mayExec ?? []).includes(e)),
    [],
    `executed only the hook and ip/nft (${[...new Set(execs)].join(' ')})`,
  );
  if (c.expect === 'error' || c.dryRun)
    t.same(
      execs.filter((e) => e === 'ip' || e === 'nft'),
      [],
      'ran no ip or nft',
    );
  const carried = lines.filter(
    (l) => l.includes(d.marker) && (/^\d+ +execve\(/.test(l) || /^\d+ +writev?\((?![12],)/.test(l)),
  );
  t.same(carried, [], 'no command or pipe carries the attacker text');
  const batch = lines
    .filter((l) => /^\d+ +write\((?![12],)\d+, "[a-z]/.test(l) && !/\\[0-7]/.test(l))
    .flatMap((l) => literals(l)[0]!.split('\n'))
    .filter(
      (x) =>
        x !== '' &&
        !x.startsWith('table inet ctnet') &&
        !x.startsWith('delete table inet ctnet') &&
        !/^ {2,}|^}/.test(x),
    );
  t.same(
    batch.filter((x) => !SAFE_BATCH.test(x) && !opts.up),
    [],
    'ip batch lines are only the ones ctnet builds',
  );

  // Paths of *at() calls relative to a directory descriptor (Node 24's recursive rmSync walks
  // with openat/unlinkat) are resolved through the openat that returned that descriptor.
  const fdPath = new Map<string, string>();
  const resolvePath = (p: string, l: string): string => {
    const at = /^\d+ +\w+\((\d+), "/.exec(l);
    return at && !p.startsWith('/') && fdPath.has(at[1]!) ? path.join(fdPath.get(at[1]!)!, p) : p;
  };
  const touched = lines.flatMap((l) => {
    const opened = /^\d+ +openat\((?:AT_FDCWD|\d+), "(?:[^"\\]|\\.)*".* = (\d+)$/.exec(l);
    if (opened) fdPath.set(opened[1]!, resolvePath(literals(l)[0]!, l));
    if (/^\d+ +openat\(/.test(l) && WRITE_OPEN.test(l)) return [resolvePath(literals(l)[0]!, l)];
    // symlink(TARGET, LINK): the target is the link's content (data, e.g. an address claim), not a path touched.
    if (/^\d+ +symlink(at)?\(/.test(l))
      return literals(l)
        .slice(1)
        .map((p) => resolvePath(p, l));
    if (PATH_CALLS.test(l)) return literals(l).map((p) => resolvePath(p, l));
    return [];
  });
  const outside = touched.filter(
    (p) => !(p === d.runDir || p.startsWith(`${d.runDir}/`) || p === '/dev/null' || (opts.mayWrite?.test(p) ?? false)),
  );
  t.same(outside, [], 'nothing created, written, moved or removed outside the run dir');
  t.same(fs.readFileSync(d.victim), victimBefore, 'the victim file keeps its bytes');
  t.equal(fs.statSync(d.victim).mode & 0o7777, 0o600, 'the victim file keeps its mode');
  t.notOk(fs.existsSync(d.pwned), 'no pwned file');
  if (c.expect === 'error') t.same(tree(d.base), before, 'the run dir is left exactly as it was');
  for (const k of c.kept ?? [])
    t.ok(fs.lstatSync(path.join(d.runDir, k), { throwIfNoEntry: false }), `${k} is kept for the admin`);
  const extra = c.after?.(d);
  t.equal(extra, undefined, extra ?? 'state afterwards as expected');
}
