/** `ctnet shim ensure|remove`: the host-side macvlan that lets host and macvlan containers talk. */
import { usageError } from '../errors.js';
import { renderPlan } from '../plan/render-plan.js';
import { ensureShim, removeShim } from '../setups/shim/ensure-shim.js';
import type { CliCommand } from './command.js';
import { HOST_BOOLEANS, HOST_STRINGS, hostEnv } from './host-env.js';
import { optAddresses, optIfname } from './parse-cli-values.js';

export const shimCommand: CliCommand = {
  name: 'shim',
  summary: 'host-side macvlan shim so the host reaches macvlan (bridge mode) containers',
  usage: `Usage: ctnet shim ensure --parent DEV --name NAME --address CIDR [--address CIDR6]
       ctnet shim remove --name NAME

Runtime-only: nothing is written to /etc and a reboot loses the shim; to keep it, declare it
in /etc/ctnet/host.conf ([shim NAME]) and run "ctnet host apply".

macvlan containers in bridge mode reach each other but not the host through their parent
device. "ensure" creates (once) a macvlan in bridge mode on the same parent, owned by ctnet
(link alias "ctnet-shim"), with the given address(es), and brings it up; a complete shim is
left as it is. "remove" deletes it only when asked (never on a container's stop), and only if
ctnet made it. Both are idempotent and take the lock "shim-NAME".

Options:
  --parent DEV    the macvlan containers' parent (lxc.net.N.link)
  --name NAME     the shim's name (e.g. mv-lxcbr2)
  --address CIDR  host address in the containers' network (repeatable; IPv4 and IPv6)
  --run-dir DIR   lock directory (default /run/ctnet)
  --dry-run       print the commands instead of running them
  --verbose, -v   print every command run
  --quiet         no progress lines on stderr
`,
  strings: [...HOST_STRINGS, 'parent', 'name', 'address'],
  booleans: HOST_BOOLEANS,
  run: async (args, io) => {
    const env = hostEnv(args, io);
    const verb = String(args._[1] ?? '');
    const name = optIfname(args, 'name', true);
    const shimEnv = { ctx: env.ctx, dryRun: env.dryRun };
    let plan;
    if (verb === 'ensure') {
      const addresses = optAddresses(args);
      if (addresses.length === 0) throw usageError('ctnet shim ensure needs --address CIDR');
      plan = await ensureShim({ name, parent: optIfname(args, 'parent', true), addresses }, shimEnv);
    } else if (verb === 'remove') {
      plan = await removeShim(name, shimEnv);
    } else {
      throw usageError(`ctnet shim: expected ensure or remove, got "${verb}"`);
    }
    if (env.dryRun) io.stdout(renderPlan(plan));
    else if (plan.steps.length === 0) env.ctx.log(plan.notes.join('; '));
    return 0;
  },
};
