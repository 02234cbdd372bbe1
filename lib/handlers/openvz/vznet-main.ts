/** argv + env of EXTERNAL_SCRIPT (`init veth <host_ifname> [<bridge>]`, env VEID) -> vznetUp. */
import { usageError } from '../../errors.js';
import { checkCtid, checkIfname } from '../../request/validate.js';
import type { HookSpec } from '../../hook/run-hook.js';
import { vznetUp, type VznetUpEvent } from './vznet-up.js';

const VZNET_USAGE = `Usage: ctnet-vznet init veth <host_ifname> [<bridge>]   (env: VEID)

OpenVZ EXTERNAL_SCRIPT (set in /etc/vz/vznet.conf). vznetcfg runs it once per veth right after
vzctl creates the pair. It reads /etc/vz/vz.conf and /etc/vz/conf/$VEID.conf (never sources
them), attaches the host veth to its bridge (4th argument, NETIF bridge=, BRIDGEDEV), pins the
bridge MAC, matches the MTU, routes the CT addresses to the CT, and configures the CT side
(addresses, route to CT0_IP, default route) in one "vzctl exec".

Options:
  --dry-run, -n   print the commands instead of running them (also CTNET_DRY_RUN=1)
  --verbose, -v   print every command run, and stack traces on errors (also CTNET_VERBOSE=1)
  --quiet         no progress lines on stderr
  --vz-dir DIR    read DIR/vz.conf and DIR/conf/ instead of /etc/vz
  --run-dir DIR   keep records in DIR instead of /run/ctnet
  --etc-dir DIR   read DIR/ctnet/host.conf (filter default, container pools, dad, forward-ports) instead of /etc/ctnet/host.conf
  --vzctl FILE    run CT-side commands with FILE instead of /usr/sbin/vzctl (labs)
  --help, --version
`;

function vznetEvent(positional: string[], processEnv: NodeJS.ProcessEnv): VznetUpEvent {
  const [verb, type, dev, bridge] = positional;
  if (verb !== 'init' || type !== 'veth' || !dev) {
    throw usageError(`expected "init veth <host_ifname> [<bridge>]", got "${positional.join(' ')}"`);
  }
  const veid = processEnv['VEID'] ?? '';
  if (!veid) throw usageError('VEID is not set in the environment (vzctl sets it)');
  const idWhy = checkCtid(veid);
  if (idWhy) throw usageError(`VEID: ${idWhy}`);
  const devWhy = checkIfname(dev);
  if (devWhy) throw usageError(`host_ifname argument: ${devWhy}`);
  if (bridge !== undefined && bridge !== '') {
    const bWhy = checkIfname(bridge);
    if (bWhy) throw usageError(`bridge argument: ${bWhy}`);
    return { veid, hostIfname: dev, bridgeArg: bridge };
  }
  return { veid, hostIfname: dev };
}

export const vznetSpec: HookSpec = {
  name: 'ctnet-vznet',
  usage: VZNET_USAGE,
  handler: async (args, hookEnv, processEnv) => vznetUp(vznetEvent(args._, processEnv), hookEnv),
};
