/** OpenVZ EXTERNAL_SCRIPT entry: dist/hooks/ctnet-vznet */
import { runHookProcess } from '../lib/hook/run-hook.js';
import { vznetSpec } from '../lib/handlers/openvz/vznet-main.js';

void runHookProcess(vznetSpec, process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
