/**
 * Start-up of a hook executable. Compiling the hook's bundle, and each of its functions the
 * first time it runs, is most of what a hook costs above Node's own start-up (docs/bench.md).
 * Node 22.1+ keeps compiled code on disk for modules loaded after module.enableCompileCache():
 * the bundle is written once into the cache directory (named by its content hash) and loaded
 * from there. Node 20 has no compile cache, and there the bundle is compiled in memory.
 *
 * Safe as root: the cache directory is used only when it and every directory above it belong
 * to root (or this user) and nobody else can write them (lib/doors/fs.ts untrustedDirReason); the
 * copy is created exclusively, never through a symlink, and renamed into place. Node rejects a
 * cache made from other source or another Node. Any problem with the cache means an in-memory
 * compile, never a failed hook. CTNET_CODE_CACHE=0 turns the cache off; CTNET_CACHE_DIR moves it
 * (default /var/cache/ctnet).
 */
import type * as NodeModule from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { builtinModule } from '../doors/builtin-module.js';
import { ensureTrustedDir, listDir, lstatIfExists, removeFile, writeFileAtomic } from '../doors/fs.js';

const DEFAULT_CACHE_DIR = '/var/cache/ctnet';

export interface BundleBoot {
  /** Executable name, e.g. "ctnet-vznet". */
  name: string;
  /** Content hash of `source` (build time). */
  buildId: string;
  /** The hook's CommonJS bundle. */
  source: string;
  /** This executable's path (process.argv[1]), for stack traces. */
  file: string;
  env: NodeJS.ProcessEnv;
}

/** node:module where this Node has module.enableCompileCache (22.1+); Node 20 never loads it. */
function moduleWithCompileCache(): (typeof NodeModule & { enableCompileCache: (dir: string) => unknown }) | undefined {
  if (Number(process.versions.node.split('.')[0]) < 22) return undefined;
  const m = builtinModule<typeof NodeModule & { enableCompileCache?: (dir: string) => unknown }>('node:module');
  return typeof m.enableCompileCache === 'function'
    ? (m as typeof NodeModule & { enableCompileCache: (dir: string) => unknown })
    : undefined;
}

/** Run the bundle: from the compile cache when there is a trustworthy one, else in memory. */
export function runBundle(o: BundleBoot): void {
  const nodeModule = o.env['CTNET_CODE_CACHE'] !== '0' ? moduleWithCompileCache() : undefined;
  const cached = nodeModule ? cachedCopy(o) : undefined;
  if (nodeModule && cached) {
    nodeModule.enableCompileCache(cached.dir);
    try {
      nodeModule.createRequire(cached.file)(cached.file);
      return;
    } catch (e) {
      // The copy went away before it was loaded (another build's run dropped it during an
      // upgrade): nothing of it ran, so the in-memory compile below is the same run.
      if (
        (e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND' ||
        !String((e as Error).message).includes(cached.file)
      )
        throw e;
    }
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${o.source}\n})`;
  const mod = { exports: {} };
  (new Script(wrapped, { filename: o.file }).runInThisContext() as (...a: unknown[]) => void)(
    mod.exports,
    require,
    mod,
    o.file,
    dirname(o.file),
  );
}

/** The bundle's copy in the cache directory (written now if missing), or undefined. */
export function cachedCopy(
  o: Pick<BundleBoot, 'name' | 'buildId' | 'source' | 'env'>,
): { dir: string; file: string } | undefined {
  const dir = o.env['CTNET_CACHE_DIR'] || DEFAULT_CACHE_DIR;
  try {
    ensureTrustedDir(dir, { what: 'cache directory', mode: 0o700 });
    const file = join(dir, `${o.name}-${o.buildId}.cjs`);
    if (!lstatIfExists(file)?.isFile()) {
      writeFileAtomic(file, o.source, 0o600);
      // Copies of earlier builds of this executable (an upgrade) are not needed again.
      for (const f of listDir(dir))
        if (f.startsWith(`${o.name}-`) && f.endsWith('.cjs') && join(dir, f) !== file) removeFile(join(dir, f));
    }
    return { dir, file };
  } catch {
    // Any failure here (an untrusted, read-only or foreign cache directory, a full disk) only
    // means no cached copy: the caller compiles the bundle in memory, which always works.
    return undefined;
  }
}
