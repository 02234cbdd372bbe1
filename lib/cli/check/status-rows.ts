/** The rows of `ctnet status` (pure): one per container interface, and per orphan record. */
import { hostRoute } from '../../request/ip-address.js';
import type { Inventory } from './ct-inventory.js';
import { recordCt, routeDev } from './find-drift.js';
import { routeKey, type KernelRoute } from '../../observe/kernel-routes.js';
import { recordedRoutes } from '../../plan/teardown-entry.js';
import type { OvsPort, OvsView } from './ovs-view.js';

export interface StatusRow {
  ct: string;
  /** Interface inside the container ("-" when only a record knows it). */
  ifname: string;
  hostIfname: string;
  bridge: string;
  /** linux | ovs | missing | none */
  bridgeKind: string;
  vlan: string;
  state: 'running' | 'stopped';
  /** Addresses that have a ctnet host route now. */
  routed: string[];
}

export function statusRows(inv: Inventory, routes: KernelRoute[], ovs?: OvsView): StatusRow[] {
  const have = new Set(routes.map((r) => routeKey(r.dst, r.dev)));
  const ports = new Map((ovs?.ports ?? []).map((p) => [p.name, p]));
  const rows: StatusRow[] = inv.ifaces.map((i) => {
    const br = i.iface.bridge?.name;
    return {
      ct: i.ct,
      ifname: i.iface.ifname,
      hostIfname: i.iface.hostIfname,
      bridge: br ?? '-',
      bridgeKind: !br
        ? 'none'
        : !i.bridge?.exists
          ? 'missing'
          : i.bridge.isLinuxBridge
            ? 'linux'
            : ovs?.bridges.includes(br)
              ? 'ovs'
              : '?',
      vlan: vlanOf(ports.get(i.iface.hostIfname), i.iface.vlan),
      state: i.veth.exists ? 'running' : 'stopped',
      routed: i.iface.addresses.map(hostRoute).filter((d) => have.has(routeKey(d, routeDev(i)))),
    };
  });
  const known = new Set(rows.map((r) => `${r.ct} ${r.hostIfname}`));
  for (const r of inv.records.filter((x) => !known.has(`${recordCt(x.id)} ${x.part}`))) {
    const rts = recordedRoutes(r.entries);
    const port = ports.get(r.part);
    rows.push({
      ct: recordCt(r.id),
      ifname: '-',
      hostIfname: r.part,
      bridge: port?.bridge ?? rts[0]?.dev ?? '-',
      bridgeKind: port?.bridge ? 'ovs' : '?',
      vlan: port?.tag !== undefined ? String(port.tag) : '-',
      state: r.partExists ? 'running' : 'stopped',
      routed: rts.filter((x) => have.has(routeKey(x.dst, x.dev))).map((x) => x.dst),
    });
  }
  return rows;
}

/** The OVS port's tag when OVS knows the port, else the configured VLAN. */
function vlanOf(port: OvsPort | undefined, configured: number | undefined): string {
  const tag = port?.tag;
  return tag !== undefined ? String(tag) : configured === undefined ? '-' : String(configured);
}

/** Fixed-width table with a header line. */
export function renderTable(rows: StatusRow[]): string {
  const head = ['CT', 'IFACE', 'HOST IFACE', 'BRIDGE', 'KIND', 'VLAN', 'STATE', 'ROUTED'];
  const cells = rows.map((r) => [
    r.ct,
    r.ifname,
    r.hostIfname,
    r.bridge,
    r.bridgeKind,
    r.vlan,
    r.state,
    r.routed.join(' ') || '-',
  ]);
  const width = head.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c]!.length)));
  const line = (row: string[]): string =>
    row.map((v, c) => (c === row.length - 1 ? v : v.padEnd(width[c]!))).join('  ');
  return [line(head), ...cells.map(line)].join('\n') + '\n';
}
