/**
 * `ctnet check [ctid...] [--fix | --leftovers] [--json]`: desired vs kernel, leftovers; --fix
 * repairs, --leftovers removes leftovers only.
 */
import { applyFixes } from './check/apply-fixes.js';
import { readInventory } from './check/ct-inventory.js';
import { findDrift, formatFinding, type Finding } from './check/find-drift.js';
import { leftoverFindings, runningCts } from './check/leftovers.js';
import { poolFindings } from './check/pool-findings.js';
import { announcedElsewhere } from './check/announced-elsewhere.js';
import { loadHostConfig } from '../setups/host/load-host-config.js';
import { usageError } from '../errors.js';
import { classRulePresent, ctnetRoutes } from '../observe/kernel-routes.js';
import { readOvsView } from './check/ovs-view.js';
import { guardDrift } from './check/guard-drift.js';
import { hostFilterDefault } from '../setups/host/host-filter-default.js';
import type { HookEnv } from '../hook/hook-env.js';
import { linkStateCache } from '../observe/link-state-cache.js';
import type { CliCommand } from './command.js';
import { cliHookEnv, STATE_OPTIONS, STATE_OPTIONS_USAGE } from './cli-env.js';

/** The findings (of the containers in `only`, if any) and which containers run. */
async function survey(
  env: HookEnv & { lxcPath: string },
  only: string[],
): Promise<{ found: Finding[]; running: Set<string> }> {
  const link = linkStateCache(env.sysNet);
  const host = loadHostConfig(env.etcDir);
  const inv = readInventory({ ...env, hostFilter: hostFilterDefault(host) }, link);
  const all = [
    ...findDrift(inv, await ctnetRoutes(), await readOvsView(env.ctx, env.sysNet, link), await classRulePresent()),
    ...(await guardDrift(inv.ifaces, env.ctx)),
  ];
  all.push(...poolFindings(inv, host.isolation.pools), ...(await announcedElsewhere(inv, env.ctx)));
  return { found: only.length ? all.filter((f) => only.includes(f.ct)) : all, running: runningCts(inv) };
}

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'find drift between configs and the kernel, and leftovers; --fix repairs',
  usage: `Usage: ctnet check [<ctid>...] [--fix | --leftovers] [--json]

For every running container (its host veth exists: OpenVZ CTs from /etc/vz/conf, LXC
containers ctnet's records name, with their config in LXCPATH) compares the desired network
(its config, the ctnet-lxc options on its script line, what the hooks recorded) with the kernel: veth on the wrong or no
bridge (Linux or Open vSwitch), MTU different from the bridge's, OVS VLAN tag, veth down,
missing host routes (proto 213), a missing class marker of an IPv4 spare or anycast
address or the rule that makes forwarding see their table 212, a missing or altered anti-spoofing filter, container addresses outside every pool of [isolation] in
<etc>/ctnet/host.conf (when it declares pools; FRR does not announce them), primary
addresses the local bgpd has from another node as primary too, or the local ospfd has from
another router (IPv4; when FRR answers; an FRR pathspace: CTNET_FRR_PATHSPACE). Finds leftovers: ctnet routes (proto 213) to addresses no
running container has, OVS ports ctnet owns whose interface is gone, and records of
interfaces that are gone. OVS is skipped when it is not installed or not running. One line per finding: "CT <id> <object>: <problem>".
Exit 0 only when clean (after --fix: when everything was repaired).
  --fix          repair: re-apply the up plan of a drifted interface, delete leftover
                 routes and OVS ports, forget stale records; says what it did
  --leftovers    remove leftovers only, never touching a running container: routes
                 (proto 213) of known containers that no longer run, OVS ports ctnet owns
                 whose interface is gone, records of interfaces that are gone; one line per
                 action ("fixed: ..." / "not fixed: ..."). Drift of running containers and
                 ctnet routes no known container claims (it may be one ctnet cannot see)
                 are left for --fix, each named in a "left: ..." line. Exit 1 only when a removal failed. What
                 ctnet-check.timer runs.
  --json         print {"findings": [...], "fixed": [...], "remaining": [...]}
                 (with --leftovers: {"leftovers": [...], "fixed": [...]})
${STATE_OPTIONS_USAGE}
`,
  strings: STATE_OPTIONS,
  booleans: ['fix', 'json', 'leftovers'],
  run: async (args, io) => {
    const only = args._.slice(1).map(String);
    if (args['leftovers'] && args['fix'])
      throw usageError(
        'ctnet check: --leftovers already removes leftovers; it repairs nothing else, so it does not go with --fix',
      );
    const env = cliHookEnv(args, io, (l) => {
      if (args['verbose']) io.stderr(`ctnet: ${l}\n`);
    });
    const { found, running } = await survey(env, only);
    if (args['leftovers']) {
      const leftovers = leftoverFindings(found, running);
      const fixed = leftovers.length ? await applyFixes(leftovers, env) : [];
      if (args['json']) io.stdout(JSON.stringify({ leftovers, fixed }, null, 1) + '\n');
      else {
        const unclaimed = found.filter((f) => f.ct === '-' && f.fix?.kind === 'remove-route');
        io.stdout(fixed.length ? fixed.map((l) => `${l}\n`).join('') : 'clean: no leftovers\n');
        for (const f of unclaimed)
          io.stdout(`left: ${f.object}: ${f.problem} (no known container claims it; "ctnet check --fix" removes it)\n`);
      }
      return fixed.some((l) => l.startsWith('not fixed')) ? 1 : 0;
    }
    let fixed: string[] = [];
    let remaining = found;
    if (args['fix'] && found.some((f) => f.fix)) {
      fixed = await applyFixes(found, env);
      remaining = (await survey(env, only)).found;
    }
    if (args['json']) {
      io.stdout(JSON.stringify({ findings: found, fixed, remaining }, null, 1) + '\n');
    } else {
      for (const f of found) io.stdout(`${formatFinding(f)}\n`);
      for (const l of fixed) io.stdout(`${l}\n`);
      if (args['fix'] && fixed.length) for (const f of remaining) io.stdout(`still: ${formatFinding(f)}\n`);
      if (found.length === 0) io.stdout('clean: no drift, no leftovers\n');
    }
    return remaining.length === 0 ? 0 : 1;
  },
};
