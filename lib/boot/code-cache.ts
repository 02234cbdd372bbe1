/**
 * Start-up of the hook executables through V8's code cache. Compiling the ~80-100 KB bundle,
 * and each function the first time it runs, is most of what a hook costs above Node's own
 * start-up (docs/bench.md). So the executable carries the bundle as text and runs it with
 * Script: the first successful run of each kind leaves V8's code of the functions it ran in
 * `<run dir>/cache/` (tmpfs under /run: gone at reboot, made again by the next run), later
 * runs of that kind load it instead of compiling.
 *
 * One cache per kind of run (runKind): a dry run prints where a real run applies, a down
 * removes where an up adds (ctnet-lxc is both), and each loads only what it runs. One cache
 * for all made the first run after a boot decide for every later one (after a dry run, each
 * real run compiled the apply path again: 4 M instructions); a cache of the whole bundle,
 * used before, cost every run 1.5-2 M instructions to load the functions it never calls.
 * Within a kind the code paths differ little (a routed CT with a bridged CT's cache compiles
 * ~0.3 M instructions more).
 *
 * Safe as root: a cache is used only when it and its directory belong to this user and nobody
 * else can write them; V8 refuses a cache made from other source or another V8 (the file name
 * also carries the build id and Node version). Any problem with the cache means a normal
 * compile, never a failed hook. CTNET_CODE_CACHE=0 turns it off.
 */
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { ensureDir, listDir, modifiedMs, ownerAndMode, readBytesIfExists, removeFile, writeFileAtomic } from '../fs.js';
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

/**
 * The kind of run, as far as start-up can tell from argv and env: "run", "run-down", "dry",
 * "dry-down" (a word that only looks like one of these costs a compile, nothing else).
 */
export function runKind(argv: readonly string[], env: NodeJS.ProcessEnv): string {
  const dry = env['CTNET_DRY_RUN'] === '1' || argv.includes('--dry-run') || argv.includes('-n');
  const down = argv.includes('down') || env['LXC_HOOK_TYPE'] === 'down';
  return `${dry ? 'dry' : 'run'}${down ? '-down' : ''}`;
}

export function cacheFile(dir: string, o: { name: string; buildId: string; kind: string }): string {
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
      if (code === 0) saveQuietly({ dir, file, name: o.name, buildId: o.buildId }, () => script.createCachedData());
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
function saveQuietly(at: { dir: string; file: string; name: string; buildId: string }, data: () => Buffer): void {
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
  const build = (f: string): string => f.replace(/-(?:run|dry)(?:-down)?-(?=v\d)/, '-');
  const mine = files.filter((f) => f.name.startsWith(`${name}-`) && f.name.endsWith('.v8') && build(f.name) !== build(current));
  const newest = mine.reduce<{ name: string; at: number } | undefined>((a, f) => (a === undefined || f.at > a.at ? f : a), undefined);
  return mine.filter((f) => newest === undefined || build(f.name) !== build(newest.name)).map((f) => f.name);
}
