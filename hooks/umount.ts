/** OpenVZ umount action script entry: dist/hooks/ctnet-umount */
import { useSynchronousSpawn } from '../lib/exec.js';
import { runHook } from '../lib/hook/run-hook.js';
import { umountSpec } from '../lib/openvz/umount-main.js';

useSynchronousSpawn(); // steps run one after another: spawnSync is cheaper per child (lib/exec.ts)
void runHook(umountSpec, process.argv.slice(2), process.env).then((code) => { process.exitCode = code; });
