/** `ctnet pbr show`: desired vs actual, one line per entry (pure). */
import type { PbrEntry } from './pbr-entries.js';
import type { PbrState } from './pbr-plan.js';

export function renderPbrShow(s: PbrState, namesFile: { path: string; ok: boolean }): string {
  const out: string[] = [];
  const byNet = new Map<string, PbrEntry[]>();
  for (const e of s.desired) byNet.set(e.network, [...(byNet.get(e.network) ?? []), e]);
  for (const [net, entries] of byNet) {
    out.push(`[${net}]`);
    for (const e of entries)
      out.push(`  ${s.present.has(e.id) ? 'ok     ' : 'MISSING'}  ${e.family === 6 ? '-6 ' : ''}${e.id}`);
  }
  const want = new Set(s.desired.map((e) => e.id));
  const stale = s.recorded.filter((e) => !want.has(e.id) && s.present.has(e.id));
  if (stale.length) {
    out.push('[no longer configured, still present]');
    for (const e of stale) out.push(`  STALE    ${e.family === 6 ? '-6 ' : ''}${e.id}`);
  }
  if (s.desired.length === 0) out.push('# no networks configured');
  out.push(`# table names: ${namesFile.path} ${namesFile.ok ? 'up to date' : 'MISSING or outdated'}`);
  const missing = s.desired.filter((e) => !s.present.has(e.id)).length;
  out.push(
    `# ${s.desired.length - missing}/${s.desired.length} in place${stale.length ? `, ${stale.length} stale` : ''}`,
  );
  return out.join('\n') + '\n';
}
