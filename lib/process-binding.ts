/**
 * One of Node's own handle bindings through `process.binding` (on its allow-list in Node 20:
 * spawn_sync, pipe_wrap, stream_wrap, ...), or undefined where it must not or cannot be used:
 * no `process.binding`; a wrapped one (Node wraps it in a warning function, named
 * "deprecated", under --pending-deprecation, and would do the same if the deprecation ever
 * became a runtime one: a hook must not print a warning on every run); one that throws
 * (ERR_ACCESS_DENIED under the permission model, "No such module" in another Node). The
 * caller checks the shape of what it gets and falls back to the public module otherwise.
 */
export function processBinding(name: string): Record<string, unknown> | undefined {
  const binding = (process as { binding?: unknown }).binding;
  if (typeof binding !== 'function' || binding.name !== 'binding') return undefined;
  try {
    const b: unknown = binding(name);
    return typeof b === 'object' && b !== null ? (b as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // refused: not a failure, the public module does the job instead
  }
}
