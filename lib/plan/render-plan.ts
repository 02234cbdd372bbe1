/** The exact commands a plan runs, as an admin would type them (the dry-run output). */
import { describeNat } from '../setups/nat/nat-entry.js';
import { ovsPortCommands } from './ovs-port-plan.js';
import { guardScript } from './guard/port-guard-step.js';
import { guardFlowsPlanLines, guardFlowsRemoveLine } from './guard/render-guard-flows.js';
import type { Plan, Step } from './plan.js';

export interface RenderOptions {
  vzctl?: string;
  ovsVsctl?: readonly string[];
}

export function renderPlan(plan: Plan, opts: RenderOptions = {}): string {
  const out: string[] = [`# ${plan.subject}: ${plan.action}`];
  for (const n of plan.notes) out.push(`# note: ${n}`);
  if (plan.steps.length === 0) out.push('# nothing to do');
  for (const s of plan.steps) out.push(...renderStep(s, opts));
  return out.join('\n') + '\n';
}

export function renderStep(s: Step, opts: RenderOptions = {}): string[] {
  switch (s.kind) {
    case 'host-batch':
      return [
        `# ${s.what}`,
        `${s.tool ?? 'ip'} ${s.family === 6 && !s.tool ? '-6 ' : ''}${s.tolerateMissing || s.tolerateExisting ? '-force ' : ''}-batch - <<'EOF'`,
        ...s.lines.map((l) => l.cmd),
        'EOF',
      ];
    case 'ct-batch':
      return [
        `# ${s.what}`,
        `${opts.vzctl ?? '/usr/sbin/vzctl'} exec ${s.veid} ip ${s.force ? '-force ' : ''}-batch - <<'EOF'`,
        ...s.lines,
        'EOF',
      ];
    case 'ovs':
      return [
        `# ${s.what}${s.onlyIfOwner ? ` (only if port ${s.onlyIfOwner.port} has external_ids:ctnet-owner=${s.onlyIfOwner.owner})` : ''}`,
        [...(opts.ovsVsctl ?? ['ovs-vsctl']), ...ovsTransactionArgs(s.commands)].map(shellQuote).join(' '),
      ];
    case 'ovs-port': {
      const guard =
        s.op === 'remove' && s.owner !== undefined ? `, only if its external_ids:ctnet-owner is ${s.owner}` : '';
      return [
        `# ${s.what} (ctnet writes this over OVSDB as one transaction${guard}; the equivalent ovs-vsctl command:)`,
        [...(opts.ovsVsctl ?? ['ovs-vsctl']), ...ovsTransactionArgs(ovsPortCommands(s))].map(shellQuote).join(' '),
        ...(s.op === 'add' && s.spec.guard ? guardFlowsPlanLines(s.spec.guard, s.spec.bridge) : []),
      ];
    }
    case 'sysctl':
      return [`# ${s.what}`, `echo ${s.value} > /proc/sys/${s.key}`];
    case 'nft':
      return [
        `# ${s.what}: rebuild "table inet ctnet" with one nft -f - (under the nat lock)`,
        ...(s.op === 'remove' && s.entries.length === 0
          ? [`#   remove everything of ${s.owner}`]
          : s.entries.map((e) => `#   ${s.op} ${s.owner}: ${describeNat(e)}`)),
      ];
    case 'port-guard':
      return [
        `# ${s.what}`,
        "nft -f - <<'EOF'",
        ...guardScript(s).trimEnd().split('\n'),
        'EOF',
        ...(s.op === 'remove' && s.bridge ? [guardFlowsRemoveLine(s.port, s.bridge)] : []),
      ];
  }
}

/** `[[a,b],[c]]` -> `a b -- c` (one ovs-vsctl transaction). */
export function ovsTransactionArgs(commands: string[][]): string[] {
  const args: string[] = [];
  commands.forEach((c, i) => {
    if (i > 0) args.push('--');
    args.push(...c);
  });
  return args;
}

function shellQuote(a: string): string {
  return /^[A-Za-z0-9_./:=@,+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}
