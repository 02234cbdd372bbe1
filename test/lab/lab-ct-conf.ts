/**
 * The OpenVZ config of a container in the FRR labs (ospf-lab.ts, bgp-lab.ts): eth0 on the
 * node's br0 as veth<N>.0, its addresses as host routes (/32, /128), the node (10.0.0.2,
 * fd10::2) as its gateway, and `extra` lines (CTNET_ANNOUNCE=...).
 */
export function labCtConf(addresses: readonly string[], extra = '', veth = vethOf(addresses[0] ?? '')): string {
  const v6 = addresses.some((a) => a.includes(':'));
  return [
    `NETIF="ifname=eth0,host_ifname=${veth}"`,
    `VETH_IP_ADDRESS="${addresses.map((a) => (a.includes(':') ? `${a}/128` : `${a}/32`)).join(' ')}"`,
    `CT0_IP="10.0.0.2${v6 ? ' fd10::2' : ''}"`,
    'VE_DEFAULT_GATEWAY="10.0.0.2"',
    ...(v6 ? ['VE_DEFAULT_GATEWAY6="fd10::2"'] : []),
    'BRIDGEDEV="br0"',
    extra,
  ].join('\n');
}

/** veth<N>.0, N the last number of the address (203.0.113.21 -> veth21.0). */
function vethOf(address: string): string {
  return `veth${address.split(/[.:]/).pop()}.0`;
}
