/**
 * Start-up of the hook executables through V8's code cache. Compiling the ~80 KB bundle, and
 * each function the first time it runs, is most of what a hook costs above Node's own start-up
 * (docs/bench.md). So the executable carries the bundle as text and runs it with Script:
 * the first successful run leaves V8's compiled code of the whole bundle in `<run dir>/cache/`
 * (complete-code-cache.ts; tmpfs under /run: gone at reboot, made again by the next run),
 * later runs load it instead of compiling.
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
import { completeCodeCache } from './complete-code-cache.js';

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

export function cacheFile(dir: string, o: { name: string; buildId: string }): string {
  return join(dir, `${o.name}-${o.buildId}-${process.version}-${process.arch}.v8`);
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
  const file = cacheFile(dir, o);
  const cached = enabled && isPrivate(dir, uid) && isPrivate(file, uid) ? readQuietly(file) : undefined;
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${o.source}\n})`;
  const script = new Script(wrapped, { filename: o.file, ...(cached ? { cachedData: cached } : {}) });
  if (enabled && (!cached || script.cachedDataRejected) && worthCaching(o.argv)) {
    process.once('exit', (code) => {
      if (code === 0) saveQuietly({ dir, file, name: o.name }, () => completeCodeCache(script, () => new Script(wrapped, { filename: o.file })));
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
 * other builds or Node versions (left by an upgrade), all but the newest one: two builds that
 * run side by side (an upgrade under way, a comparison) keep a cache each instead of dropping
 * each other's on every run. Any failure just means no cache.
 */
function saveQuietly(at: { dir: string; file: string; name: string }, data: () => Buffer): void {
  try {
    ensureDir(dirname(at.dir));
    ensureDir(at.dir, 0o700);
    writeFileAtomic(at.file, data(), 0o600);
    const others = listDir(at.dir).filter((f) => f.startsWith(`${at.name}-`) && f.endsWith('.v8') && f !== basename(at.file))
      .map((f) => ({ path: join(at.dir, f), at: modifiedMs(join(at.dir, f)) ?? 0 }))
      .sort((a, b) => b.at - a.at);
    for (const f of others.slice(1)) removeFile(f.path);
  } catch {
    // read-only or foreign run dir (a user's dry run): the next run compiles as this one did
  }
}
