/**
 * An OpenVZ hardware node without OpenVZ (LAB.md): node netns with a bridge, one netns per CT
 * joined by a veth pair named as vzctl names it, CT configs in a lab directory, and a vzctl
 * stand-in whose `exec` runs in the CT's netns. Hooks run exactly as vzctl runs them: the
 * BUILT executable, clean environment, default paths. /etc/vz and /usr/sbin/vzctl are
 * provided by overlay mounts inside a private mount namespace (the real /etc and /usr/sbin
 * are never written), the run dir is bound over /run/ctnet.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addNetns, delNetns, ipBatch, sh, uniqueTag } from './netns.js';
import type { RunResult } from '../../lib/doors/exec.js';

import { HOOK_PATH, HOOK_UMOUNT, HOOK_VZNET, HOOK_VZNETCFG, PLAIN_PATH, hideNodeLines } from './executables.js';

export { HOOK_UMOUNT, HOOK_VZNET, HOOK_VZNETCFG, REPO } from './executables.js';
export const VZ_PATH = HOOK_PATH;

/** A run dir on tmpfs (/dev/shm), as /run is on a real host; the caller removes it. */
export function tmpfsRunDir(tag: string): string {
  return fs.mkdtempSync(`/dev/shm/ctnet-run-${tag}-`);
}

export interface LabBridge {
  name: string;
  address?: string;
  mtu?: number;
  /** Leave the bridge down (default: up). */
  down?: boolean;
}

export interface VzLabOptions {
  /** Bridge in the node netns (default br0 with 10.0.0.2/24); null for none. */
  bridge?: LabBridge | null;
  /**
   * Keep the run dir (/run/ctnet as the hooks see it) on tmpfs (/dev/shm), as /run is on a
   * real host: the bench, where a disk's rename cost would not be a host's.
   */
  runDirOnTmpfs?: boolean;
}

