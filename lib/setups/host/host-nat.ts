/**
 * host.conf's masquerades and forwards as entries of ctnet's NAT table (pure). Each section is
 * one owner "host:NAME", so `host apply` can tell its entries from the containers' (vz-101,
 * lxc-web) and from one-off `ctnet nat` commands (masq-NET), and touch only its own.
 */
import type { MasqueradeEntry, NatEntry } from '../nat/nat-entry.js';
import { forwardEntries } from '../nat/plan-forwards.js';
import type { HostConfig } from './host-conf.js';

export const HOST_NAT_PREFIX = 'host:';

export interface HostNatOwner {
  kind: 'masquerade' | 'forward';
  name: string;
  owner: string;
  entries: NatEntry[];
}

export function hostNatOwners(cfg: Pick<HostConfig, 'masquerades' | 'forwards'>): HostNatOwner[] {
  return [
    ...cfg.masquerades.map((m) => ({
      kind: 'masquerade' as const,
      name: m.name,
      owner: `${HOST_NAT_PREFIX}${m.name}`,
      entries: m.networks.map((n): MasqueradeEntry => ({
        type: 'masquerade',
        network: `${n.address}/${n.prefix}`,
        family: n.family,
        oif: m.oif,
      })),
    })),
    ...cfg.forwards.map((f) => ({
      kind: 'forward' as const,
      name: f.name,
      owner: `${HOST_NAT_PREFIX}${f.name}`,
      entries: forwardEntries({ owner: f.name, forwards: f.ports, targets: f.targets }),
    })),
  ];
}
