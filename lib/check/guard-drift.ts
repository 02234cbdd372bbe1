/**
 * `ctnet check` for the anti-spoofing filters: every running interface whose filter is on must
 * have its chain, intact. Each chain is asked for by name (`nft -j list chain netdev
 * ctnet-guard p-<port>`), never the ruleset. Intact means: hooked at ingress with ctnet's
 * priority and policy drop, and its rule labels agree with the fingerprint on its last rule
 * (lib/guard/render-guard.ts): a rule added, removed or relabelled shows. The fix re-applies
 * the interface's up plan, which rewrites the chain.
 */
import type { ApplyContext } from '../apply/context.js';
import { run } from '../exec.js';
import { GUARD_TABLE, guardChainName, guardPortProblem } from '../guard/guard-spec.js';
import { GUARD_PRIORITY, guardFingerprint } from '../guard/render-guard.js';
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
  if (!m || m[1] !== guardFingerprint(v.labels.slice(0, -1))) return `anti-spoofing filter altered (${v.labels.length} rules do not match the fingerprint ctnet wrote)`;
  return undefined;
}

/** Parse `nft -j list chain` output (pure). */
export function parseGuardChain(json: string): GuardChainView {
  const items = (JSON.parse(json) as { nftables?: Array<Record<string, Record<string, unknown>>> }).nftables ?? [];
  const view: GuardChainView = { labels: [] };
  for (const it of items) {
    const c = it['chain'];
    if (c) {
      if (typeof c['hook'] === 'string') view.hook = c['hook'];
      if (typeof c['prio'] === 'number') view.prio = c['prio'];
      if (typeof c['policy'] === 'string') view.policy = c['policy'];
    }
    const r = it['rule'];
    if (r) view.labels.push(typeof r['comment'] === 'string' ? r['comment'] : '');
  }
  return view;
}

/** The chain of `port` as nft lists it; undefined when nft says it does not exist. */
export async function readGuardChain(port: string, ctx: Pick<ApplyContext, 'nft'>): Promise<GuardChainView | undefined> {
  const r = await run(ctx.nft, ['-j', 'list', 'chain', 'netdev', GUARD_TABLE, guardChainName(port)], { allowFailure: true, timeoutMs: 15_000 });
  if (r.exitCode !== 0) {
    if (/No such file or directory/.test(r.stderr)) return undefined;
    throw new Error(`nft list chain ${guardChainName(port)}: ${r.stderr.trim() || `exit code ${r.exitCode}`}`);
  }
  return parseGuardChain(r.stdout);
}

/** Findings for the running interfaces whose filter is on. */
export async function guardDrift(ifaces: InventoryIface[], ctx: Pick<ApplyContext, 'nft'>): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const i of ifaces) {
    const port = i.iface.hostIfname;
    if (!i.guard || !i.veth.exists || guardPortProblem(port)) continue;
    // With its bridge gone the missing bridge is the finding (find-drift.ts); the up never ran.
    if (i.iface.bridge && !i.bridge?.exists) continue;
    const problem = guardChainProblem(await readGuardChain(port, ctx));
    if (problem) out.push({ ct: i.ct, object: port, problem, fix: { kind: 'reapply', ct: i.ct, hostIfname: port, ...(i.lxc ? { lxc: i.lxc } : {}) } });
  }
  return out;
}
