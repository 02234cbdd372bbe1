/**
 * The anti-spoofing filter of an LXC veth (pure): on unless the script line says
 * `--filter off`; the MAC is lxc.net.N.hwaddr when fixed (else unknown: no MAC rules), the
 * addresses are the section's ipv4/ipv6.address.
 */
import type { LxcNetEvent } from '../lxc/lxc-event.js';
import type { LxcOptions } from '../lxc/lxc-options.js';
import type { SectionView } from '../lxc/plan-lxc-up.js';
import { GUARD_ON, planPortGuard, type PortGuardPlan } from './plan-port-guard.js';

export function lxcPortGuard(ev: LxcNetEvent, opts: LxcOptions, section: SectionView): PortGuardPlan {
  const settings = opts.filter === false ? { ...GUARD_ON, enabled: false, from: '--filter off' } : GUARD_ON;
  return planPortGuard({
    subject: `container ${ev.name}`, port: ev.device!, addresses: section.addresses, settings,
    ...(section.mac ? { mac: section.mac } : {}),
  });
}
