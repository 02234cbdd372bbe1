/**
 * `ctnet plan <name>` for an LXC container: for each lxc.net.N section whose script.up is
 * ctnet-lxc, the options on that script line and the section give the same event LXC would
 * pass; the host veth is the section's veth.pair, else (one ctnet section) the veth ctnet's
 * record names. Up is planned when that veth exists (the container runs); down always.
 */
import type { ApplyContext } from '../apply/context.js';
import { CtnetError } from '../errors.js';
import { readConfigFileRequired } from '../doors/fs.js';
import { parseLxcConfig, type LxcNetSection } from '../runtimes/lxc/lxc-config.js';
import { readLxcInclude } from '../runtimes/lxc/lxc-includes.js';
import type { LxcNetEvent } from '../runtimes/lxc/lxc-event.js';
import { planLxcNetDown } from '../handlers/lxc/lxc-net-down.js';
import { lxcRecordId, planLxcNetUp } from '../handlers/lxc/lxc-net-up.js';
import { ctnetScriptOptions, parseScriptOptions } from './check/lxc-inventory.js';
import { readLinkState } from '../observe/link-state.js';
import { renderPlan } from '../plan/render-plan.js';
import { readTeardown } from '../state/teardown-record.js';

export interface LxcPlanEnv {
  runDir: string;
  etcDir: string;
  sysNet: string;
  ctx: ApplyContext;
}

export async function planLxcContainer(name: string, configFile: string, env: LxcPlanEnv): Promise<string> {
  const cfg = parseLxcConfig(readConfigFileRequired(configFile), configFile, readLxcInclude);
  const ours = cfg.sections.filter((s) => ctnetScriptOptions(s.scriptUp) !== undefined);
  if (ours.length === 0) return `# container ${name}: no lxc.net.N.script.up runs ctnet-lxc in ${configFile}\n`;
  const recorded = readTeardown(env.runDir, lxcRecordId(name), { keepBad: true }).map((r) => r.part);
  let out = '';
  for (const s of ours) {
    const opts = parseScriptOptions(ctnetScriptOptions(s.scriptUp)!);
    const device = s.vethPair ?? (ours.length === 1 && recorded.length === 1 ? recorded[0] : undefined);
    const ev = eventOf(name, s, configFile, device);
    if (!device || !readLinkState(device, env.sysNet).exists) {
      out += `# container ${name}: up (${s.label}): ${device ? `host veth ${device} does not exist (container not running)` : `LXC names the host veth at start; set ${s.label}.veth.pair to plan it`}\n`;
    } else {
      out += renderPlan(await planLxcNetUp(ev, opts, env), { ovsVsctl: env.ctx.ovsVsctl });
    }
    if (device) out += renderPlan(await planLxcNetDown(ev, opts, env), { ovsVsctl: env.ctx.ovsVsctl });
  }
  return out;
}

function eventOf(name: string, s: LxcNetSection, configFile: string, device: string | undefined): LxcNetEvent {
  const ev: LxcNetEvent = { name, phase: 'up', type: s.type ?? 'veth', hookVersion: 0, configFile };
  if (s.link) ev.link = s.link;
  if (device) ev.device = device;
  if (!/^[A-Za-z0-9_.-]+$/.test(name))
    throw new CtnetError(`"${name}" is not a valid container name`, { code: 'E_USAGE' });
  return ev;
}
