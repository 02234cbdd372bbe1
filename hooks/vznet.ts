/** OpenVZ EXTERNAL_SCRIPT entry: dist/hooks/ctnet-vznet */
import { runHook } from '../lib/hook/run-hook.js';
import { vznetSpec } from '../lib/openvz/vznet-main.js';

void runHook(vznetSpec, process.argv.slice(2), process.env).then((code) => { process.exitCode = code; });
