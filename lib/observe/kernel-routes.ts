/** The routes ctnet added (proto 213), IPv4 and IPv6, as the kernel reports them (`ip -j`). */
import { run } from '../doors/exec.js';
import { CTNET_ROUTE_PROTO } from '../request/route-proto.js';

export interface KernelRoute {
  /** Destination with prefix, e.g. 10.0.0.101/32. */
  dst: string;
  dev: string;
}

/**
 * One `ip -j route show table all proto 213` per family: main, and the class tables of IPv4
 * spares and anycast addresses (an admin command may list the tables).
 */
export async function ctnetRoutes(): Promise<KernelRoute[]> {
  const out: KernelRoute[] = [];
  for (const fam of ['-4', '-6'] as const) {
    const r = await run('ip', ['-j', fam, 'route', 'show', 'table', 'all', 'proto', String(CTNET_ROUTE_PROTO)]);
    const rows = JSON.parse(r.stdout.trim() || '[]') as Array<{ dst: string; dev?: string; type?: string }>;
    for (const row of rows) {
      // A class marker (lib/plan/route-line.ts) goes with its container's route.
      if (row.type === 'blackhole') continue;
      const dst = row.dst.includes('/') ? row.dst : `${row.dst}/${fam === '-4' ? 32 : 128}`;
      out.push({ dst, dev: row.dev ?? '' });
    }
  }
  return out;
}

/** "10.0.0.5/32 br0" — the identity of a route for comparisons. */
export function routeKey(dst: string, dev: string): string {
  return `${dst} ${dev}`;
}

/** Routes named by recorded `route del <dst> dev <dev> proto 213` lines. */
export function routesInLines(lines: string[]): Array<{ dst: string; dev: string }> {
  const out: Array<{ dst: string; dev: string }> = [];
  for (const l of lines) {
    const m = /^route del (\S+) dev (\S+) proto /.exec(l);
    if (m) out.push({ dst: m[1]!, dev: m[2]! });
  }
  return out;
}
