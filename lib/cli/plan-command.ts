/** `ctnet plan <ctid|name>`: what the hooks would run for one container, up and down. */
import { buildCtNetwork } from '../request/ct-network.js';
import { ctConfPath, loadVzConfig, DEFAULT_VZ_DIR } from '../runtimes/openvz/load-vz-config.js';
import { checkCtid } from '../request/validate.js';
import { defaultApplyContext } from '../apply/context.js';
import { CtnetError, usageError } from '../errors.js';
import { pathExists } from '../doors/fs.js';
import { SYS_NET } from '../observe/link-state.js';
import { renderPlan } from '../plan/render-plan.js';
import { planVznetUp } from '../handlers/openvz/vznet-up.js';
import { planVzUmount } from '../handlers/openvz/vz-umount.js';
import { DEFAULT_RUN_DIR } from '../state/teardown-record.js';
import type { CliCommand } from './command.js';
import { DEFAULT_LXC_PATH, lxcConfigFile } from './check/lxc-inventory.js';
import { planLxcContainer } from './plan-lxc.js';
import { DEFAULT_ETC_DIR } from './cli-env.js';

export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'print what the hooks would run for a container (up and down), changing nothing',
  usage: `Usage: ctnet plan <ctid|name> [--vz-dir DIR] [--lxc-path DIR] [--run-dir DIR] [--etc DIR]

OpenVZ container <ctid> (DIR/conf/<ctid>.conf exists): the exact "ip -batch", "vzctl exec"
and "ovs-vsctl" input that ctnet-vznet would run for each NETIF veth, then what
ctnet-umount would remove.
LXC container <name> (LXCPATH/<name>/config): for each lxc.net.N whose script.up runs
ctnet-lxc, with the options on that line, what ctnet-lxc would run at up (when the host veth
exists: set lxc.net.N.veth.pair, or the container runs with a ctnet record) and at down.
Reads the configs and the kernel's current state; changes nothing.
  --vz-dir DIR     OpenVZ config dir (default /etc/vz)
  --lxc-path DIR   LXC container dir (default /var/lib/lxc)
  --run-dir DIR    ctnet's records (default /run/ctnet)
  --etc DIR        the /etc to read ctnet/host.conf from (default /etc)
`,
  strings: ['vz-dir', 'run-dir', 'lxc-path', 'etc'],
  run: async (args, io) => {
    const id = args._[1] === undefined ? '' : String(args._[1]);
    if (!id) throw usageError('ctnet plan needs a container id or name');
    const why = checkCtid(id);
    if (why) throw usageError(why);
    const vzDir = (args['vz-dir'] as string) || DEFAULT_VZ_DIR;
    const runDir = (args['run-dir'] as string) || DEFAULT_RUN_DIR;
    const lxcFile = lxcConfigFile((args['lxc-path'] as string) || DEFAULT_LXC_PATH, id);
    const etcDir = (args['etc'] as string) || DEFAULT_ETC_DIR;
    const env = { vzDir, runDir, etcDir, sysNet: SYS_NET, ctx: defaultApplyContext() };
    if (!pathExists(ctConfPath(vzDir, id)) && pathExists(lxcFile)) {
      io.stdout(await planLxcContainer(id, lxcFile, env));
      return 0;
    }
    if (!pathExists(ctConfPath(vzDir, id))) {
      throw new CtnetError(
        `no OpenVZ container "${id}" (${ctConfPath(vzDir, id)}) and no LXC container "${id}" (${lxcFile})`,
        {
          code: 'E_NOCT',
          hint: 'give --vz-dir or --lxc-path if the configs live elsewhere',
        },
      );
    }
    const cfg = loadVzConfig(id, { vzDir });
    const net = buildCtNetwork(id, cfg.vars);
    for (const iface of net.interfaces) {
      try {
        io.stdout(renderPlan(await planVznetUp({ veid: id, hostIfname: iface.hostIfname }, env)));
      } catch (e) {
        if (!(e instanceof CtnetError) || e.code !== 'E_NODEV') throw e;
        io.stdout(
          `# CT ${id}: up ${iface.hostIfname}: the host veth does not exist (CT not running); nothing to plan\n`,
        );
      }
    }
    if (net.interfaces.length === 0) io.stdout(`# CT ${id}: no NETIF veth interfaces in ${cfg.ctFile}\n`);
    io.stdout(renderPlan(planVzUmount({ veid: id }, env)));
    return 0;
  },
};
