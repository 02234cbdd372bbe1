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
    let line = `ctnet: error: ${oneLine(err.message)}`;
    if (err.hint) line += ` (${oneLine(err.hint)})`;
    if (!verbose) return line;
    const extra: string[] = [line];
    if (err.command) extra.push(`  command: ${err.command.join(' ')}`);
    if (err.exitCode !== undefined) extra.push(`  exit code: ${err.exitCode}`);
    if (err.stack) extra.push(err.stack);
    if (err.cause instanceof Error && err.cause.stack) extra.push(`caused by: ${err.cause.stack}`);
    return extra.join('\n');
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return verbose
    ? `ctnet: internal error: ${e.stack ?? e.message}`
    : `ctnet: internal error: ${oneLine(e.message)} (run with --verbose for details)`;
}

/**
 * Messages quote the offending value as given; a value from argv may hold a newline (which
 * would forge a second line in the output and in syslog), other control characters, or
 * bidi overrides (which reorder what is shown). They are shown escaped: "\n", "\u202e".
 */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this escapes
  return text.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, (c) =>
    c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
