/**
 * What Open vSwitch has, for `check` and `status`: every bridge and every port with its
 * bridge, VLAN tag and ctnet owner (two `ovs-vsctl --format=json list` calls; an admin
 * command may list). `undefined` when OVS is not installed or not reachable: then nothing
 * about OVS is checked (a host without OVS is not "drifted").
 */
import type { ApplyContext } from '../../apply/context.js';
import { CtnetError } from '../../errors.js';
import { linkStateCache, type LinkReader } from '../../observe/link-state-cache.js';
import { OVS_OWNER_KEY } from '../../request/ovs-ids.js';
import { ovsVsctl } from '../../doors/ovs/ovs-vsctl.js';

export interface OvsPort {
  name: string;
  bridge?: string;
  tag?: number;
  /** external_ids:ctnet-owner, e.g. "vz:101", "lxc:web1". */
  owner?: string;
  /** Whether a kernel interface of that name exists (read for owned ports only). */
  ifaceExists?: boolean;
}

export interface OvsView {
  bridges: string[];
  ports: OvsPort[];
}

type Cell = unknown;
interface JsonTable {
  headings: string[];
  data: Cell[][];
}

export async function readOvsView(
  ctx: Pick<ApplyContext, 'ovsVsctl' | 'ovsTimeoutSec'>,
  sysNet: string,
  link: LinkReader = linkStateCache(sysNet),
): Promise<OvsView | undefined> {
  try {
    const ports = table(
      (await ovsVsctl(ctx, ['--format=json', '--columns=_uuid,name,tag,external_ids', 'list', 'port'])).stdout,
    );
    const bridges = table((await ovsVsctl(ctx, ['--format=json', '--columns=name,ports', 'list', 'bridge'])).stdout);
    const view = parseOvsView(ports, bridges);
    for (const p of view.ports) if (p.owner) p.ifaceExists = link(p.name).exists;
    return view;
  } catch (e) {
    if (e instanceof CtnetError && (e.code === 'E_OVS_MISSING' || e.code === 'E_OVS_DOWN')) return undefined;
    throw e;
  }
}

function table(stdout: string): JsonTable {
  return JSON.parse(stdout) as JsonTable;
}

/** ovsdb JSON cells: ["uuid", u], ["set", [...]], ["map", [[k, v], ...]], or a plain atom. */
function setOf(cell: Cell): Cell[] {
  if (Array.isArray(cell) && cell[0] === 'set') return cell[1] as Cell[];
  return [cell];
}

function uuid(cell: Cell): string {
  return Array.isArray(cell) && cell[0] === 'uuid' ? String(cell[1]) : String(cell);
}

function parseOvsView(ports: JsonTable, bridges: JsonTable): OvsView {
  const col = (t: JsonTable, name: string): number => t.headings.indexOf(name);
  const bridgeOf = new Map<string, string>();
  for (const row of bridges.data) {
    for (const p of setOf(row[col(bridges, 'ports')])) bridgeOf.set(uuid(p), String(row[col(bridges, 'name')]));
  }
  const view: OvsView = { bridges: bridges.data.map((r) => String(r[col(bridges, 'name')])), ports: [] };
  for (const row of ports.data) {
    const port: OvsPort = { name: String(row[col(ports, 'name')]) };
    const br = bridgeOf.get(uuid(row[col(ports, '_uuid')]));
    if (br) port.bridge = br;
    const tag = setOf(row[col(ports, 'tag')]).find((x) => typeof x === 'number');
    if (typeof tag === 'number') port.tag = tag;
    const ids = row[col(ports, 'external_ids')];
    const pairs = Array.isArray(ids) && ids[0] === 'map' ? (ids[1] as Array<[string, string]>) : [];
    const owner = pairs.find(([k]) => k === OVS_OWNER_KEY)?.[1];
    if (owner) port.owner = owner;
    view.ports.push(port);
  }
  return view;
}
