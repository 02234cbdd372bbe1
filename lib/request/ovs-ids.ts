/**
 * How ctnet marks the Open vSwitch ports it creates (Port table, `external_ids` column):
 *   ctnet-owner  = "<runtime>:<container>", e.g. "lxc:web1", "vz:101"  (who the port belongs to)
 *   ctnet-ifname = the interface name inside the container, e.g. "eth0"
 * A down removes a port only when ctnet-owner names the same container, so ports made by
 * someone else (an admin, libvirt, another tool) are never touched, and stale ports of dead
 * containers can be found: `ovs-vsctl find port 'external_ids:ctnet-owner="lxc:web1"'`.
 */
export const OVS_OWNER_KEY = 'ctnet-owner';
export const OVS_IFNAME_KEY = 'ctnet-ifname';

export type OwnerRuntime = 'lxc' | 'vz';

/** The ctnet-owner value of a container: `lxc:web1`, `vz:101`. */
export function ovsOwner(runtime: OwnerRuntime, id: string): string {
  return `${runtime}:${id}`;
}

/** `external_ids:ctnet-owner="lxc:web1"`: an ovs-vsctl column argument with a quoted value. */
export function externalId(key: string, value: string): string {
  return `external_ids:${key}=${JSON.stringify(value)}`;
}
