/** Options shared by the host-level commands (pbr, nat, shim, bridge): paths, dry-run, logging. */
import type minimist from 'minimist';
import { join } from 'node:path';
import { defaultApplyContext, type ApplyContext } from '../apply/context.js';
import { onCommand } from '../doors/exec.js';
import { DEFAULT_RUN_DIR } from '../state/teardown-record.js';
import type { CliIo } from './command.js';

export const HOST_STRINGS = ['config', 'etc', 'run-dir'];
export const HOST_BOOLEANS = ['dry-run', 'quiet'];

export const HOST_OPTIONS_HELP = `  --etc DIR       the /etc to use (default /etc; tests point it at a temporary directory)
  --config FILE   networks file (default <etc>/ctnet/networks.conf)
  --run-dir DIR   lock and state directory (default /run/ctnet)
  --dry-run       print the commands instead of running them
  --verbose, -v   print every command run
  --quiet         no progress lines on stderr`;

export interface HostEnv {
  etcDir: string;
  configFile: string;
  runDir: string;
  dryRun: boolean;
  ctx: ApplyContext;
  out: (s: string) => void;
}

export function hostEnv(args: minimist.ParsedArgs, io: CliIo): HostEnv {
  const str = (k: string): string | undefined => (typeof args[k] === 'string' && args[k] !== '' ? args[k] : undefined);
  const etcDir = str('etc') ?? '/etc';
  const quiet = Boolean(args['quiet']);
  if (args['verbose']) onCommand((cmd) => io.stderr(`ctnet: + ${cmd.join(' ')}\n`));
  const ctx = defaultApplyContext((line) => {
    if (!quiet) io.stderr(`ctnet: ${line}\n`);
  });
  const runDir = str('run-dir') ?? DEFAULT_RUN_DIR;
  return {
    etcDir,
    configFile: str('config') ?? join(etcDir, 'ctnet', 'networks.conf'),
    runDir,
    dryRun: Boolean(args['dry-run']) || io.processEnv['CTNET_DRY_RUN'] === '1',
    ctx: { ...ctx, runDir },
    out: io.stdout,
  };
}
