/**
 * Real Debian root file systems for the package tests: a minimal debootstrap of a release,
 * cached under /var/cache/ctnet-test/<release> and copied for each test, and commands run in
 * it by chroot inside a private mount namespace (proc, /dev and sysfs are mounted there only,
 * so they vanish with the command, also when it fails or is killed).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Test } from 'tap';
import type { RunResult } from '../../lib/doors/exec.js';
import { sh } from './netns.js';

export const ROOTFS_CACHE = '/var/cache/ctnet-test';
const CHROOT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** Mounts in the caller's private mount namespace, then chroot: "$0" is the root. */
const IN_CHROOT =
  'mount -t proc proc "$0/proc" && mount --rbind /dev "$0/dev" && mount -t sysfs sysfs "$0/sys" && exec chroot "$0" "$@"';

/** The Debian mirror this machine's apt uses (deb822 or one-line sources). */
export function debianMirror(): string {
  const dir = '/etc/apt/sources.list.d';
  const files = [
    '/etc/apt/sources.list',
    ...(fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : []),
  ];
  for (const f of files) {
    const text = fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '';
    const uris = [...text.matchAll(/^URIs:\s*(\S+)/gm), ...text.matchAll(/^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/gm)].map(
      (m) => m[1]!,
    );
    const debian = uris.find((u) => /\/debian\/?$/.test(u));
    if (debian) return debian;
  }
  throw new Error('no Debian mirror in /etc/apt/sources.list(.d): cannot debootstrap');
}

/** The cached minbase root file system of `release`, made by debootstrap on first use. */
export async function cachedRootfs(release: string): Promise<string> {
  const dir = path.join(ROOTFS_CACHE, release);
  if (fs.existsSync(path.join(dir, 'etc/os-release'))) return dir;
  fs.mkdirSync(ROOTFS_CACHE, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  try {
    await sh('debootstrap', ['--variant=minbase', release, tmp, debianMirror()], { timeoutMs: 900_000 });
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}

/** A private copy of the cached rootfs, removed when the test ends. */
export async function rootfsCopy(t: Test, release: string): Promise<string> {
  const cache = await cachedRootfs(release);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `ctnet-deb-${release}-`));
  t.teardown(() => fs.rmSync(root, { recursive: true, force: true }));
  await sh('cp', ['-a', `${cache}/.`, root], { timeoutMs: 120_000 });
  return root;
}

export interface ChrootOptions {
  /** Run in this network namespace (its sysfs is what the chroot sees). */
  netns?: string;
  /** Extra environment (KEY=VALUE); the environment is otherwise only PATH. */
  env?: string[];
  timeoutMs?: number;
}

/** Run argv in the chroot `root` with a clean environment; never throws on exit status. */
export function inChroot(root: string, argv: string[], opts: ChrootOptions = {}): Promise<RunResult> {
  const inner = [
    'unshare',
    '-m',
    '--propagation',
    'private',
    'sh',
    '-c',
    IN_CHROOT,
    root,
    'env',
    '-i',
    CHROOT_PATH,
    ...(opts.env ?? []),
    ...argv,
  ];
  const [file, ...args] = opts.netns ? ['ip', 'netns', 'exec', opts.netns, ...inner] : inner;
  return sh(file!, args, { allowFailure: true, timeoutMs: opts.timeoutMs ?? 60_000 });
}

/** Every path under root (relative, "/" after directories, "@" after links), sorted. */
export function pathList(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of fs.readdirSync(path.join(root, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const st = fs.lstatSync(path.join(root, r));
      out.push(st.isDirectory() ? `${r}/` : st.isSymbolicLink() ? `${r}@` : r);
      if (st.isDirectory()) walk(r);
    }
  };
  walk('');
  return out;
}
