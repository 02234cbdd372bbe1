/** `ctnet plan <ctid> [--ifname eth0]`: what the OpenVZ hooks would run for one CT, up and down. */
import { buildCtNetwork } from '../config/ct-network.js';
import { loadVzConfig, DEFAULT_VZ_DIR } from '../config/load-vz-config.js';
import { defaultApplyContext } from '../apply/context.js';
import { usageError } from '../errors.js';
import { SYS_NET } from '../net/link-state.js';
import { renderPlan } from '../plan/render-plan.js';
import { planVznetUp } from '../openvz/vznet-up.js';
import { planVzUmount } from '../openvz/vz-umount.js';
import { DEFAULT_RUN_DIR } from '../state/teardown-record.js';
import type { CliCommand } from './command.js';

export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'print what the hooks would run for a container (up and down), changing nothing',
  usage: `Usage: ctnet plan <ctid> [--vz-dir DIR] [--run-dir DIR]

Prints the exact "ip -batch" and "vzctl exec" input that ctnet-vznet would run for each veth
of OpenVZ container <ctid> (from /etc/vz/vz.conf and /etc/vz/conf/<ctid>.conf), then what
ctnet-umount would remove. Reads the kernel's current state; changes nothing.
`,
  strings: ['vz-dir', 'run-dir'],
  run: async (args, io) => {
    const ctid = args._[1] === undefined ? '' : String(args._[1]);
    if (!ctid) throw usageError('ctnet plan needs a container id');
    const vzDir = (args['vz-dir'] as string) || DEFAULT_VZ_DIR;
    const runDir = (args['run-dir'] as string) || DEFAULT_RUN_DIR;
    const cfg = loadVzConfig(ctid, { vzDir });
    const net = buildCtNetwork(ctid, cfg.vars);
    const env = { vzDir, runDir, sysNet: SYS_NET, ctx: defaultApplyContext() };
    for (const iface of net.interfaces) {
      io.stdout(renderPlan(await planVznetUp({ veid: ctid, hostIfname: iface.hostIfname }, env)));
    }
    if (net.interfaces.length === 0) io.stdout(`# CT ${ctid}: no NETIF veth interfaces in ${cfg.ctFile}\n`);
    io.stdout(renderPlan(planVzUmount({ veid: ctid }, env)));
    return 0;
  },
};
