/**
 * Compare what the configs and records say with what the kernel has (pure): one Finding per
 * problem, naming the container and the object, with the fix `check --fix` would apply.
 */
import { hostRoute } from '../../request/ip-address.js';
import type { Inventory, InventoryIface } from './ct-inventory.js';
import { routeKey, type KernelRoute } from '../../observe/kernel-routes.js';
import { ANNOUNCE_TABLE, CLASS_ROUTE_TABLE, CLASS_RULE_PREF } from '../../request/announce-class.js';
import { recordedRoutes, type RecordedRoute } from '../../plan/teardown-entry.js';
import type { OvsPort, OvsView } from './ovs-view.js';

export type Fix =
  | { kind: 'reapply'; ct: string; hostIfname: string; lxc?: InventoryIface['lxc'] }
  | { kind: 'remove-route'; dst: string; dev: string; table?: string; marker?: boolean }
  | { kind: 'forget-record'; id: string; part: string }
  | { kind: 'remove-ovs-port'; port: string; owner: string };

export interface Finding {
  /** Container id ("101"), or "-" when no container claims the object. */
  ct: string;
  /** The object, e.g. "veth101.0", "route 10.0.0.5/32 dev br0". */
  object: string;
  problem: string;
  fix?: Fix;
}

/** "CT 101 veth101.0: not on a bridge (want "br0")" */
export function formatFinding(f: Finding): string {
  return `CT ${f.ct} ${f.object}: ${f.problem}`;
}

/** The device an interface's host routes go through: its bridge, or the veth when routed. */
export function routeDev(ctIface: InventoryIface): string {
  return ctIface.iface.bridge?.name ?? ctIface.iface.hostIfname;
}

export function recordCt(id: string): string {
  return id.replace(/^(vz|lxc)-/, '');
}

/**
 * `ovs` is undefined when Open vSwitch is absent or unreachable: nothing about OVS is checked.
 * `classRule`: whether the rule that makes forwarding see table 212 is there.
 */
export function findDrift(inv: Inventory, kernelRoutes: KernelRoute[], ovs?: OvsView, classRule = true): Finding[] {
  const findings: Finding[] = inv.broken.map((b) => ({ ct: recordCt(b.ct), object: 'config', problem: b.problem }));
  const markers = kernelRoutes.filter((r) => r.marker);
  const routes = kernelRoutes.filter((r) => !r.marker);
  const have = new Set(routes.map((r) => routeKey(r.dst, r.dev)));
  const wanted = new Set<string>();
  const ports = new Map((ovs?.ports ?? []).map((p) => [p.name, p]));
  for (const ctIface of inv.ifaces.filter((x) => x.veth.exists)) {
    findings.push(...ifaceDrift(ctIface, ovs, ports));
    for (const a of ctIface.iface.addresses) {
      const key = routeKey(hostRoute(a), routeDev(ctIface));
      wanted.add(key);
      // With its bridge gone the missing bridge is the finding; its routes cannot exist.
      if (!have.has(key) && (!ctIface.iface.bridge || ctIface.bridge?.exists)) {
        findings.push({
          ct: ctIface.ct,
          object: `route ${key.replace(' ', ' dev ')}`,
          problem: 'missing (proto 213)',
          fix: reapply(ctIface),
        });
      }
    }
  }
  const markerKeys = new Set(markers.map((m) => `${m.dst} ${m.table}`));
  const running = new Map(inv.ifaces.filter((x) => x.veth.exists).map((x) => [x.iface.hostIfname, x]));
  const needRule: Array<{ id: string; part: string }> = [];
  for (const r of inv.records) {
    if (r.partExists) {
      const recorded = recordedRoutes(r.entries);
      recorded.forEach((x) => wanted.add(routeKey(x.dst, x.dev)));
      if (recorded.some((x) => x.table === CLASS_ROUTE_TABLE)) needRule.push(r);
      findings.push(...missingMarkers(r.id, recorded, markerKeys, running.get(r.part)));
    } else {
      findings.push({
        ct: recordCt(r.id),
        object: `record ${r.id}.json (${r.part})`,
        problem: `stale: ${r.part} is gone`,
        fix: { kind: 'forget-record', id: r.id, part: r.part },
      });
    }
  }
  if (!classRule && needRule[0]) {
    const iface = running.get(needRule[0].part);
    findings.push({
      ct: recordCt(needRule[0].id),
      object: `rule pref ${CLASS_RULE_PREF} lookup ${CLASS_ROUTE_TABLE}`,
      problem: `missing: forwarding does not see the IPv4 spare and anycast routes of ${needRule.length === 1 ? 'this container' : `${needRule.length} running containers`} (table ${CLASS_ROUTE_TABLE})`,
      ...(iface ? { fix: reapply(iface) } : {}),
    });
  }
  const ownerOf = new Map<string, InventoryIface>();
  for (const ctIface of inv.ifaces)
    for (const a of ctIface.iface.addresses) if (!ownerOf.has(hostRoute(a))) ownerOf.set(hostRoute(a), ctIface);
  for (const r of routes.filter((x) => !wanted.has(routeKey(x.dst, x.dev)))) {
    const owner = ownerOf.get(r.dst);
    findings.push({
      ct: owner?.ct ?? '-',
      object: `route ${r.dst} dev ${r.dev}`,
      problem: owner
        ? `leftover: ${owner.veth.exists ? `CT ${owner.ct} routes it via ${routeDev(owner)}` : `CT ${owner.ct} is not running`}`
        : 'leftover: no container has this address',
      fix: { kind: 'remove-route', dst: r.dst, dev: r.dev, ...(r.table ? { table: r.table } : {}) },
    });
  }
  // A class marker is wanted while a running container holds its address; one left by a
  // container that died without its down hook keeps the address announced from this node.
  const held = new Set(inv.ifaces.filter((x) => x.veth.exists).flatMap((x) => x.iface.addresses.map(hostRoute)));
  for (const m of markers.filter((x) => !held.has(x.dst))) {
    const owner = ownerOf.get(m.dst);
    findings.push({
      ct: owner?.ct ?? '-',
      object: `class marker ${m.dst} (table ${m.table ?? 'main'})`,
      problem: owner ? `leftover: CT ${owner.ct} is not running` : 'leftover: no container has this address',
      fix: { kind: 'remove-route', dst: m.dst, dev: '', ...(m.table ? { table: m.table } : {}), marker: true },
    });
  }
  for (const p of ovs?.ports ?? []) {
    if (!p.owner || p.ifaceExists !== false) continue;
    findings.push({
      ct: p.owner.replace(/^[a-z]+:/, ''),
      object: `ovs port ${p.name}${p.bridge ? ` on ${p.bridge}` : ''}`,
      problem: 'leftover: its interface is gone',
      fix: { kind: 'remove-ovs-port', port: p.name, owner: p.owner },
    });
  }
  return findings;
}

