/**
 * The host-wide default of the filter: /etc/ctnet/host.conf `[isolation] filter = on|off`
 * (on when the file or the key is missing), from host.conf as the hook run loaded it once
 * (lib/setups/host/load-host-config.ts; pure).
 */
import type { HostConfig } from './host-conf.js';

export interface HostFilterDefault {
  on: boolean;
  /** "FILE:LINE: [isolation] filter = off", for the note when it is off. */
  from?: string;
}

export function hostFilterDefault(host: HostConfig): HostFilterDefault {
  const iso = host.isolation;
  if (iso.filter) return { on: true };
  return { on: false, from: iso.where ? `${iso.where.file}:${iso.where.line}: [isolation] filter = off` : undefined };
}
