/** vznetcfg drop-in entry (vzctl 4.x and OpenVZ 7 libvzctl): dist/hooks/ctnet-vznetcfg */
import { runHook } from '../lib/hook/run-hook.js';
import { vznetcfgSpec } from '../lib/openvz/vznetcfg-main.js';

void runHook(vznetcfgSpec, process.argv.slice(2), process.env).then((code) => { process.exitCode = code; });
