/**
 * Who else announces an IPv4 address as primary into OSPF, from the local ospfd's database
 * (`show ip ospf database external A.B.C.D json`, FRR 8.4; pure). ctnet's class travels in
 * the AS-external LSA (lib/setups/frr/frr-conf.ts OSPF_ANNOUNCE): E2 metric 100 primary, E2 200
 * spare, E1 300 anycast. An LSA this router originates (advertisingRouter = routerId) is not
 * another node; a spare or anycast LSA is not a primary; every other LSA for the /32 (another
 * node's primary, or a router redistributing it without ctnet's classes) is.
 */
import { OSPF_ANNOUNCE } from './frr-conf.js';

/** OSPF's MaxAge (RFC 2328, RFC 5340): an LSA this old is a withdrawal being flushed. */
export const OSPF_MAX_AGE = 3600;

interface ExternalLsaJson {
  lsaAge?: number;
  linkStateId?: string;
  advertisingRouter?: string;
  networkMask?: number;
  metricType?: string;
  metric?: number;
}

/** The advertising routers of other primaries; undefined when the text is not ospfd's answer. */
export function otherOspfPrimaries(json: string, address: string): string[] | undefined {
  let v: { routerId?: string; asExternalLinkStates?: ExternalLsaJson[] };
  try {
    v = JSON.parse(json) as typeof v;
  } catch {
    return undefined; // not JSON: an error message (e.g. ospfd is not running)
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v) || !Array.isArray(v.asExternalLinkStates))
    return undefined;
  const routers = v.asExternalLinkStates
    .filter(
      (l) =>
        l.linkStateId === address &&
        l.networkMask === 32 &&
        l.advertisingRouter &&
        l.advertisingRouter !== v.routerId &&
        !((l.lsaAge ?? 0) >= OSPF_MAX_AGE) &&
        !notPrimary(l),
    )
    .map((l) => l.advertisingRouter!);
  return [...new Set(routers)].sort();
}

/** ctnet's spare (E2, 200) or anycast (E1, 300). */
function notPrimary(l: ExternalLsaJson): boolean {
  const type = /^E([12])\b/.exec(l.metricType ?? '')?.[1];
  return [OSPF_ANNOUNCE.spare, OSPF_ANNOUNCE.anycast].some((c) => l.metric === c.metric && type === c.type.slice(-1));
}

/** "OSPF router 10.255.0.2, 10.255.0.3". */
export function describeOspfOthers(routers: string[]): string {
  return `OSPF router ${routers.join(', ')}`;
}
