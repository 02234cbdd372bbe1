/**
 * Open vSwitch for the demo, when it is installed: ovsdb-server and ovs-vswitchd (userspace
 * datapath, no kernel module needed) started inside the demo's node netns with their socket,
 * database, pid and log files in the demo's temp dir, and a bridge sw0. The hooks find it
 * through OVS_RUNDIR. Cleanup kills exactly the two PIDs started here.
 */
import { join } from 'node:path';
import { run } from '../../doors/exec.js';
import { ensureDir, isExecutableFile, pathExists, readTextIfExists } from '../../doors/fs.js';
import type { DemoLab } from './demo-lab.js';

const SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema';
const SBIN = ['/usr/sbin', '/usr/local/sbin', '/sbin'];

/** ovsdb-server, ovs-vswitchd and the schema are all there. */
export function ovsInstalled(): boolean {
  const has = (f: string): boolean => SBIN.some((d) => isExecutableFile(join(d, f)));
  return has('ovsdb-server') && has('ovs-vswitchd') && pathExists(SCHEMA);
}

export interface DemoOvs {
  /** Environment for the hooks and ovs-vsctl. */
  env: Record<string, string>;
  vsctl: (args: string[]) => Promise<string>;
}

export async function startDemoOvs(lab: DemoLab): Promise<DemoOvs> {
  const dir = join(lab.dir, 'ovs');
  ensureDir(dir);
  const env = { OVS_RUNDIR: dir, OVS_LOGDIR: dir, OVS_DBDIR: dir };
  const opts = { env: { ...process.env, ...env }, timeoutMs: 20_000 };
  const vsctl = async (args: string[]): Promise<string> =>
    (await run('ovs-vsctl', [`--db=unix:${dir}/db.sock`, '--timeout=10', ...args], opts)).stdout;
  lab.cleanup.push('stop the demo Open vSwitch', async () => {
    for (const name of ['vswitchd', 'ovsdb']) await stopPidFile(join(dir, `${name}.pid`));
  });
  await run('ovsdb-tool', ['create', `${dir}/conf.db`, SCHEMA], opts);
  await run(
    'ip',
    [
      'netns',
      'exec',
      lab.hn,
      'ovsdb-server',
      `${dir}/conf.db`,
      `--remote=punix:${dir}/db.sock`,
      `--pidfile=${dir}/ovsdb.pid`,
      '--detach',
      `--log-file=${dir}/ovsdb.log`,
    ],
    opts,
  );
  await vsctl(['--no-wait', 'init']);
  await run(
    'ip',
    [
      'netns',
      'exec',
      lab.hn,
      'ovs-vswitchd',
      `unix:${dir}/db.sock`,
      '--disable-system',
      `--pidfile=${dir}/vswitchd.pid`,
      '--detach',
      `--log-file=${dir}/vswitchd.log`,
    ],
    opts,
  );
  await vsctl(['add-br', 'sw0', '--', 'set', 'bridge', 'sw0', 'datapath_type=netdev']);
  await lab.ip(lab.hn, ['link', 'set', 'dev', 'sw0', 'up']);
  return { env, vsctl };
}

/** Kill the daemon whose pid file this demo wrote, and wait until it is gone; idempotent. */
async function stopPidFile(file: string): Promise<void> {
  const pid = readTextIfExists(file)?.trim();
  if (!pid || !/^\d+$/.test(pid)) return;
  await run('kill', [pid], { allowFailure: true });
  for (let i = 0; i < 100; i++) {
    if ((await run('kill', ['-0', pid], { allowFailure: true })).exitCode !== 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  await run('kill', ['-KILL', pid], { allowFailure: true });
}
