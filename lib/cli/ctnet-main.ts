/** `ctnet <command> ...`: dispatch to lib/cli/commands.ts; one-line errors; exit code. */
import minimist from 'minimist';
import { formatError } from '../errors.js';
import { onCommand } from '../doors/exec.js';
import { VERSION } from '../version.js';
import type { CliIo } from './command.js';
import { COMMANDS } from './commands.js';

function mainUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: ctnet <command> [options]

ctnet wires OpenVZ and LXC container networking (bridges, Open vSwitch, routes, proxy ARP)
through small hook executables. Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run "ctnet <command> --help" for a command's options. Global: --help, --version, --verbose.
`;
}

export async function ctnetMain(argv: string[], io: CliIo): Promise<number> {
  const name = argv.find((a) => !a.startsWith('-'));
  const cmd = COMMANDS.find((c) => c.name === name);
  const args = minimist(argv, {
    boolean: ['help', 'version', 'verbose', ...(cmd?.booleans ?? [])],
    string: cmd?.strings ?? [],
    alias: { h: 'help', v: 'verbose' },
  });
  if (args.version && !cmd) {
    io.stdout(`ctnet ${VERSION}\n`);
    return 0;
  }
  if (!cmd) {
    if (name) {
      io.stderr(`ctnet: error: unknown command "${name}" (run "ctnet --help")\n`);
      return 2;
    }
    (args.help ? io.stdout : io.stderr)(mainUsage());
    return args.help ? 0 : 2;
  }
  if (args.help) {
    io.stdout(cmd.usage);
    return 0;
  }
  if (args.verbose) onCommand((c) => io.stderr(`ctnet: + ${c.join(' ')}\n`));
  try {
    return await cmd.run(args, io);
  } catch (e) {
    io.stderr(`${formatError(e, Boolean(args.verbose))}\n`);
    return 1;
  }
}
