/** argv + env of vps.umount / CTID.umount (env VEID, VE_CONFFILE) -> vzUmount. */
import { usageError } from '../../errors.js';
import { checkCtid } from '../../request/validate.js';
import type { HookSpec } from '../../hook/run-hook.js';
import { vzUmount, type UmountEvent } from './vz-umount.js';

const UMOUNT_USAGE = `Usage: ctnet-umount   (env: VEID, VE_CONFFILE)

OpenVZ umount action script: install as /etc/vz/conf/vps.umount (all CTs) or
/etc/vz/conf/<CTID>.umount. Removes exactly the host routes (and Open vSwitch ports) that
ctnet's up hooks added for the CT. Succeeds when they are already gone, when the CT has no
veth settings, and when run twice (vzctl also runs it while starting a CT left mounted).

Options:
  --dry-run, -n   print the commands instead of running them (also CTNET_DRY_RUN=1)
  --verbose, -v   print every command run (also CTNET_VERBOSE=1)
  --quiet         no progress lines on stderr
  --vz-dir DIR    read DIR/vz.conf and DIR/conf/ instead of /etc/vz
  --run-dir DIR   keep records in DIR instead of /run/ctnet
  --vzctl FILE    run CT-side commands with FILE instead of /usr/sbin/vzctl (labs)
  --help, --version
`;

function umountEvent(processEnv: NodeJS.ProcessEnv): UmountEvent {
  const veid = processEnv['VEID'] ?? '';
  if (!veid) throw usageError('VEID is not set in the environment (vzctl sets it)');
  const why = checkCtid(veid);
  if (why) throw usageError(`VEID: ${why}`);
  const conf = processEnv['VE_CONFFILE'];
  return conf ? { veid, confFile: conf } : { veid };
}

export const umountSpec: HookSpec = {
  name: 'ctnet-umount',
  usage: UMOUNT_USAGE,
  handler: async (_args, hookEnv, processEnv) => vzUmount(umountEvent(processEnv), hookEnv),
};
