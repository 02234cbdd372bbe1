/**
 * /etc/ctnet/networks.conf: the networks a multi-network host routes by source (seed 000).
 * INI-like text, read without executing or expanding anything:
 *
 *   # comment lines start with "#"
 *   [internal]                  <- section = routing table name
 *   table    = 210              <- routing table number (1-252, 256-2^31)
 *   prefix   = 192.168.1.0/24   <- one or more, IPv4 and/or IPv6, network addresses
 *   uplink   = vmbr0            <- the device the network leaves through
 *   gateway  = 192.168.1.3      <- IPv4 default route of the table (optional)
 *   gateway6 = 2001:db8:1::1    <- IPv6 default route of the table (optional)
 *   iif      = venet0           <- container-facing interface (default venet0)
 *   priority = 10000            <- first rule priority (default 10000 + 10 * section index)
 *
 * Every problem is one `file:line: key: problem` error; nothing is half-read.
 */
import { configError } from '../../errors.js';
import { checkIfname } from '../../request/validate.js';
import { networkOf, parseIpAddr, type IpAddr } from '../../request/ip-address.js';
import { CLASS_RULE_PREF, CLASS_TABLES } from '../../request/announce-class.js';
import { readConfSections, type ConfWhere, type RawSection } from './read-conf-sections.js';

const DEFAULT_IIF = 'venet0';
const DEFAULT_PRIORITY_BASE = 10000;
const PRIORITY_STEP = 10;

export interface PbrNetwork {
  /** Section name = routing table name. */
  name: string;
  table: number;
  prefixes: IpAddr[];
  uplink: string;
  gateway?: IpAddr;
  gateway6?: IpAddr;
  iif: string;
  /** Priority of the first rule; each prefix uses two consecutive values. */
  priority: number;
  /** Where the section starts (for messages). */
  where: { file: string; line: number };
}

export interface PbrConfig {
  file: string;
  networks: PbrNetwork[];
}

const NAME_RE = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
const RESERVED_NAMES = new Set(['local', 'main', 'default', 'unspec', 'all']);
const RESERVED_TABLES = new Set([0, 253, 254, 255]);
const KEYS = ['table', 'prefix', 'uplink', 'gateway', 'gateway6', 'iif', 'priority'];

function checkSectionName(name: string): string | undefined {
  return NAME_RE.test(name) && !RESERVED_NAMES.has(name)
    ? undefined
    : `"${name}" is not a usable table name (a letter, then letters, digits, "_" or "-"; not local/main/default/unspec)`;
}

export function parseNetworksConf(text: string, file: string): PbrConfig {
  const sections = readConfSections(text, file, { keys: KEYS, repeatable: ['prefix'], checkName: checkSectionName });
  const networks = sections.map((s, i) => buildNetwork(s, i, file));
  checkUnique(networks, file);
  return { file, networks };
}

function buildNetwork(s: RawSection, index: number, file: string): PbrNetwork {
  const one = (key: string) => s.values.get(key)?.[0];
  const need = (key: string) => {
    const v = one(key);
    if (!v) throw configError({ file, line: s.line, key: `[${s.name}]` }, `"${key}" is required`);
    return v;
  };
  const t = need('table');
  const table = /^\d{1,10}$/.test(t.value) ? Number(t.value) : NaN;
  if (!(table >= 1 && table <= 0x7fffffff) || RESERVED_TABLES.has(table) || CLASS_TABLES.includes(table)) {
    throw configError(
      t.where,
      `"${t.value}" is not a free routing table number (1-2147483647, not 253/254/255, not ${CLASS_TABLES.join('/')}: ctnet's announcement classes)`,
    );
  }
  const prefixes = (s.values.get('prefix') ?? []).map(({ value, where }) => parsePrefix(value, where));
  if (prefixes.length === 0) need('prefix');
  const up = need('uplink');
  const upWhy = checkIfname(up.value);
  if (upWhy) throw configError(up.where, upWhy);
  const net: PbrNetwork = {
    name: s.name,
    table,
    prefixes,
    uplink: up.value,
    iif: DEFAULT_IIF,
    priority: DEFAULT_PRIORITY_BASE + PRIORITY_STEP * index,
    where: { file, line: s.line },
  };
  const iif = one('iif');
  if (iif) {
    const why = checkIfname(iif.value);
    if (why) throw configError(iif.where, why);
    net.iif = iif.value;
  }
  for (const [key, fam] of [
    ['gateway', 4],
    ['gateway6', 6],
  ] as const) {
    const g = one(key);
    if (!g) continue;
    const a = parseIpAddr(g.value, { allowPrefix: false });
    if (typeof a === 'string') throw configError(g.where, a);
    if (a.family !== fam) throw configError(g.where, `"${g.value}" is not an IPv${fam} address`);
    if (!prefixes.some((p) => p.family === fam))
      throw configError(g.where, `there is no IPv${fam} prefix in [${s.name}] for this gateway`);
    if (fam === 4) net.gateway = a;
    else net.gateway6 = a;
  }
  const p = one('priority');
  if (p) {
    const n = /^\d{1,5}$/.test(p.value) ? Number(p.value) : NaN;
    const span = ruleSpan(net);
    if (!(n >= 1 && n + span - 1 < CLASS_RULE_PREF))
      throw configError(
        p.where,
        `"${p.value}" is not a rule priority (1-${CLASS_RULE_PREF - span}; this network uses ${span} consecutive values, below the announcement classes' ${CLASS_RULE_PREF})`,
      );
    net.priority = n;
  }
  return net;
}

/** A network address with its prefix length and no host bits (10.0.3.0/24). */
export function parsePrefix(value: string, where: ConfWhere): IpAddr {
  const a = parseIpAddr(value);
  if (typeof a === 'string') throw configError(where, a);
  if (!value.includes('/')) throw configError(where, `"${value}" needs a prefix length (e.g. ${value}/24)`);
  const net = networkOf(a);
  if (net !== `${a.address}/${a.prefix}`)
    throw configError(where, `"${value}" has host bits set; the network is ${net}`);
  return a;
}

/** How many consecutive priorities a network's rules take (two per prefix of the busier family). */
function ruleSpan(n: Pick<PbrNetwork, 'prefixes'>): number {
  const v4 = n.prefixes.filter((p) => p.family === 4).length;
  return 2 * Math.max(v4, n.prefixes.length - v4);
}

function checkUnique(nets: PbrNetwork[], file: string): void {
  nets.forEach((n, i) => {
    for (const m of nets.slice(0, i)) {
      const where = { file, line: n.where.line, key: `[${n.name}]` };
      if (m.table === n.table)
        throw configError(where, `table ${n.table} is also used by [${m.name}] (line ${m.where.line})`);
      const overlap = n.priority < m.priority + ruleSpan(m) && m.priority < n.priority + ruleSpan(n);
      if (overlap)
        throw configError(
          where,
          `rule priorities ${n.priority}-${n.priority + ruleSpan(n) - 1} overlap those of [${m.name}] (line ${m.where.line})`,
        );
      const shared = n.prefixes.find((p) =>
        m.prefixes.some((q) => q.family === p.family && q.address === p.address && q.prefix === p.prefix),
      );
      if (shared)
        throw configError(
          where,
          `prefix ${shared.address}/${shared.prefix} is also in [${m.name}] (line ${m.where.line})`,
        );
    }
  });
}
