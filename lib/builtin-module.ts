/**
 * A Node built-in module loaded when first needed instead of when the bundle starts. Hooks
 * import only what every run needs at start-up: node:child_process (~4-5 ms: net, dgram,
 * streams) and node:net (~3 ms) are loaded by the runs that use them (docs/bench.md).
 * createRequire works the same in the ESM sources (tests) and in the CommonJS bundles; a
 * dynamic import() would not work in a hook, whose bundle runs as a vm.Script.
 */
import { createRequire } from 'node:module';

const requireBuiltin = createRequire(process.execPath);
const loaded = new Map<string, unknown>();

/** `node:<name>`, loaded once per process on first call. */
export function builtinModule<T>(name: 'node:child_process' | 'node:net'): T {
  if (!loaded.has(name)) loaded.set(name, requireBuiltin(name));
  return loaded.get(name) as T;
}
