/**
 * What a down removes, as data: the record an up leaves in the run dir is a list of these
 * entries, never commands. Every command a down runs is rebuilt here from the fields, and
 * every object removed carries ctnet's mark: host routes are deleted with proto 213 (a route
 * without it is not matched), an OVS port only when its external_ids:ctnet-owner is the
 * record's owner (checked when the step runs), NAT entries only inside ctnet's own table,
 * under the owner's name. lib/state/record-schema.ts validates entries read back from disk.
 */
import { hostRoute, parseIpAddr, type IpAddr } from '../request/ip-address.js';
import { classOf, classRouteTable } from '../request/announce-class.js';
import { mainRouteLine, markerLine, routeLine } from './route-line.js';
import { planOvsPortDown } from './ovs-port-plan.js';
import type { HostBatchStep, Step } from './plan.js';
import { guardRemoveStep } from './guard/port-guard-step.js';

export type { NatOwnerEntry, RouteEntry, TeardownEntry } from './teardown-types.js';
import type { RouteEntry, TeardownEntry } from './teardown-types.js';

export const TEARDOWN_KINDS: readonly TeardownEntry['kind'][] = [
  'route',
  'proxy-neigh',
  'ovs-port',
  'nat',
  'port-guard',
];

/** Route entries for host routes to `addresses` via `dev`. */
export function routeEntries(addresses: IpAddr[], dev: string, metric?: number): RouteEntry[] {
  return addresses.map((a) => ({ kind: 'route', address: a.address, dev, metric }));
}

/**
 * The steps that remove what the entries describe, in order (idempotent: "already gone" is
 * done). Routes through the same device and metric share one tolerant `ip -batch`, and all
 * proxy entries another, so the processes of a down do not grow with the addresses.
 */
export function teardownSteps(entries: readonly TeardownEntry[]): Step[] {
  const steps: Step[] = [];
  const routeBatches = new Map<string, HostBatchStep>();
  let proxyBatch: HostBatchStep | undefined;
  for (const e of dedupeEntries(entries)) {
    switch (e.kind) {
      case 'route': {
        const key = `${e.dev} ${e.metric ?? ''}`;
        let step = routeBatches.get(key);
        if (!step) {
          step = { kind: 'host-batch', what: `routes to the CT via ${e.dev}`, tolerateMissing: true, lines: [] };
          routeBatches.set(key, step);
          steps.push(step);
        }
        step.lines.push(...routeDelLines(e).map((cmd) => ({ cmd })));
        break;
      }
      case 'proxy-neigh': {
        // `ip neigh` ends a batch at a refused line, even with -force: each delete follows a
        // replace of the same entry, which cannot fail while the uplink exists (a missing
        // uplink is a "Cannot find device" that -force skips), so all fit in one batch.
        if (!proxyBatch) {
          proxyBatch = { kind: 'host-batch', what: 'proxy entries on the uplinks', tolerateMissing: true, lines: [] };
          steps.push(proxyBatch);
        }
        proxyBatch.lines.push(
          { cmd: `neigh replace proxy ${e.address} dev ${e.dev}` },
          { cmd: `neigh del proxy ${e.address} dev ${e.dev}` },
        );
        break;
      }
      case 'ovs-port':
        steps.push(planOvsPortDown(e.port, e.owner));
        break;
      case 'nat':
        steps.push({
          kind: 'nft',
          what: `remove port forwards of ${e.owner}`,
          owner: e.owner,
          op: 'remove',
          entries: e.entries,
        });
        break;
      case 'port-guard':
        steps.push(guardRemoveStep(e.port, e.bridge));
        break;
    }
  }
  return steps;
}

/**
 * `route del 10.0.0.5/32 dev br0 proto 213 [metric 200] [table 212]`: only ctnet's route
 * matches. A spare's or anycast's route takes its class marker with it (route-line.ts), and is also
 * deleted from main, where a record written before class tables has it (the batch is tolerant:
 * what is not there is done).
 */
export function routeDelLines(e: RouteEntry): string[] {
  const a = entryAddr(e);
  const line = routeLine('del', a, e.dev, e.metric);
  const marker = markerLine('del', a, e.metric);
  return marker === undefined ? [line] : [line, marker, mainRouteLine('del', a, e.dev, e.metric)];
}

/**
 * A recorded host route: destination, device, its table (212 for an IPv4 spare or anycast, else
 * main) and the class whose marker goes with it.
 */
export interface RecordedRoute {
  dst: string;
  dev: string;
  table: number | undefined;
  markerOf: 'spare' | 'anycast' | undefined;
}

/** The host routes a record's entries stand for, as the hooks plan them (route-line.ts). */
export function recordedRoutes(entries: readonly TeardownEntry[]): RecordedRoute[] {
  return entries.flatMap((e) => {
    if (e.kind !== 'route') return [];
    const a = entryAddr(e);
    return [
      {
        dst: hostRoute(a),
        dev: e.dev,
        table: classRouteTable(a.family, e.metric),
        markerOf: classOf(a.family, e.metric),
      },
    ];
  });
}

function entryAddr(e: RouteEntry): IpAddr {
  const a = parseIpAddr(e.address, { allowPrefix: false });
  if (typeof a === 'string') throw new Error(`route entry: ${a}`);
  return a;
}

/** Entries without repeats (a down merges the record with what the config implies). */
export function dedupeEntries(entries: readonly TeardownEntry[]): TeardownEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const key = entryKey(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function entryKey(e: TeardownEntry): string {
  switch (e.kind) {
    case 'route':
      return `route ${e.address} ${e.dev} ${e.metric ?? ''}`;
    case 'proxy-neigh':
      return `proxy-neigh ${e.address} ${e.dev}`;
    case 'ovs-port':
      return `ovs-port ${e.port} ${e.owner}`;
    case 'nat':
      return `nat ${e.owner} ${JSON.stringify(e.entries)}`;
    case 'port-guard':
      return `port-guard ${e.port}`;
  }
}
