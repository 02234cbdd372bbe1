/** OpenVZ umount action script entry: dist/hooks/ctnet-umount */
import { runHook } from '../lib/hook/run-hook.js';
import { umountSpec } from '../lib/openvz/umount-main.js';

void runHook(umountSpec, process.argv.slice(2), process.env).then((code) => { process.exitCode = code; });
