/** argv + env of vznetcfg (legacy `init veth`, OpenVZ 7 `addif`/`delif`) -> vznetcfg(). */
import { usageError } from '../../errors.js';
import type { HookArgValue } from '../../hook/hook-args.js';
import type { HookSpec } from '../../hook/run-hook.js';
import { vznetcfg } from './vznetcfg.js';
import { vznetcfgEvent } from '../../runtimes/openvz/vznetcfg-args.js';

const VZNETCFG_USAGE = `Usage: ctnet-vznetcfg init veth <host_ifname> [<bridge>]   (env: VEID)            vzctl 4.x
       ctnet-vznetcfg addif <host_ifname> <network>  (env: VEID, NETWORK_TYPE,     OpenVZ 7
                                     VPORT_TYPE, IFACEID, MAC)
       ctnet-vznetcfg delif <host_ifname>            (env: VEID, VPORT_TYPE)        OpenVZ 7

Drop-in for /usr/sbin/vznetcfg (vzctl) or libvzctl's vznetcfg (OpenVZ 7); no patched script
needed. init: brings the veth up on the bridge of its NETIF entry (bridge=, else BRIDGEDEV, or
the 4th argument), with the bridge's MTU and a pinned bridge MAC; no bridge: just up.
addif: the same on the network's bridge (NETWORK_TYPE=bridge: the network is the bridge,
otherwise "virsh net-info" names it). delif: takes the veth off its bridge (and its Open
vSwitch port with VPORT_TYPE=ovs). Then, like the original, runs EXTERNAL_SCRIPT from
/etc/vz/vznet.conf (read, never sourced) with the same arguments and VEID, if it is set and
executable; ctnet-vznet there adds the routes and configures the CT side.

Options:
  --dry-run, -n          print the commands instead of running them (also CTNET_DRY_RUN=1)
  --verbose, -v          print every command run (also CTNET_VERBOSE=1)
  --quiet                no progress lines on stderr
  --vz-dir DIR           read DIR/vznet.conf, DIR/vz.conf, DIR/conf/ instead of /etc/vz
  --run-dir DIR          keep records (OVS ports for ctnet-umount) in DIR instead of /run/ctnet
  --etc-dir DIR          read DIR/ctnet/host.conf (the filter's default) instead of /etc/ctnet/host.conf
  --script-timeout SEC   give EXTERNAL_SCRIPT at most SEC seconds (default 60)
  --help, --version
`;

function scriptTimeoutMs(v: HookArgValue | undefined): number {
  if (v === undefined || v === '') return 60_000;
  const s = String(v);
  if (!/^\d{1,4}$/.test(s) || Number(s) < 1)
    throw usageError(`--script-timeout: "${s}" is not a number of seconds (1-9999)`);
  return Number(s) * 1000;
}

export const vznetcfgSpec: HookSpec = {
  name: 'ctnet-vznetcfg',
  usage: VZNETCFG_USAGE,
  strings: ['script-timeout'],
  handler: async (args, hookEnv, processEnv) => {
    const argv = args._;
    const self = process.argv[1];
    await vznetcfg(
      {
        ev: vznetcfgEvent(argv, processEnv),
        argv,
        processEnv,
        scriptTimeoutMs: scriptTimeoutMs(args['script-timeout']),
        self,
      },
      hookEnv,
    );
  },
};
