/**
 * The network sections of an LXC container config (LXC_CONFIG_FILE), read as text, validated,
 * never executed. Both key styles:
 *   LXC 3.0+   lxc.net.N.<key>            (N = section index)
 *   LXC 1.x/2.x lxc.network.<key>          (each lxc.network.type starts a new section)
 * Syntax (lxc/lxc src/lxc/confile.c): one `key = value` per line, spaces around `=` ignored,
 * lines starting with `#` and blank lines skipped; an empty value resets (`lxc.net =` drops
 * every section, `lxc.net.0.ipv4.address =` clears that list). `lxc.include = PATH` is read in
 * place, as LXC does: a file, or every `*.conf` file of a directory (LXC takes them in readdir
 * order; ctnet sorts them by name); at most 8 levels deep, the same size limit for all files.
 * The parser stays pure: the caller's `include` reads what a PATH names (lxc-includes.ts).
 */
import { configError, CtnetError } from '../../errors.js';
import { applyNetKey, emptySection, type LxcNetSection } from './lxc-net-keys.js';

export type { LxcNetSection } from './lxc-net-keys.js';

/** The files an `lxc.include` value names, read; undefined when the path does not exist. */
export type IncludeReader = (target: string) => Array<{ file: string; text: string }> | undefined;

export interface LxcConfig {
  file: string;
  sections: LxcNetSection[];
  /** lxc.hook.version (0 when not set). */
  hookVersion: number;
  warnings: string[];
}

const MAX_BYTES = 1024 * 1024;
const MAX_INCLUDE_DEPTH = 8;
const NET_RE = /^lxc\.net\.(\d{1,4})\.(.+)$/;
const LEGACY_RE = /^lxc\.network\.(.+)$/;

export function parseLxcConfig(text: string, file: string, include?: IncludeReader): LxcConfig {
  const cfg: LxcConfig = { file, sections: [], hookVersion: 0, warnings: [] };
  const st: ParseState = { cfg, byIndex: new Map(), legacy: undefined, bytes: 0, include };
  parseFile(st, text, file, 0);
  cfg.sections.sort((a, b) => a.index - b.index);
  return cfg;
}

interface ParseState {
  cfg: LxcConfig;
  byIndex: Map<number, LxcNetSection>;
  legacy: LxcNetSection | undefined;
  /** Bytes read so far, all files together. */
  bytes: number;
  include: IncludeReader | undefined;
}

function parseFile(st: ParseState, text: string, file: string, depth: number): void {
  st.bytes += text.length;
  if (st.bytes > MAX_BYTES)
    throw new CtnetError(`${file}: larger than ${MAX_BYTES} bytes (with what it includes), refusing to read it`, {
      code: 'E_CONFIG',
    });
  if (text.includes('\0')) throw new CtnetError(`${file}: contains a NUL byte`, { code: 'E_CONFIG' });
  const { cfg } = st;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = (eq < 0 ? line : line.slice(0, eq)).trim();
    const value = eq < 0 ? '' : line.slice(eq + 1).trim();
    const where = { file, line: i + 1, key };
    if (eq < 0) {
      if (key.startsWith('lxc.net')) throw configError(where, 'no "=" on this line');
      continue;
    }
    if (key === 'lxc.include') {
      includeFiles(st, value, where, depth);
      continue;
    }
    if (key === 'lxc.hook.version') {
      if (value !== '0' && value !== '1') throw configError(where, `"${value}" is not 0 or 1`);
      cfg.hookVersion = Number(value);
    }
    if ((key === 'lxc.net' || key === 'lxc.network') && value === '') {
      st.byIndex.clear();
      st.legacy = undefined;
      cfg.sections = [];
      continue;
    }
    const m = NET_RE.exec(key);
    if (m) {
      const index = Number(m[1]);
      let s = st.byIndex.get(index);
      if (!s) {
        s = emptySection(index, `lxc.net.${index}`, i + 1);
        st.byIndex.set(index, s);
        cfg.sections.push(s);
      }
      applyNetKey(s, m[2]!, value, where);
      continue;
    }
    const l = LEGACY_RE.exec(key);
    if (l) {
      if (l[1] === 'type') {
        st.legacy = emptySection(cfg.sections.length, `lxc.network (#${cfg.sections.length + 1})`, i + 1);
        cfg.sections.push(st.legacy);
      } else if (!st.legacy) {
        throw configError(
          where,
          'comes before any lxc.network.type (LXC 1.x/2.x start each interface with lxc.network.type)',
        );
      }
      applyNetKey(st.legacy, legacyKey(l[1]!), value, where);
    }
  }
}

/** `lxc.include = PATH`: the file(s) it names, parsed in place; an empty value does nothing. */
function includeFiles(
  st: ParseState,
  target: string,
  where: { file: string; line: number; key: string },
  depth: number,
): void {
  if (target === '') return;
  if (!st.include) {
    st.cfg.warnings.push(
      `${where.file}:${where.line}: lxc.include is not followed here; network sections must be in this file`,
    );
    return;
  }
  if (!target.startsWith('/')) throw configError(where, `"${target}" is not an absolute path`);
  if (depth >= MAX_INCLUDE_DEPTH)
    throw configError(where, `"${target}": includes nested more than ${MAX_INCLUDE_DEPTH} deep (a loop?)`);
  const files = st.include(target);
  if (files === undefined) throw configError(where, `"${target}" does not exist`);
  for (const f of files) parseFile(st, f.text, f.file, depth + 1);
}

/** LXC 1.x/2.x spelled the address lists lxc.network.ipv4 / ipv6. */
function legacyKey(k: string): string {
  return k === 'ipv4' ? 'ipv4.address' : k === 'ipv6' ? 'ipv6.address' : k;
}
