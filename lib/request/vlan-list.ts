/** VLAN id lists as admins write them: `10,20,30-35` (ids 1-4094, ranges inclusive). */
import { parseVlanId } from './validate.js';

const MAX_VLANS = 4094;

/** Sorted, de-duplicated ids, or a reason string. */
export function parseVlanList(text: string): number[] | string {
  const ids = new Set<number>();
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length === 0 || parts.some((p) => p === '')) return `"${text}" is not a VLAN list (e.g. 10,20,30-35)`;
  for (const part of parts) {
    const m = /^(\d+)-(\d+)$/.exec(part);
    const [lo, hi] = m ? [parseVlanId(m[1]!), parseVlanId(m[2]!)] : [parseVlanId(part), parseVlanId(part)];
    if (typeof lo === 'string') return `"${text}": ${lo}`;
    if (typeof hi === 'string') return `"${text}": ${hi}`;
    if (hi < lo) return `"${text}": range ${part} runs backwards`;
    for (let v = lo; v <= hi && ids.size <= MAX_VLANS; v++) ids.add(v);
  }
  return [...ids].sort((a, b) => a - b);
}

/** `[10,11,12,20]` -> `10-12,20` (compact form for bridge/ovs commands and messages). */
export function formatVlanList(ids: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < ids.length;) {
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === ids[j]! + 1) j++;
    out.push(j > i ? `${ids[i]}-${ids[j]}` : `${ids[i]}`);
    i = j + 1;
  }
  return out.join(',');
}
