/**
 * Declared (host.conf, networks.conf) vs observed (links, OVS, NAT state, pbr state, the host
 * record) -> one item per entry (pure): ok, MISSING (action add: ensure it) or STALE (made by
 * ctnet, no longer declared: action remove, or keep when a bridge still has ports). `host show`
 * prints these items; `host apply` carries out their actions. Nothing here reads or runs anything.
 */
import { planBridgeEnsure, type BridgeSpec } from '../bridge/plan-bridge.js';
import { stableMac } from '../bridge/stable-mac.js';
import { CtnetError } from '../../errors.js';
import { describeNat, sameEntry } from '../nat/nat-entry.js';
import type { NatState } from '../nat/nat-state.js';
import type { LinkDetail } from '../../observe/link-detail.js';
import type { PbrConfig } from '../pbr/networks-conf.js';
import type { PbrState } from '../pbr/pbr-plan.js';
import type { Plan } from '../../plan/plan.js';
import { planShimEnsure, SHIM_ALIAS } from '../shim/plan-shim.js';
import type { HostBridge, HostConfig } from './host-conf.js';
import { HOST_NAT_PREFIX, hostNatOwners } from './host-nat.js';
import type { HostRecord } from './host-record.js';

export interface LinkSeen {
  detail?: LinkDetail;
  /** addr_assign_type 3: the MAC is pinned. */
  macFixed: boolean;
  /** Ports on it (bridges that may be removed only). */
  ports?: number;
}

export interface HostObserved {
  /**
   * Declared and recorded bridges and shims, and shim parents; a name absent here does not exist.
   */
  links: Record<string, LinkSeen>;
  /** Open vSwitch bridges; undefined when OVS was not asked or is not reachable. */
  ovsBridges?: string[];
  nat: NatState;
  /** Undefined: no networks.conf and nothing recorded. */
  pbr?: { state: PbrState; namesOk: boolean };
  record: HostRecord;
}

type HostItemKind = 'bridge' | 'shim' | 'masquerade' | 'forward' | 'pbr';

export interface HostItem {
  kind: HostItemKind;
  name: string;
  state: 'ok' | 'MISSING' | 'STALE';
  detail: string;
  action: 'none' | 'add' | 'remove' | 'keep';
  /** Removal of a stale bridge: whether it is an Open vSwitch bridge. */
  ovs?: boolean;
}

export function bridgeSpec(b: HostBridge): BridgeSpec {
  return {
    name: b.name,
    addresses: b.addresses,
    mac: b.mac ?? stableMac(b.name),
    mtu: b.mtu,
    ovs: b.ovs ? { datapathType: b.datapath } : undefined,
  };
}

export function planHost(cfg: HostConfig, pbrCfg: PbrConfig | undefined, seen: HostObserved): HostItem[] {
  const items: HostItem[] = [];
  const ok = (kind: HostItemKind, name: string, detail: string): HostItem => ({
    kind,
    name,
    state: 'ok',
    detail,
    action: 'none',
  });
  const missing = (kind: HostItemKind, name: string, detail: string): HostItem => ({
    kind,
    name,
    state: 'MISSING',
    detail,
    action: 'add',
  });
  const stale = (kind: HostItemKind, name: string, detail: string): HostItem => ({
    kind,
    name,
    state: 'STALE',
    detail,
    action: 'remove',
  });

  for (const b of cfg.bridges) {
    const why = bridgeProblem(b, seen);
    items.push(
      why
        ? missing('bridge', b.name, why)
        : ok('bridge', b.name, `${b.ovs ? 'Open vSwitch' : 'Linux'} bridge, MAC ${bridgeSpec(b).mac}`),
    );
  }
  for (const s of cfg.shims) {
    const why = planProblem(() => planShimEnsure(s, seen.links[s.name]?.detail, seen.links[s.parent] !== undefined));
    items.push(why ? missing('shim', s.name, why) : ok('shim', s.name, `macvlan on ${s.parent}`));
  }
  const declaredNat = new Set<string>();
  for (const o of hostNatOwners(cfg)) {
    declaredNat.add(o.owner);
    const have = seen.nat.owners[o.owner] ?? [];
    const lacking = o.entries.filter((e) => !have.some((h) => sameEntry(h, e)));
    const extra = have.filter((h) => !o.entries.some((e) => sameEntry(h, e)));
    const what = o.entries.map(describeNat).join(', ');
    if (lacking.length === 0 && extra.length === 0) items.push(ok(o.kind, o.name, what));
    else
      items.push(
        missing(
          o.kind,
          o.name,
          [...lacking.map((e) => `lacks ${describeNat(e)}`), ...extra.map((e) => `has ${describeNat(e)}`)].join(', '),
        ),
      );
  }
  if (pbrCfg) items.push(...pbrItems(pbrCfg, seen.pbr));

  const declaredLinks = new Set([...cfg.bridges.map((b) => b.name), ...cfg.shims.map((s) => s.name)]);
  for (const r of seen.record.bridges.filter((x) => !declaredLinks.has(x.name))) {
    const link = seen.links[r.name];
    const there = link !== undefined || seen.ovsBridges?.includes(r.name);
    if (!there) continue;
    const ports = link?.ports ?? 0;
    items.push(
      ports > 0
        ? {
            kind: 'bridge',
            name: r.name,
            state: 'STALE',
            detail: `no longer declared; kept while it has ${ports} port(s)`,
            action: 'keep',
            ovs: r.ovs,
          }
        : { ...stale('bridge', r.name, 'no longer declared; made by ctnet'), ovs: r.ovs },
    );
  }
  // Only a link that still carries the shim alias is ctnet's to remove (a foreign link of that name
  // never is).
  for (const name of seen.record.shims.filter(
    (x) => !declaredLinks.has(x) && seen.links[x]?.detail?.ifalias === SHIM_ALIAS,
  )) {
    items.push(stale('shim', name, 'no longer declared; made by ctnet'));
  }
  for (const [owner, entries] of Object.entries(seen.nat.owners)) {
    if (!owner.startsWith(HOST_NAT_PREFIX) || declaredNat.has(owner)) continue;
    const kind = entries.some((e) => e.type === 'forward') ? 'forward' : 'masquerade';
    items.push(
      stale(kind, owner.slice(HOST_NAT_PREFIX.length), `no longer declared: ${entries.map(describeNat).join(', ')}`),
    );
  }
  if (!pbrCfg && seen.pbr && seen.pbr.state.recorded.some((e) => seen.pbr!.state.present.has(e.id))) {
    items.push(stale('pbr', 'networks.conf', 'the file is gone; its routes and rules are still in place'));
  }
  return items;
}

