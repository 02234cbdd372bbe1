/**
 * A Node built-in module loaded when first needed instead of when the bundle starts. Hooks
 * import only what every run needs at start-up: node:child_process (~4-5 ms: net, dgram,
 * streams) and node:net (~3 ms) are loaded by the runs that use them (docs/bench.md),
 * node:os only on error and temp-dir paths.
 * It loads nothing else either: process.getBuiltinModule (Node >= 20.16) where there is one,
 * else the CommonJS `require` the bundle runs with. (createRequire from node:module, used
 * before, made every hook run load node:module and, with it, Node's ESM loader and source-map
 * modules: ~1 M instructions.) A dynamic import() would not work in a hook, whose bundle runs
 * as a vm.Script.
 */
import { CtnetError } from './errors.js';

export type LoadBuiltin = (id: string) => unknown;

let load: LoadBuiltin | undefined;

/** `node:<name>`, loaded on first call (Node keeps it for later calls). */
export function builtinModule<T>(name: 'node:child_process' | 'node:net' | 'node:os'): T {
  load ??= builtinLoader();
  return load(name) as T;
}

/**
 * How to load built-ins here: `proc.getBuiltinModule` when Node has it, else `req` (the
 * CommonJS `require` the bundle runs with; undefined in an ES module).
 */
export function builtinLoader(proc: { getBuiltinModule?: LoadBuiltin } = process as { getBuiltinModule?: LoadBuiltin },
  req: LoadBuiltin | undefined = typeof require === 'function' ? require : undefined): LoadBuiltin {
  const get = proc.getBuiltinModule;
  if (typeof get === 'function') return (id) => get.call(proc, id);
  if (req) return req;
  throw new CtnetError('cannot load Node built-in modules: no process.getBuiltinModule and no require', {
    code: 'E_INTERNAL',
    hint: 'run the built executables, or Node >= 20.16 for the ES module sources',
  });
}
