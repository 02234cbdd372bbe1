/**
 * Real LXC containers for tests (LAB.md "Real LXC containers"): a busybox container with a
 * unique name, the template's lxc.net.0 block and its udhcpc line removed, the test's config
 * lines appended. LXC's command socket is per netns, so start/attach/stop all run under
 * `ip netns exec NS`; the container's host veths are created in NS. `destroy()` stops and
 * removes the container; register it with t.teardown.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { run, type RunResult } from '../../lib/doors/exec.js';

export const LXC_PATH = '/var/lib/lxc';

export class LxcCt {
  readonly dir: string;
  readonly config: string;
  private baseConfig = '';

  private constructor(
    readonly name: string,
    readonly ns: string,
    readonly logFile: string,
  ) {
    this.dir = path.join(LXC_PATH, name);
    this.config = path.join(this.dir, 'config');
  }

  /** lxc-create -t busybox, strip its network block and udhcpc, append `lines`. */
  static async create(name: string, ns: string, lines: string[]): Promise<LxcCt> {
    const ct = new LxcCt(name, ns, path.join(LXC_PATH, name, 'ctnet-test.log'));
    await run('lxc-create', ['-n', name, '-t', 'busybox'], { timeoutMs: 60_000 });
    const base = fs
      .readFileSync(ct.config, 'utf8')
      .split('\n')
      .filter((l) => !/^\s*lxc\.net\./.test(l))
      .join('\n');
    ct.baseConfig = base.endsWith('\n') ? base : `${base}\n`;
    const rcS = path.join(ct.dir, 'rootfs/etc/init.d/rcS');
    fs.writeFileSync(
      rcS,
      fs
        .readFileSync(rcS, 'utf8')
        .split('\n')
        .filter((l) => !l.includes('udhcpc'))
        .join('\n'),
    );
    ct.setConfig(lines);
    return ct;
  }

  /** Replace the test's config lines (the template's base config stays). */
  setConfig(lines: string[]): void {
    fs.writeFileSync(this.config, `${this.baseConfig}# ctnet test\n${lines.join('\n')}\n`);
  }

  private ns_(file: string, args: string[], env: Record<string, string> = {}, allowFailure = true): Promise<RunResult> {
    return run('ip', ['netns', 'exec', this.ns, file, ...args], {
      env: { ...process.env, ...env },
      timeoutMs: 60_000,
      allowFailure,
    });
  }

  /** lxc-start (daemonized) with a DEBUG log, so a failing hook's output can be shown. */
  async start(env: Record<string, string> = {}): Promise<RunResult> {
    fs.rmSync(this.logFile, { force: true });
    return this.ns_('lxc-start', ['-n', this.name, '-l', 'DEBUG', '-o', this.logFile], env);
  }

  /** The hook lines of the LXC log (what ctnet-lxc printed), for failure messages. */
  hookLog(): string {
    const text = fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
    return text
      .split('\n')
      .filter((l) => /ctnet|script|hook|ERROR/.test(l))
      .slice(-15)
      .join('\n');
  }

  async stop(env: Record<string, string> = {}): Promise<RunResult> {
    return this.ns_('lxc-stop', ['-n', this.name, '-k'], env);
  }

  async state(): Promise<string> {
    const r = await this.ns_('lxc-info', ['-n', this.name, '-s', '-H']);
    return r.stdout.trim();
  }

  async attach(args: string[]): Promise<RunResult> {
    return this.ns_('lxc-attach', ['-n', this.name, '--', ...args]);
  }

  /** Stop (if running) and destroy; idempotent. */
  async destroy(): Promise<void> {
    await this.stop();
    await run('lxc-destroy', ['-n', this.name, '-f'], { timeoutMs: 60_000, allowFailure: true });
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
