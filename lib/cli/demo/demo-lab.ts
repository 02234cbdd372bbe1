/**
 * The demo's throwaway OpenVZ node: a node netns with a Linux bridge, one netns per container
 * joined by a veth pair named as vzctl names it, CT configs in a temp dir, and a vzctl
 * stand-in that runs `vzctl exec <ctid> cmd...` in the container's netns. Nothing outside its
 * own namespaces and temp dir is touched: the hooks get --vz-dir, --run-dir and --vzctl.
 */
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { run, type RunResult } from '../../doors/exec.js';
import { ensureDir, makeTempDir, removeTree, writeFileAtomic } from '../../doors/fs.js';
import { CleanupStack } from './cleanup-stack.js';

export const DEMO_SUBNET = '10.77.0';

/** A demo container: its id and the bridge (and VLAN) its veth goes to. */
export interface DemoCt {
  ct: string;
  bridge: string;
  vlan?: number;
}

export const LINUX_CTS: DemoCt[] = [
  { ct: '101', bridge: 'br0' },
  { ct: '102', bridge: 'br0' },
];
export const OVS_CTS: DemoCt[] = [
  { ct: '103', bridge: 'sw0', vlan: 10 },
  { ct: '104', bridge: 'sw0', vlan: 10 },
];
/** The Node running the demo first: the hooks' `#!/usr/bin/env node` finds the same one. */
const HOOK_PATH = `${dirname(process.execPath)}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;

export class DemoLab {
  readonly tag = randomBytes(4).toString('hex').slice(0, 6);
  readonly hn = `ctnet-demo-${this.tag}-node`;
  readonly cleanup = new CleanupStack();
  dir = '';

  ctNs(ct: string): string {
    return `ctnet-demo-${this.tag}-ct${ct}`;
  }

  get vzDir(): string {
    return join(this.dir, 'vz');
  }
  get runDir(): string {
    return join(this.dir, 'run');
  }
  get vzctl(): string {
    return join(this.dir, 'vzctl');
  }

  makeDir(): void {
    this.dir = makeTempDir(`ctnet-demo-${this.tag}-`);
    const dir = this.dir;
    this.cleanup.push(`remove ${dir}`, () => removeTree(dir));
    ensureDir(join(this.vzDir, 'conf'));
    ensureDir(this.runDir);
    writeFileAtomic(join(this.vzDir, 'vz.conf'), '## ctnet demo: global OpenVZ config\n');
    writeFileAtomic(this.vzctl, vzctlStandIn(`ctnet-demo-${this.tag}-ct`), 0o755);
  }

  async addNetns(name: string): Promise<void> {
    this.cleanup.push(`delete netns ${name}`, () => ip(['netns', 'del', name], true).then(() => undefined));
    await ip(['netns', 'add', name]);
    await ip(['-n', name, 'link', 'set', 'lo', 'up']);
  }

  async buildNode(): Promise<void> {
    await this.addNetns(this.hn);
    await ipBatch(this.hn, ['link add br0 type bridge', `addr add ${DEMO_SUBNET}.1/24 dev br0`, 'link set dev br0 up']);
  }

  /** CT config + netns + veth pair (host side in the node), as vzctl leaves them for the hook. */
  async addCt({ ct, bridge, vlan }: DemoCt): Promise<void> {
    writeFileAtomic(
      join(this.vzDir, 'conf', `${ct}.conf`),
      [
        `NETIF="ifname=eth0,host_ifname=veth${ct}.0"`,
        `VETH_IP_ADDRESS="${DEMO_SUBNET}.${ct}/24"`,
        ...(bridge === 'br0' ? [`CT0_IP="${DEMO_SUBNET}.1"`] : []),
        `BRIDGEDEV="${bridge}"`,
        ...(vlan ? [`VETH_VLAN="${vlan}"`] : []),
        '',
      ].join('\n'),
    );
    await this.addNetns(this.ctNs(ct));
    await ip([
      '-n',
      this.hn,
      'link',
      'add',
      `veth${ct}.0`,
      'type',
      'veth',
      'peer',
      'name',
      'eth0',
      'netns',
      this.ctNs(ct),
    ]);
  }

  /** Run a built hook in the node netns as vzctl would: clean environment, VEID set. */
  runHook(hook: string, ct: string, args: string[], extraEnv: Record<string, string> = {}): Promise<RunResult> {
    const env = [
      `PATH=${HOOK_PATH}`,
      'HOME=/',
      'TERM=linux',
      `VEID=${ct}`,
      'CTNET_SYSLOG=0',
      ...Object.entries(extraEnv).map(([k, v]) => `${k}=${v}`),
    ];
    const opts = ['--vz-dir', this.vzDir, '--run-dir', this.runDir, '--vzctl', this.vzctl];
    return run('ip', ['netns', 'exec', this.hn, 'env', '-i', ...env, hook, ...opts, ...args], {
      allowFailure: true,
      timeoutMs: 60_000,
    });
  }

  ip(ns: string, args: string[], allowFailure = false): Promise<RunResult> {
    return ip(['-n', ns, ...args], allowFailure);
  }
}

function ip(args: string[], allowFailure = false): Promise<RunResult> {
  return run('ip', args, { allowFailure });
}

function ipBatch(ns: string, lines: string[]): Promise<RunResult> {
  return run('ip', ['-n', ns, '-batch', '-'], { input: lines.join('\n') + '\n' });
}

/** `vzctl exec <ctid> cmd...` -> `ip netns exec <prefix><ctid> cmd...` (argv kept, no shell). */
function vzctlStandIn(prefix: string): string {
  return `#!/bin/sh
# ctnet demo stand-in for vzctl: only "vzctl exec <ctid> <command...>" is emulated
[ "$1" = exec ] || { echo "vzctl (ctnet demo): only exec is emulated" >&2; exit 2; }
case "$2" in ''|*[!0-9]*) echo "vzctl (ctnet demo): bad ctid" >&2; exit 2;; esac
ns="${prefix}$2"
shift 2
exec ip netns exec "$ns" "$@"
`;
}