/** Why a declared bridge is not as declared, or undefined when it is. */
function bridgeProblem(b: HostBridge, seen: HostObserved): string | undefined {
  const link = seen.links[b.name];
  if (b.ovs && !seen.ovsBridges) return 'Open vSwitch is not reachable';
  if (b.ovs && !seen.ovsBridges!.includes(b.name)) return 'no such Open vSwitch bridge';
  if (!link) return 'does not exist';
  const spec = bridgeSpec(b);
  if (b.ovs && link.detail?.mac !== spec.mac) return `MAC ${link.detail?.mac ?? '?'}, want ${spec.mac}`;
  return planProblem(() => {
    const plan = planBridgeEnsure(spec, { link: link.detail, macFixed: link.macFixed });
    return { ...plan, steps: plan.steps.filter((s) => s.kind !== 'ovs') };
  });
}

/** The changes a planner wants, as one line, or its refusal; undefined when it wants none. */
function planProblem(make: () => Plan): string | undefined {
  try {
    const plan = make();
    const lines = plan.steps.flatMap((s) => (s.kind === 'host-batch' ? s.lines.map((l) => l.cmd) : [s.what]));
    return lines.length ? `needs: ${lines.join('; ')}` : undefined;
  } catch (e) {
    if (e instanceof CtnetError) return e.message;
    throw e;
  }
}

function pbrItems(cfg: PbrConfig, seen: HostObserved['pbr']): HostItem[] {
  const state: PbrState = seen?.state ?? { desired: [], recorded: [], present: new Set() };
  const items: HostItem[] = cfg.networks.map((n) => {
    const mine = state.desired.filter((e) => e.network === n.name);
    const absent = mine.filter((e) => !state.present.has(e.id)).length;
    return absent
      ? {
          kind: 'pbr',
          name: n.name,
          state: 'MISSING',
          detail: `${absent} of ${mine.length} routes and rules missing`,
          action: 'add',
        }
      : {
          kind: 'pbr',
          name: n.name,
          state: 'ok',
          detail: `table ${n.table}, ${mine.length} routes and rules`,
          action: 'none',
        };
  });
  const want = new Set(state.desired.map((e) => e.id));
  const staleNets = new Set(
    state.recorded.filter((e) => !want.has(e.id) && state.present.has(e.id)).map((e) => e.network),
  );
  for (const n of staleNets)
    items.push({
      kind: 'pbr',
      name: n,
      state: 'STALE',
      detail: 'no longer in networks.conf; its entries are still in place',
      action: 'remove',
    });
  if (seen && !seen.namesOk && items.every((i) => i.state === 'ok')) {
    items.push({
      kind: 'pbr',
      name: 'rt_tables.d/ctnet.conf',
      state: 'MISSING',
      detail: 'table names missing or outdated',
      action: 'add',
    });
  }
  return items;
}
