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
 * Policy routing stays in networks.conf (lib/setups/pbr/networks-conf.ts).
 */
import { configError } from '../../errors.js';
import { readConfSections } from '../pbr/read-conf-sections.js';
import { buildSection, SECTION_KEYS, sectionKind, type SectionKind } from './host-sections.js';
import { checkHostConfig } from './check-host-config.js';

export const HOST_CONF_NAME = 'host.conf';

export type { HostBridge, HostConfig, HostForward, IsolationSettings, PortRange } from './host-config-types.js';
import type { HostConfig, IsolationSettings } from './host-config-types.js';

const DEFAULT_ISOLATION: Readonly<IsolationSettings> = Object.freeze({ pools: [], forwardPorts: [], filter: true });

export function emptyHostConfig(file: string): HostConfig {
  return {
    file,
    bridges: [],
    shims: [],
    masquerades: [],
    forwards: [],
    isolation: { ...DEFAULT_ISOLATION, pools: [], forwardPorts: [] },
  };
}

export function parseHostConf(text: string, file: string): HostConfig {
  const sections = readConfSections(text, file, {
    noun: 'section',
    keys: (name) => SECTION_KEYS[sectionKind(name) as SectionKind] ?? [],
    repeatable: ['address', 'network', 'to', 'port', 'pool', 'forward-ports'],
    checkName: (name) =>
      sectionKind(name)
        ? undefined
        : `"[${name}]" is not a section (want [bridge NAME], [shim NAME], [masquerade NAME], [forward NAME] or [isolation])`,
  });
  const cfg = emptyHostConfig(file);
  for (const s of sections) {
    const b = buildSection(s, file);
    switch (b.kind) {
      case 'bridge':
        cfg.bridges.push(b.value);
        break;
      case 'shim':
        cfg.shims.push(b.value);
        break;
      case 'masquerade':
        cfg.masquerades.push(b.value);
        break;
      case 'forward':
        cfg.forwards.push(b.value);
        break;
      case 'isolation':
        if (cfg.isolation.where)
          throw configError(
            { file, line: s.line, key: '[isolation]' },
            `is set twice (first on line ${cfg.isolation.where.line})`,
          );
        cfg.isolation = b.value;
        break;
    }
  }
  checkHostConfig(cfg);
  return cfg;
}
