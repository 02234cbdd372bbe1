/**
 * What the kernel says about one link, read from sysfs (no process spawned; a handful of
 * small file reads). Correct in the namespace whose sysfs is mounted, which is the host
 * namespace for hooks, and the lab namespace under `ip netns exec`.
 */
import { basename, join } from 'node:path';
import { pathExists, readLinkIfExists, readTextIfExists } from '../doors/fs.js';

export interface LinkState {
  name: string;
  exists: boolean;
  mtu?: number;
  mac?: string;
  /** addr_assign_type 3 (NET_ADDR_SET): the MAC was set by someone and never follows ports. */
  macFixed?: boolean;
  /** A Linux bridge (has /sys/class/net/X/bridge). */
  isLinuxBridge?: boolean;
  /** Linux bridge: VLAN filtering on; undefined when the kernel lacks it (no sysfs knob). */
  vlanFiltering?: boolean;
  /** Name of the master device (a bridge, ovs-system), if enslaved. */
  master?: string;
  up?: boolean;
}

export const SYS_NET = '/sys/class/net';

export function readLinkState(name: string, sysNet = SYS_NET): LinkState {
  const dir = join(sysNet, name);
  const mtu = readTextIfExists(join(dir, 'mtu'));
  if (mtu === undefined) return { name, exists: false };
  const mac = readTextIfExists(join(dir, 'address'))?.trim();
  const assign = readTextIfExists(join(dir, 'addr_assign_type'))?.trim();
  const flags = readTextIfExists(join(dir, 'flags'))?.trim();
  const master = readLinkIfExists(join(dir, 'master'));
  const state: LinkState = {
    name,
    exists: true,
    mtu: Number(mtu.trim()),
    macFixed: assign === '3',
    isLinuxBridge: pathExists(join(dir, 'bridge')),
    up: flags !== undefined ? (parseInt(flags, 16) & 1) === 1 : false,
  };
  if (state.isLinuxBridge) {
    const vf = readTextIfExists(join(dir, 'bridge', 'vlan_filtering'))?.trim();
    if (vf !== undefined) state.vlanFiltering = vf === '1';
  }
  if (mac) state.mac = mac;
  if (master) state.master = basename(master);
  return state;
}
