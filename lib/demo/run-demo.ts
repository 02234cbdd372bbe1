/**
 * `ctnet demo`: build the throwaway node (demo-lab.ts), run the REAL built hooks against it
 * (ctnet-vznet per veth, as vzctl's EXTERNAL_SCRIPT; ctnet-umount per CT at the end), show
 * the addresses, routes and bridge ports they made and a ping between the containers, then
 * remove everything. SIGINT/SIGTERM/SIGHUP stop it at the next step and still clean up.
 */
import * as path from 'node:path';
import { CtnetError } from '../errors.js';
import { isExecutableFile } from '../fs.js';
import { run } from '../exec.js';
import { DEMO_CTS, DEMO_SUBNET, DemoLab } from './demo-lab.js';

export interface DemoOptions {
  hooksDir: string;
  /** Keep the lab until a signal (Ctrl-C), to explore it. */
  wait: boolean;
  out: (s: string) => void;
}

class Interrupted extends Error {}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const EXIT_BY_SIGNAL: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

export async function runDemo(opts: DemoOptions): Promise<number> {
  const { out } = opts;
  const hook = (name: string): string => {
    const file = path.join(opts.hooksDir, name);
    if (!isExecutableFile(file)) throw new CtnetError(`"${file}" is missing`, { code: 'E_NOHOOKS', hint: 'run "npm run build" (or "npm run demo")' });
    return file;
  };
  const vznet = hook('ctnet-vznet');
  const umount = hook('ctnet-umount');
  const lab = new DemoLab();
  let stopped: string | undefined;
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
  let failure: unknown;
  let waitedSignal: string | undefined;
  try {
    out(`ctnet demo: lab "${lab.tag}" (network namespaces ctnet-demo-${lab.tag}-*), removed at the end\n`);
    lab.makeDir();
    out(`temp dir: ${lab.dir}\n`);
    step(`node: netns ${lab.hn}, Linux bridge br0 ${DEMO_SUBNET}.1/24`);
    await lab.buildNode();
    step(`containers ${DEMO_CTS.join(', ')}: netns + veth pair each, configs in ${lab.vzDir}/conf`);
    for (const ct of DEMO_CTS) await lab.addCt(ct);
    for (const ct of DEMO_CTS) {
      step(`CT ${ct} starts: vzctl runs ${vznet} init veth veth${ct}.0`);
      const r = await lab.runHook(vznet, ct, ['init', 'veth', `veth${ct}.0`]);
      out(indent(r.stderr));
      if (r.exitCode !== 0) throw new CtnetError(`ctnet-vznet failed for CT ${ct} (exit ${r.exitCode})`, { code: 'E_DEMO' });
    }
    step('what the hooks made');
    await show(lab, out);
    step(`ping from CT ${DEMO_CTS[0]} to CT ${DEMO_CTS[1]} and to the node`);
    for (const target of [`${DEMO_SUBNET}.${DEMO_CTS[1]}`, `${DEMO_SUBNET}.1`]) {
      const p = await run('ip', ['netns', 'exec', lab.ctNs(DEMO_CTS[0]!), 'ping', '-c', '2', '-i', '0.2', '-W', '2', target], { allowFailure: true });
      out(`  ping ${target}: ${p.exitCode === 0 ? `ok (${/rtt [^=]*= ([\d.]+)/.exec(p.stdout)?.[1] ?? '?'} ms)` : 'FAILED'}\n`);
      if (p.exitCode !== 0) throw new CtnetError(`ping from CT ${DEMO_CTS[0]} to ${target} failed`, { code: 'E_DEMO' });
    }
    if (opts.wait) {
      step(`lab is up; explore it, e.g.: ip netns exec ${lab.hn} ip route show proto 213 — press Ctrl-C to remove it`);
      // Signal handlers do not keep Node running: a timer does, until the signal comes.
      const keepAlive = setInterval(() => undefined, 60_000);
      await new Promise<void>((resolve) => { wake = resolve; if (stopped) resolve(); });
      clearInterval(keepAlive);
      // The signal ends the waiting; the CTs still stop properly (umount hooks) below.
      waitedSignal = stopped;
      stopped = undefined;
    }
    for (const ct of DEMO_CTS) {
      step(`CT ${ct} stops: vzctl runs vps.umount = ${umount}`);
      const r = await lab.runHook(umount, ct, [], { VE_CONFFILE: path.join(lab.vzDir, 'conf', `${ct}.conf`) });
      out(indent(r.stderr));
    }
    out(indent((await lab.ip(lab.hn, ['route', 'show', 'proto', '213'])).stdout) || '  (no ctnet routes left on the node)\n');
  } catch (e) {
    // Ctrl-C also reaches the commands in flight: their failure is the interruption.
    if (!(e instanceof Interrupted) && !stopped) failure = e;
  } finally {
    const problems = await lab.cleanup.runAll();
    const left = (await run('ip', ['netns', 'list'], { allowFailure: true })).stdout.split('\n').filter((l) => l.includes(lab.tag));
    out(problems.length || left.length
      ? `\ncleanup incomplete: ${[...problems, ...left.map((l) => `netns ${l} still exists`)].join('; ')}\n`
      : `\nremoved the lab: netns ${[lab.hn, ...DEMO_CTS.map((c) => lab.ctNs(c))].join(', ')} and ${lab.dir || 'its temp dir'}\n`);
    for (const s of SIGNALS) process.off(s, onSignal);
  }
  if (failure) throw failure;
  const signal = stopped ?? waitedSignal;
  return signal ? EXIT_BY_SIGNAL[signal] ?? 1 : 0;
}

async function show(lab: DemoLab, out: (s: string) => void): Promise<void> {
  out(`node ${lab.hn}:\n`);
  out(indent((await lab.ip(lab.hn, ['-br', 'link', 'show', 'master', 'br0'])).stdout, '  ports of br0: '));
  out(indent((await lab.ip(lab.hn, ['route', 'show', 'proto', '213'])).stdout, '  route: '));
  for (const ct of DEMO_CTS) {
    out(`CT ${ct} (${lab.ctNs(ct)}):\n`);
    out(indent((await lab.ip(lab.ctNs(ct), ['-br', 'addr', 'show', 'dev', 'eth0'])).stdout, '  addr: '));
    out(indent((await lab.ip(lab.ctNs(ct), ['route', 'show'])).stdout, '  route: '));
  }
}

function indent(text: string, prefix = '  '): string {
  const lines = text.split('\n').filter((l) => l.trim());
  return lines.length ? lines.map((l) => `${prefix}${l.trim()}\n`).join('') : '';
}
