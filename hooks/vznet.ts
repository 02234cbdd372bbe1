/** OpenVZ EXTERNAL_SCRIPT entry: dist/hooks/ctnet-vznet */
import { useSynchronousSpawn } from '../lib/doors/exec.js';
import { runHook } from '../lib/hook/run-hook.js';
import { vznetSpec } from '../lib/handlers/openvz/vznet-main.js';

useSynchronousSpawn(); // steps run one after another: spawnSync is cheaper per child (lib/doors/exec.ts)
void runHook(vznetSpec, process.argv.slice(2), process.env).then((code) => { process.exitCode = code; });