/**
 * The class markers a running container's record names that the kernel lacks: FRR no longer
 * announces that address (a marker deleted by hand, or a table flushed). Its up adds it again.
 */
function missingMarkers(
  id: string,
  recorded: readonly RecordedRoute[],
  have: Set<string>,
  iface: InventoryIface | undefined,
): Finding[] {
  const out: Finding[] = [];
  for (const { dst, markerOf } of recorded) {
    if (!markerOf || have.has(`${dst} ${ANNOUNCE_TABLE[markerOf]}`)) continue;
    out.push({
      ct: recordCt(id),
      object: `class marker ${dst} (table ${ANNOUNCE_TABLE[markerOf]})`,
      problem: `missing: FRR does not announce the address as ${markerOf}`,
      ...(iface ? { fix: reapply(iface) } : {}),
    });
  }
  return out;
}

function reapply(ctIface: InventoryIface): Fix {
  return { kind: 'reapply', ct: ctIface.ct, hostIfname: ctIface.iface.hostIfname, lxc: ctIface.lxc };
}

type PortsByName = Map<string, OvsPort>;

function ifaceDrift(ctIface: InventoryIface, ovs: OvsView | undefined, ports: PortsByName): Finding[] {
  const out: Finding[] = [];
  const obj = ctIface.iface.hostIfname;
  const br = ctIface.iface.bridge?.name;
  if (br) {
    if (!ctIface.bridge?.exists)
      return [
        { ct: ctIface.ct, object: `bridge ${br}`, problem: `does not exist (wanted by ${ctIface.iface.bridge!.from})` },
      ];
    if (!ctIface.bridge.isLinuxBridge) out.push(...ovsDrift(ctIface, br, ovs, ports));
    else {
      if (ctIface.veth.master !== br) {
        out.push({
          ct: ctIface.ct,
          object: obj,
          problem: `${ctIface.veth.master ? `on "${ctIface.veth.master}"` : 'not on a bridge'} (want "${br}")`,
          fix: reapply(ctIface),
        });
      }
      if (ctIface.veth.mtu !== ctIface.bridge.mtu) {
        out.push({
          ct: ctIface.ct,
          object: obj,
          problem: `MTU ${ctIface.veth.mtu}, bridge "${br}" has ${ctIface.bridge.mtu}`,
          fix: reapply(ctIface),
        });
      }
    }
  }
  if (!ctIface.veth.up) out.push({ ct: ctIface.ct, object: obj, problem: 'is down', fix: reapply(ctIface) });
  return out;
}

/**
 * An interface whose bridge is not a Linux bridge: it must be a port of that OVS bridge, with its
 * VLAN tag.
 */
function ovsDrift(ctIface: InventoryIface, br: string, ovs: OvsView | undefined, ports: PortsByName): Finding[] {
  if (!ovs) return [];
  const obj = ctIface.iface.hostIfname;
  if (!ovs.bridges.includes(br))
    return [{ ct: ctIface.ct, object: `bridge ${br}`, problem: 'is neither a Linux nor an Open vSwitch bridge' }];
  const port = ports.get(obj);
  if (!port || port.bridge !== br) {
    const where = port?.bridge ? `a port of Open vSwitch bridge "${port.bridge}"` : 'not an Open vSwitch port';
    return [{ ct: ctIface.ct, object: obj, problem: `${where} (want "${br}")`, fix: reapply(ctIface) }];
  }
  if (port.tag !== ctIface.iface.vlan) {
    return [
      {
        ct: ctIface.ct,
        object: obj,
        problem: `VLAN tag ${port.tag ?? 'none'} (want ${ctIface.iface.vlan ?? 'none'})`,
        fix: reapply(ctIface),
      },
    ];
  }
  return [];
}
