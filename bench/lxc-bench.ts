/**
 * ctnet-lxc up + down on a userspace Open vSwitch bridge, invoked as LXC does (hook.version 0
 * argv, --bridge on the script line), with 1 and then 500 other ports on the bridge. The two
 * phases each measure the Node floor too, so report.ts compares cycle minus floor; and the
 * same port change made by ovs-vsctl alone (add-port waiting for ovs-vswitchd, del-port not
 * waiting, as ctnet does), so the report shows what the runtime's own tool pays with 500 ports.
 */
import { run } from '../lib/doors/exec.js';
import { HOOK_LXC, LxcLab } from '../test/lab/lxc-lab.js';
import { WITH_JOURNALD } from '../test/lab/journald.js';
import { timeAlternating } from './time-alternating.js';
import { timeWith, type TimeOptions, type Timing } from './time-in-lab.js';

export async function measureLxcOvs(opts: TimeOptions): Promise<Timing[]> {
  const lab = await LxcLab.create({ ovs: true, runDirOnTmpfs: true });
  try {
    const ovs = lab.ovs!;
    await ovs.addBridge('sw0');
    await lab.ip(['link', 'set', 'dev', 'sw0', 'up']);
    const dev = `vb${lab.tag}`;
    await lab.ip(['link', 'add', dev, 'type', 'veth', 'peer', 'name', `${dev}p`]);
    const env = Object.entries({ PATH: '/usr/sbin:/usr/bin:/sbin:/bin', ...lab.env, TMPDIR: lab.dir }).map(
      ([k, v]) => `${k}=${v}`,
    );
    const runner = (a: string[]) =>
      run('ip', ['netns', 'exec', lab.ns, 'unshare', '-m', 'env', '-i', ...env, WITH_JOURNALD, 'bash', ...a], {
        timeoutMs: 1_800_000,
        allowFailure: true,
      });
    const hook = (phase: string) =>
      `${HOOK_LXC} --run-dir ${lab.runDir} --bridge sw0 --vlan 10 cb${lab.tag} net ${phase} veth sw0 ${dev}`;
    const cycle = `${hook('up')} && ${hook('down')}`;
    const vsctl =
      `ovs-vsctl --timeout=10 -- --may-exist add-port sw0 ${dev} tag=10 -- set port ${dev} external_ids:ctnet-owner=bench` +
      ` && ovs-vsctl --timeout=10 --no-wait --if-exists del-port sw0 ${dev}`;
    /**
     * Port records of no device (vswitchd logs that it cannot open them): what costs is their
     * number in ovsdb.
     */
    const addPorts = async (from: number, to: number): Promise<void> => {
      const args: string[] = [];
      for (let i = from; i < to; i++) args.push('--', 'add-port', 'sw0', `xp${i}`);
      await ovs.vsctl(['--no-wait', ...args]);
    };
    // Switching between 1 and 500 ports waits for ovs-vswitchd to have applied the change,
    // so no round is timed while it is still reconfiguring.
    const setPorts = async (verb: 'add-port' | 'del-port'): Promise<void> => {
      const args: string[] = [];
      for (let i = 1; i < 500; i++) args.push('--', verb, 'sw0', `xp${i}`);
      await ovs.vsctl(args);
    };
    await addPorts(0, 1);
    // 1 and 500 ports in alternating blocks (report.ts compares them round by round).
    let many = false;
    const timings = await timeAlternating({
      time: (cases, o) => timeWith(runner, cases, o),
      a: {
        enter: async () => {
          if (many) await setPorts('del-port');
          many = false;
        },
        cases: [
          { name: 'node -e 0, ovs 1 port', line: 'node -e 0' },
          { name: 'lxc ovs 1 port', line: cycle },
          { name: 'ovs-vsctl alone, 1 port', line: vsctl },
        ],
      },
      b: {
        enter: async () => {
          if (!many) await setPorts('add-port');
          many = true;
        },
        cases: [
          { name: 'node -e 0, ovs 500 ports', line: 'node -e 0' },
          { name: 'lxc ovs 500 ports', line: cycle },
          { name: 'ovs-vsctl alone, 500 ports', line: vsctl },
        ],
      },
      opts,
    });
    const up = await lab.runHook(
      ['--bridge', 'sw0', '--vlan', '10', `cb${lab.tag}`, 'net', 'up', 'veth', 'sw0', dev],
      {},
    );
    if (up.exitCode !== 0 || !(await ovs.portExists(dev)))
      throw new Error(`ctnet-lxc up did not add the port: ${up.stderr}`);
    return timings;
  } finally {
    await lab.cleanup();
  }
}
