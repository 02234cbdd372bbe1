/**
 * The filter settings of one OpenVZ interface (pure): CTNET_FILTER_<ifname>, else CTNET_FILTER
 * (on|off, the CT config over vz.conf), else the host-wide default; OpenVZ 7's NETIF
 * mac_filter=off / ip_filter=off switch off one half. DHCP: NETIF dhcp=yes. Addresses: NETIF
 * ip=/ip6= (OpenVZ 7), which come on top of VETH_IP_ADDRESS.
 */
import { varSuffix, type CtInterface } from '../../request/ct-network.js';
import { interpretOv7Netif } from './netif-ov7.js';
import type { ConfValue } from './vz-conf.js';
import { configError } from '../../errors.js';
import type { GuardSettings } from '../../plan/guard/plan-port-guard.js';
import type { HostFilterDefault } from '../../setups/host/host-filter-default.js';
import type { IpAddr } from '../../request/ip-address.js';

const FILTER_VAR = 'CTNET_FILTER';

export function vzGuardSettings(
  iface: CtInterface,
  vars: Map<string, ConfValue>,
  host: HostFilterDefault = { on: true },
): GuardSettings & { dhcp: boolean; addresses: IpAddr[] } {
  const cv = vars.get(`${FILTER_VAR}_${varSuffix(iface.ifname)}`) ?? vars.get(FILTER_VAR);
  let enabled = host.on;
  let from = host.on ? undefined : (host.from ?? 'host.conf [isolation] filter = off');
  if (cv && cv.value.trim() !== '') {
    const v = cv.value.trim().toLowerCase();
    if (v !== 'on' && v !== 'off') throw configError(cv, `"${cv.value}" is not on or off`);
    enabled = v === 'on';
    from = `${cv.file}:${cv.line}: ${cv.key}=${v}`;
  }
  const netif = vars.get('NETIF');
  const ov7 = netif ? interpretOv7Netif(iface.netif, netif) : { addresses: [] };
  return {
    enabled,
    from,
    macFilter: ov7.macFilter ?? true,
    ipFilter: ov7.ipFilter ?? true,
    dhcp: ov7.dhcp ?? false,
    addresses: ov7.addresses,
  };
}
