/**
 * `ctnet install`: copy the hook executables to ROOT/usr/libexec/ctnet, name route protocol
 * 213 in rt_protos.d, and for OpenVZ set EXTERNAL_SCRIPT in vznet.conf and install a
 * vps.umount that chains to the site's own. Every change is recorded with a backup of the
 * original (install-manifest.ts). Idempotent: a second run changes no byte.
 */
import { join, resolve } from 'node:path';
import { CtnetError } from '../../errors.js';
import {
  fileMode,
  isExecutableFile,
  listDir,
  pathExists,
  readBytesIfExists,
  renameFile,
  symlinkTarget,
} from '../../doors/fs.js';
import { CTNET_ROUTE_PROTO, CTNET_ROUTE_PROTO_NAME } from '../../request/route-proto.js';
import { activeExternalScript, externalScriptLine, setExternalScript } from './external-script-line.js';
import { emptyManifest, readManifest, sha256, writeManifest } from './install-manifest.js';
import {
  LIBEXEC_DIR,
  MANIFEST,
  RT_PROTOS,
  STATE_DIR,
  VPS_UMOUNT,
  VPS_UMOUNT_SITE,
  VZNET_CONF,
  under,
} from './install-paths.js';
import { adopt, ensureDirTracked, putManaged, putManagedLink, type InstallTarget } from './managed-write.js';
import { umountWrapper } from './umount-wrapper.js';

export interface InstallOptions {
  root: string;
  openvz: boolean;
  lxc: boolean;
  /** Directory holding the built ctnet-* hook executables. */
  hooksDir: string;
}

export interface InstallResult {
  done: string[];
  notes: string[];
  /** LXC config lines for the admin to add (install never edits container configs). */
  lxcLines: string[];
}

export const VZNET_HOOK = `${LIBEXEC_DIR}/ctnet-vznet`;

function hookFiles(hooksDir: string): string[] {
  const hooks = listDir(hooksDir)
    .filter((f) => f.startsWith('ctnet-') && isExecutableFile(join(hooksDir, f)))
    .sort();
  if (hooks.length === 0) {
    throw new CtnetError(`no ctnet-* hook executables in "${hooksDir}"`, {
      code: 'E_NOHOOKS',
      hint: 'run "npm run build", or give --hooks-dir DIR',
    });
  }
  return hooks;
}

/** The self-contained executable's file name; its hooks are links to it (scripts/build-sea.mjs). */
const SEA_FILE = 'ctnet';

/** Whether `hooksDir` holds the self-contained executable: every ctnet-* hook a link to ctnet. */
function isSeaLayout(hooksDir: string, hooks: readonly string[]): boolean {
  return (
    isExecutableFile(join(hooksDir, SEA_FILE)) && hooks.every((h) => symlinkTarget(join(hooksDir, h)) === SEA_FILE)
  );
}

export function install(opts: InstallOptions): InstallResult {
  const hooks = hookFiles(opts.hooksDir);
  const t: InstallTarget = { root: opts.root, manifest: readManifest(opts.root) ?? emptyManifest(), done: [] };
  const notes: string[] = [];
  if (resolve(opts.hooksDir) === resolve(under(opts.root, LIBEXEC_DIR))) {
    // A package put the hooks there already: nothing to copy, and nothing to back up.
  } else if (isSeaLayout(opts.hooksDir, hooks)) {
    // One binary, and each hook a link named after it (it answers by the name it is called with).
    putManaged(t, `${LIBEXEC_DIR}/${SEA_FILE}`, readBytesIfExists(join(opts.hooksDir, SEA_FILE))!, 0o755);
    for (const h of hooks) putManagedLink(t, `${LIBEXEC_DIR}/${h}`, SEA_FILE);
  } else {
    for (const h of hooks) putManaged(t, `${LIBEXEC_DIR}/${h}`, readBytesIfExists(join(opts.hooksDir, h))!, 0o755);
  }
  putManaged(t, RT_PROTOS, `${CTNET_ROUTE_PROTO} ${CTNET_ROUTE_PROTO_NAME}\n`, 0o644);
  if (opts.openvz) {
    if (!hooks.includes('ctnet-vznet') || !hooks.includes('ctnet-umount')) {
      throw new CtnetError(`"${opts.hooksDir}" lacks ctnet-vznet or ctnet-umount`, {
        code: 'E_NOHOOKS',
        hint: 'run "npm run build"',
      });
    }
    installVznetConf(t, notes);
    installVpsUmount(t, notes);
  }
  const lxcLines = opts.lxc ? lxcConfigLines(hooks) : [];
  ensureDirTracked(t, STATE_DIR);
  if (writeManifest(opts.root, t.manifest)) t.done.push(`recorded the changes in ${under(opts.root, MANIFEST)}`);
  return { done: t.done, notes, lxcLines };
}

function installVznetConf(t: InstallTarget, notes: string[]): void {
  const abs = under(t.root, VZNET_CONF);
  // latin1 maps every byte to one char and back: the site's bytes survive whatever they are.
  const cur = readBytesIfExists(abs)?.toString('latin1') ?? '';
  const site = activeExternalScript(cur);
  if (site !== undefined && site !== externalScriptLine(VZNET_HOOK)) {
    notes.push(`the site's ${site.trim()} in ${abs} is replaced; "ctnet uninstall" restores it`);
  }
  putManaged(t, VZNET_CONF, Buffer.from(setExternalScript(cur, VZNET_HOOK), 'latin1'), fileMode(abs) ?? 0o644);
}

function installVpsUmount(t: InstallTarget, notes: string[]): void {
  const abs = under(t.root, VPS_UMOUNT);
  const wrapper = umountWrapper();
  const cur = readBytesIfExists(abs);
  const known = t.manifest.files.find((f) => f.path === VPS_UMOUNT);
  const ours = cur !== undefined && known !== undefined && sha256(cur) === known.installedSha;
  if (cur !== undefined && !ours && sha256(cur) !== sha256(wrapper)) {
    const aside = under(t.root, VPS_UMOUNT_SITE);
    if (pathExists(aside)) {
      throw new CtnetError(`both "${abs}" (not ctnet's) and "${aside}" exist`, {
        code: 'E_INSTALL',
        hint: `merge them into one vps.umount by hand, remove ${aside}, and run install again`,
      });
    }
    adopt(t, VPS_UMOUNT);
    renameFile(abs, aside);
    t.done.push(`moved the site's ${abs} to ${aside}; ctnet's vps.umount runs it after its own teardown`);
    notes.push(`edit ${aside} (not vps.umount) to change the site's umount actions`);
  }
  putManaged(t, VPS_UMOUNT, wrapper, 0o755);
}

/** The lines an admin adds to a container's config (LXC 3.0+ keys; lxc.network.* before 3.0). */
function lxcConfigLines(hooks: string[]): string[] {
  const lxc = hooks.filter((h) => h.includes('lxc'));
  if (lxc.length === 0) return ['# this build has no LXC hook (ctnet-lxc); nothing to add yet'];
  return lxc.flatMap((h) => [
    `lxc.net.0.script.up = ${LIBEXEC_DIR}/${h}`,
    `lxc.net.0.script.down = ${LIBEXEC_DIR}/${h}`,
  ]);
}
