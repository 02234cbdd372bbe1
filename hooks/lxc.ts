/** LXC script.up / script.down entry: dist/hooks/ctnet-lxc */
import { runHook } from '../lib/hook/run-hook.js';
import { lxcSpec } from '../lib/lxc/lxc-main.js';

void runHook(lxcSpec, process.argv.slice(2), process.env).then((code) => { process.exitCode = code; });
