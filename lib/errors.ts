/**
 * One error type for everything ctnet reports. The message is one lowercase line that says
 * what failed, on which object, and why; `hint` says what to check. `code` is stable.
 */
export interface CtnetErrorOptions {
  code: string;
  hint?: string;
  cause?: unknown;
  command?: readonly string[];
  exitCode?: number;
}

export class CtnetError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly command: readonly string[] | undefined;
  readonly exitCode: number | undefined;

  constructor(message: string, opts: CtnetErrorOptions) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CtnetError';
    this.code = opts.code;
    this.hint = opts.hint;
    this.command = opts.command;
    this.exitCode = opts.exitCode;
  }
}

/** A precise complaint about one value in one config file (file:line: KEY: problem). */
export function configError(where: { file: string; line: number; key: string }, problem: string): CtnetError {
  return new CtnetError(`${where.file}:${where.line}: ${where.key}: ${problem}`, { code: 'E_CONFIG' });
}

/** A complaint about the command line or environment a hook was started with. */
export function usageError(problem: string): CtnetError {
  return new CtnetError(problem, { code: 'E_USAGE', hint: 'run with --help' });
}

/** The one line a user sees; the stack only when verbose. */
export function formatError(err: unknown, verbose = false): string {
  if (err instanceof CtnetError) {
    let line = `ctnet: error: ${err.message}`;
    if (err.hint) line += ` (${err.hint})`;
    if (!verbose) return line;
    const extra: string[] = [line];
    if (err.command) extra.push(`  command: ${err.command.join(' ')}`);
    if (err.exitCode !== undefined) extra.push(`  exit code: ${err.exitCode}`);
    if (err.stack) extra.push(err.stack);
    if (err.cause instanceof Error && err.cause.stack) extra.push(`caused by: ${err.cause.stack}`);
    return extra.join('\n');
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return verbose ? `ctnet: internal error: ${e.stack ?? e.message}` : `ctnet: internal error: ${e.message} (run with --verbose for details)`;
}
