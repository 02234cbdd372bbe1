/** `ctnet status [--json]`: one row per container interface. */
import { readInventory } from './check/ct-inventory.js';
import { ctnetRoutes } from '../observe/kernel-routes.js';
import { readOvsView } from './check/ovs-view.js';
import { renderTable, statusRows } from './check/status-rows.js';
import { linkStateCache } from '../observe/link-state-cache.js';
import type { CliCommand } from './command.js';
import { cliHookEnv, STATE_OPTIONS, STATE_OPTIONS_USAGE } from './cli-env.js';

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'table of containers: host interface, bridge, VLAN, state, routed addresses',
  usage: `Usage: ctnet status [--json]

One row per container interface (OpenVZ NETIF veths, and interfaces only ctnet's records in
/run/ctnet know): container, interface, host interface, bridge and its kind (linux, ovs,
missing, none = routed), VLAN, state (running = host veth exists), and the addresses that
have a ctnet host route (proto 213) right now. Changes nothing.
  --json         print the rows as JSON
${STATE_OPTIONS_USAGE}
`,
  strings: STATE_OPTIONS,
  booleans: ['json'],
  run: async (args, io) => {
    const env = cliHookEnv(args, io, () => undefined);
    const link = linkStateCache(env.sysNet);
    const rows = statusRows(
      readInventory(env, link),
      await ctnetRoutes(),
      await readOvsView(env.ctx, env.sysNet, link),
    );
    if (args['json']) io.stdout(JSON.stringify(rows, null, 1) + '\n');
    else
      io.stdout(
        rows.length ? renderTable(rows) : 'no containers (no NETIF veths in the OpenVZ configs, no ctnet records)\n',
      );
    return 0;
  },
};
