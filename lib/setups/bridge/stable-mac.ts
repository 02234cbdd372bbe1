/**
 * A bridge MAC derived from its name: stable across reboots and hosts, unicast, locally
 * administered (first byte xxxxxx10), so it never collides with a vendor address and never
 * follows the ports (the seed 000 outage).
 */
import { createHash } from 'node:crypto';

export function stableMac(name: string): string {
  const h = createHash('sha256').update(`ctnet-bridge:${name}`).digest();
  const bytes = [(h[0]! & 0xfc) | 0x02, h[1]!, h[2]!, h[3]!, h[4]!, h[5]!];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}
