/** The routes ctnet added (proto 213), IPv4 and IPv6, as the kernel reports them (`ip -j`). */
import { run } from '../doors/exec.js';
import { CTNET_ROUTE_PROTO } from '../request/route-proto.js';
import { CLASS_ROUTE_TABLE, CLASS_RULE_PREF } from '../request/announce-class.js';

export interface KernelRoute {
  /** Destination with prefix, e.g. 10.0.0.101/32. */
  dst: string;
  /** '' for a class marker. */
  dev: string;
  /** A table number other than main's (212, 213...). */
  table?: string;
  /** A class marker (a blackhole in table 213/214, lib/plan/route-line.ts). */
  marker?: boolean;
}

/**
 * One `ip -j route show table all proto 213` per family: main, and the class tables of IPv4
 * spares and anycast addresses (an admin command may list the tables).
 */
export async function ctnetRoutes(): Promise<KernelRoute[]> {
  const out: KernelRoute[] = [];
  for (const fam of ['-4', '-6'] as const) {
    const r = await run('ip', ['-j', fam, 'route', 'show', 'table', 'all', 'proto', String(CTNET_ROUTE_PROTO)]);
    const rows = JSON.parse(r.stdout.trim() || '[]') as Array<{
      dst: string;
      dev?: string;
      type?: string;
      table?: string;
    }>;
    for (const row of rows) {
      const dst = row.dst.includes('/') ? row.dst : `${row.dst}/${fam === '-4' ? 32 : 128}`;
      const table = row.table && /^\d{1,10}$/.test(row.table) ? { table: row.table } : {};
      out.push({ dst, dev: row.dev ?? '', ...table, ...(row.type === 'blackhole' ? { marker: true } : {}) });
    }
  }
  return out;
}

/** "10.0.0.5/32 br0" — the identity of a route for comparisons. */
export function routeKey(dst: string, dev: string): string {
  return `${dst} ${dev}`;
}

/**
 * Whether the rule that makes forwarding see table 212 is there: one `ip -j -4 rule show` of
 * exactly that rule (lib/request/announce-class.ts).
 */
export async function classRulePresent(): Promise<boolean> {
  const r = await run('ip', [
    '-j',
    '-4',
    'rule',
    'show',
    'pref',
    String(CLASS_RULE_PREF),
    'table',
    String(CLASS_ROUTE_TABLE),
    'protocol',
    String(CTNET_ROUTE_PROTO),
  ]);
  return (JSON.parse(r.stdout.trim() || '[]') as unknown[]).length > 0;
}
