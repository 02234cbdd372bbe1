/**
 * A host netns for LXC tests with its containers, an optional userspace Open vSwitch and a
 * ctnet run dir, all removed in the right order by `cleanup()` (containers first, while
 * their netns still exists to reach LXC's command socket).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run, type RunResult } from '../../lib/doors/exec.js';
import { LxcCt } from './lxc.js';
import { addNetns, delNetns, uniqueTag } from './netns.js';
import { OvsLab } from './ovs.js';
import { tmpfsRunDir } from './vz-lab.js';
import { HOOK_LXC, HOOK_PATH } from './executables.js';

export { HOOK_LXC } from './executables.js';

export class LxcLab {
  readonly tag = uniqueTag();
  readonly ns = `ctnet-lx-${this.tag}`;
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), `ctnet-lxc-${this.tag}-`));
  readonly runDir: string;
  ovs: OvsLab | undefined;
  private readonly cts: LxcCt[] = [];

  /** `runDirOnTmpfs`: the hooks' run dir on tmpfs, as /run is on a host (the bench). */
  private constructor(runDirOnTmpfs: boolean) {
    this.runDir = runDirOnTmpfs ? tmpfsRunDir(this.tag) : path.join(this.dir, 'run');
  }

  static async create(opts: { ovs?: boolean; runDirOnTmpfs?: boolean } = {}): Promise<LxcLab> {
    const lab = new LxcLab(opts.runDirOnTmpfs ?? false);
    fs.mkdirSync(lab.runDir, { recursive: true });
    await addNetns(lab.ns);
    if (opts.ovs) lab.ovs = await OvsLab.start(lab.ns, lab.tag);
    return lab;
  }

  /** Environment for lxc-start and direct hook runs (OVS_RUNDIR when OVS runs). */
  get env(): Record<string, string> {
    return { CTNET_CACHE_DIR: path.join(this.dir, 'cache'), ...this.ovs?.env };
  }

  /** The script line for lxc.net.N.script.up/down: the built hook, the lab run dir, options. */
  hookLine(options = ''): string {
    return `${HOOK_LXC} --run-dir ${this.runDir}${options ? ` ${options}` : ''}`;
  }

  /**
   * The lines of a veth lxc.net.0 named eth0 and brought up, with `lines` (addresses, link, pair...)
   * and this lab's ctnet-lxc with `options` as its up and down scripts.
   */
  vethNet(options: string, lines: string[]): string[] {
    return [
      'lxc.net.0.type = veth',
      'lxc.net.0.flags = up',
      'lxc.net.0.name = eth0',
      ...lines,
      `lxc.net.0.script.up = ${this.hookLine(options)}`,
      `lxc.net.0.script.down = ${this.hookLine(options)}`,
    ];
  }

  async container(suffix: string, lines: string[]): Promise<LxcCt> {
    const ct = await LxcCt.create(`ctnet-${this.tag}-${suffix}`, this.ns, lines);
    this.cts.push(ct);
    return ct;
  }

  /** Run the built hook directly in the lab netns (as LXC would, with the given env). */
  runHook(args: string[], env: Record<string, string>): Promise<RunResult> {
    const clean = { PATH: HOOK_PATH, ...this.env, ...env };
    return run(
      'ip',
      [
        'netns',
        'exec',
        this.ns,
        'env',
        '-i',
        ...Object.entries(clean).map(([k, v]) => `${k}=${v}`),
        HOOK_LXC,
        '--run-dir',
        this.runDir,
        ...args,
      ],
      {
        timeoutMs: 60_000,
        allowFailure: true,
      },
    );
  }

  /** Run any program inside the lab netns (its own sysfs/procfs view). */
  runHookFile(file: string, args: string[]): Promise<RunResult> {
    return run('ip', ['netns', 'exec', this.ns, file, ...args], { timeoutMs: 20_000, allowFailure: true });
  }

  ip(args: string[]): Promise<RunResult> {
    return run('ip', ['-n', this.ns, ...args], { timeoutMs: 20_000 });
  }

  async cleanup(): Promise<void> {
    for (const ct of this.cts.splice(0)) await ct.destroy();
    await this.ovs?.stop();
    await delNetns(this.ns);
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.rmSync(this.runDir, { recursive: true, force: true });
  }
}
