/**
 * Hand-written schema checks for what ctnet reads back from its run dir: teardown records
 * (ct/<id>.json) and the NAT state (nat/state.json). A file is accepted only when every field
 * is exactly what ctnet writes: known kinds, no extra keys, every value checked with the same
 * validators as the config path (interface names, unicast addresses, ports, VLAN-free owners).
 * Each check returns the value or a reason string (the first problem found, with its place).
 * Pure: no file access.
 */
import { checkIfname, parseUnicast } from '../request/validate.js';
import { oneLine } from '../errors.js';
import type { NatEntry } from '../setups/nat/nat-entry.js';
import { guardPortProblem } from '../plan/guard/guard-spec.js';
import { parseIpAddr } from '../request/ip-address.js';
import { TEARDOWN_KINDS, type TeardownEntry } from '../plan/teardown-entry.js';

export const RECORD_VERSION = 2;
/** Records and NAT state files larger than this are refused unread. */
export const STATE_MAX_BYTES = 1024 * 1024;
const MAX_PARTS = 256;
const MAX_ENTRIES = 8192;

export interface RecordFile {
  version: typeof RECORD_VERSION;
  subject: string;
  parts: Record<string, TeardownEntry[]>;
}

export interface NatStateFile {
  version: 1;
  owners: Record<string, NatEntry[]>;
}

type Json = unknown;
type Obj = Record<string, Json>;

class SchemaError extends Error {}

/** The record of container `id` (vz-101, lxc-c1) in `text`, or why it is not one. */
export function parseRecord(text: string, id: string): RecordFile | string {
  return guarded(() => {
    const r = object(JSON.parse(text), 'record', ['version', 'subject', 'parts']);
    if (r['version'] !== RECORD_VERSION) fail(`version: ${show(r['version'])} is not ${RECORD_VERSION}`);
    const subject = text1(r['subject'], 'subject', 200);
    const partsIn = object(r['parts'], 'parts');
    const names = Object.keys(partsIn);
    if (names.length > MAX_PARTS) fail(`parts: more than ${MAX_PARTS}`);
    const parts = Object.create(null) as Record<string, TeardownEntry[]>;
    for (const name of names) {
      ifname(name, `parts: ${show(name)}`);
      const list = array(partsIn[name], `parts.${name}`, MAX_ENTRIES);
      parts[name] = list.map((e, i) => teardownEntry(e, `parts.${name}[${i}]`, id));
    }
    return { version: RECORD_VERSION, subject, parts };
  });
}

/** The NAT state in `text`, or why it is not one. */
export function parseNatState(text: string): NatStateFile | string {
  return guarded(() => {
    const s = object(JSON.parse(text), 'state', ['version', 'owners']);
    if (s['version'] !== 1) fail(`version: ${show(s['version'])} is not 1`);
    const ownersIn = object(s['owners'], 'owners');
    const owners = Object.create(null) as Record<string, NatEntry[]>;
    for (const [owner, list] of Object.entries(ownersIn)) {
      natOwner(owner, `owners: ${show(owner)}`);
      owners[owner] = array(list, `owners.${owner}`, MAX_ENTRIES).map((e, i) => natEntry(e, `owners.${owner}[${i}]`));
    }
    return { version: 1, owners };
  });
}

/** One teardown entry of record `id`; owners must be the record's own. */
export function teardownEntry(v: Json, at: string, id: string): TeardownEntry {
  const kind = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj)['kind'] : undefined;
  if (typeof kind !== 'string' || !(TEARDOWN_KINDS as readonly string[]).includes(kind))
    fail(`${at}: unknown kind ${show(kind)}`);
  switch (kind as TeardownEntry['kind']) {
    case 'route': {
      const e = object(v, at, ['kind', 'address', 'dev', 'metric'], ['metric']);
      const metric = e['metric'] === undefined ? undefined : integer(e['metric'], `${at}.metric`, 0, 0xffffffff);
      return {
        kind: 'route',
        address: unicast(e['address'], `${at}.address`),
        dev: ifname(e['dev'], `${at}.dev`),
        metric,
      };
    }
    case 'proxy-neigh': {
      const e = object(v, at, ['kind', 'address', 'dev']);
      return {
        kind: 'proxy-neigh',
        address: unicast(e['address'], `${at}.address`),
        dev: ifname(e['dev'], `${at}.dev`),
      };
    }
    case 'ovs-port': {
      const e = object(v, at, ['kind', 'port', 'owner']);
      const port = ifname(e['port'], `${at}.port`);
      const want = ovsOwnerOfRecord(id);
      if (e['owner'] !== want)
        fail(`${at}.owner: ${show(e['owner'])} is not this record's owner ${show(want ?? 'none')}`);
      return { kind: 'ovs-port', port, owner: want! };
    }
    case 'nat': {
      const e = object(v, at, ['kind', 'owner', 'entries']);
      if (e['owner'] !== id) fail(`${at}.owner: ${show(e['owner'])} is not this record's owner "${id}"`);
      return {
        kind: 'nat',
        owner: id,
        entries: array(e['entries'], `${at}.entries`, MAX_ENTRIES).map((x, i) => natEntry(x, `${at}.entries[${i}]`)),
      };
    }
    case 'port-guard': {
      const e = object(v, at, ['kind', 'port', 'bridge'], ['bridge']);
      const port = ifname(e['port'], `${at}.port`);
      const why = guardPortProblem(port);
      if (why) fail(`${at}.port: ${why}`);
      if (e['bridge'] === undefined) return { kind: 'port-guard', port };
      const bridge = ifname(e['bridge'], `${at}.bridge`);
      const whyBridge = guardPortProblem(bridge);
      if (whyBridge) fail(`${at}.bridge: ${whyBridge}`);
      return { kind: 'port-guard', port, bridge };
    }
  }
}

