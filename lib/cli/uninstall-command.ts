/** `ctnet uninstall [--root DIR]`. */
import { resolve } from 'node:path';
import { uninstall } from './install/uninstall.js';
import type { CliCommand } from './command.js';

export const uninstallCommand: CliCommand = {
  name: 'uninstall',
  summary: 'undo "ctnet install": restore every changed file byte for byte',
  usage: `Usage: ctnet uninstall [--root DIR]

Puts back every file "ctnet install" changed (from ROOT/var/lib/ctnet/install/), byte for
byte and with its mode; removes the hook copies, ctnet's vps.umount (the site's own moves back
to vps.umount) and the directories install created. A file edited after install is not
overwritten: vznet.conf gets only ctnet's EXTERNAL_SCRIPT line undone; anything else is left
with a note. Running it again, or without an install, changes nothing.
  --root DIR   the tree install wrote into (default /)
`,
  strings: ['root'],
  run: async (args, io) => {
    const root = resolve((args['root'] as string) || '/');
    const res = uninstall(root);
    for (const d of res.done) io.stdout(`${d}\n`);
    for (const n of res.notes) io.stdout(`note: ${n}\n`);
    return 0;
  },
};
