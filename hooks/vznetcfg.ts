/** vznetcfg drop-in entry (vzctl 4.x and OpenVZ 7 libvzctl): dist/hooks/ctnet-vznetcfg */
import { useSynchronousSpawn } from '../lib/doors/exec.js';
import { runHook } from '../lib/hook/run-hook.js';
import { vznetcfgSpec } from '../lib/handlers/openvz/vznetcfg-main.js';

useSynchronousSpawn(); // steps run one after another: spawnSync is cheaper per child (lib/doors/exec.ts)
void runHook(vznetcfgSpec, process.argv.slice(2), process.env).then((code) => { process.exitCode = code; });
