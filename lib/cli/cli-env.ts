/**
 * Options the state-reading commands share (--vz-dir, --run-dir, --vzctl, --lxc-path, --etc), and a
 * HookEnv from them.
 */
import type minimist from 'minimist';
import { defaultApplyContext } from '../apply/context.js';
import { DEFAULT_VZ_DIR } from '../runtimes/openvz/load-vz-config.js';
import type { HookEnv } from '../hook/hook-env.js';
import { SYS_NET } from '../observe/link-state.js';
import { DEFAULT_RUN_DIR } from '../state/teardown-record.js';
import type { CliIo } from './command.js';
import { DEFAULT_LXC_PATH } from './check/lxc-inventory.js';

export const DEFAULT_ETC_DIR = '/etc';

export const STATE_OPTIONS = ['vz-dir', 'run-dir', 'vzctl', 'lxc-path', 'etc'];

export const STATE_OPTIONS_USAGE = `  --vz-dir DIR     OpenVZ config dir (default /etc/vz)
  --lxc-path DIR   LXC container configs (default /var/lib/lxc)
  --run-dir DIR    ctnet's records (default /run/ctnet)
  --vzctl FILE     vzctl to run CT-side commands with (default /usr/sbin/vzctl)
  --etc DIR        the /etc to read ctnet/host.conf from (default /etc)`;

export function cliHookEnv(
  args: minimist.ParsedArgs,
  io: CliIo,
  log: (line: string) => void,
): HookEnv & { lxcPath: string } {
  const ctx = defaultApplyContext(log);
  if (args['vzctl']) ctx.vzctl = String(args['vzctl']);
  return {
    vzDir: (args['vz-dir'] as string) || DEFAULT_VZ_DIR,
    runDir: (args['run-dir'] as string) || DEFAULT_RUN_DIR,
    etcDir: (args['etc'] as string) || DEFAULT_ETC_DIR,
    sysNet: SYS_NET,
    dryRun: false,
    ctx,
    out: io.stdout,
    lxcPath: (args['lxc-path'] as string) || DEFAULT_LXC_PATH,
  };
}
