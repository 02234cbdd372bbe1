/**
 * One host.conf section to its typed entry (pure): values checked one by one, each error naming
 * the file, line and key. Cross-section rules live in check-host-config.ts.
 */
import { parseForwardSpec } from '../../request/forward-spec.js';
import { checkIfname, checkMac, parseMtu } from '../../request/validate.js';
import { configError } from '../../errors.js';
import { parseIpAddr, type IpAddr } from '../../request/ip-address.js';
import { parsePrefix } from '../pbr/networks-conf.js';
import type { ConfWhere, RawSection } from '../pbr/read-conf-sections.js';
import type {
  HostBridge,
  HostForward,
  HostMasquerade,
  HostShim,
  IsolationSettings,
  PortRange,
} from './host-config-types.js';

export type SectionKind = 'bridge' | 'shim' | 'masquerade' | 'forward' | 'isolation';

export const SECTION_KEYS: Record<SectionKind, string[]> = {
  bridge: ['type', 'mac', 'address', 'mtu', 'datapath'],
  shim: ['parent', 'address'],
  masquerade: ['network', 'oif'],
  forward: ['to', 'port'],
  isolation: ['pool', 'forward-ports', 'filter', 'dad'],
};

const ENTRY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

/** The kind of a "[KIND NAME]" header with a valid NAME, else undefined. */
export function sectionKind(header: string): SectionKind | undefined {
  if (header === 'isolation') return 'isolation';
  const m = /^(bridge|shim|masquerade|forward)\s+(\S+)$/.exec(header);
  if (!m) return undefined;
  const [, kind, name] = m;
  const ok = kind === 'bridge' || kind === 'shim' ? checkIfname(name!) === undefined : ENTRY_NAME.test(name!);
  return ok ? (kind as SectionKind) : undefined;
}

export type BuiltSection =
  | { kind: 'bridge'; value: HostBridge }
  | { kind: 'shim'; value: HostShim }
  | { kind: 'masquerade'; value: HostMasquerade }
  | { kind: 'forward'; value: HostForward }
  | { kind: 'isolation'; value: IsolationSettings };

export function buildSection(s: RawSection, file: string): BuiltSection {
  const kind = sectionKind(s.name)!;
  const name = s.name.split(/\s+/)[1] ?? '';
  const all = (key: string) => s.values.get(key) ?? [];
  const one = (key: string) => all(key)[0];
  const need = (key: string) => {
    const v = one(key);
    if (!v) throw configError({ file, line: s.line, key: `[${s.name}]` }, `"${key}" is required`);
    return v;
  };
  const ifname = (v: { value: string; where: ConfWhere }) => {
    const why = checkIfname(v.value);
    if (why) throw configError(v.where, why);
    return v.value;
  };
  const where = { file, line: s.line };
  switch (kind) {
    case 'bridge': {
      const b: HostBridge = { name, ovs: false, addresses: all('address').map(hostAddress), where };
      const type = one('type');
      if (type && type.value !== 'linux' && type.value !== 'ovs')
        throw configError(type.where, `"${type.value}" is not a bridge type (linux or ovs)`);
      b.ovs = type?.value === 'ovs';
      const mac = one('mac');
      if (mac) {
        const why = checkMac(mac.value);
        if (why) throw configError(mac.where, why);
        b.mac = mac.value.toLowerCase();
      }
      const mtu = one('mtu');
      if (mtu) {
        const r = parseMtu(mtu.value);
        if (typeof r === 'string') throw configError(mtu.where, r);
        b.mtu = r;
      }
      const dp = one('datapath');
      if (dp) {
        if (!b.ovs) throw configError(dp.where, 'is for Open vSwitch bridges only (type = ovs)');
        if (!/^[a-z]{1,16}$/.test(dp.value))
          throw configError(dp.where, `"${dp.value}" is not a datapath type (system, netdev)`);
        b.datapath = dp.value;
      }
      return { kind, value: b };
    }
    case 'shim': {
      const addresses = all('address').map(hostAddress);
      if (addresses.length === 0) need('address');
      const parent = ifname(need('parent'));
      if (parent === name) throw configError(one('parent')!.where, `the shim cannot be its own parent`);
      return { kind, value: { name, parent, addresses, where } };
    }
    case 'masquerade': {
      const networks = all('network').map((v) => parsePrefix(v.value, v.where));
      if (networks.length === 0) need('network');
      const m: HostMasquerade = { name, networks, where };
      const oif = one('oif');
      if (oif) m.oif = ifname(oif);
      return { kind, value: m };
    }
    case 'forward': {
      const targets = all('to').map((v) => {
        const a = parseIpAddr(v.value, { allowPrefix: false });
        if (typeof a === 'string') throw configError(v.where, a);
        return a;
      });
      if (targets.length === 0) need('to');
      for (const fam of [4, 6]) {
        const twice = targets.filter((t) => t.family === fam);
        if (twice.length > 1)
          throw configError(
            all('to')[1]!.where,
            `one IPv${fam} target per forward section (got ${twice.map((t) => t.address).join(', ')})`,
          );
      }
      const ports = all('port').map((v) => {
        const p = parseForwardSpec(v.value);
        if (typeof p === 'string') throw configError(v.where, p);
        return p;
      });
      if (ports.length === 0) need('port');
      return { kind, value: { name, targets, ports, where } };
    }
    case 'isolation': {
      const iso: IsolationSettings = {
        pools: all('pool').map((v) => parsePrefix(v.value, v.where)),
        forwardPorts: all('forward-ports').flatMap(portRanges),
        filter: true,
        where,
      };
      const f = one('filter');
      if (f) {
        if (f.value !== 'on' && f.value !== 'off') throw configError(f.where, `"${f.value}" is not on or off`);
        iso.filter = f.value === 'on';
      }
      const dad = one('dad');
      if (dad) {
        if (dad.value !== 'on' && dad.value !== 'off') throw configError(dad.where, `"${dad.value}" is not on or off`);
        iso.dad = dad.value === 'on';
      }
      return { kind, value: iso };
    }
  }
}

/** An address with its prefix length, on a host link (10.0.3.1/24). */
function hostAddress(v: { value: string; where: ConfWhere }): IpAddr {
  const a = parseIpAddr(v.value);
  if (typeof a === 'string') throw configError(v.where, a);
  if (!v.value.includes('/')) throw configError(v.where, `"${v.value}" needs a prefix length (e.g. ${v.value}/24)`);
  return a;
}

/** "80, 443 8000-8999": ports and inclusive ranges, 1-65535. */
function portRanges(v: { value: string; where: ConfWhere }): PortRange[] {
  const words = v.value.split(/[\s,]+/).filter((w) => w !== '');
  if (words.length === 0) throw configError(v.where, 'expected ports or ranges, e.g. "80, 443, 8000-8999"');
  return words.map((w) => {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(w);
    const from = m ? Number(m[1]) : NaN;
    const to = m ? Number(m[2] ?? m[1]) : NaN;
    if (!(from >= 1 && to <= 65535 && from <= to))
      throw configError(v.where, `"${w}" is not a port or range of ports (1-65535, e.g. 8000-8999)`);
    return { from, to };
  });
}
