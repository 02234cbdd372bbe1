/**
 * Routes ctnet adds carry their own route protocol id, so they can be told from every other
 * route (`ip route show proto 213`), removed without touching anyone else's, and picked up by
 * a routing daemon (FRR's `redistribute kernel` sees them: zebra treats every protocol number it
 * does not install itself as a kernel route — zebra/rt_netlink.c is_selfroute; seen with FRR 8.4,
 * docs/frr.md). 213 is unassigned in iproute2's rt_protos and in FRR's list (11, 42, 186-198).
 * `ctnet install` names it in rt_protos.d.
 */
export const CTNET_ROUTE_PROTO = 213;
export const CTNET_ROUTE_PROTO_NAME = 'ctnet';
