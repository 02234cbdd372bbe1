/**
 * A throwaway Open vSwitch (LAB.md): ovsdb-server + ovs-vswitchd --disable-system (userspace
 * datapath) started inside a given netns, with their database, socket, pid and log files in
 * a unique temp dir. Hooks under test find it through OVS_RUNDIR (ovs-vsctl's default socket
 * is $OVS_RUNDIR/db.sock): pass `ovs.env` to them. `stop()` kills exactly the two PIDs this
 * lab started; register it with t.teardown.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run, type RunResult } from '../../lib/doors/exec.js';

export class OvsLab {
  readonly dir: string;
  readonly env: { OVS_RUNDIR: string; OVS_LOGDIR: string; OVS_DBDIR: string };
  private readonly pids: number[] = [];

  private constructor(
    readonly ns: string,
    tag: string,
  ) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `ctnet-ovs-${tag}-`));
    this.env = { OVS_RUNDIR: this.dir, OVS_LOGDIR: this.dir, OVS_DBDIR: this.dir };
  }

  /** Start ovsdb-server and ovs-vswitchd inside netns `ns`. */
  static async start(ns: string, tag: string): Promise<OvsLab> {
    const lab = new OvsLab(ns, tag);
    try {
      const d = lab.dir;
      await lab.cmd('ovsdb-tool', ['create', `${d}/conf.db`, '/usr/share/openvswitch/vswitch.ovsschema']);
      await lab.startDb();
      await lab.vsctl(['--no-wait', 'init']);
      await lab.cmd('ip', [
        'netns',
        'exec',
        ns,
        'ovs-vswitchd',
        `unix:${d}/db.sock`,
        '--disable-system',
        `--pidfile=${d}/vswitchd.pid`,
        '--detach',
        `--log-file=${d}/vswitchd.log`,
      ]);
      lab.pids.push(lab.pidOf('vswitchd'));
    } catch (e) {
      await lab.stop();
      throw e;
    }
    return lab;
  }

  private async startDb(): Promise<void> {
    const d = this.dir;
    await this.cmd('ip', [
      'netns',
      'exec',
      this.ns,
      'ovsdb-server',
      `${d}/conf.db`,
      `--remote=punix:${d}/db.sock`,
      `--pidfile=${d}/ovsdb.pid`,
      '--detach',
      `--log-file=${d}/ovsdb.log`,
    ]);
    this.pids.push(this.pidOf('ovsdb'));
  }

  private pidOf(name: string): number {
    return Number(fs.readFileSync(path.join(this.dir, `${name}.pid`), 'utf8').trim());
  }

  private cmd(file: string, args: string[], allowFailure = false): Promise<RunResult> {
    return run(file, args, { env: { ...process.env, ...this.env }, timeoutMs: 20_000, allowFailure });
  }

  /** ovs-vsctl against this lab's database (with a timeout). */
  vsctl(args: string[], allowFailure = false): Promise<RunResult> {
    return this.cmd('ovs-vsctl', [`--db=unix:${this.dir}/db.sock`, '--timeout=10', ...args], allowFailure);
  }

  /** ovs-ofctl against this lab's switch (with a timeout). */
  ofctl(args: string[], allowFailure = false): Promise<RunResult> {
    return this.cmd('ovs-ofctl', ['--timeout=10', ...args], allowFailure);
  }

  /** A userspace-datapath bridge; its internal port is a tap device in the lab netns. */
  async addBridge(name: string): Promise<void> {
    await this.vsctl(['add-br', name, '--', 'set', 'bridge', name, 'datapath_type=netdev']);
  }

  /** A patch port `name` on `bridge` paired with `peer` on `peerBridge`, in one transaction. */
  async addPatchPair(bridge: string, name: string, peerBridge: string, peer: string): Promise<void> {
    const patch = (br: string, port: string, other: string): string[] => [
      'add-port',
      br,
      port,
      '--',
      'set',
      'interface',
      port,
      'type=patch',
      `options:peer=${other}`,
    ];
    await this.vsctl([...patch(bridge, name, peer), '--', ...patch(peerBridge, peer, name)]);
  }

  /** Port column value, e.g. get('port', 'v1', 'tag') -> "10" ("[]" when empty). */
  async get(table: string, record: string, column: string): Promise<string> {
    return (await this.vsctl(['get', table, record, column])).stdout.trim();
  }

  async portExists(port: string): Promise<boolean> {
    return (await this.vsctl(['--if-exists', 'get', 'port', port, 'name'])).stdout.trim() !== '';
  }

  /** Stop ovsdb-server only (to prove hooks fail fast and clearly when it is down). */
  async stopDb(): Promise<void> {
    const pid = this.pidOf('ovsdb');
    this.pids.splice(this.pids.indexOf(pid), 1);
    await killAndWait(pid);
  }

  /** Freeze (SIGSTOP) or thaw (SIGCONT) one daemon this lab started: a hung ovsdb/vswitchd. */
  signal(daemon: 'ovsdb' | 'vswitchd', sig: 'SIGSTOP' | 'SIGCONT'): void {
    const pid = this.pidOf(daemon);
    if (this.pids.includes(pid)) process.kill(pid, sig);
  }

  /** Start ovsdb-server again on the same database. */
  async restartDb(): Promise<void> {
    await this.startDb();
  }

  /** Kill every daemon this lab started (by PID) and remove its directory. Idempotent. */
  async stop(): Promise<void> {
    for (const pid of this.pids.splice(0).reverse()) {
      try {
        process.kill(pid, 'SIGCONT'); // a frozen daemon cannot act on SIGTERM
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
      }
      await killAndWait(pid);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

async function killAndWait(pid: number): Promise<void> {
  if (!pid) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return;
    throw e;
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') return;
      throw e;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e; // it exited just now
  }
}
