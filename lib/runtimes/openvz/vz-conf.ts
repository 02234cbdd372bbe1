/**
 * vzctl's config line syntax (vz.conf, CTID.conf), read without executing or expanding
 * anything. Rules (kolyshkin/vzctl src/lib/util.c parse_line, libvzctl for `'`):
 * - `\x` escapes: the backslash goes, the next character stays (done first);
 * - blank lines and lines whose first non-space character is `#` are skipped;
 * - key = text before the first `=` (spaces around `=` are tolerated); a value starting with `"`
 *   (or `'`) runs to the last matching quote on the line; an unquoted value is the raw rest of the
 *   line, trimmed;
 * - the first occurrence of a key wins (vzctl; a shell `source` would take the last);
 * - CRLF line ends and a UTF-8 BOM are tolerated; NUL bytes are refused.
 */
import { CtnetError } from '../../errors.js';

export interface ConfValue {
  value: string;
  file: string;
  line: number;
  key: string;
}

export interface ParsedConf {
  file: string;
  values: Map<string, ConfValue>;
  /** Lines vzctl would skip with a warning, and duplicate keys that lost. */
  warnings: string[];
}

const KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const MAX_CONF_BYTES = 1024 * 1024;

export function parseVzConf(text: string, file: string): ParsedConf {
  if (text.length > MAX_CONF_BYTES) {
    throw new CtnetError(`${file}: file is larger than ${MAX_CONF_BYTES} bytes, refusing to read it`, {
      code: 'E_CONFIG',
    });
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const line = text.slice(0, nul).split('\n').length;
    throw new CtnetError(`${file}:${line}: contains a NUL byte`, { code: 'E_CONFIG' });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const values = new Map<string, ConfValue>();
  const warnings: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = unescape(lines[i]!.replace(/\r$/, ''));
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const eq = trimmed.indexOf('=');
    if (eq < 0) {
      warnings.push(`${file}:${lineNo}: no "=" on this line, skipped`);
      continue;
    }
    const key = trimmed.slice(0, eq).trim();
    if (!KEY_RE.test(key)) {
      warnings.push(`${file}:${lineNo}: "${key}" is not a variable name, line skipped`);
      continue;
    }
    const value = unquote(trimmed.slice(eq + 1).trimStart(), { file, line: lineNo, key });
    if (values.has(key)) {
      warnings.push(
        `${file}:${lineNo}: ${key} is set again; the first value (line ${values.get(key)!.line}) counts, as in vzctl`,
      );
      continue;
    }
    values.set(key, { value, file, line: lineNo, key });
  }
  return { file, values, warnings };
}

function unescape(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  let esc = false;
  for (const ch of s) {
    if (ch === '\\' && !esc) {
      esc = true;
      continue;
    }
    out += ch;
    esc = false;
  }
  return out;
}

function unquote(rest: string, where: { file: string; line: number; key: string }): string {
  const q = rest[0];
  if (q !== '"' && q !== "'") return rest.trim();
  const end = rest.lastIndexOf(q);
  if (end === 0) {
    throw new CtnetError(
      `${where.file}:${where.line}: ${where.key}: the value opens a ${q} quote that is never closed`,
      { code: 'E_CONFIG' },
    );
  }
  const after = rest.slice(end + 1).trim();
  if (after !== '' && !after.startsWith('#')) {
    throw new CtnetError(
      `${where.file}:${where.line}: ${where.key}: unexpected text "${after}" after the closing quote`,
      { code: 'E_CONFIG' },
    );
  }
  return rest.slice(1, end);
}

/** Global file first, CT file overrides it (CTID.conf wins, as in vzctl). */
export function mergeConfs(...confs: ParsedConf[]): Map<string, ConfValue> {
  const merged = new Map<string, ConfValue>();
  for (const c of confs) for (const [k, v] of c.values) merged.set(k, v);
  return merged;
}
