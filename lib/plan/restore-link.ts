/** Undo lines for `ip link set` changes to a host veth (shared by the bridge attach planners). */
import type { LinkState } from '../observe/link-state.js';

/**
 * The line that puts a link back as it was before a `link set` that gave it `to` (and up);
 * undefined when nothing would change (e.g. the second run of an up).
 */
export function restoreLink(before: LinkState, to: { master?: string; mtu?: number }): string | undefined {
  const parts: string[] = [];
  if (to.master !== undefined && before.master !== to.master) {
    parts.push(before.master && before.master !== 'ovs-system' ? `master ${before.master}` : 'nomaster');
  }
  if (to.mtu !== undefined && before.mtu !== undefined && before.mtu !== to.mtu) parts.push(`mtu ${before.mtu}`);
  if (!before.up) parts.push('down');
  return parts.length ? `link set dev ${before.name} ${parts.join(' ')}` : undefined;
}
