/** LXC script.up / script.down entry: dist/hooks/ctnet-lxc */
import { runHookProcess } from '../lib/hook/run-hook.js';
import { lxcSpec } from '../lib/handlers/lxc/lxc-main.js';

void runHookProcess(lxcSpec, process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
