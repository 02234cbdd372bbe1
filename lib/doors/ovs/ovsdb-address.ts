/**
 * Where ovsdb-server listens, in ovs-vsctl's own syntax: `unix:PATH` or `tcp:IP:PORT`
 * (`tcp:[IPv6]:PORT`). The default is ovs-vsctl's: `unix:$OVS_RUNDIR/db.sock`, OVS_RUNDIR
 * defaulting to /var/run/openvswitch (lib/db-ctl-base.c ctl_default_db, lib/dirs.c).
 */
import { join } from 'node:path';
import { isIP } from '../../request/ip-syntax.js';
import { usageError } from '../../errors.js';

const DEFAULT_OVS_RUNDIR = '/var/run/openvswitch';

export type OvsdbAddress =
  { kind: 'unix'; path: string; text: string } | { kind: 'tcp'; host: string; port: number; text: string };

/** ovs-vsctl's default database for this environment. */
export function defaultOvsDb(env: Record<string, string | undefined>): string {
  return `unix:${join(env['OVS_RUNDIR'] || DEFAULT_OVS_RUNDIR, 'db.sock')}`;
}

/** Parse `unix:PATH` / `tcp:IP:PORT`; anything else is a usage error naming the value. */
export function parseOvsdbAddress(text: string): OvsdbAddress {
  if (text.startsWith('unix:') && text.length > 5 && !text.includes('\0'))
    return { kind: 'unix', path: text.slice(5), text };
  const m = /^tcp:(?:\[([0-9A-Fa-f:.]+)\]|([0-9.]+)):(\d{1,5})$/.exec(text);
  const host = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  if (host && isIP(host) && port > 0 && port < 65536) return { kind: 'tcp', host, port, text };
  throw usageError(`ovsdb address "${text}" is not unix:PATH or tcp:IP:PORT`);
}
