/**
 * The entry of the self-contained executable dist/sea/ctnet (scripts/build-sea.mjs): one
 * binary that answers as the CLI or as any hook, by the name it was called with (installed as
 * links to it). Node's own start-up argument handling gives the user's arguments from argv[2].
 */
import { basename } from 'node:path';
import { ctnetMain } from '../lib/cli/ctnet-main.js';
import { useSynchronousSpawn } from '../lib/exec.js';
import { runHook, type HookSpec } from '../lib/hook/run-hook.js';
import { lxcSpec } from '../lib/lxc/lxc-main.js';
import { umountSpec } from '../lib/openvz/umount-main.js';
import { vznetSpec } from '../lib/openvz/vznet-main.js';
import { vznetcfgSpec } from '../lib/openvz/vznetcfg-main.js';

const HOOKS: Readonly<Record<string, HookSpec>> = {
  'ctnet-vznet': vznetSpec,
  'ctnet-umount': umountSpec,
  'ctnet-vznetcfg': vznetcfgSpec,
  'ctnet-lxc': lxcSpec,
};
export const SEA_NAMES = ['ctnet', ...Object.keys(HOOKS)];

function main(name: string, argv: string[]): Promise<number> {
  const hook = HOOKS[name];
  if (hook) {
    useSynchronousSpawn();
    return runHook(hook, argv, process.env);
  }
  if (name === 'ctnet') {
    const io = { stdout: (s: string) => void process.stdout.write(s), stderr: (s: string) => void process.stderr.write(s), env: process.env, self: process.execPath, sea: true };
    return ctnetMain(argv, io);
  }
  process.stderr.write(`${name}: unknown name; this executable answers as ${SEA_NAMES.join(', ')} (install it under one of them, or as a link named so)\n`);
  return Promise.resolve(2);
}

void main(basename(process.argv0), process.argv.slice(2)).then((code) => { process.exitCode = code; });
