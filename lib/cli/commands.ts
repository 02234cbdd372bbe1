/** The table of `ctnet` commands; each lives in its own file under lib/cli/. */
import type { CliCommand } from './command.js';
import { planCommand } from './plan-command.js';
import { renderFrrCommand } from './render-frr-command.js';

export const COMMANDS: CliCommand[] = [planCommand, renderFrrCommand];
