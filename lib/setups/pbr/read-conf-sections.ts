/**
 * INI-like sections read as text, never executed: `[name]` headers, `key = value` lines,
 * `#` comment lines, CRLF and a BOM tolerated. Unknown keys, keys outside a section, a
 * non-repeatable key twice and a bad section name are `file:line: key: problem` errors.
 */
import { configError, CtnetError } from '../../errors.js';

export interface ConfWhere {
  file: string;
  line: number;
  key: string;
}
export interface RawSection {
  name: string;
  line: number;
  values: Map<string, Array<{ value: string; where: ConfWhere }>>;
}

export interface SectionSpec {
  /** The keys a section may hold: one list for every section, or per section name. */
  keys: string[] | ((section: string) => string[]);
  /** Keys that may appear more than once in a section. */
  repeatable: string[];
  /** A reason when a section name is not acceptable. */
  checkName: (name: string) => string | undefined;
  /** What a section is called in messages (default "network"). */
  noun?: string;
}

/** Config files are small; anything bigger is refused before it is split into lines. */
const MAX_CONF_SECTION_BYTES = 256 * 1024;

export function readConfSections(text: string, file: string, spec: SectionSpec): RawSection[] {
  if (text.length > MAX_CONF_SECTION_BYTES)
    throw new CtnetError(`${file}: is larger than ${MAX_CONF_SECTION_BYTES} bytes, refusing to read it`, {
      code: 'E_CONFIG',
    });
  if (text.includes('\0')) throw new CtnetError(`${file}: contains a NUL byte`, { code: 'E_CONFIG' });
  const noun = spec.noun ?? 'network';
  const keysOf = (section: string | undefined): string[] =>
    typeof spec.keys === 'function' ? (section === undefined ? [] : spec.keys(section)) : spec.keys;
  const sections: RawSection[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '').trim();
    const lineNo = i + 1;
    if (line === '' || line.startsWith('#')) return;
    const sec = /^\[(.*)\]$/.exec(line);
    if (sec) {
      const name = sec[1]!.trim();
      const why = spec.checkName(name);
      if (why) throw configError({ file, line: lineNo, key: `[${name}]` }, why);
      if (sections.some((s) => s.name === name)) {
        throw configError({ file, line: lineNo, key: `[${name}]` }, `${noun} "${name}" is defined twice`);
      }
      sections.push({ name, line: lineNo, values: new Map() });
      return;
    }
    const eq = line.indexOf('=');
    if (eq < 0)
      throw configError({ file, line: lineNo, key: line.slice(0, 20) }, `expected "key = value" or "[${noun}]"`);
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    const where = { file, line: lineNo, key };
    const cur = sections[sections.length - 1];
    if (!cur && typeof spec.keys === 'function') throw configError(where, `is outside any [${noun}] section`);
    const known = keysOf(cur?.name);
    if (!known.includes(key))
      throw configError(
        where,
        `unknown key${cur && typeof spec.keys === 'function' ? ` in [${cur.name}]` : ''} (known: ${known.join(', ')})`,
      );
    if (!cur) throw configError(where, `is outside any [${noun}] section`);
    const list = cur.values.get(key) ?? [];
    if (list.length > 0 && !spec.repeatable.includes(key))
      throw configError(where, `is set twice in [${cur.name}] (first on line ${list[0]!.where.line})`);
    list.push({ value, where });
    cur.values.set(key, list);
  });
  return sections;
}
