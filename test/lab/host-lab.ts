/**
 * A host-level lab: temp dir for --etc/--run-dir, a set of namespaces made with unique names,
 * and `ctnet(ns, ...args)` running the BUILT dist/bin/ctnet inside a namespace (never in the
 * root netns). `cleanup` removes every namespace and the temp dir, even after a failure.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addNetns, delNetns, sh, uniqueTag } from './netns.js';
import type { RunResult } from '../../lib/doors/exec.js';
import { CTNET } from './executables.js';

export { CTNET } from './executables.js';

export class HostLab {
  readonly tag = uniqueTag();
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), `ctnet-host-${this.tag}-`));
  readonly etcDir = path.join(this.dir, 'etc');
  readonly runDir = path.join(this.dir, 'run');
  private readonly namespaces: string[] = [];

  /** Create netns `ctnet-<role>-<tag>`. */
  async ns(role: string): Promise<string> {
    const name = `ctnet-${role}-${this.tag}`;
    await addNetns(name);
    this.namespaces.push(name);
    return name;
  }

  /** Run `ctnet ARGS --etc .. --run-dir ..` in netns `ns`. */
  ctnet(ns: string, args: string[], opts: { config?: string } = {}): Promise<RunResult> {
    const paths = ['--etc', this.etcDir, '--run-dir', this.runDir, ...(opts.config ? ['--config', opts.config] : [])];
    return sh('ip', ['netns', 'exec', ns, CTNET, ...args, ...paths], { allowFailure: true, timeoutMs: 60_000 });
  }

  /** `ip netns exec ns CMD...` */
  exec(ns: string, cmd: string[], opts: { allowFailure?: boolean } = {}): Promise<RunResult> {
    return sh('ip', ['netns', 'exec', ns, ...cmd], { allowFailure: opts.allowFailure ?? false });
  }

  writeFile(rel: string, text: string): string {
    const file = path.join(this.dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  }

  async cleanup(): Promise<void> {
    for (const n of this.namespaces.reverse()) await delNetns(n);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** rx packet counter of one interface in a namespace. */
export async function rxPackets(ns: string, dev: string): Promise<number> {
  const r = await sh('ip', ['-n', ns, '-j', '-s', 'link', 'show', 'dev', dev]);
  return (JSON.parse(r.stdout) as Array<{ stats64: { rx: { packets: number } } }>)[0]!.stats64.rx.packets;
}

/** Write a sysctl inside a namespace. */
export async function nsSysctl(ns: string, key: string, value: string): Promise<void> {
  await sh('ip', ['netns', 'exec', ns, 'sysctl', '-qw', `${key}=${value}`]);
}
