/**
 * The anti-spoofing filter of an LXC veth (pure): `--filter on|off` on the script line, else
 * the host-wide default; the MAC is lxc.net.N.hwaddr when fixed (else unknown: no MAC rules), the
 * addresses are the section's ipv4/ipv6.address.
 */
import type { LxcNetEvent } from '../../runtimes/lxc/lxc-event.js';
import type { LxcOptions } from '../../runtimes/lxc/lxc-options.js';
import type { SectionView } from '../../runtimes/lxc/section-view.js';
import type { HostFilterDefault } from '../../setups/host/host-filter-default.js';
import { GUARD_ON, planPortGuard, type PortGuardPlan } from './plan-port-guard.js';

export function lxcPortGuard(
  ev: LxcNetEvent,
  opts: LxcOptions,
  section: SectionView,
  host: HostFilterDefault = { on: true },
): PortGuardPlan {
  // The script line's --filter wins over the host-wide default.
  // A trunk port carries tagged frames whose addresses belong to the VLANs the admin gave the
  // container: not filtered unless --filter on says so (the chain drops tagged frames).
  const enabled = opts.filter ?? (opts.trunks ? false : host.on);
  const from =
    opts.filter === false
      ? '--filter off'
      : opts.filter === undefined && opts.trunks
        ? '--trunks: tagged frames are not filtered; --filter on drops them'
        : host.from;
  const settings = enabled ? GUARD_ON : { ...GUARD_ON, enabled: false, from };
  return planPortGuard({
    subject: `container ${ev.name}`,
    port: ev.device!,
    addresses: section.addresses,
    settings,
    mac: section.mac,
  });
}
