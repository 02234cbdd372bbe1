/** `ctnet install --openvz | --lxc [--root DIR] [--hooks-dir DIR]`. */
import { dirname, resolve } from 'node:path';
import { usageError } from '../errors.js';
import { install } from './install/install.js';
import type { CliCommand, CliIo } from './command.js';

/**
 * dist/hooks next to the running dist/bin/ctnet, or the directory of the self-contained
 * executable and its links, unless --hooks-dir says otherwise.
 */
export function defaultHooksDir(io: CliIo): string {
  const self = io.self ?? process.argv[1] ?? '.';
  return io.sea ? dirname(self) : resolve(dirname(self), '..', 'hooks');
}

export const installCommand: CliCommand = {
  name: 'install',
  summary: 'wire the hooks into OpenVZ (vznet.conf, vps.umount) or print the LXC lines',
  usage: `Usage: ctnet install --openvz | --lxc [--root DIR] [--hooks-dir DIR]

Copies the hook executables to ROOT/usr/libexec/ctnet/ and names route protocol 213 "ctnet"
in ROOT/etc/iproute2/rt_protos.d/ctnet.conf.
  --openvz         also set EXTERNAL_SCRIPT in ROOT/etc/vz/vznet.conf (every other line kept
                   byte for byte) and install ROOT/etc/vz/conf/vps.umount; a site's own
                   vps.umount is moved to vps.umount.ctnet-site and still runs, after ctnet's
  --lxc            also print the lines to add to each container's LXC config
  --root DIR       install into the tree DIR instead of / (packagers, tests)
  --hooks-dir DIR  where the built ctnet-* executables are (default: ../hooks next to ctnet;
                   the self-contained executable's own directory when run as it). When they
                   are links to one self-contained executable "ctnet", that binary is
                   installed once and each hook as a link to it

Every file changed is backed up in ROOT/var/lib/ctnet/install/ first; "ctnet uninstall"
restores them byte for byte. Running install again changes nothing.
`,
  strings: ['root', 'hooks-dir'],
  booleans: ['openvz', 'lxc'],
  run: async (args, io) => {
    if (!args['openvz'] && !args['lxc']) throw usageError('ctnet install needs --openvz or --lxc');
    const root = resolve((args['root'] as string) || '/');
    const hooksDir = resolve((args['hooks-dir'] as string) || defaultHooksDir(io));
    const res = install({ root, openvz: Boolean(args['openvz']), lxc: Boolean(args['lxc']), hooksDir });
    for (const d of res.done) io.stdout(`${d}\n`);
    for (const n of res.notes) io.stdout(`note: ${n}\n`);
    if (res.done.length === 0) io.stdout(`nothing to change: ctnet is installed under ${root}\n`);
    if (res.lxcLines.length)
      io.stdout(
        `add to each LXC container's config (one pair per lxc.net.N):\n${res.lxcLines.map((l) => `  ${l}\n`).join('')}`,
      );
    return 0;
  },
};
