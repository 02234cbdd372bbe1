/** vznetcfg drop-in entry (vzctl 4.x and OpenVZ 7 libvzctl): dist/hooks/ctnet-vznetcfg */
import { runHookProcess } from '../lib/hook/run-hook.js';
import { vznetcfgSpec } from '../lib/handlers/openvz/vznetcfg-main.js';

void runHookProcess(vznetcfgSpec, process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
