/**
 * The network sections of an LXC container config (LXC_CONFIG_FILE), read as text, validated,
 * never executed. Both key styles:
 *   LXC 3.0+   lxc.net.N.<key>            (N = section index)
 *   LXC 1.x/2.x lxc.network.<key>          (each lxc.network.type starts a new section)
 * Syntax (lxc/lxc src/lxc/confile.c): one `key = value` per line, spaces around `=` ignored,
 * lines starting with `#` and blank lines skipped; an empty value resets (`lxc.net =` drops
 * every section, `lxc.net.0.ipv4.address =` clears that list). `lxc.include` is not followed
 * (a warning says so): keep network sections in the container's own config.
 */
import { configError, CtnetError } from '../errors.js';
import { applyNetKey, emptySection, type LxcNetSection } from './lxc-net-keys.js';

export type { LxcNetSection } from './lxc-net-keys.js';

export interface LxcConfig {
  file: string;
  sections: LxcNetSection[];
  /** lxc.hook.version (0 when not set). */
  hookVersion: number;
  warnings: string[];
}

const MAX_BYTES = 1024 * 1024;
const NET_RE = /^lxc\.net\.(\d{1,4})\.(.+)$/;
const LEGACY_RE = /^lxc\.network\.(.+)$/;

export function parseLxcConfig(text: string, file: string): LxcConfig {
  if (text.length > MAX_BYTES) throw new CtnetError(`${file}: larger than ${MAX_BYTES} bytes, refusing to read it`, { code: 'E_CONFIG' });
  if (text.includes('\0')) throw new CtnetError(`${file}: contains a NUL byte`, { code: 'E_CONFIG' });
  const cfg: LxcConfig = { file, sections: [], hookVersion: 0, warnings: [] };
  const byIndex = new Map<number, LxcNetSection>();
  let legacy: LxcNetSection | undefined;
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
    if (key === 'lxc.include') cfg.warnings.push(`${file}:${i + 1}: lxc.include is not followed by ctnet; network sections must be in this file`);
    if (key === 'lxc.hook.version') {
      if (value !== '0' && value !== '1') throw configError(where, `"${value}" is not 0 or 1`);
      cfg.hookVersion = Number(value);
    }
    if ((key === 'lxc.net' || key === 'lxc.network') && value === '') {
      byIndex.clear();
      legacy = undefined;
      cfg.sections = [];
      continue;
    }
    const m = NET_RE.exec(key);
    if (m) {
      const index = Number(m[1]);
      let s = byIndex.get(index);
      if (!s) {
        s = emptySection(index, `lxc.net.${index}`, i + 1);
        byIndex.set(index, s);
        cfg.sections.push(s);
      }
      applyNetKey(s, m[2]!, value, where);
      continue;
    }
    const l = LEGACY_RE.exec(key);
    if (l) {
      if (l[1] === 'type') {
        legacy = emptySection(cfg.sections.length, `lxc.network (#${cfg.sections.length + 1})`, i + 1);
        cfg.sections.push(legacy);
      } else if (!legacy) {
        throw configError(where, 'comes before any lxc.network.type (LXC 1.x/2.x start each interface with lxc.network.type)');
      }
      applyNetKey(legacy, legacyKey(l[1]!), value, where);
    }
  }
  cfg.sections.sort((a, b) => a.index - b.index);
  return cfg;
}

/** LXC 1.x/2.x spelled the address lists lxc.network.ipv4 / ipv6. */
function legacyKey(k: string): string {
  return k === 'ipv4' ? 'ipv4.address' : k === 'ipv6' ? 'ipv6.address' : k;
}
