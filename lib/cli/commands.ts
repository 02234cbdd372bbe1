/** The table of `ctnet` commands; each lives in its own file under lib/cli/. */
import type { CliCommand } from './command.js';
import { checkCommand } from './check-command.js';
import { demoCommand } from './demo-command.js';
import { installCommand } from './install-command.js';
import { planCommand } from './plan-command.js';
import { statusCommand } from './status-command.js';
import { uninstallCommand } from './uninstall-command.js';

export const COMMANDS: CliCommand[] = [installCommand, uninstallCommand, planCommand, checkCommand, statusCommand, demoCommand];
