/** `ctnet demo [--wait] [--hooks-dir DIR]`: the throwaway lab that shows the hooks working. */
import { resolve } from 'node:path';
import { runDemo } from './demo/run-demo.js';
import type { CliCommand } from './command.js';
import { defaultHooksDir } from './install-command.js';

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'build a throwaway node + containers in network namespaces and run the real hooks',
  usage: `Usage: ctnet demo [--wait] [--no-ovs] [--hooks-dir DIR]      (as root)

Builds an OpenVZ node without OpenVZ in network namespaces (ctnet-demo-<tag>-*): a node
with Linux bridge br0 and containers 101, 102 on it, and, when Open vSwitch is installed, an
OVS bridge sw0 (userspace datapath, daemons in the node netns) with containers 103, 104 on
VLAN 10; veth pairs are made as vzctl makes them. Runs the built ctnet-vznet for each veth exactly as vzctl's EXTERNAL_SCRIPT (configs
in a temp dir via --vz-dir; never /etc), prints the bridge ports, host routes (proto 213),
OVS ports with their tags and owners, container addresses and routes, pings between the
containers, runs ctnet-umount for each, and removes everything it created — also when interrupted (Ctrl-C, SIGTERM, SIGHUP).
  --wait           keep the lab up until Ctrl-C, to look around
  --no-ovs         leave Open vSwitch out even when it is installed
  --hooks-dir DIR  the built hooks (default: ../hooks next to ctnet)
`,
  strings: ['hooks-dir'],
  booleans: ['wait', 'no-ovs'],
  run: async (args, io) =>
    runDemo({
      hooksDir: resolve((args['hooks-dir'] as string) || defaultHooksDir(io)),
      wait: Boolean(args['wait']),
      noOvs: Boolean(args['no-ovs']) || args['ovs'] === false,
      out: io.stdout,
    }),
};
