/**
 * A Node built-in module loaded when first needed instead of when the bundle starts. Hooks
 * import only what every run needs at start-up: node:child_process (~4-5 ms: net, dgram,
 * streams) and node:net (~3 ms) are loaded by the runs that use them (docs/bench.md), node:v8
 * only by the run that writes a code cache, node:os only on error paths.
 * It loads nothing else either: process.getBuiltinModule (Node >= 20.16) where there is one,
 * else the CommonJS `require` the bundle runs with. (createRequire from node:module, used
 * before, made every hook run load node:module and, with it, Node's ESM loader and source-map
 * modules: ~1 M instructions.) A dynamic import() would not work in a hook, whose bundle runs
 * as a vm.Script.
 */
type LoadBuiltin = (id: string) => unknown;

let load: LoadBuiltin | undefined;

/** `node:<name>`, loaded on first call (Node keeps it for later calls). */
export function builtinModule<T>(name: 'node:child_process' | 'node:net' | 'node:v8' | 'node:os'): T {
  load ??= builtinLoader();
  return load(name) as T;
}

function builtinLoader(): LoadBuiltin {
  const get = (process as { getBuiltinModule?: LoadBuiltin }).getBuiltinModule;
  if (typeof get === 'function') return (id) => get.call(process, id);
  if (typeof require === 'function') return require;
  throw new Error('ctnet needs Node >= 20.16 (process.getBuiltinModule) when it is not run as a CommonJS bundle');
}
