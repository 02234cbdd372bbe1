/**
 * /etc/ctnet/host.conf: the host-level setups `ctnet host apply` keeps in place, and the
 * host-wide isolation settings. INI-like text read without executing or expanding anything
 * (the reader of networks.conf); a section is "[KIND NAME]", or "[isolation]" once:
 *
 *   [bridge br0]                 type = linux|ovs, mac, address (repeatable), mtu, datapath (ovs)
 *   [shim mv-lxcbr2]             parent, address (repeatable)
 *   [masquerade lxcnet]          network (repeatable), oif
 *   [forward web]                to (repeatable: IPv4 and/or IPv6),
 *                                port PROTO:HOSTPORT:CTPORT (repeatable)
 *   [isolation]                  pool (repeatable), forward-ports (repeatable), filter = on|off,
 *                                dad = on|off
 *
 * Every problem is one `file:line: key: problem` error, and the whole file is refused.
 * Policy routing stays in networks.conf (lib/pbr/networks-conf.ts).
 */
import type { ForwardSpec } from '../config/forward-spec.js';
import { configError } from '../errors.js';
import type { IpAddr } from '../net/ip-address.js';
import { readConfSections } from '../pbr/read-conf-sections.js';
import { buildSection, SECTION_KEYS, sectionKind, type SectionKind } from './host-sections.js';
import { checkHostConfig } from './check-host-config.js';

export const HOST_CONF_NAME = 'host.conf';

export interface Where { file: string; line: number }

export interface HostBridge { name: string; ovs: boolean; mac?: string; addresses: IpAddr[]; mtu?: number; datapath?: string; where: Where }
export interface HostShim { name: string; parent: string; addresses: IpAddr[]; where: Where }
export interface HostMasquerade { name: string; networks: IpAddr[]; oif?: string; where: Where }
export interface HostForward { name: string; targets: IpAddr[]; ports: ForwardSpec[]; where: Where }

/** A host port or range a container forward may take (issue 15's allow-list). */
export interface PortRange { from: number; to: number }

export interface IsolationSettings {
  /** Container pools: networks containers may take addresses from. */
  pools: IpAddr[];
  /** Host ports forwards may take; empty = only ports >= 1024. */
  forwardPorts: PortRange[];
  /** Per-port anti-spoofing filter on by default. */
  filter: boolean;
  /** Duplicate-address probe before a routed proxy up (`dad = on|off`); unset = on. */
  dad?: boolean;
  /** Where [isolation] is, when the file has it. */
  where?: Where;
}

export interface HostConfig {
  file: string;
  bridges: HostBridge[];
  shims: HostShim[];
  masquerades: HostMasquerade[];
  forwards: HostForward[];
  isolation: IsolationSettings;
}

export const DEFAULT_ISOLATION: Readonly<IsolationSettings> = Object.freeze({ pools: [], forwardPorts: [], filter: true });

export function emptyHostConfig(file: string): HostConfig {
  return { file, bridges: [], shims: [], masquerades: [], forwards: [], isolation: { ...DEFAULT_ISOLATION, pools: [], forwardPorts: [] } };
}

export function parseHostConf(text: string, file: string): HostConfig {
  const sections = readConfSections(text, file, {
    noun: 'section',
    keys: (name) => SECTION_KEYS[sectionKind(name) as SectionKind] ?? [],
    repeatable: ['address', 'network', 'to', 'port', 'pool', 'forward-ports'],
    checkName: (name) => (sectionKind(name) ? undefined
      : `"[${name}]" is not a section (want [bridge NAME], [shim NAME], [masquerade NAME], [forward NAME] or [isolation])`),
  });
  const cfg = emptyHostConfig(file);
  for (const s of sections) {
    const b = buildSection(s, file);
    switch (b.kind) {
      case 'bridge': cfg.bridges.push(b.value); break;
      case 'shim': cfg.shims.push(b.value); break;
      case 'masquerade': cfg.masquerades.push(b.value); break;
      case 'forward': cfg.forwards.push(b.value); break;
      case 'isolation':
        if (cfg.isolation.where) throw configError({ file, line: s.line, key: '[isolation]' }, `is set twice (first on line ${cfg.isolation.where.line})`);
        cfg.isolation = b.value;
        break;
    }
  }
  checkHostConfig(cfg);
  return cfg;
}
