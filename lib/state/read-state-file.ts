/**
 * One file of the run dir, read as data: `read` gets its content (undefined: there is none),
 * `parse` checks it (a string is the reason it is bad). A bad or unreadable file is moved aside
 * (unless keepBad: dry runs and `ctnet check` change nothing) and reported in one warning line
 * that says what happens instead; the caller then gets `bad`. Errors other than ctnet's own
 * (E_UNTRUSTED and the like are ctnet's) are not caught.
 */
import { CtnetError, oneLine } from '../errors.js';
import { moveAside } from '../doors/fs.js';

export interface StateFileRead<T> {
  file: string;
  /** The file's content, or undefined when there is no file. */
  read: () => string | undefined;
  parse: (text: string) => T | string;
  /** How the warning names the file: `record`, `NAT state`, `address claim`. */
  what: string;
  /** What happens instead, for the warning: "it is ignored". */
  instead: string;
  /** The reason given when reading throws a ctnet error; default its message. */
  unreadable?: (e: CtnetError) => string;
  warn?: ((line: string) => void) | undefined;
  keepBad?: boolean | undefined;
}

export type StateFileResult<T> = { value: T } | { missing: true } | { bad: true };

export function readStateFile<T>(o: StateFileRead<T>): StateFileResult<T> {
  let why: string;
  try {
    const text = o.read();
    if (text === undefined) return { missing: true };
    const parsed = o.parse(text);
    if (typeof parsed !== 'string') return { value: parsed };
    why = parsed;
  } catch (e) {
    if (!(e instanceof CtnetError)) throw e;
    why = o.unreadable ? o.unreadable(e) : e.message;
  }
  const aside = o.keepBad ? undefined : moveAside(o.file);
  o.warn?.(
    oneLine(
      `warning: ${o.what} "${o.file}" is not usable (${why})${aside ? `; moved aside to "${aside}"` : ''}; ${o.instead}`,
    ),
  );
  return { bad: true };
}
