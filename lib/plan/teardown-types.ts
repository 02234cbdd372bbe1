/**
 * The entries of a teardown record, as types: what a down removes, as data
 * (lib/plan/teardown-entry.ts turns them into steps, lib/state/record-schema.ts validates them).
 */
import type { NatEntry } from '../setups/nat/nat-entry.js';

/** The host route to one container address via `dev` (proto 213, with the announce metric). */
export interface RouteEntry {
  kind: 'route';
  /** The container address, without prefix (the route is /32 or /128). */
  address: string;
  dev: string;
  metric?: number;
}

/** A proxy ARP/NDP entry for a container address on an uplink. */
interface ProxyNeighEntry {
  kind: 'proxy-neigh';
  address: string;
  dev: string;
}

/** An Open vSwitch port ctnet added for the container (external_ids:ctnet-owner = owner). */
interface OvsPortEntry {
  kind: 'ovs-port';
  port: string;
  owner: string;
}

/** The container's entries in ctnet's NAT table. */
export interface NatOwnerEntry {
  kind: 'nat';
  owner: string;
  entries: NatEntry[];
}

/** The anti-spoofing chain of a container port (lib/plan/guard/): removed by name. */
interface PortGuardEntry {
  kind: 'port-guard';
  port: string;
  /** Its Open vSwitch bridge, whose OpenFlow guard flows go too (records before it have none). */
  bridge?: string;
}

export type TeardownEntry = RouteEntry | ProxyNeighEntry | OvsPortEntry | NatOwnerEntry | PortGuardEntry;
