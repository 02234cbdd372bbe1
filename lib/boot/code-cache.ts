/**
 * Start-up of the hook executables through V8's code cache. Compiling the ~80-100 KB bundle,
 * and each function the first time it runs, is most of what a hook costs above Node's own
 * start-up (docs/bench.md). So the executable carries the bundle as text and runs it with
 * Script: the first successful run of each kind leaves V8's code of the functions it ran in
 * `<run dir>/cache/` (tmpfs under /run: gone at reboot, made again by the next run), later
 * runs of that kind load it instead of compiling.
 *
 * One cache per kind of run (runKind): a dry run prints where a real run applies, a down
 * removes where an up adds (ctnet-lxc and ctnet-vznetcfg are both), and each loads only what
 * it runs. One cache for all made the first run after a boot decide for every later one
 * (after a dry run, each real run compiled the apply path again: 4 M instructions); a cache
 * of the whole bundle, used before, cost every run 1.4-1.8 M instructions to load the
 * functions it never calls. Within a kind the code paths differ little (a routed CT's dry run with a bridged CT's cache
 * costs 0.4 M instructions more than with its own).
 *
 * Safe as root: a cache is used only when it and its directory belong to this user and nobody
 * else can write them; V8 refuses a cache made from other source or another V8 (the file name
 * also carries the build id and Node version). Any problem with the cache means a normal
 * compile, never a failed hook. CTNET_CODE_CACHE=0 turns it off.
 */
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { ensureDir, listDir, modifiedMs, ownerAndMode, readBytesIfExists, removeFile, writeFileAtomic } from '../fs.js';
import { COMMON_HOOK_ARGS } from '../hook/hook-args.js';
import { DEFAULT_RUN_DIR } from '../state/teardown-record.js';

export interface CodeCacheBoot {
  /** Executable name, e.g. "ctnet-vznet". */
  name: string;
  /** Content hash of `source` (build time). */
  buildId: string;
  /** The hook's CommonJS bundle. */
  source: string;
  /** This executable's path (process.argv[1]), for stack traces. */
  file: string;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
}

/** `<run dir>/cache`, the run dir being what `--run-dir` names (every hook takes it). */
export function cacheDir(argv: readonly string[]): string {
  let runDir = DEFAULT_RUN_DIR;
  argv.forEach((a, i) => {
    if (a === '--run-dir' && argv[i + 1]) runDir = argv[i + 1]!;
    else if (a.startsWith('--run-dir=') && a.length > 10) runDir = a.slice(10);
  });
  return join(runDir, 'cache');
}

/** The one-letter switches that mean --dry-run (hook-args.ts, e.g. -n). */
const DRY_RUN_SWITCHES = new Set(Object.keys(COMMON_HOOK_ARGS.short).filter((l) => COMMON_HOOK_ARGS.short[l] === 'dry-run'));

