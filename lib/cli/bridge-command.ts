/** `ctnet bridge ensure NAME`: a bridge that exists before any container, with a fixed MAC. */
import { usageError } from '../errors.js';
import { ensureBridge } from '../setups/bridge/ensure-bridge.js';
import { checkIfname } from '../request/validate.js';
import { renderPlan } from '../plan/render-plan.js';
import type { CliCommand } from './command.js';
import { HOST_BOOLEANS, HOST_STRINGS, hostEnv } from './host-env.js';
import { optAddresses, optMac, optMtu } from './parse-cli-values.js';

export const bridgeCommand: CliCommand = {
  name: 'bridge',
  summary: 'ensure a managed Linux or Open vSwitch bridge with a fixed MAC',
  usage: `Usage: ctnet bridge ensure NAME [--address CIDR]... [--mac MAC] [--mtu N] [--ovs]

Runtime-only: nothing is written to /etc and a reboot loses the bridge; to keep it, declare
it in /etc/ctnet/host.conf ([bridge NAME]) and run "ctnet host apply".

Creates the bridge if needed and makes it match: a pinned MAC (so ports joining or leaving
never change it: seed 000's outage), the MTU, the addresses, up. Only what differs changes;
a second run changes nothing. MAC: --mac, else an already pinned MAC is kept, an existing
bridge is pinned at its current MAC, a new one gets a stable locally administered MAC derived
from NAME. Never deletes anything. Lock: "bridge-NAME".

Options:
  --address CIDR        address on the bridge (repeatable; IPv4 and IPv6)
  --mac MAC             the bridge MAC
  --mtu N               the bridge MTU
  --ovs                 an Open vSwitch bridge (ovs-vsctl --may-exist add-br, other-config:hwaddr)
  --ovs-db SOCKET       ovsdb socket (default: ovs-vsctl's own)
  --ovs-datapath TYPE   datapath_type (e.g. netdev for the userspace datapath)
  --run-dir DIR         lock directory (default /run/ctnet)
  --dry-run             print the commands instead of running them
  --verbose, -v / --quiet
`,
  strings: [...HOST_STRINGS, 'address', 'mac', 'mtu', 'ovs-db', 'ovs-datapath'],
  booleans: [...HOST_BOOLEANS, 'ovs'],
  run: async (args, io) => {
    const env = hostEnv(args, io);
    const [verb, name] = args._.slice(1).map(String);
    if (verb !== 'ensure') throw usageError(`ctnet bridge: expected "ensure NAME", got "${args._.slice(1).join(' ')}"`);
    const why = checkIfname(name ?? '');
    if (why) throw usageError(`bridge name: ${why}`);
    const dp = typeof args['ovs-datapath'] === 'string' && args['ovs-datapath'] ? args['ovs-datapath'] : undefined;
    if (dp && !/^[a-z]{1,16}$/.test(dp))
      throw usageError(`--ovs-datapath: "${dp}" is not a datapath type (system, netdev)`);
    if (typeof args['ovs-db'] === 'string' && args['ovs-db']) {
      env.ctx.ovsVsctl = ['ovs-vsctl', `--db=${args['ovs-db']}`];
      env.ctx.ovsDb = args['ovs-db'];
    }
    const mac = optMac(args);
    const mtu = optMtu(args);
    const plan = await ensureBridge(
      {
        name: name!,
        addresses: optAddresses(args),
        mac,
        mtu,
        ovs: args['ovs'] ? { datapathType: dp } : undefined,
      },
      { ctx: env.ctx, dryRun: env.dryRun },
    );
    if (env.dryRun) io.stdout(renderPlan(plan, { ovsVsctl: env.ctx.ovsVsctl }));
    else if (plan.steps.length === 0) env.ctx.log(plan.notes.join('; '));
    return 0;
  },
};
