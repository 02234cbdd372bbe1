/** OpenVZ umount action script entry: dist/hooks/ctnet-umount */
import { useSynchronousSpawn } from '../lib/doors/exec.js';
import { runHook } from '../lib/hook/run-hook.js';
import { umountSpec } from '../lib/handlers/openvz/umount-main.js';

useSynchronousSpawn(); // steps run one after another: spawnSync is cheaper per child (lib/doors/exec.ts)
void runHook(umountSpec, process.argv.slice(2), process.env).then((code) => { process.exitCode = code; });
