/**
 * Set and unset EXTERNAL_SCRIPT in vznet.conf text (pure). Every other line stays byte for
 * byte: CRLF endings, a missing final newline, comments and duplicates are left as they are.
 * vznetcfg sources the file with a shell, so the LAST active assignment counts: that one is
 * replaced; without one, ctnet's line is appended. ctnet's line always ends in "\n" (a "\r"
 * would become part of the value when sourced).
 */
import { CtnetError } from '../../errors.js';

const ACTIVE_RE = /^[ \t]*(export[ \t]+)?EXTERNAL_SCRIPT=/;

/**
 * The line install writes for a hook at runtime path `hook`. vznetcfg sources the file with a
 * shell, so the path must be plain: no quote, "$", backquote, space or newline.
 */
export function externalScriptLine(hook: string): string {
  if (!/^\/[A-Za-z0-9_./+-]+$/.test(hook))
    throw new CtnetError(`"${hook}" is not a plain absolute path; not writing it into vznet.conf`, { code: 'E_USAGE' });
  return `EXTERNAL_SCRIPT="${hook}"\n`;
}

/** Split into lines that keep their terminators ("a\r\n", "b\n", "c"). */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function lastActive(lines: string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (ACTIVE_RE.test(lines[i]!)) return i;
  return -1;
}

/** The active EXTERNAL_SCRIPT line of a file, if it has one (for messages and uninstall). */
export function activeExternalScript(text: string): string | undefined {
  const lines = splitLines(text);
  const i = lastActive(lines);
  return i < 0 ? undefined : lines[i];
}

/** `text` with EXTERNAL_SCRIPT pointing at `hook`; unchanged when it already does. */
export function setExternalScript(text: string, hook: string): string {
  const ours = externalScriptLine(hook);
  const lines = splitLines(text);
  const i = lastActive(lines);
  if (i >= 0) {
    if (lines[i] === ours) return text;
    lines[i] = ours;
    return lines.join('');
  }
  const sep = text.length > 0 && !text.endsWith('\n') ? '\n' : '';
  return `${text}${sep}${ours}`;
}

/**
 * Undo setExternalScript on text the site may have edited since: ctnet's line becomes the
 * original's active EXTERNAL_SCRIPT line again, or is dropped when the original had none.
 * Returns undefined when ctnet's line is not in `text` any more.
 */
export function unsetExternalScript(text: string, hook: string, original: string): string | undefined {
  const ours = externalScriptLine(hook);
  const lines = splitLines(text);
  const i = lines.lastIndexOf(ours);
  if (i < 0) return undefined;
  const before = activeExternalScript(original);
  if (before !== undefined) lines[i] = before;
  else lines.splice(i, 1);
  return lines.join('');
}