export class VzLab {
  readonly tag = uniqueTag();
  readonly hn = `ctnet-hn-${this.tag}`;
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), `ctnet-lab-${this.tag}-`));
  readonly vzDir = path.join(this.dir, 'etc-upper', 'vz');
  readonly runDir: string;
  /** The hooks' compile cache (lib/boot/run-bundle.ts), the lab's own rather than the host's. */
  readonly cacheDir = path.join(this.dir, 'cache');
  /** Running CTs and the host-side names of their veths. */
  private readonly cts = new Map<string, string[]>();
  private readonly extraNs = new Set<string>();

  private constructor(opts: VzLabOptions) {
    this.runDir = opts.runDirOnTmpfs ? tmpfsRunDir(this.tag) : path.join(this.dir, 'run');
  }

  static async create(opts: VzLabOptions = {}): Promise<VzLab> {
    const lab = new VzLab(opts);
    await lab.setup(opts);
    return lab;
  }

  ctNs(veid: string): string {
    return `ctnet-c${veid}-${this.tag}`;
  }

  private async setup(opts: VzLabOptions): Promise<void> {
    for (const d of [
      path.join(this.vzDir, 'conf'),
      path.join(this.dir, 'sbin-upper'),
      this.runDir,
      path.join(this.dir, 'w1'),
      path.join(this.dir, 'w2'),
    ])
      fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(this.vzDir, 'vz.conf'), '## global OpenVZ config (lab)\nVIRTUOZZO=yes\n');
    fs.writeFileSync(path.join(this.dir, 'sbin-upper', 'vzctl'), vzctlShim(`ctnet-c`, `-${this.tag}`), { mode: 0o755 });
    await addNetns(this.hn);
    const br = opts.bridge === undefined ? { name: 'br0', address: '10.0.0.2/24' } : opts.bridge;
    if (br) await this.addBridge(br);
  }

  /** Add a Linux bridge to the node netns (more bridges than the default one). */
  async addBridge(br: LabBridge): Promise<void> {
    await ipBatch(this.hn, [
      `link add ${br.name} type bridge`,
      ...(br.mtu ? [`link set dev ${br.name} mtu ${br.mtu}`] : []),
      ...(br.address ? [`addr add ${br.address} dev ${br.name}`] : []),
      ...(br.down ? [] : [`link set dev ${br.name} up`]),
    ]);
  }

  /** Make the vzctl stand-in's `exec` fail (as when the CT is not running), or work again. */
  failExec(on: boolean): void {
    const file = path.join(this.runDir, 'fail-exec');
    if (on) fs.writeFileSync(file, '');
    else fs.rmSync(file, { force: true });
  }

  /** The teardown record the hooks keep for a CT (parsed), or undefined when there is none. */
  record(veid: string): unknown {
    const file = path.join(this.runDir, 'ct', `vz-${veid}.json`);
    return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
  }

  /** Create CT netns + veth pair (host side in the node netns), like vzctl before the hook. */
  async addCt(
    veid: string,
    opts: { pairs?: Array<{ host: string; ct: string; mac?: string; hostMac?: string }> } = {},
  ): Promise<string> {
    const ns = this.ctNs(veid);
    await addNetns(ns);
    const pairs = opts.pairs ?? [{ host: `veth${veid}.0`, ct: 'eth0' }];
    this.cts.set(
      veid,
      pairs.map((p) => p.host),
    );
    for (const p of pairs) {
      // vzctl gives both ends the NETIF mac=/host_mac= (saved in the config, so stable across restarts).
      await sh('ip', [
        '-n',
        this.hn,
        'link',
        'add',
        p.host,
        ...(p.hostMac ? ['address', p.hostMac] : []),
        'type',
        'veth',
        'peer',
        'name',
        p.ct,
        ...(p.mac ? ['address', p.mac] : []),
        'netns',
        ns,
      ]);
    }
    return ns;
  }

  /**
   * Stop a CT as vzctl would: its veths vanish with its netns. The host ends are deleted first:
   * the kernel frees a dying netns's devices asynchronously, so without that a test looking right
   * after the stop could still see the host end (and its /proc/sys/net/.../conf/<veth>).
   */
  async stopCt(veid: string): Promise<void> {
    for (const host of this.cts.get(veid) ?? [])
      await sh('ip', ['-n', this.hn, 'link', 'del', 'dev', host], { allowFailure: true });
    await delNetns(this.ctNs(veid));
    this.cts.delete(veid);
  }

  /** One more namespace (an "outside" host, an upstream router), removed by cleanup. */
  async addNs(name: string): Promise<string> {
    const ns = `ctnet-${name}-${this.tag}`;
    await addNetns(ns);
    this.extraNs.add(ns);
    return ns;
  }

  /** /etc/vz/vznet.conf as vznetcfg reads it (e.g. EXTERNAL_SCRIPT=...). */
  writeVznetConf(text: string): void {
    fs.writeFileSync(path.join(this.vzDir, 'vznet.conf'), text);
  }

  /** A file in the lab directory (e.g. an EXTERNAL_SCRIPT); returns its absolute path. */
  writeLabFile(name: string, text: string, mode = 0o644): string {
    const file = path.join(this.dir, name);
    fs.writeFileSync(file, text, { mode });
    return file;
  }

  /** A program visible as /usr/sbin/<name> to the hooks only (overlay; e.g. a virsh stand-in). */
  installSbin(name: string, text: string): void {
    fs.writeFileSync(path.join(this.dir, 'sbin-upper', name), text, { mode: 0o755 });
  }

  readLabFile(name: string): string | undefined {
    const file = path.join(this.dir, name);
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  }

  writeCtConf(veid: string, text: string): void {
    fs.writeFileSync(path.join(this.vzDir, 'conf', `${veid}.conf`), text);
  }

  /**
   * vzctl creates the CT end of each veth with its NETIF mac= (the anti-spoofing filter allows
   * exactly that MAC): give the CT interfaces the MACs the CT config names, as vzctl would.
   */
  async netifMacs(veid: string): Promise<void> {
    const file = path.join(this.vzDir, 'conf', `${veid}.conf`);
    if (!this.cts.has(veid) || !fs.existsSync(file)) return;
    const netif = /^NETIF="([^"]*)"/m.exec(fs.readFileSync(file, 'utf8'))?.[1] ?? '';
    for (const chunk of netif.split(';')) {
      const f = Object.fromEntries(chunk.split(',').map((kv) => kv.split('=', 2) as [string, string]));
      if (f['ifname'] && /^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$/.test(f['mac'] ?? '')) {
        await sh('ip', ['-n', this.ctNs(veid), 'link', 'set', 'dev', f['ifname'], 'address', f['mac']!], {
          allowFailure: true,
        });
      }
    }
  }

  /** /etc/ctnet/host.conf as the hooks read it (e.g. [isolation] pools). */
  writeHostConf(text: string): void {
    fs.mkdirSync(path.join(this.dir, 'etc-upper', 'ctnet'), { recursive: true, mode: 0o755 });
    fs.writeFileSync(path.join(this.dir, 'etc-upper', 'ctnet', 'host.conf'), text, { mode: 0o644 });
  }

  writeGlobalConf(text: string): void {
    fs.writeFileSync(path.join(this.vzDir, 'vz.conf'), text);
  }

  /** Run a built hook in the node netns exactly as vzctl would (clean env, default paths). */
  /** `timeoutMs`: SIGKILL the hook then (the fault suite kills hooks midway); rejects with E_TIMEOUT. */
  /** `hideNode`: no Node binary can be found or run (a host without Node; hideNodeLines). */
  async runHook(
    hook: string,
    args: string[],
    env: Record<string, string>,
    opts: { timeoutMs?: number; hideNode?: boolean } = {},
  ): Promise<RunResult> {
    const script = [
      'set -e',
      'mount --make-rprivate /',
      // Read-only overlays (lab layer over the real dir, no upperdir/workdir): any number of
      // hooks can mount them at once (a shared workdir makes concurrent mounts fail).
      `mount -t overlay ctnet-etc -o lowerdir=${this.dir}/etc-upper:/etc /etc`,
      `mount -t overlay ctnet-sbin -o lowerdir=${this.dir}/sbin-upper:/usr/sbin /usr/sbin`,
      'mkdir -p /run/ctnet',
      `mount --bind ${this.runDir} /run/ctnet`,
      ...(opts.hideNode
        ? [
            ...hideNodeLines(),
            `if PATH=${PLAIN_PATH} node --version 2>/dev/null; then echo "a node is still there" >&2; exit 99; fi`,
          ]
        : []),
      'exec env -i "$@"',
    ].join('\n');
    const envArgs = Object.entries({
      HOME: '/',
      TERM: 'linux',
      PATH: opts.hideNode ? PLAIN_PATH : VZ_PATH,
      CTNET_CACHE_DIR: this.cacheDir,
      ...env,
    }).map(([k, v]) => `${k}=${v}`);
    return sh('ip', ['netns', 'exec', this.hn, 'unshare', '-m', 'sh', '-c', script, 'sh', ...envArgs, hook, ...args], {
      allowFailure: true,
      timeoutMs: opts.timeoutMs ?? 60_000,
    });
  }

  /** `ctnet-vznet [options] init veth DEV [extra...]`: options lead, as only they can (lib/hook/hook-args.ts). */
  async vznet(
    veid: string,
    dev: string,
    extra: string[] = [],
    env: Record<string, string> = {},
    options: string[] = [],
  ): Promise<RunResult> {
    await this.netifMacs(veid);
    return this.runHook(HOOK_VZNET, [...options, 'init', 'veth', dev, ...extra], { VEID: veid, ...env });
  }

  /** The vznetcfg drop-in with vzctl's argv (`init veth X`, `addif X net`, `delif X ""`). */
  vznetcfg(args: string[], env: Record<string, string>): Promise<RunResult> {
    return this.runHook(HOOK_VZNETCFG, args, env);
  }

  umount(veid: string, env: Record<string, string> = {}): Promise<RunResult> {
    return this.runHook(HOOK_UMOUNT, [], { VEID: veid, VE_CONFFILE: `/etc/vz/conf/${veid}.conf`, ...env });
  }

  async cleanup(): Promise<void> {
    for (const veid of [...this.cts.keys()]) await delNetns(this.ctNs(veid));
    for (const ns of [...this.extraNs]) await delNetns(ns);
    await delNetns(this.hn);
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.rmSync(this.runDir, { recursive: true, force: true });
  }
}

/** vzctl stand-in: `vzctl exec VEID args...` joins args and runs bash -c in the CT (netns). */
function vzctlShim(prefix: string, suffix: string): string {
  return `#!/bin/sh
# lab stand-in for vzctl (see test/lab/vz-lab.ts)
[ "$1" = exec ] || { echo "vzctl (lab): only exec is emulated" >&2; exit 1; }
ns="${prefix}$2${suffix}"
shift 2
[ -e "/run/netns/$ns" ] || { echo "Container is not running" >&2; exit 1; }
[ -e "/run/ctnet/fail-exec" ] && { echo "vzctl (lab): exec failure injected" >&2; exit 1; }
exec ip netns exec "$ns" bash -c "$*"
`;
}
