/** `ctnet nat masquerade|forward|show|flush`: ctnet's own nftables NAT table (seed 003). */
import type minimist from 'minimist';
import { applyPlan } from '../apply/apply-plan.js';
import { parseForwardList } from '../request/forward-spec.js';
import { checkIfname } from '../request/validate.js';
import { CtnetError, usageError } from '../errors.js';
import { checkForwardPorts, forwardAllowList } from '../setups/nat/check-forward-ports.js';
import { loadHostConfig } from '../setups/host/load-host-config.js';
import { flushNat, showNat } from '../setups/nat/nat-admin.js';
import type { MasqueradeEntry } from '../setups/nat/nat-entry.js';
import { forwardEntries } from '../setups/nat/plan-forwards.js';
import { networkOf, parseIpAddr } from '../request/ip-address.js';
import { emptyPlan, type NftStep } from '../plan/plan.js';
import { renderPlan } from '../plan/render-plan.js';
import type { CliCommand } from './command.js';
import { HOST_BOOLEANS, HOST_OPTIONS_HELP, HOST_STRINGS, hostEnv } from './host-env.js';

export const natCommand: CliCommand = {
  name: 'nat',
  summary: "masquerade and port forwards in ctnet's own nftables table",
  usage: `Usage: ctnet nat masquerade add|remove NET [--oif DEV]
       ctnet nat forward add --owner ID --to ADDR [--to ADDR6] PROTO:HOSTPORT:CTPORT...
       ctnet nat forward remove --owner ID [PROTO:HOSTPORT:CTPORT...]
       ctnet nat show | flush

Runtime-only: nothing is written to /etc and a reboot loses the entries; to keep a masquerade
or a forward of no container, declare it in /etc/ctnet/host.conf ([masquerade NAME],
[forward NAME]) and run "ctnet host apply".

Everything lives in "table inet ctnet", rebuilt atomically (one nft -f -) under a lock at each
change; no other table or rule is touched. Containers' forwards normally come from their
hooks (OpenVZ: CTNET_FORWARD="tcp:8025:25" in the CT config; LXC: --forward tcp:8025:25).
  masquerade  NET's traffic leaving for anywhere outside NET takes the host's address
  forward     packets for the host's own addresses on HOSTPORT go to ADDR:CTPORT; HOSTPORT
              must be in host.conf's [isolation] forward-ports (none listed: >= 1024) and
              no host socket may listen on it
  show        entries by owner and the kernel's table
  flush       delete ctnet's table and its state

Options:
${HOST_OPTIONS_HELP}
  --oif DEV       masquerade only traffic leaving by DEV
  --owner ID      who the forwards belong to (e.g. vz-101, lxc-web)
  --to ADDR       container address (repeat for IPv4 + IPv6)
`,
  strings: [...HOST_STRINGS, 'oif', 'owner', 'to'],
  booleans: HOST_BOOLEANS,
  run: async (args, io) => {
    const env = hostEnv(args, io);
    const [verb, op, ...rest] = args._.slice(1).map(String);
    if (verb === 'show') {
      io.stdout(await showNat(env.ctx));
      return 0;
    }
    if (verb === 'flush') {
      await flushNat(env.ctx);
      return 0;
    }
    if ((verb !== 'masquerade' && verb !== 'forward') || (op !== 'add' && op !== 'remove')) {
      throw usageError(
        `ctnet nat: expected "masquerade add|remove", "forward add|remove", "show" or "flush", got "${args._.slice(1).join(' ')}"`,
      );
    }
    const step = verb === 'masquerade' ? masqueradeStep(op, rest, args) : forwardStep(op, rest, args);
    if (verb === 'forward' && op === 'add') await checkCliForwards(rest, env.etcDir);
    const plan = emptyPlan('nat', `${verb} ${op}`);
    plan.steps.push(step);
    if (env.dryRun) io.stdout(renderPlan(plan));
    else await applyPlan(plan, env.ctx);
    return 0;
  },
};

/** The host ports of `forward add`: inside host.conf's allow-list and held by no host socket. */
async function checkCliForwards(specs: string[], etcDir: string): Promise<void> {
  const forwards = parseForwardList(specs);
  if (typeof forwards === 'string') throw usageError(forwards);
  await checkForwardPorts({
    forwards,
    ...forwardAllowList(loadHostConfig(etcDir)),
    fail: (why) =>
      new CtnetError(`ctnet nat forward add: ${why}`, {
        code: 'E_CONFIG',
        hint: 'pick a host port that [isolation] forward-ports of host.conf allows and no host service uses',
      }),
  });
}

function masqueradeStep(op: 'add' | 'remove', rest: string[], args: minimist.ParsedArgs): NftStep {
  if (rest.length !== 1) throw usageError('ctnet nat masquerade needs exactly one network, e.g. 10.0.3.0/24');
  const a = parseIpAddr(rest[0]!);
  if (typeof a === 'string') throw usageError(a);
  const network = networkOf(a);
  if (network !== `${a.address}/${a.prefix}` || !rest[0]!.includes('/'))
    throw usageError(`"${rest[0]}" is not a network address (did you mean ${network}?)`);
  const entry: MasqueradeEntry = { type: 'masquerade', network, family: a.family };
  if (typeof args['oif'] === 'string' && args['oif']) {
    const why = checkIfname(args['oif']);
    if (why) throw usageError(`--oif: ${why}`);
    entry.oif = args['oif'];
  }
  return { kind: 'nft', what: `${op} masquerade ${network}`, owner: `masq-${network}`, op, entries: [entry] };
}

function forwardStep(op: 'add' | 'remove', rest: string[], args: minimist.ParsedArgs): NftStep {
  const owner = typeof args['owner'] === 'string' ? args['owner'] : '';
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/.test(owner))
    throw usageError('ctnet nat forward needs --owner ID (letters, digits, "_", ".", ":", "-")');
  const forwards = parseForwardList(rest);
  if (typeof forwards === 'string') throw usageError(forwards);
  const tos = ([] as unknown[]).concat(args['to'] ?? []).map(String);
  const targets = tos.map((t) => {
    const a = parseIpAddr(t, { allowPrefix: false });
    if (typeof a === 'string') throw usageError(`--to: ${a}`);
    return a;
  });
  if (op === 'remove') {
    const entries = forwards.length ? forwardEntries({ owner, forwards, targets }) : [];
    if (forwards.length && targets.length === 0)
      throw usageError('ctnet nat forward remove with specs needs --to (or give no specs to remove all of the owner)');
    return { kind: 'nft', what: `remove forwards of ${owner}`, owner, op, entries };
  }
  if (forwards.length === 0 || targets.length === 0)
    throw usageError('ctnet nat forward add needs --to ADDR and at least one PROTO:HOSTPORT:CTPORT');
  return {
    kind: 'nft',
    what: `forward ports to ${owner}`,
    owner,
    op,
    entries: forwardEntries({ owner, forwards, targets }),
  };
}
