/**
 * Routes ctnet adds carry their own route protocol id, so they can be told from every other
 * route (`ip route show proto 213`), removed without touching anyone else's, and picked up by
 * a routing daemon (FRR's `redistribute kernel` sees them). 213 is unassigned in iproute2's
 * rt_protos and in FRR's list (186-198). `ctnet install` names it in rt_protos.d.
 */
export const CTNET_ROUTE_PROTO = 213;
export const CTNET_ROUTE_PROTO_NAME = 'ctnet';
