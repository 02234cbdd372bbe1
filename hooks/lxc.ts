/** LXC script.up / script.down entry: dist/hooks/ctnet-lxc */
import { useSynchronousSpawn } from '../lib/doors/exec.js';
import { runHook } from '../lib/hook/run-hook.js';
import { lxcSpec } from '../lib/handlers/lxc/lxc-main.js';

useSynchronousSpawn(); // steps run one after another: spawnSync is cheaper per child (lib/doors/exec.ts)
void runHook(lxcSpec, process.argv.slice(2), process.env).then((code) => { process.exitCode = code; });
