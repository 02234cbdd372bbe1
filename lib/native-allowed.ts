/**
 * Whether ctnet may use Node's own handle bindings (`process.binding('pipe_wrap')` and the
 * like, the layer node:net and node:child_process are built on) to save a hook run the cost
 * of loading those modules. Off when:
 *   - CTNET_NATIVE=0 (the off switch, for any native path ctnet has);
 *   - pending deprecations are on (--pending-deprecation in the command line or NODE_OPTIONS,
 *     NODE_PENDING_DEPRECATION=1): Node then warns on every process.binding() call (DEP0111),
 *     and a hook must not print a warning per run.
 * The permission model (process.binding throws) and bindings of an unexpected shape are
 * detected where the bindings are used; those fall back to the public modules as well.
 */
export function nativeAllowed(env: NodeJS.ProcessEnv, execArgv: readonly string[]): boolean {
  if (env['CTNET_NATIVE'] === '0') return false;
  // Node reads this variable as on when it is exactly "1" (src/node_options.cc).
  if (env['NODE_PENDING_DEPRECATION'] === '1') return false;
  const flags = [...execArgv, ...(env['NODE_OPTIONS'] ?? '').split(/\s+/)];
  // Node accepts "_" for "-" in option names.
  return !flags.some((f) => f.replace(/_/g, '-') === '--pending-deprecation');
}