/** The ctnet-owner of the OVS ports of record `vz-101` / `lxc-c1`: `vz:101` / `lxc:c1`. */
export function ovsOwnerOfRecord(id: string): string | undefined {
  const m = /^(vz|lxc)-(.+)$/.exec(id);
  return m ? `${m[1]}:${m[2]}` : undefined;
}

/** One NAT table entry, exactly as lib/setups/nat/nat-entry.ts describes it. */
export function natEntry(v: Json, at: string): NatEntry {
  const type = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj)['type'] : undefined;
  if (type === 'forward') {
    const e = object(v, at, ['type', 'proto', 'hostPort', 'to', 'toPort', 'family']);
    if (e['proto'] !== 'tcp' && e['proto'] !== 'udp') fail(`${at}.proto: ${show(e['proto'])} is not tcp or udp`);
    const family = fam(e['family'], `${at}.family`);
    const to = unicast(e['to'], `${at}.to`, family);
    return {
      type: 'forward',
      proto: e['proto'],
      hostPort: integer(e['hostPort'], `${at}.hostPort`, 1, 65535),
      to,
      toPort: integer(e['toPort'], `${at}.toPort`, 1, 65535),
      family,
    };
  }
  if (type === 'masquerade') {
    const e = object(v, at, ['type', 'network', 'family', 'oif'], ['oif']);
    const family = fam(e['family'], `${at}.family`);
    const net =
      typeof e['network'] === 'string' && /\/\d{1,3}$/.test(e['network'])
        ? parseIpAddr(e['network'], { allowPrefix: true })
        : 'no prefix';
    if (typeof net === 'string' || net.family !== family)
      fail(`${at}.network: ${show(e['network'])} is not an IPv${family} network with a prefix`);
    return {
      type: 'masquerade',
      network: e['network'] as string,
      family,
      oif: e['oif'] === undefined ? undefined : ifname(e['oif'], `${at}.oif`),
    };
  }
  fail(`${at}: unknown NAT entry type ${show(type)}`);
}

/** NAT owners: what `ctnet nat forward --owner` accepts (vz-101, lxc-c1) or masq-<network>. */
function natOwner(v: string, at: string): string {
  // Owner names are "vz-" or "lxc-" and a container id of up to 64 characters.
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,71}$/.test(v) && !/^masq-[0-9A-Fa-f.:]+\/\d{1,3}$/.test(v))
    fail(`${at} is not an owner ctnet uses (vz-<id>, lxc-<name>, masq-<network>)`);
  return v;
}

function guarded<T>(fn: () => T): T | string {
  try {
    return fn();
  } catch (e) {
    // One line whatever the file holds: names and JSON.parse's excerpts may carry newlines.
    if (e instanceof SchemaError) return oneLine(e.message);
    if (e instanceof SyntaxError) return oneLine(`not JSON (${e.message})`);
    throw e;
  }
}

function fail(why: string): never {
  throw new SchemaError(why);
}

function show(v: Json): string {
  // JSON.stringify gives undefined for undefined (and what JSON cannot hold): String shows those.
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** A plain object with only `keys` (all required but `optional`). */
function object(v: Json, at: string, keys?: string[], optional: string[] = []): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(`${at}: not an object`);
  const o = v as Obj;
  if (keys) {
    for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`${at}: unknown key ${show(k)}`);
    for (const k of keys) if (!optional.includes(k) && o[k] === undefined) fail(`${at}: ${k} is missing`);
  }
  return o;
}

function array(v: Json, at: string, max: number): Json[] {
  if (!Array.isArray(v)) fail(`${at}: not a list`);
  if (v.length > max) fail(`${at}: more than ${max} entries`);
  return v;
}

function text1(v: Json, at: string, max: number): string {
  // eslint-disable-next-line no-control-regex -- a control character is what this refuses
  if (typeof v !== 'string' || v.length > max || /[\u0000-\u001f\u007f]/.test(v))
    fail(`${at}: not a one-line text of at most ${max} characters`);
  return v;
}

function integer(v: Json, at: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    fail(`${at}: ${show(v)} is not an integer in ${min}-${max}`);
  return v;
}

function fam(v: Json, at: string): 4 | 6 {
  if (v !== 4 && v !== 6) fail(`${at}: ${show(v)} is not 4 or 6`);
  return v;
}

/** An interface name as the config path accepts it, and none of the kernel's reserved names. */
function ifname(v: Json, at: string): string {
  if (typeof v !== 'string') fail(`${at}: not an interface name`);
  const why = checkIfname(v) ?? reservedIfname(v);
  if (why) fail(`${at}: ${why}`);
  return v;
}

/**
 * `all`, `default` (the /proc/sys/net/*\/conf/ pseudo-entries) and `lo` are never ctnet's to
 * change.
 */
function reservedIfname(v: string): string | undefined {
  return v === 'all' || v === 'default' || v === 'lo' ? `"${v}" is reserved, not a container's interface` : undefined;
}

function unicast(v: Json, at: string, family?: 4 | 6): string {
  if (typeof v !== 'string') fail(`${at}: not an address`);
  const a = parseUnicast(v, { allowPrefix: false });
  if (typeof a === 'string') fail(`${at}: ${a}`);
  if (family && a.family !== family) fail(`${at}: ${show(v)} is not an IPv${family} address`);
  if (a.address !== v) fail(`${at}: ${show(v)} is not written as ctnet writes it (${a.address})`);
  return v;
}
