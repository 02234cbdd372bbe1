/**
 * Every container ctnet knows about on this host, with the kernel's view of each interface:
 * OpenVZ CTs from DIR/conf/<ctid>.conf (NETIF veths), and the teardown records the hooks left
 * in RUN/ct/*.json (any runtime). Read-only: config files, sysfs, records. A CT counts as
 * running when its host veth exists.
 */
import { join } from 'node:path';
import { buildCtNetwork } from '../../request/ct-network.js';
import { loadGlobalVzConf, loadVzConfig } from '../../runtimes/openvz/load-vz-config.js';
import { checkCtid } from '../../request/validate.js';
import { CtnetError } from '../../errors.js';
import { listDir } from '../../doors/fs.js';
import type { LinkState } from '../../observe/link-state.js';
import { linkStateCache, type LinkReader } from '../../observe/link-state-cache.js';
import type { TeardownEntry } from '../../plan/teardown-entry.js';
import { vzGuardSettings } from '../../runtimes/openvz/vz-guard-settings.js';
import type { HostFilterDefault } from '../../setups/host/host-filter-default.js';
import { readTeardown, recordedIds } from '../../state/teardown-record.js';
import { lxcContainerNames, lxcCtnetPairs, lxcIface, type IfaceModel, type LxcIface } from './lxc-inventory.js';

export interface InventoryIface {
  /** "101" for OpenVZ, the container name for LXC. */
  ct: string;
  iface: IfaceModel;
  veth: LinkState;
  bridge?: LinkState;
  /** Set for LXC interfaces (what re-running ctnet-lxc's up needs). */
  lxc?: LxcIface['lxc'];
  /** Its anti-spoofing filter is on (lib/plan/guard/). */
  guard?: boolean;
}

interface InventoryRecord {
  /** Record id, e.g. "vz-101". */
  id: string;
  /** The interface the part is about (the host veth). */
  part: string;
  partExists: boolean;
  /** What the hooks recorded for it (validated when read). */
  entries: TeardownEntry[];
}

export interface Inventory {
  ifaces: InventoryIface[];
  records: InventoryRecord[];
  /** Containers whose config could not be used, with the reason (one line each). */
  broken: Array<{ ct: string; problem: string }>;
}

export interface InventoryDirs {
  vzDir: string;
  runDir: string;
  sysNet: string;
  /** LXC container configs (LXCPATH). */
  lxcPath: string;
  /** host.conf's [isolation] filter (default on). */
  hostFilter?: HostFilterDefault;
}

interface Pass extends InventoryDirs {
  link: LinkReader;
}

/**
 * One pass: vz.conf parsed once, each link read once (`link`, also for the caller's later reads).
 */
export function readInventory(dirs: InventoryDirs, link: LinkReader = linkStateCache(dirs.sysNet)): Inventory {
  const inv: Inventory = { ifaces: [], records: [], broken: [] };
  const pass: Pass = { ...dirs, link };
  const ctids = openvzCtids(dirs.vzDir);
  const globalConf = ctids.length ? loadGlobalVzConf(dirs.vzDir) : null;
  for (const ct of ctids) {
    try {
      const net = buildCtNetwork(ct, loadVzConfig(ct, { vzDir: dirs.vzDir, globalConf }).vars);
      for (const iface of net.interfaces) {
        const entry: InventoryIface = {
          ct,
          iface,
          veth: link(iface.hostIfname),
          guard: vzGuardSettings(iface, net.vars, dirs.hostFilter).enabled,
        };
        if (iface.bridge) entry.bridge = link(iface.bridge.name);
        inv.ifaces.push(entry);
      }
    } catch (e) {
      if (!(e instanceof CtnetError)) throw e;
      inv.broken.push({ ct, problem: e.message });
    }
  }
  for (const id of recordedIds(dirs.runDir, listDir)) {
    try {
      for (const r of readTeardown(dirs.runDir, id, {
        keepBad: true,
        warn: (l) => inv.broken.push({ ct: id, problem: l }),
      })) {
        const veth = link(r.part);
        inv.records.push({ id, part: r.part, partExists: veth.exists, entries: r.entries });
        if (id.startsWith('lxc-') && veth.exists) addLxcIface(inv, pass, id.slice(4), veth);
      }
    } catch (e) {
      if (!(e instanceof CtnetError)) throw e;
      inv.broken.push({ ct: id, problem: e.message });
    }
  }
  addUnrecordedLxc(inv, pass);
  return inv;
}

/**
 * Running LXC containers ctnet has no record of (ctnet-lxc never ran for them, e.g. the hook
 * line was added while they ran): a section that runs ctnet-lxc and names its host veth
 * (veth.pair) counts as running when that veth exists. A section without veth.pair gets a
 * random veth name from LXC, which only a record can tell.
 */
function addUnrecordedLxc(inv: Inventory, dirs: Pass): void {
  const known = new Set(inv.ifaces.map((i) => i.iface.hostIfname));
  for (const name of lxcContainerNames(dirs.lxcPath)) {
    try {
      for (const pair of lxcCtnetPairs(name, dirs.lxcPath)) {
        if (known.has(pair)) continue;
        const veth = dirs.link(pair);
        if (veth.exists && addLxcIface(inv, dirs, name, veth)) known.add(pair);
      }
    } catch (e) {
      if (!(e instanceof CtnetError)) throw e;
      inv.broken.push({ ct: name, problem: e.message });
    }
  }
}

/**
 * Add LXC container `ct`'s interface on the existing host veth `veth`; false without a ctnet
 * section for it.
 */
function addLxcIface(inv: Inventory, dirs: Pass, ct: string, veth: LinkState): boolean {
  const l = lxcIface(ct, veth.name, dirs.lxcPath);
  if (!l) return false;
  const entry: InventoryIface = {
    ct,
    iface: l.model,
    veth,
    lxc: l.lxc,
    guard: l.lxc.opts.filter ?? dirs.hostFilter?.on ?? true,
  };
  if (l.model.bridge) entry.bridge = dirs.link(l.model.bridge.name);
  inv.ifaces.push(entry);
  return true;
}

/** CT ids with a DIR/conf/<id>.conf (numeric or name ids; samples and 0.conf skipped). */
function openvzCtids(vzDir: string): string[] {
  return listDir(join(vzDir, 'conf'))
    .filter((f) => f.endsWith('.conf'))
    .map((f) => f.slice(0, -5))
    .filter((id) => id !== '0' && checkCtid(id) === undefined)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
