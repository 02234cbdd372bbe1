/** The node's global forwarding switches, read from /proc/sys (for plan notes only). */
import { join } from 'node:path';
import { readTextIfExists } from '../doors/fs.js';

export interface Forwarding {
  ipv4Forwarding?: boolean;
  ipv6Forwarding?: boolean;
}

export function readForwarding(procSys = '/proc/sys'): Forwarding {
  const out: Forwarding = {};
  const v4 = readTextIfExists(join(procSys, 'net/ipv4/ip_forward'))?.trim();
  if (v4 !== undefined) out.ipv4Forwarding = v4 === '1';
  const v6 = readTextIfExists(join(procSys, 'net/ipv6/conf/all/forwarding'))?.trim();
  if (v6 !== undefined) out.ipv6Forwarding = v6 === '1';
  return out;
}
