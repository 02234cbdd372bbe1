/**
 * The entry of the self-contained executable dist/sea/ctnet (scripts/build-sea.mjs): one
 * binary that answers as the CLI or as any hook, by the name it was called with (installed as
 * links to it). Node's own start-up argument handling gives the user's arguments from argv[2].
 */
import { basename } from 'node:path';
import { calledAs, EXECUTABLE_NAMES } from '../lib/boot/called-as.js';
import { ctnetMain } from '../lib/cli/ctnet-main.js';
import { runHookProcess, type HookSpec } from '../lib/hook/run-hook.js';
import { lxcSpec } from '../lib/handlers/lxc/lxc-main.js';
import { umountSpec } from '../lib/handlers/openvz/umount-main.js';
import { vznetSpec } from '../lib/handlers/openvz/vznet-main.js';
import { vznetcfgSpec } from '../lib/handlers/openvz/vznetcfg-main.js';

const HOOKS: Readonly<Record<string, HookSpec>> = {
  'ctnet-vznet': vznetSpec,
  'ctnet-umount': umountSpec,
  'ctnet-vznetcfg': vznetcfgSpec,
  'ctnet-lxc': lxcSpec,
};
function main(argv0: string, argv: string[]): Promise<number> {
  const name = calledAs(argv0);
  const hook = name === undefined ? undefined : HOOKS[name];
  if (hook) return runHookProcess(hook, argv);
  if (name === 'ctnet') {
    const io = {
      stdout: (s: string) => void process.stdout.write(s),
      stderr: (s: string) => void process.stderr.write(s),
      processEnv: process.env,
      self: process.execPath,
      sea: true,
    };
    return ctnetMain(argv, io);
  }
  process.stderr.write(
    `${basename(argv0)}: unknown name; this executable answers as ${EXECUTABLE_NAMES.join(', ')} (install it under one of them, or as a link named so)\n`,
  );
  return Promise.resolve(2);
}

void main(process.argv0, process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
