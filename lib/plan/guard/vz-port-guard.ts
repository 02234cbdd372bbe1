/** The anti-spoofing filter of an OpenVZ interface (pure). */
import type { CtInterface, CtNetwork } from '../../request/ct-network.js';
import type { TeardownEntry } from '../teardown-entry.js';
import { guardPortProblem } from './guard-spec.js';
import type { HostFilterDefault } from '../../setups/host/host-filter-default.js';
import type { ConfValue } from '../../runtimes/openvz/vz-conf.js';
import { planPortGuard, type PortGuardPlan } from './plan-port-guard.js';
import { vzGuardSettings } from '../../runtimes/openvz/vz-guard-settings.js';

/**
 * `mac`: the CT-side MAC when the caller knows it better than NETIF (OpenVZ 7 passes MAC to addif).
 */
export function vzPortGuard(
  subject: string,
  iface: CtInterface,
  vars: Map<string, ConfValue>,
  extra: { mac?: string; host?: HostFilterDefault } = {},
): PortGuardPlan {
  const s = vzGuardSettings(iface, vars, extra.host);
  const mac = extra.mac ?? iface.netif.mac;
  const seen = new Set<string>();
  const addresses = [...iface.addresses, ...s.addresses].filter(
    (a) => !seen.has(a.address) && Boolean(seen.add(a.address)),
  );
  return planPortGuard({ subject, port: iface.hostIfname, addresses, dhcp: s.dhcp, settings: s, mac });
}

/**
 * What the config implies a down removes: the chain of every interface whose filter is on
 * (a lost record still leaves no chain behind; the chain outlives its veth on this kernel).
 */
export function vzGuardTeardown(net: CtNetwork, host?: HostFilterDefault): TeardownEntry[] {
  return net.interfaces
    .filter((i) => guardPortProblem(i.hostIfname) === undefined && vzGuardSettings(i, net.vars, host).enabled)
    .map((i) => ({ kind: 'port-guard', port: i.hostIfname }));
}
