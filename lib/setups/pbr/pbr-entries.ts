/**
 * The kernel entries a networks.conf asks for, as plain data (pure): per network and prefix,
 * seed 000's two routes in the network's table and its rule pair. Numeric table ids are used
 * in every command, so the result never depends on which rt_tables files `ip` reads.
 *
 *   route replace NET dev UPLINK table T proto 213
 *   route replace default via GW dev UPLINK table T proto 213
 *   rule add pref P   from NET to NET iif venet0 lookup main protocol 213  (local stays local)
 *   rule add pref P+1 from NET iif venet0 lookup T protocol 213            (the rest: UPLINK)
 *
 * The `to NET` rule gets the lower priority value, so it is consulted first and wins.
 */
import { oneLine } from '../../errors.js';
import { CTNET_ROUTE_PROTO } from '../../request/route-proto.js';
import type { IpAddr } from '../../request/ip-address.js';
import type { PbrConfig, PbrNetwork } from './networks-conf.js';

export interface PbrEntry {
  /** Stable identity (the add command). */
  id: string;
  network: string;
  family: 4 | 6;
  kind: 'rule' | 'route';
  add: string;
  del: string;
  /** An `ip -j show` command listing exactly this entry (and near twins). */
  query: string;
  /** How to recognise it among the query's rows. */
  match: { table: number; tableName: string; dev?: string; gateway?: string };
}

const P = CTNET_ROUTE_PROTO;

export function pbrEntries(cfg: PbrConfig): PbrEntry[] {
  return cfg.networks.flatMap((n) => networkEntries(n));
}

function networkEntries(n: PbrNetwork): PbrEntry[] {
  const out: PbrEntry[] = [];
  for (const family of [4, 6] as const) {
    const prefixes = n.prefixes.filter((p) => p.family === family);
    const gw = family === 4 ? n.gateway : n.gateway6;
    prefixes.forEach((p, k) => out.push(...prefixEntries(n, p, n.priority + 2 * k)));
    if (gw) out.push(defaultRoute(n, gw));
  }
  return out;
}

function prefixEntries(n: PbrNetwork, p: IpAddr, prio: number): PbrEntry[] {
  const net = `${p.address}/${p.prefix}`;
  const base = { network: n.name, family: p.family };
  const local = `pref ${prio} from ${net} to ${net} iif ${n.iif} lookup main`;
  const egress = `pref ${prio + 1} from ${net} iif ${n.iif} lookup ${n.table}`;
  const route = `${net} dev ${n.uplink} table ${n.table} proto ${P}`;
  const rule = (sel: string, match: { table: number; tableName: string }): PbrEntry => ({
    ...base,
    kind: 'rule',
    id: `rule ${sel}`,
    add: `rule add ${sel} protocol ${P}`,
    del: `rule del ${sel} protocol ${P}`,
    query: `rule show ${sel}`,
    match,
  });
  return [
    {
      ...base,
      kind: 'route',
      id: `route ${route}`,
      add: `route replace ${route}`,
      del: `route del ${route}`,
      query: `route show table all proto ${P} exact ${net}`,
      match: { table: n.table, tableName: n.name, dev: n.uplink },
    },
    rule(local, { table: 254, tableName: 'main' }),
    rule(egress, { table: n.table, tableName: n.name }),
  ];
}

function defaultRoute(n: PbrNetwork, gw: IpAddr): PbrEntry {
  const route = `default via ${gw.address} dev ${n.uplink} table ${n.table} proto ${P}`;
  return {
    network: n.name,
    family: gw.family,
    kind: 'route',
    id: `route ${route}`,
    add: `route replace ${route}`,
    del: `route del ${route}`,
    query: `route show table all proto ${P} exact default`,
    match: { table: n.table, tableName: n.name, dev: n.uplink, gateway: gw.address },
  };
}

/** One row of `ip -j route show` / `ip -j rule show`. */
export interface IpRow {
  table?: string;
  dev?: string;
  gateway?: string;
  protocol?: string;
}

/** Whether the query rows contain this entry, made by ctnet. */
export function entryPresent(e: PbrEntry, rows: IpRow[]): boolean {
  const tableOk = (t: string | undefined) =>
    t === String(e.match.table) || t === e.match.tableName || (t === undefined && e.match.table === 254);
  return rows.some((r) => {
    if (!tableOk(r.table)) return false;
    if (e.kind === 'rule') return r.protocol === String(P) || r.protocol === 'ctnet';
    return r.dev === e.match.dev && (e.match.gateway === undefined || r.gateway === e.match.gateway);
  });
}

/**
 * rt_tables.d/ctnet.conf: the names of ctnet's tables, for `ip route show table internal`.
 * Names and numbers are validated (networks-conf.ts); the config path in the comment is shown
 * escaped, so a newline in --config cannot add a table line.
 */
export function rtTablesText(cfg: PbrConfig): string {
  const lines = cfg.networks.map((n) => `${n.table}\t${n.name}`);
  return `# Written by "ctnet pbr apply" from ${oneLine(cfg.file)}; edit that file, not this one.\n${lines.join('\n')}\n`;
}
