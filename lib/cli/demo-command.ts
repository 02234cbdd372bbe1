/** `ctnet demo [--wait] [--hooks-dir DIR]`: the throwaway lab that shows the hooks working. */
import * as path from 'node:path';
import { runDemo } from '../demo/run-demo.js';
import type { CliCommand } from './command.js';
import { defaultHooksDir } from './install-command.js';

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'build a throwaway node + containers in network namespaces and run the real hooks',
  usage: `Usage: ctnet demo [--wait] [--hooks-dir DIR]      (as root)

Builds an OpenVZ node without OpenVZ in network namespaces (ctnet-demo-<tag>-*): a node
with Linux bridge br0 and two containers (101, 102) whose veth pairs are made as vzctl makes
them. Runs the built ctnet-vznet for each veth exactly as vzctl's EXTERNAL_SCRIPT (configs
in a temp dir via --vz-dir; never /etc), prints the bridge ports, host routes (proto 213),
container addresses and routes, pings between the containers, runs ctnet-umount for each,
and removes everything it created — also when interrupted (Ctrl-C, SIGTERM, SIGHUP).
  --wait           keep the lab up until Ctrl-C, to look around
  --hooks-dir DIR  the built hooks (default: ../hooks next to ctnet)
`,
  strings: ['hooks-dir'],
  booleans: ['wait'],
  run: async (args, io) => runDemo({
    hooksDir: path.resolve((args['hooks-dir'] as string) || defaultHooksDir(io)),
    wait: Boolean(args['wait']),
    out: io.stdout,
  }),
};
