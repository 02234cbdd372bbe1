/**
 * Which lxc.net.N section an event is about. LXC passes no section index, so:
 * 1. the section whose veth.pair is the host veth;
 * 2. else the sections of the same type (and the same link, when LXC passed one) without a
 *    veth.pair, narrowed to those that have a script for this phase.
 * Several candidates are fine as long as they agree on the value the caller needs (`agreed`);
 * otherwise the error asks for lxc.net.N.veth.pair.
 */
import { CtnetError } from '../../errors.js';
import type { LxcConfig, LxcNetSection } from './lxc-config.js';
import type { LxcNetEvent } from './lxc-event.js';

export interface SectionMatch {
  candidates: LxcNetSection[];
  /** For messages: the config file and the event's device. */
  file: string;
  device: string;
}

export function findNetSection(cfg: LxcConfig, ev: LxcNetEvent): SectionMatch {
  const device = ev.device ?? ev.type;
  const byPair = ev.device ? cfg.sections.filter((s) => s.vethPair === ev.device) : [];
  if (byPair.length > 0) return { candidates: byPair.slice(0, 1), file: cfg.file, device };
  let c = cfg.sections.filter(
    (s) => (s.type ?? 'veth') === ev.type && !(ev.type === 'veth' && s.vethPair) && (!ev.link || s.link === ev.link),
  );
  const withScript = c.filter((s) => (ev.phase === 'up' ? s.scriptUp : s.scriptDown) !== undefined);
  if (withScript.length > 0) c = withScript;
  return { candidates: c, file: cfg.file, device };
}

/**
 * The value every candidate agrees on (undefined when there is no candidate). Values are
 * compared as JSON. Throws when candidates disagree.
 */
export function agreed<T>(m: SectionMatch, what: string, pick: (s: LxcNetSection) => T): T | undefined {
  if (m.candidates.length === 0) return undefined;
  const values = m.candidates.map(pick);
  const first = JSON.stringify(values[0]);
  if (values.every((v) => JSON.stringify(v) === first)) return values[0];
  const labels = m.candidates.map((s) => s.label).join(', ');
  throw new CtnetError(
    `${m.file}: cannot tell which section "${m.device}" belongs to: ${labels} all match and differ in ${what}`,
    {
      code: 'E_CONFIG',
      hint: 'set lxc.net.N.veth.pair so each section names its host veth',
    },
  );
}
