/**
 * The frame every executable shares: common options, --help/--version, dry-run from the
 * environment (vzctl and LXC pass no flags), one-line errors (stack only with --verbose),
 * an exit code. Hook files only turn argv + env into an event and call lib/.
 */
import { defaultApplyContext } from '../apply/context.js';
import { formatError } from '../errors.js';
import { onCommand, useSynchronousSpawn } from '../doors/exec.js';
import { hookArgSpec, parseHookArgs, stringOption, type HookArgs } from './hook-args.js';
import { chooseSyslogSink, ctIdFromEnv, syslogLines } from '../doors/log/syslog-lines.js';
import { pathExists, writeToFd } from '../doors/fs.js';
import { DEFAULT_VZ_DIR } from '../runtimes/openvz/load-vz-config.js';
import { SYS_NET } from '../observe/link-state.js';
import { checkRunDir, DEFAULT_RUN_DIR } from '../state/run-dir.js';
import type { HookEnv } from './hook-env.js';
import { VERSION } from '../version.js';

export interface HookSpec {
  name: string;
  usage: string;
  /** Extra string/boolean options this executable accepts. */
  strings?: string[];
  booleans?: string[];
  handler: (args: HookArgs, hookEnv: HookEnv, processEnv: NodeJS.ProcessEnv) => Promise<void>;
}

export interface HookIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/**
 * Straight to fds 1 and 2 (lib/doors/fs.ts writeToFd): cheaper than setting up Node's stdio streams
 * (docs/bench.md).
 */
const defaultIo: HookIo = {
  stdout: (s) => writeToFd(1, s),
  stderr: (s) => writeToFd(2, s),
};

export async function runHook(
  spec: HookSpec,
  argv: string[],
  processEnv: NodeJS.ProcessEnv,
  io: HookIo = defaultIo,
): Promise<number> {
  // Unknown options are refused: a hostile argument like "-batch" or "--helpX" must not be
  // taken for -h (help) or silently dropped (runtimes never pass options of their own).
  let args: HookArgs;
  let dirs: { vzDir: string; runDir: string; vzctl: string | undefined; etcDir: string };
  try {
    args = parseHookArgs(argv, hookArgSpec(spec));
    dirs = {
      vzDir: stringOption(args, 'vz-dir') ?? DEFAULT_VZ_DIR,
      runDir: stringOption(args, 'run-dir') ?? DEFAULT_RUN_DIR,
      vzctl: stringOption(args, 'vzctl'),
      etcDir: stringOption(args, 'etc-dir') ?? '/etc',
    };
  } catch (e) {
    io.stderr(`${formatError(e, false)}\n`);
    return 1;
  }
  if (args.help) {
    io.stdout(spec.usage.endsWith('\n') ? spec.usage : `${spec.usage}\n`);
    return 0;
  }
  if (args.version) {
    io.stdout(`${spec.name} ${VERSION}\n`);
    return 0;
  }
  const verbose = Boolean(args.verbose) || processEnv['CTNET_VERBOSE'] === '1';
  const quiet = Boolean(args.quiet);
  const dryRun = Boolean(args['dry-run']) || processEnv['CTNET_DRY_RUN'] === '1';
  const stderr = cappedWriter(io.stderr);
  const ct = ctIdFromEnv(processEnv);
  const syslog = syslogLines({
    prefix: ct ? `${spec.name} ct=${ct}` : spec.name,
    enabled: !dryRun && processEnv['CTNET_SYSLOG'] !== '0',
    pid: process.pid,
    onFailure: (e) => {
      if (verbose) stderr(`${spec.name}: syslog: ${e.message}\n`);
    },
    sink: () =>
      chooseSyslogSink({ exists: pathExists, explicitSocket: processEnv['CTNET_SYSLOG_SOCKET'] || undefined }),
  });
  syslog.open();
  const log = (line: string): void => {
    syslog.info(line);
    if (!quiet) stderr(`${spec.name}: ${line}\n`);
  };
  if (verbose) onCommand((cmd) => stderr(`${spec.name}: + ${cmd.join(' ')}\n`));
  const ctx = defaultApplyContext(log, processEnv);
  // A vzctl stand-in (the demo lab); vzctl itself is at the default path.
  if (dirs.vzctl !== undefined) ctx.vzctl = dirs.vzctl;
  const hookEnv: HookEnv = {
    vzDir: dirs.vzDir,
    runDir: dirs.runDir,
    etcDir: dirs.etcDir,
    sysNet: SYS_NET,
    dryRun,
    ctx,
    out: io.stdout,
  };
  hookEnv.ctx.runDir = hookEnv.runDir;
  try {
    // Before anything is read from it: a run dir someone else could steer fails the hook.
    checkRunDir(hookEnv.runDir);
    await spec.handler(args, hookEnv, processEnv);
    syslog.info('result: ok');
    return 0;
  } catch (e) {
    syslog.error(`result: ${formatError(e, false)}`);
    stderr(`${formatError(e, verbose)}\n`);
    return 1;
  } finally {
    syslog.flush();
  }
}

/**
 * LXC reads only about 40 KB of a hook's output before it waits for the hook: past
 * STDERR_CAP bytes the rest is dropped with one closing note (syslog still gets every line).
 */
export const STDERR_CAP = 32 * 1024;

function cappedWriter(write: (s: string) => void): (s: string) => void {
  let used = 0;
  return (s) => {
    if (used >= STDERR_CAP) return;
    used += Buffer.byteLength(s);
    write(used < STDERR_CAP ? s : `${s.slice(0, 200)}\n... (output truncated; see syslog tag "ctnet")\n`);
  };
}

/**
 * A hook executable's run: its steps go one after another, so spawnSync is cheaper per child
 * than spawn (lib/doors/exec.ts); the environment is the process's own.
 */
export function runHookProcess(spec: HookSpec, argv: string[]): Promise<number> {
  useSynchronousSpawn();
  return runHook(spec, argv, process.env);
}
