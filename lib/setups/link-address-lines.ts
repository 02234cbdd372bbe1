/**
 * The `ip -batch` lines that give a host link (a managed bridge, a macvlan shim) the addresses it
 * lacks and bring it up (pure). An address added to a link that existed before carries its undo;
 * on a link the same batch creates, the link's own removal undoes it.
 */
import type { IpAddr } from '../request/ip-address.js';
import type { LinkDetail } from '../observe/link-detail.js';

export function linkAddressLines(
  dev: string,
  addresses: readonly IpAddr[],
  cur: Pick<LinkDetail, 'addresses' | 'up'> | undefined,
): Array<{ cmd: string; undo?: string | undefined }> {
  const lines: Array<{ cmd: string; undo?: string | undefined }> = [];
  for (const a of addresses) {
    const text = `${a.address}/${a.prefix}`;
    if (cur?.addresses.includes(text)) continue;
    lines.push({
      cmd: `addr add ${text} dev ${dev}${a.family === 6 ? ' nodad' : ''}`,
      undo: cur ? `addr del ${text} dev ${dev}` : undefined,
    });
  }
  if (!cur?.up) lines.push({ cmd: `link set dev ${dev} up` });
  return lines;
}
