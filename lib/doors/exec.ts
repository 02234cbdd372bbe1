/**
 * The one door to other processes: node:child_process, argv arrays only (never a shell), a
 * timeout on every call, stdin fed from a string or closed. child_process is used directly: a
 * bundled execa would weigh on every hook's start-up (README, docs/bench.md).
 */
import type * as ChildProcess from 'node:child_process';
import { builtinModule } from './builtin-module.js';
import { CtnetError } from '../errors.js';

/** Loaded on the first spawn: a run that spawns nothing (a dry run) never loads it. */
const childProcess = (): typeof ChildProcess => builtinModule<typeof ChildProcess>('node:child_process');

export interface RunOptions {
  /** Text written to the child's stdin (stdin is /dev/null otherwise). */
  input?: string;
  /** Kill the child after this many milliseconds (default 10 s). */
  timeoutMs?: number;
  /** Full environment of the child (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Return a non-zero exit as a result instead of throwing. */
  allowFailure?: boolean;
}

export interface RunResult {
  command: readonly string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Observers of every spawned command (the --verbose log and the process-budget tests). */
const observers: Array<(command: readonly string[]) => void> = [];
export function onCommand(observer: (command: readonly string[]) => void): void {
  observers.push(observer);
}

/**
 * Hooks run their commands strictly one after another, and spawnSync costs less CPU per child
 * than the asynchronous spawn, whose pipes are wired into the event loop (docs/bench.md). The
 * hook entries turn this on; the CLI, the demo and the tests keep the asynchronous path, which
 * can run many children at once and kills a child's whole process group on timeout.
 */
let synchronous = false;
export function useSynchronousSpawn(on = true): void {
  synchronous = on;
}

/**
 * Run `file args...`; throws CtnetError (code E_EXEC / E_TIMEOUT / E_SPAWN) unless allowFailure.
 */
export function run(file: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const command = [file, ...args];
  for (const o of observers) o(command);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (synchronous) return runSync(file, args, command, timeoutMs, opts);
  return new Promise((resolve, reject) => {
    // detached: the child leads a process group of its own, so a timeout kills its children too.
    const child = childProcess().spawn(file, args, {
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: opts.env ?? process.env,
      shell: false,
      detached: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let done = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.stdout!.destroy();
      child.stderr!.destroy();
      const result: RunResult = {
        command,
        exitCode: exit?.code ?? (exit?.signal || timedOut ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
      };
      settle(file, timeoutMs, result, opts).then(resolve, reject);
    };
    const timer = setTimeout(() => {
      // A child that exited, but left a background process holding its pipes (a daemon that
      // left the group), is done: its result stands. Otherwise it timed out.
      timedOut = exit === undefined;
      killGroup(child.pid);
      finish();
    }, timeoutMs);
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    if (opts.input !== undefined) {
      child.stdin!.on('error', () => undefined); // EPIPE when the child exits early; its exit code tells
      child.stdin!.end(opts.input);
    }
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(spawnError(file, command, e));
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
    });
    // All output read: both pipes closed (by the child and anything that inherited them).
    child.on('close', finish);
  });
}

/** SIGKILL a child's whole process group (it was started detached); gone already is fine. */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}

function settle(file: string, timeoutMs: number, result: RunResult, opts: RunOptions): Promise<RunResult> {
  if (result.timedOut) {
    return Promise.reject(
      new CtnetError(`"${file}" did not answer within ${timeoutMs / 1000} s`, {
        code: 'E_TIMEOUT',
        command: result.command,
        exitCode: result.exitCode,
      }),
    );
  }
  if (result.exitCode !== 0 && !opts.allowFailure) return Promise.reject(execFailure(result));
  return Promise.resolve(result);
}

function spawnError(file: string, command: readonly string[], e: NodeJS.ErrnoException): CtnetError {
  return new CtnetError(`cannot run "${file}": ${e.code === 'ENOENT' ? 'not found' : e.message}`, {
    code: 'E_SPAWN',
    cause: e,
    command,
    hint: `is ${file} installed and on PATH?`,
  });
}

const MAX_BUFFER = 64 * 1024 * 1024;

function runSync(
  file: string,
  args: readonly string[],
  command: string[],
  timeoutMs: number,
  opts: RunOptions,
): Promise<RunResult> {
  const r = childProcess().spawnSync(file, args, {
    input: opts.input ?? '',
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    env: opts.env ?? process.env,
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: MAX_BUFFER,
    shell: false,
  });
  return syncResult(file, command, timeoutMs, opts, r);
}

interface SyncOutcome {
  status: number | null;
  signal: string | null;
  stdout: Buffer | null;
  stderr: Buffer | null;
  error?: NodeJS.ErrnoException | undefined;
}

function syncResult(
  file: string,
  command: string[],
  timeoutMs: number,
  opts: RunOptions,
  r: SyncOutcome,
): Promise<RunResult> {
  const err = r.error;
  // EPIPE: the child exited without reading all of stdin; its exit code tells (as in run()).
  const exitedEarly = err?.code === 'EPIPE' && (r.status !== null || r.signal !== null);
  if (err && err.code !== 'ETIMEDOUT' && !exitedEarly) return Promise.reject(spawnError(file, command, err));
  const result: RunResult = {
    command,
    exitCode: r.status ?? (r.signal ? 128 : 1),
    stdout: r.stdout?.toString('utf8') ?? '',
    stderr: r.stderr?.toString('utf8') ?? '',
    timedOut: err?.code === 'ETIMEDOUT',
  };
  return settle(file, timeoutMs, result, opts);
}

/** The error for a command that exited non-zero: its first stderr line says why. */
export function execFailure(result: RunResult): CtnetError {
  const why = firstLine(result.stderr) || firstLine(result.stdout) || `exit code ${result.exitCode}`;
  return new CtnetError(`"${result.command.join(' ')}" failed: ${why}`, {
    code: 'E_EXEC',
    command: result.command,
    exitCode: result.exitCode,
  });
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? ''
  );
}

/**
 * Start `file args...` with `input` on its stdin and do not wait for it: the child is detached
 * and unreferenced, so this process may exit at once (the hook's syslog writer). A child that
 * cannot start is reported to `onFailure`, never thrown: it must not fail the caller.
 */
export function spawnDetached(
  file: string,
  args: readonly string[],
  input: string,
  onFailure: (e: Error) => void,
): void {
  const child = childProcess().spawn(file, args, { stdio: ['pipe', 'ignore', 'ignore'], detached: true, shell: false });
  child.on('error', onFailure);
  child.stdin.on('error', onFailure);
  // Small writes to an empty pipe complete synchronously, so the lines are in the pipe
  // before this process exits; the child reads them at its own pace.
  child.stdin.end(input);
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
}
