/**
 * `spawnSync` without node:child_process. Loading that module costs a hook ~4-5 ms (it pulls in
 * net, dgram and the streams stack; docs/bench.md), while the synchronous spawn itself is one
 * call into Node's `spawn_sync` binding, the one child_process.spawnSync ends in. This module
 * makes that call with the options child_process would have built for an argv array, pipes
 * and a timeout, and gives back what spawnSync would have.
 *
 * Used only by lib/exec.ts, and only when the binding is there and quiet: process.binding is
 * allow-listed for `spawn_sync` and warns only under --pending-deprecation, so with that flag
 * (or NODE_PENDING_DEPRECATION=1), with CTNET_NATIVE=0, under a permission model that refuses
 * process.binding, or on a Node without it, `spawnSyncNative` returns undefined and the caller
 * uses child_process.
 */
import type * as OS from 'node:os';
import { builtinModule } from './builtin-module.js';
import { nativeAllowed } from './native-allowed.js';
import { processBinding } from './process-binding.js';

/** SIGKILL, the same number on every Linux architecture (node:os is not loaded for it). */
const SIGKILL = 9;

export interface NativeSpawnOptions {
  /** Bytes for the child's stdin; stdin is /dev/null when undefined. */
  input: Buffer | undefined;
  env: Record<string, string | undefined>;
  timeoutMs: number;
  maxBuffer: number;
}

export interface NativeSpawnResult {
  status: number | null;
  signal: string | null;
  stdout: Buffer;
  stderr: Buffer;
  /** errno name of a failure to spawn, a timeout (ETIMEDOUT) or a broken stdin (EPIPE). */
  error?: string;
}

interface SpawnSyncBinding {
  spawn(options: object): { status: number | null; signal: string | null; output: Array<Buffer | null> | null; error?: number };
}

let binding: SpawnSyncBinding | null | undefined;

/** The binding, or null when this Node has none, refuses it or wraps it (looked up once per process). */
function spawnSyncBinding(): SpawnSyncBinding | null {
  if (binding !== undefined) return binding;
  const b = processBinding('spawn_sync');
  binding = typeof b?.['spawn'] === 'function' ? (b as unknown as SpawnSyncBinding) : null;
  return binding;
}

/**
 * Run `file args...` and wait for it, stdout and stderr piped back; undefined when the binding
 * is not to be used (see above). Throws nothing: failures come back in `error`.
 */
export function spawnSyncNative(file: string, args: readonly string[], opts: NativeSpawnOptions, ownEnv = process.env): NativeSpawnResult | undefined {
  const b = nativeAllowed(ownEnv, process.execArgv) ? spawnSyncBinding() : null;
  if (!b) return undefined;
  const envPairs = Object.entries(opts.env).filter((e): e is [string, string] => e[1] !== undefined).map(([k, v]) => `${k}=${v}`);
  // child_process refuses NUL bytes before spawning (they would cut the C strings short).
  if ([file, ...args, ...envPairs].some((s) => s.includes('\0'))) return failed('EINVAL');
  const r = b.spawn({
    file,
    args: [file, ...args],
    envPairs,
    stdio: [
      opts.input === undefined ? { type: 'ignore' } : { type: 'pipe', readable: true, writable: false, input: opts.input },
      { type: 'pipe', readable: false, writable: true },
      { type: 'pipe', readable: false, writable: true },
    ],
    timeout: opts.timeoutMs,
    maxBuffer: opts.maxBuffer,
    killSignal: SIGKILL,
    detached: false,
    windowsHide: false,
    windowsVerbatimArguments: false,
  });
  const out = r.output ?? [];
  return {
    status: r.status,
    signal: r.signal,
    stdout: out[1] ?? Buffer.alloc(0),
    stderr: out[2] ?? Buffer.alloc(0),
    ...(r.error !== undefined && r.error !== 0 ? { error: errnoName(r.error) } : {}),
  };
}

function failed(error: string): NativeSpawnResult {
  return { status: null, signal: null, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), error };
}

/** -2 -> "ENOENT" (libuv reports negated errno values on Linux); node:os only on this path. */
function errnoName(err: number): string {
  const found = Object.entries(builtinModule<typeof OS>('node:os').constants.errno).find(([, n]) => n === -err);
  return found ? found[0] : `errno ${err}`;
}