/** The kinds of run that keep a cache each (runKind). */
export const RUN_KINDS = ['run', 'run-down', 'dry', 'dry-down'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/**
 * The kind of run, as far as start-up can tell from argv and env: a dry run (CTNET_DRY_RUN=1,
 * --dry-run, -n alone or in a group of short switches such as -nv) or not; a down (the word
 * `down` of LXC's hook.version 0 argv, LXC_HOOK_TYPE=down, OpenVZ 7's `delif`) or not. A word
 * that only looks like one of these costs a compile, nothing else.
 */
export function runKind(argv: readonly string[], env: NodeJS.ProcessEnv): RunKind {
  const end = argv.indexOf('--');
  const options = end < 0 ? argv : argv.slice(0, end);
  const dry = env['CTNET_DRY_RUN'] === '1' || options.some((a) => a === '--dry-run' || (/^-[^-]/.test(a) && [...a.slice(1)].some((l) => DRY_RUN_SWITCHES.has(l))));
  const down = argv.includes('down') || argv.includes('delif') || env['LXC_HOOK_TYPE'] === 'down';
  if (dry) return down ? 'dry-down' : 'dry';
  return down ? 'run-down' : 'run';
}

export function cacheFile(dir: string, o: { name: string; buildId: string; kind: RunKind }): string {
  return join(dir, `${o.name}-${o.buildId}-${o.kind}-${process.version}-${process.arch}.v8`);
}

/** Only what this user alone can have written: owner is us, no group/other write bit. */
export function isPrivate(p: string, uid: number): boolean {
  const st = ownerAndMode(p);
  return st !== undefined && st.uid === uid && (st.mode & 0o022) === 0;
}

/** A run worth caching: it did a hook's work (not --help/--version) and succeeded. */
function worthCaching(argv: readonly string[]): boolean {
  return !argv.some((a) => a === '--help' || a === '-h' || a === '--version');
}

/** Compile and run the bundle, from the code cache when there is a good one. */
export function runWithCodeCache(o: CodeCacheBoot): void {
  const enabled = o.env['CTNET_CODE_CACHE'] !== '0';
  const uid = process.geteuid?.() ?? -1;
  const dir = cacheDir(o.argv);
  const file = cacheFile(dir, { ...o, kind: runKind(o.argv, o.env) });
  const cached = enabled && isPrivate(dir, uid) && isPrivate(file, uid) ? readQuietly(file) : undefined;
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${o.source}\n})`;
  const script = new Script(wrapped, { filename: o.file, ...(cached ? { cachedData: cached } : {}) });
  if (enabled && (!cached || script.cachedDataRejected) && worthCaching(o.argv)) {
    process.once('exit', (code) => {
      if (code === 0) saveQuietly({ dir, file, name: o.name }, () => script.createCachedData());
    });
  }
  const mod = { exports: {} };
  (script.runInThisContext() as (...a: unknown[]) => void)(mod.exports, require, mod, o.file, dirname(o.file));
}

function readQuietly(file: string): Buffer | undefined {
  try {
    return readBytesIfExists(file);
  } catch {
    return undefined; // unreadable cache: compile as usual
  }
}

/**
 * Write the cache (dir 0700, file 0600) after the run, and drop this executable's caches of
 * other builds or Node versions (left by an upgrade), all but those of the newest other build:
 * two builds that run side by side (an upgrade under way, a comparison) keep their caches
 * instead of dropping each other's on every run. Any failure just means no cache.
 */
function saveQuietly(at: { dir: string; file: string; name: string }, data: () => Buffer): void {
  try {
    ensureDir(dirname(at.dir));
    ensureDir(at.dir, 0o700);
    writeFileAtomic(at.file, data(), 0o600);
    for (const f of staleCaches(listDir(at.dir).map((name) => ({ name, at: modifiedMs(join(at.dir, name)) ?? 0 })), at.name, basename(at.file))) {
      removeFile(join(at.dir, f));
    }
  } catch {
    // read-only or foreign run dir (a user's dry run): the next run compiles as this one did
  }
}

/**
 * The caches of executable `name` to drop when `current` was just written: those of other
 * builds (build id and Node version: the name without its kind), but for the newest of them.
 */
export function staleCaches(files: ReadonlyArray<{ name: string; at: number }>, name: string, current: string): string[] {
  const mine = files.filter((f) => f.name.startsWith(`${name}-`) && f.name.endsWith('.v8') && withoutKind(f.name) !== withoutKind(current));
  const newest = mine.reduce<{ name: string; at: number } | undefined>((a, f) => (a === undefined || f.at > a.at ? f : a), undefined);
  return mine.filter((f) => newest === undefined || withoutKind(f.name) !== withoutKind(newest.name)).map((f) => f.name);
}

/** A cache file's name without its kind (cacheFile: `<name>-<build>-<kind>-v<node>-<arch>.v8`). */
const KIND_IN_NAME = new RegExp(`-(?:${RUN_KINDS.join('|')})-(?=v\\d)`);
function withoutKind(file: string): string {
  return file.replace(KIND_IN_NAME, '-');
}
