/** The table of `ctnet` commands; each lives in its own file under lib/cli/. */
import { bridgeCommand } from './bridge-command.js';
import type { CliCommand } from './command.js';
import { natCommand } from './nat-command.js';
import { pbrCommand } from './pbr-command.js';
import { planCommand } from './plan-command.js';
import { renderFrrCommand } from './render-frr-command.js';
import { shimCommand } from './shim-command.js';

export const COMMANDS: CliCommand[] = [planCommand, renderFrrCommand, pbrCommand, natCommand, shimCommand, bridgeCommand];
