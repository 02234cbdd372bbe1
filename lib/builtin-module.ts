/**
 * A Node built-in module loaded when first needed instead of when the bundle starts. Hooks
 * import only what every run needs at start-up: node:child_process (~4-5 ms: net, dgram,
 * streams) and node:net (~3 ms) are loaded by the runs that use them (docs/bench.md), node:v8
 * only by the run that writes a code cache.
 * createRequire works the same in the ESM sources (tests) and in the CommonJS bundles; a
 * dynamic import() would not work in a hook, whose bundle runs as a vm.Script. It too is
 * called on first use: Node compiles its functions lazily, a cost every hook run would pay.
 */
import { createRequire } from 'node:module';

let requireBuiltin: NodeRequire | undefined;

/** `node:<name>`, loaded on first call (require keeps it for later calls). */
export function builtinModule<T>(name: 'node:child_process' | 'node:net' | 'node:v8'): T {
  requireBuiltin ??= createRequire(process.execPath);
  return requireBuiltin(name) as T;
}
