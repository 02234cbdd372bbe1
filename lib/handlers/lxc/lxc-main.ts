/** argv + env of lxc.net.N.script.up/down (every LXC version, hook.version 0 and 1) -> up/down. */
import type { HookSpec } from '../../hook/run-hook.js';
import { lxcNetEvent } from '../../runtimes/lxc/lxc-event.js';
import { lxcNetDown } from './lxc-net-down.js';
import { lxcNetUp } from './lxc-net-up.js';
import { LXC_BOOLEAN_OPTIONS, LXC_STRING_OPTIONS, lxcOptions } from '../../runtimes/lxc/lxc-options.js';

const LXC_USAGE = `Usage: ctnet-lxc [options] <name> net up|down <type> [<link>] [<dev>]   (hook.version 0, LXC 1.x-5.x)
       ctnet-lxc [options] <type> [<link>] [<dev>]                      (hook.version 1, env LXC_HOOK_TYPE ...)

LXC network hook: set the same line as lxc.net.N.script.up and lxc.net.N.script.down (LXC 3+)
or lxc.network.script.up/down (LXC 1.x/2.x). Options go on that line, before LXC's arguments:
  lxc.net.0.script.up   = /usr/libexec/ctnet/ctnet-lxc --bridge sw0 --vlan 10
  lxc.net.0.script.down = /usr/libexec/ctnet/ctnet-lxc --bridge sw0 --vlan 10
It reads the container's lxc.net.N section from LXC_CONFIG_FILE (never executes it).

veth with a bridge (--bridge, else the section's link): Linux bridge -> join it, MTU of the
  bridge, bridge MAC pinned, VLAN through bridge VLAN filtering; Open vSwitch bridge -> one
  ovs-vsctl transaction (stale port record replaced, tag/trunks, mtu_request, owner ids).
veth with --routed (no link): host routes (proto 213) to the section's ipv4/ipv6.address via
  the veth, proxy ARP / proxy NDP on that veth only.
macvlan, ipvlan, vlan, phys, empty: nothing to do (LXC configures them); exits 0.
Every veth gets an anti-spoofing filter (nftables netdev ingress, table netdev ctnet-guard):
  only its lxc.net.N.hwaddr and ipv4/ipv6.address may send (docs/isolation.md).
Down removes exactly what up added (OVS port only when ctnet owns it, routes, the filter); already gone is fine.

Options:
  --bridge NAME   Linux or Open vSwitch bridge (default: the section's link)
  --vlan ID       access VLAN 1-4094 (untagged in the container)
  --trunks LIST   tagged VLANs, e.g. 10,20,30-35 (with --vlan: that one is untagged)
  --mtu N         MTU of the host veth (default: the bridge's, or lxc.net.N.mtu)
  --routed        routed veth instead of a bridge
  --filter on|off the anti-spoofing filter of the veth (default on; docs/isolation.md)
  --announce primary|spare|anycast   (--routed) the class FRR announces the host routes with
                  (their kernel metric; docs/frr.md)
  --primary-guard refuse|demote|off  (--routed) before announcing as primary, ask the local
                  bgpd (1 s at most; CTNET_FRR_PATHSPACE=NAME for vtysh -N NAME) whether another
                  node announces the address as primary: refuse the start, or come up as a spare
  --dry-run, -n   print the commands instead of running them (also CTNET_DRY_RUN=1)
  --verbose, -v   print every command run (also CTNET_VERBOSE=1)
  --quiet         no progress lines on stderr
  --run-dir DIR   keep records in DIR instead of /run/ctnet
  --etc-dir DIR   read DIR/ctnet/host.conf (filter default, container pools, dad, forward-ports) instead of /etc/ctnet/host.conf
  --help, --version
Open vSwitch is found as ovs-vsctl finds it (OVS_RUNDIR, default /var/run/openvswitch);
every call has a 5 s timeout. See docs/lxc.md.
`;

export const lxcSpec: HookSpec = {
  name: 'ctnet-lxc',
  usage: LXC_USAGE,
  strings: LXC_STRING_OPTIONS,
  booleans: LXC_BOOLEAN_OPTIONS,
  handler: async (args, hookEnv, processEnv) => {
    const opts = lxcOptions(args);
    const ev = lxcNetEvent(args._, processEnv);
    if (ev.phase === 'up') await lxcNetUp(ev, opts, hookEnv);
    else await lxcNetDown(ev, opts, hookEnv);
  },
};
