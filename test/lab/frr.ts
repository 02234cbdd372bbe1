/**
 * Real FRR (zebra + ospfd, + ospf6d when the config has "router ospf6"; zebra + bfdd + bgpd
 * for a config with "router bgp") in a network namespace, as LAB.md describes: a per-instance
 * pathspace (-N NAME) with its own /etc/frr/NAME and /var/run/frr/NAME, removed by `stop`.
 * Daemons are stopped by the PIDs from their own pid files, never by name.
 *
 * ospfd and ospf6d also keep graceful-restart state (ospfd-gr.json, ospf6d-gr.json,
 * ospf6d-at-seq-no.dat) in /var/run/frr itself, outside the pathspace. So each daemon runs with
 * a private directory of the instance bound over /var/run/frr in its own mount namespace (the
 * one `ip netns exec` makes for it), and the instance's run dir bound back in at NAME: sockets,
 * pid files and logs stay where vtysh and the test look, the state files go with the instance.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sh } from './netns.js';

export const FRR_SBIN = '/usr/lib/frr';

export class FrrInstance {
  readonly etcDir: string;
  readonly runDir: string;
  /** Bound over /var/run/frr for the daemons (made by prepare, removed by stop). */
  private stateDir: string | undefined;
  private pids: number[] = [];
  /** Whether ospf6d was started (the config has "router ospf6"). */
  ospf6 = false;

  constructor(
    readonly name: string,
    readonly ns: string,
  ) {
    this.etcDir = path.join('/etc/frr', name);
    this.runDir = path.join('/var/run/frr', name);
  }

  get confFile(): string {
    return path.join(this.etcDir, 'frr.conf');
  }

  /** Create the instance directories (owned by frr); the config is written to confFile by the caller. */
  async prepare(): Promise<void> {
    for (const d of [this.etcDir, this.runDir]) fs.mkdirSync(d, { recursive: true });
    if (!this.stateDir) {
      this.stateDir = fs.mkdtempSync(path.join(os.tmpdir(), `ctnet-frr-${this.name}-`));
      fs.mkdirSync(path.join(this.stateDir, this.name));
    }
    await sh('chown', ['-R', 'frr:frr', this.etcDir, this.runDir, this.stateDir]);
  }

  /**
   * Start zebra, wait for its socket, then ospfd, and ospf6d if the config has "router ospf6";
   * a config with "router bgp" gets bfdd and bgpd instead of ospfd.
   */
  async start(): Promise<void> {
    await sh('chown', ['-R', 'frr:frr', this.etcDir]);
    await this.daemon('zebra');
    await waitFor(() => fs.existsSync(path.join(this.runDir, 'zserv.api')), 10_000, `zebra socket of ${this.name}`);
    const conf = fs.readFileSync(this.confFile, 'utf8');
    if (/^router bgp /m.test(conf)) {
      await this.daemon('bfdd');
      await this.daemon('bgpd');
      return;
    }
    await this.daemon('ospfd');
    this.ospf6 = /^router ospf6$/m.test(conf);
    if (this.ospf6) await this.daemon('ospf6d');
  }

  private async daemon(d: 'zebra' | 'ospfd' | 'ospf6d' | 'bgpd' | 'bfdd'): Promise<void> {
    const pidFile = path.join(this.runDir, `${d}.pid`);
    if (!this.stateDir) throw new Error(`FRR instance ${this.name}: start before prepare`);
    const inPrivateRunDir = 'mount --bind "$1" "$2/$3" && mount --rbind "$2" /var/run/frr && shift 3 && exec "$@"';
    await sh(
      'ip',
      [
        'netns',
        'exec',
        this.ns,
        'sh',
        '-c',
        inPrivateRunDir,
        'sh',
        this.runDir,
        this.stateDir,
        this.name,
        path.join(FRR_SBIN, d),
        '-N',
        this.name,
        '-d',
        '-f',
        this.confFile,
        '-i',
        pidFile,
        '--log',
        `file:${path.join(this.runDir, `${d}.log`)}`,
      ],
      { timeoutMs: 20_000 },
    );
    await waitFor(
      () => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim() !== '',
      10_000,
      `${d} pid file of ${this.name}`,
    );
    this.pids.push(Number(fs.readFileSync(pidFile, 'utf8').trim()));
  }

  /** `vtysh -N NAME -c CMD` output. */
  async vtysh(cmd: string): Promise<string> {
    return (await sh('vtysh', ['-N', this.name, '-c', cmd], { allowFailure: true, timeoutMs: 10_000 })).stdout;
  }

  /** Files the daemons wrote into their private /var/run/frr (graceful-restart state). */
  stateFiles(): string[] {
    if (!this.stateDir) return [];
    return fs
      .readdirSync(this.stateDir, { withFileTypes: true })
      .filter((e) => !e.isDirectory())
      .map((e) => e.name)
      .sort();
  }

  /** Stop the daemons this instance started (by PID) and remove its directories, even when a kill fails. */
  async stop(): Promise<void> {
    try {
      for (const pid of this.pids.reverse()) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
        }
      }
      await waitFor(() => this.pids.every((p) => !alive(p)), 5_000, `${this.name} daemons to exit`).catch(() => {
        for (const p of this.pids) if (alive(p)) process.kill(p, 'SIGKILL');
      });
    } finally {
      this.pids = [];
      fs.rmSync(this.etcDir, { recursive: true, force: true });
      fs.rmSync(this.runDir, { recursive: true, force: true });
      if (this.stateDir) fs.rmSync(this.stateDir, { recursive: true, force: true });
      this.stateDir = undefined;
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Poll `check` every `everyMs` until true; rejects after `timeoutMs`. Returns the ms waited. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  everyMs = 25,
): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (await check()) return performance.now() - start;
    if (performance.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
