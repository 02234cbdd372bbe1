/**
 * Who else announces an IPv6 address as primary into OSPFv3, from the local ospf6d (FRR 8.4;
 * pure). ospf6d has no per-prefix question for the AS-external database (an OSPFv3 LSA's
 * link state id is a number, not the prefix), so the answer read here is the whole
 * `show ipv6 ospf6 database as-external detail json`; this router's id comes from
 * `show ipv6 ospf6 json`. ctnet's class travels as in OSPFv2 (lib/setups/frr/frr-conf.ts
 * OSPF_ANNOUNCE): the E bit set (`"bits":"E--"`) is type-2, so E2 100 primary, E2 200 spare,
 * E1 300 anycast. An LSA this router originates is not another node; a spare or anycast is not
 * a primary; an LSA at MaxAge (withdrawn, being flushed) is none; every other LSA for the /128 is.
 */
import { OSPF_ANNOUNCE } from './frr-conf.js';
import { OSPF_MAX_AGE } from './other-ospf-primaries.js';
import { compressIPv6, expandIPv6, parseIpAddr } from '../../request/ip-address.js';

interface Ospf6ExternalLsaJson {
  age?: unknown;
  advertisingRouter?: unknown;
  bits?: unknown;
  metric?: unknown;
  prefix?: unknown;
}

const ROUTER_ID = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isRouterId(v: unknown): v is string {
  const m = typeof v === 'string' ? ROUTER_ID.exec(v) : null;
  return m !== null && m.slice(1).every((x) => Number(x) <= 255);
}

function parseObject(json: string): Record<string, unknown> | undefined {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return undefined; // not JSON: an error message (e.g. ospf6d is not running)
  }
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** This router's OSPFv3 router id from `show ipv6 ospf6 json`; undefined when that is not ospf6d's answer. */
export function ospf6RouterId(json: string): string | undefined {
  const id = parseObject(json)?.routerId;
  return isRouterId(id) ? id : undefined;
}

/** An IPv6 address in one spelling (2001:DB8:0::5 and 2001:db8::5 alike), undefined for anything else. */
function canonical6(text: string): string | undefined {
  const a = parseIpAddr(text, { allowPrefix: false });
  return typeof a === 'object' && a.family === 6 ? compressIPv6(expandIPv6(a.address)) : undefined;
}

/** The address of a /128 prefix ("2001:db8::5/128"), undefined for anything else. */
function hostAddress6(prefix: unknown): string | undefined {
  return typeof prefix === 'string' && prefix.endsWith('/128') ? canonical6(prefix.slice(0, -4)) : undefined;
}

/**
 * The advertising routers of other primaries for the IPv6 `address`, each once, sorted;
 * undefined when `json` is not ospf6d's answer (or `address` is no IPv6 address).
 */
export function otherOspf6Primaries(json: string, routerId: string, address: string): string[] | undefined {
  const want = canonical6(address);
  const dbs = parseObject(json)?.asScopedLinkStateDb;
  if (!Array.isArray(dbs) || want === undefined) return undefined;
  const lsas = dbs.flatMap((d: { lsa?: unknown }) => (Array.isArray(d?.lsa) ? (d.lsa as Ospf6ExternalLsaJson[]) : []));
  const routers = lsas
    .filter(
      (l) =>
        typeof l === 'object' &&
        l !== null &&
        isRouterId(l.advertisingRouter) &&
        l.advertisingRouter !== routerId &&
        !(typeof l.age === 'number' && l.age >= OSPF_MAX_AGE) &&
        hostAddress6(l.prefix) === want &&
        !notPrimary(l),
    )
    .map((l) => l.advertisingRouter as string);
  return [...new Set(routers)].sort();
}

/** ctnet's spare (E2, 200) or anycast (E1, 300). */
function notPrimary(l: Ospf6ExternalLsaJson): boolean {
  if (typeof l.bits !== 'string' || !/^[E-][F-][T-]$/.test(l.bits)) return false;
  const type = l.bits.startsWith('E') ? 'type-2' : 'type-1';
  return [OSPF_ANNOUNCE.spare, OSPF_ANNOUNCE.anycast].some((c) => l.metric === c.metric && type === c.type);
}

/** "OSPFv3 router 10.255.0.2, 10.255.0.3". */
export function describeOspf6Others(routers: string[]): string {
  return `OSPFv3 router ${routers.join(', ')}`;
}
