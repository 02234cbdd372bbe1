/**
 * `ctnet check` for the anti-spoofing filters: every running interface whose filter is on must
 * have its chain, intact. Check reads ctnet's own table once (`nft -j list table netdev
 * ctnet-guard`), never the ruleset: one nft process for all CTs, where asking for each chain
 * by name would cost a process per CT, far over check's budget with 1,000 CTs (docs/bench.md).
 * The hooks never list anything. Intact means: hooked at ingress with ctnet's priority and
 * policy drop, and its rule labels agree with the fingerprint on its last rule
 * (lib/plan/guard/render-guard.ts): a rule added, removed or relabelled shows. The fix re-applies
 * the interface's up plan, which rewrites the chain.
 */
import type { ApplyContext } from '../../apply/context.js';
import { run } from '../../doors/exec.js';
import { GUARD_TABLE, guardChainName, guardPortProblem } from '../../plan/guard/guard-spec.js';
import { GUARD_PRIORITY, guardFingerprint } from '../../plan/guard/render-guard.js';
import type { InventoryIface } from './ct-inventory.js';
import type { Finding } from './find-drift.js';

/** What nft says of one chain: undefined = no such chain. */
export interface GuardChainView {
  hook?: string;
  prio?: number;
  policy?: string;
  /** The comment of each rule, in order ('' for none). */
  labels: string[];
}

/** Why the chain is not what ctnet wrote, or undefined when it is intact (pure). */
export function guardChainProblem(v: GuardChainView | undefined): string | undefined {
  if (!v) return 'no anti-spoofing filter (its chain is missing)';
  if (v.hook !== 'ingress' || v.prio !== GUARD_PRIORITY || v.policy !== 'drop') {
    return `anti-spoofing filter altered (hook ${v.hook ?? '?'}, priority ${v.prio ?? '?'}, policy ${v.policy ?? '?'}; want ingress, ${GUARD_PRIORITY}, drop)`;
  }
  const last = v.labels.at(-1) ?? '';
  const m = / (ctnet:\d+:[0-9a-f]+)$/.exec(last);
  if (!m || m[1] !== guardFingerprint(v.labels.slice(0, -1)))
    return `anti-spoofing filter altered (${v.labels.length} rules do not match the fingerprint ctnet wrote)`;
  return undefined;
}

/** Parse `nft -j list chain` output (pure). */
export function parseGuardChain(json: string): GuardChainView {
  return parseGuardTable(json).values().next().value ?? { labels: [] };
}

/** Parse `nft -j list table` (or chain) output into the chains by name (pure). */
export function parseGuardTable(json: string): Map<string, GuardChainView> {
  const items = (JSON.parse(json) as { nftables?: Array<Record<string, Record<string, unknown>>> }).nftables ?? [];
  const chains = new Map<string, GuardChainView>();
  const chain = (name: unknown): GuardChainView => {
    const key = String(name);
    let v = chains.get(key);
    if (!v) chains.set(key, (v = { labels: [] }));
    return v;
  };
  for (const it of items) {
    const c = it['chain'];
    if (c) {
      const view = chain(c['name']);
      if (typeof c['hook'] === 'string') view.hook = c['hook'];
      if (typeof c['prio'] === 'number') view.prio = c['prio'];
      if (typeof c['policy'] === 'string') view.policy = c['policy'];
    }
    const r = it['rule'];
    if (r) chain(r['chain']).labels.push(typeof r['comment'] === 'string' ? r['comment'] : '');
  }
  return chains;
}

/** Every chain of ctnet's guard table (empty when the table does not exist). */
async function readGuardTable(ctx: Pick<ApplyContext, 'nft'>): Promise<Map<string, GuardChainView>> {
  const r = await run(ctx.nft, ['-j', 'list', 'table', 'netdev', GUARD_TABLE], {
    allowFailure: true,
    timeoutMs: 30_000,
  });
  if (r.exitCode !== 0) {
    if (/No such file or directory/.test(r.stderr)) return new Map();
    throw new Error(`nft list table netdev ${GUARD_TABLE}: ${r.stderr.trim() || `exit code ${r.exitCode}`}`);
  }
  return parseGuardTable(r.stdout);
}

/**
 * Findings for the running interfaces whose filter is on (one table listing, none without such).
 */
export async function guardDrift(ifaces: InventoryIface[], ctx: Pick<ApplyContext, 'nft'>): Promise<Finding[]> {
  const out: Finding[] = [];
  const wanted = ifaces.filter(
    (ctIface) =>
      ctIface.guard &&
      ctIface.veth.exists &&
      !guardPortProblem(ctIface.iface.hostIfname) &&
      !(ctIface.iface.bridge && !ctIface.bridge?.exists),
  );
  if (wanted.length === 0) return out;
  const table = await readGuardTable(ctx);
  for (const ctIface of wanted) {
    // (An interface whose bridge is gone is left out above: the missing bridge is the finding.)
    const port = ctIface.iface.hostIfname;
    const problem = guardChainProblem(table.get(guardChainName(port)));
    if (problem)
      out.push({
        ct: ctIface.ct,
        object: port,
        problem,
        fix: { kind: 'reapply', ct: ctIface.ct, hostIfname: port, lxc: ctIface.lxc },
      });
  }
  return out;
}
