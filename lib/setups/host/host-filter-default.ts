/**
 * The host-wide default of the filter: /etc/ctnet/host.conf `[isolation] filter = on|off`
 * (on when the file or the key is missing). Read once per hook run, through the trusted-file
 * reader (a host.conf someone but root could write is refused).
 */
import { loadHostConfig } from './load-host-config.js';

export interface HostFilterDefault {
  on: boolean;
  /** "FILE:LINE: [isolation] filter = off", for the note when it is off. */
  from?: string;
}

export function hostFilterDefault(etcDir: string | undefined): HostFilterDefault {
  const iso = loadHostConfig(etcDir ?? '/etc').isolation;
  if (iso.filter) return { on: true };
  return { on: false, from: iso.where ? `${iso.where.file}:${iso.where.line}: [isolation] filter = off` : undefined };
}
