/** OpenVZ umount action script entry: dist/hooks/ctnet-umount */
import { runHookProcess } from '../lib/hook/run-hook.js';
import { umountSpec } from '../lib/handlers/openvz/umount-main.js';

void runHookProcess(umountSpec, process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
