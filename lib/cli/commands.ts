/** The table of `ctnet` commands; each lives in its own file under lib/cli/. */
import { bridgeCommand } from './bridge-command.js';
import { checkCommand } from './check-command.js';
import type { CliCommand } from './command.js';
import { demoCommand } from './demo-command.js';
import { hostCommand } from './host-command.js';
import { installCommand } from './install-command.js';
import { natCommand } from './nat-command.js';
import { pbrCommand } from './pbr-command.js';
import { planCommand } from './plan-command.js';
import { renderFrrCommand } from './render-frr-command.js';
import { shimCommand } from './shim-command.js';
import { statusCommand } from './status-command.js';
import { uninstallCommand } from './uninstall-command.js';

export const COMMANDS: CliCommand[] = [
  installCommand,
  uninstallCommand,
  planCommand,
  checkCommand,
  statusCommand,
  demoCommand,
  hostCommand,
  pbrCommand,
  natCommand,
  shimCommand,
  bridgeCommand,
  renderFrrCommand,
];
