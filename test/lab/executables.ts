/**
 * Which built executables the tests run. CTNET_TEST_EXE=sea runs the self-contained
 * executable (dist/sea/ctnet and its links, `npm run build:sea`) wherever a test runs a hook
 * or the CLI; anything else runs the Node executables of `npm run build` (dist/hooks,
 * dist/bin) under the Node that runs the tests: HOOK_PATH puts its directory first, so their
 * `#!/usr/bin/env node` line finds it (.ci/run runs the suite under each tested Node major).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const EXECUTABLES: 'sea' | 'js' = process.env['CTNET_TEST_EXE'] === 'sea' ? 'sea' : 'js';

const hook = (name: string): string => path.join(REPO, EXECUTABLES === 'sea' ? 'dist/sea' : 'dist/hooks', name);
export const HOOK_VZNET = hook('ctnet-vznet');
export const HOOK_UMOUNT = hook('ctnet-umount');
export const HOOK_VZNETCFG = hook('ctnet-vznetcfg');
export const HOOK_LXC = hook('ctnet-lxc');
export const CTNET = path.join(REPO, EXECUTABLES === 'sea' ? 'dist/sea/ctnet' : 'dist/bin/ctnet');
/** The directory of the hooks as built (what `ctnet install --hooks-dir` takes). */
export const HOOKS_DIR = path.dirname(HOOK_VZNET);

/** A host's PATH, with the tests' Node first. */
export const HOOK_PATH = `${path.dirname(process.execPath)}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;

/** A host's PATH without the tests' Node (for runs with every Node hidden). */
export const PLAIN_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Shell lines that, run in a private mount namespace, hide every Node binary this machine has
 * where a hook could find one (/dev/null bound over each): a host without Node, as far as
 * the executables under test can tell.
 */
export function hideNodeLines(): string[] {
  const candidates = ['/usr/bin/node', '/usr/bin/nodejs', '/usr/local/bin/node', process.execPath];
  const real = [...new Set(candidates.filter((p) => fs.existsSync(p)).map((p) => fs.realpathSync(p)))];
  return real.map((p) => `mount --bind /dev/null ${p}`);
}
