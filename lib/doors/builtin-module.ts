/**
 * A Node built-in module loaded when first needed rather than when the bundle starts: a hook
 * loads node:child_process only when it spawns, node:net only when it talks to journald or
 * OVSDB, node:module only where Node has a compile cache to enable. A dry run then loads
 * none of them (docs/bench.md). process.getBuiltinModule (Node 20.16+, 22.3+) where Node has
 * it, else the CommonJS `require` the bundle runs with; both are public APIs.
 */
import { CtnetError } from '../errors.js';

export type LoadBuiltin = (id: string) => unknown;

let load: LoadBuiltin | undefined;

/** `node:<name>`, loaded on first call (Node keeps it for later calls). */
export function builtinModule<T>(name: 'node:child_process' | 'node:net' | 'node:module'): T {
  load ??= builtinLoader();
  return load(name) as T;
}

/**
 * How to load built-ins here: `proc.getBuiltinModule` when Node has it, else `req` (the
 * CommonJS `require` the bundle runs with; undefined in an ES module).
 */
export function builtinLoader(
  proc: { getBuiltinModule?: LoadBuiltin } = process,
  req: LoadBuiltin | undefined = typeof require === 'function' ? require : undefined,
): LoadBuiltin {
  const get = proc.getBuiltinModule;
  if (typeof get === 'function') return (id) => get.call(proc, id);
  if (req) return req;
  throw new CtnetError('cannot load Node built-in modules: no process.getBuiltinModule and no require', {
    code: 'E_INTERNAL',
    hint: 'run the built executables, or Node >= 20.16 for the ES module sources',
  });
}
