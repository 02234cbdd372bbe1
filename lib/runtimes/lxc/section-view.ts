/**
 * Read LXC_CONFIG_FILE and reduce the matching lxc.net.N section(s) to the values ctnet-lxc
 * needs. Values that decide what happens (link, addresses) must agree across candidate
 * sections; cosmetic ones (interface name, MTU) are dropped when they do not.
 */
import { CtnetError } from '../../errors.js';
import { readConfigFileRequired } from '../../doors/fs.js';
import { parseLxcConfig, type LxcConfig } from './lxc-config.js';
import { readLxcInclude } from './lxc-includes.js';
import type { LxcNetEvent } from './lxc-event.js';
import { agreed, findNetSection, type SectionMatch } from './find-net-section.js';
import type { IpAddr } from '../../request/ip-address.js';

/** What the matched lxc.net.N section says (values all candidate sections agree on). */
export interface SectionView {
  label?: string;
  link?: string;
  name?: string;
  mtu?: number;
  addresses: IpAddr[];
  gateways6: IpAddr[];
  /** The container's MAC (lxc.net.N.hwaddr), when fixed. */
  mac?: string;
}

export interface SectionNeeds {
  link: boolean;
  addresses: boolean;
}

export function loadSectionView(ev: LxcNetEvent, needs: SectionNeeds, warn: (line: string) => void): SectionView {
  if (!ev.configFile) return { addresses: [], gateways6: [] };
  const cfg = parseLxcConfig(readConfigFileRequired(ev.configFile), ev.configFile, readLxcInclude);
  return sectionView(cfg, ev, needs, warn);
}

/** The view of a parsed config's matching section(s) (pure). */
export function sectionView(
  cfg: LxcConfig,
  ev: LxcNetEvent,
  needs: SectionNeeds,
  warn: (line: string) => void,
): SectionView {
  cfg.warnings.forEach(warn);
  const m = findNetSection(cfg, ev);
  if (m.candidates.length === 0) {
    warn(`${cfg.file}: no lxc.net.N section matches ${ev.type} ${ev.device ?? ''} (using the command line only)`);
    return { addresses: [], gateways6: [] };
  }
  const view: SectionView = { addresses: [], gateways6: [] };
  if (m.candidates.length === 1) view.label = m.candidates[0]!.label;
  if (needs.link) {
    const link = agreed(m, 'link', (s) => s.link);
    if (link) view.link = link;
  }
  if (needs.addresses) {
    view.addresses = agreed(m, 'ipv4/ipv6.address', (s) => [...s.ipv4, ...s.ipv6]) ?? [];
    view.gateways6 = agreed(m, 'ipv6.gateway', (s) => (typeof s.ipv6Gateway === 'object' ? [s.ipv6Gateway] : [])) ?? [];
  }
  const mac = soft(m, 'hwaddr', (s) => s.hwaddr);
  if (mac) view.mac = mac;
  const name = soft(m, 'name', (s) => s.name);
  if (name) view.name = name;
  const mtu = soft(m, 'mtu', (s) => s.mtu);
  if (mtu) view.mtu = mtu;
  return view;
}

function soft<T>(m: SectionMatch, what: string, pick: Parameters<typeof agreed<T>>[2]): T | undefined {
  try {
    return agreed(m, what, pick);
  } catch (e) {
    if (e instanceof CtnetError) return undefined;
    throw e;
  }
}
