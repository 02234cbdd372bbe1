/**
 * `ctnet demo`: build the throwaway node (demo-lab.ts; Open vSwitch too when installed), run
 * the REAL built hooks against it (ctnet-vznet per veth, as vzctl's EXTERNAL_SCRIPT;
 * ctnet-umount per CT at the end), show the addresses, routes and ports they made and pings
 * between the containers, then remove everything. SIGINT/SIGTERM/SIGHUP stop it at the next
 * step and still clean up.
 */
import { join } from 'node:path';
import { CtnetError } from '../../errors.js';
import { isExecutableFile } from '../../doors/fs.js';
import { run } from '../../doors/exec.js';
import { DEMO_SUBNET, DemoLab, LINUX_CTS, OVS_CTS, type DemoCt } from './demo-lab.js';
import { ovsInstalled, startDemoOvs, type DemoOvs } from './demo-ovs.js';
import { indent, showLab } from './demo-show.js';

export interface DemoOptions {
  hooksDir: string;
  /** Keep the lab until a signal (Ctrl-C), to explore it. */
  wait: boolean;
  /** Leave Open vSwitch out even when it is installed. */
  noOvs: boolean;
  out: (s: string) => void;
}

class Interrupted extends Error {}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const EXIT_BY_SIGNAL: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

function hookIn(dir: string, name: string): string {
  const file = join(dir, name);
  if (!isExecutableFile(file))
    throw new CtnetError(`"${file}" is missing`, {
      code: 'E_NOHOOKS',
      hint: 'run "npm run build" (or "npm run demo")',
    });
  return file;
}

export async function runDemo(opts: DemoOptions): Promise<number> {
  const { out } = opts;
  if (process.getuid?.() !== 0) {
    throw new CtnetError('ctnet demo needs root (it creates network namespaces)', {
      code: 'E_PERM',
      hint: 'run it as root, e.g. sudo npm run demo',
    });
  }
  const vznet = hookIn(opts.hooksDir, 'ctnet-vznet');
  const umount = hookIn(opts.hooksDir, 'ctnet-umount');
  const withOvs = !opts.noOvs && ovsInstalled();
  const cts: DemoCt[] = [...LINUX_CTS, ...(withOvs ? OVS_CTS : [])];
  const lab = new DemoLab();
  let stopped: string | undefined;
  let waitedSignal: string | undefined;
  let wake = (): void => undefined;
  const onSignal = (sig: string): void => {
    if (stopped) return;
    stopped = sig;
    out(`\n${sig}: stopping; removing the lab...\n`);
    wake();
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  const step = (title: string): void => {
    if (stopped) throw new Interrupted(stopped);
    out(`\n== ${title}\n`);
  };
  let failure: { error: unknown } | undefined;
  let ovs: DemoOvs | undefined;
  try {
    out(`ctnet demo: lab "${lab.tag}" (network namespaces ctnet-demo-${lab.tag}-*), removed at the end\n`);
    lab.makeDir();
    out(`temp dir: ${lab.dir}\n`);
    step(`node: netns ${lab.hn}, Linux bridge br0 ${DEMO_SUBNET}.1/24`);
    await lab.buildNode();
    if (withOvs) {
      step('Open vSwitch in the node netns (userspace datapath), bridge sw0');
      ovs = await startDemoOvs(lab);
    } else
      out(opts.noOvs ? '(Open vSwitch left out: --no-ovs)\n' : '(Open vSwitch is not installed: Linux bridge only)\n');
    step(
      `containers ${cts.map((c) => `${c.ct} on ${c.bridge}${c.vlan ? ` VLAN ${c.vlan}` : ''}`).join(', ')}: netns + veth pair each, configs in ${lab.vzDir}/conf`,
    );
    for (const c of cts) await lab.addCt(c);
    for (const { ct } of cts) {
      step(`CT ${ct} starts: vzctl runs ${vznet} init veth veth${ct}.0`);
      const r = await lab.runHook(vznet, ct, ['init', 'veth', `veth${ct}.0`], ovs?.env);
      out(indent(r.stderr));
      if (r.exitCode !== 0)
        throw new CtnetError(`ctnet-vznet failed for CT ${ct} (exit ${r.exitCode})`, { code: 'E_DEMO' });
    }
    step('what the hooks made');
    await showLab(lab, cts, ovs, out);
    step('pings between the containers');
    const pings: Array<[string, string]> = [
      ['101', `${DEMO_SUBNET}.102`],
      ['101', `${DEMO_SUBNET}.1`],
      ...(withOvs ? [['103', `${DEMO_SUBNET}.104`] as [string, string]] : []),
    ];
    for (const [from, target] of pings) {
      const p = await run('ip', ['netns', 'exec', lab.ctNs(from), 'ping', '-c', '2', '-i', '0.2', '-W', '2', target], {
        allowFailure: true,
      });
      out(
        `  CT ${from} -> ${target}: ${p.exitCode === 0 ? `ok (${/rtt [^=]*= ([\d.]+)/.exec(p.stdout)?.[1] ?? '?'} ms)` : 'FAILED'}\n`,
      );
      if (p.exitCode !== 0) throw new CtnetError(`ping from CT ${from} to ${target} failed`, { code: 'E_DEMO' });
    }
    if (opts.wait) {
      step(`lab is up; explore it, e.g.: ip netns exec ${lab.hn} ip route show proto 213 — press Ctrl-C to remove it`);
      // Signal handlers do not keep Node running: a timer does, until the signal comes.
      const keepAlive = setInterval(() => undefined, 60_000);
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (stopped) resolve();
      });
      clearInterval(keepAlive);
      // The signal ends the waiting; the CTs still stop properly (umount hooks) below.
      waitedSignal = stopped;
      stopped = undefined;
    }
    for (const { ct } of cts) {
      step(`CT ${ct} stops: vzctl runs vps.umount = ${umount}`);
      const r = await lab.runHook(umount, ct, [], { VE_CONFFILE: join(lab.vzDir, 'conf', `${ct}.conf`), ...ovs?.env });
      out(indent(r.stderr));
    }
    out(
      indent((await lab.ip(lab.hn, ['route', 'show', 'proto', '213'])).stdout) ||
        '  (no ctnet routes left on the node)\n',
    );
  } catch (e) {
    // Ctrl-C also reaches the commands in flight: their failure is the interruption.
    if (!(e instanceof Interrupted) && !stopped) failure = { error: e };
  } finally {
    await finish(lab, cts, out);
    for (const s of SIGNALS) process.off(s, onSignal);
  }
  if (failure) throw failure.error;
  const signal = stopped ?? waitedSignal;
  return signal ? (EXIT_BY_SIGNAL[signal] ?? 1) : 0;
}

/** Undo everything, then make sure no namespace of this lab is left. */
async function finish(lab: DemoLab, cts: DemoCt[], out: (s: string) => void): Promise<void> {
  const problems = await lab.cleanup.runAll();
  const left = (await run('ip', ['netns', 'list'], { allowFailure: true })).stdout
    .split('\n')
    .filter((l) => l.includes(lab.tag));
  out(
    problems.length || left.length
      ? `\ncleanup incomplete: ${[...problems, ...left.map((l) => `netns ${l} still exists`)].join('; ')}\n`
      : `\nremoved the lab: netns ${[lab.hn, ...cts.map((c) => lab.ctNs(c.ct))].join(', ')} and ${lab.dir || 'its temp dir'}\n`,
  );
}
