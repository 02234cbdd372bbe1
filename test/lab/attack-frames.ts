/**
 * Attacks a container can make that kernel tools cannot: a router advertisement, an
 * unsolicited neighbour advertisement and a DHCP offer, each one raw Ethernet frame sent with
 * python3's AF_PACKET socket from inside the container's netns (checksums correct, so a
 * receiver would act on them). Also the guard chain's counters, read by name.
 */
import { sh } from './netns.js';

const PY = String.raw`
import socket, struct, sys
kind, dev, mac, src, dst = sys.argv[1:6]
m = bytes.fromhex(mac.replace(':', ''))
def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16: s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff
def ip6(src, dst, icmp):
    s = socket.inet_pton(socket.AF_INET6, src); d = socket.inet_pton(socket.AF_INET6, dst)
    c = csum(s + d + struct.pack('!IxxxB', len(icmp), 58) + icmp)
    icmp = icmp[:2] + struct.pack('!H', c) + icmp[4:]
    hdr = struct.pack('!IHBB', 0x60000000, len(icmp), 58, 255) + s + d
    return b'\x33\x33\x00\x00\x00\x01' + m + b'\x86\xdd' + hdr + icmp
if kind == 'ra':
    # router lifetime 1800 s, with a prefix 2001:db8:bad::/64 (autonomous, on-link)
    pi = struct.pack('!BBBBIII', 3, 4, 64, 0xc0, 86400, 14400, 0) + socket.inet_pton(socket.AF_INET6, '2001:db8:bad::')
    frame = ip6(src, 'ff02::1', struct.pack('!BBHBBHII', 134, 0, 0, 64, 0, 1800, 0, 0) + pi + struct.pack('!BB', 1, 1) + m)
elif kind == 'na':
    # unsolicited, override: "address dst is at my MAC"
    frame = ip6(src, 'ff02::1', struct.pack('!BBHI', 136, 0, 0, 0x20000000) + socket.inet_pton(socket.AF_INET6, dst) + struct.pack('!BB', 2, 1) + m)
elif kind == 'dhcp-offer':
    bootp = struct.pack('!BBBBIHH', 2, 1, 6, 0, 0x1234, 0, 0x8000) + socket.inet_aton('0.0.0.0') + socket.inet_aton(dst) + socket.inet_aton(src) + b'\0' * 4 + b'\xff' * 6 + b'\0' * 10 + b'\0' * 192 + b'\x63\x82\x53\x63' + bytes([53, 1, 2, 54, 4]) + socket.inet_aton(src) + bytes([3, 4]) + socket.inet_aton(src) + b'\xff'
    udp = struct.pack('!HHHH', 67, 68, 8 + len(bootp), 0) + bootp
    hdr = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, socket.inet_aton(src), socket.inet_aton('255.255.255.255'))
    hdr = hdr[:10] + struct.pack('!H', csum(hdr)) + hdr[12:]
    frame = b'\xff' * 6 + m + b'\x08\x00' + hdr + udp
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((dev, 0))
for _ in range(3): s.send(frame)
`;

export type RawAttack = 'ra' | 'na' | 'dhcp-offer';

/** Send 3 copies of the frame from `dev` in `ns`. `src`: the sender address; `dst`: NA target / offered address. */
export async function sendRaw(
  ns: string,
  kind: RawAttack,
  o: { dev: string; mac: string; src: string; dst?: string },
): Promise<void> {
  await sh('ip', ['netns', 'exec', ns, 'python3', '-c', PY, kind, o.dev, o.mac, o.src, o.dst ?? '::']);
}

/** Packets counted by each commented drop rule of a port's guard chain (comment -> packets). */
export async function guardCounters(ns: string, port: string): Promise<Record<string, number>> {
  const r = await sh('ip', ['netns', 'exec', ns, 'nft', '-j', 'list', 'chain', 'netdev', 'ctnet-guard', `p-${port}`]);
  const out: Record<string, number> = {};
  for (const item of JSON.parse(r.stdout).nftables as Array<Record<string, any>>) {
    const rule = item['rule'];
    const counter = (rule?.expr as Array<Record<string, any>> | undefined)?.find((e) => e['counter'])?.['counter'];
    if (!rule?.comment || !counter) continue;
    out[String(rule.comment).replace(/ ctnet:.*$/, '')] = counter.packets ?? 0;
  }
  return out;
}

/** Whether the port has a guard chain. */
export async function hasGuard(ns: string, port: string): Promise<boolean> {
  const r = await sh('ip', ['netns', 'exec', ns, 'nft', 'list', 'chain', 'netdev', 'ctnet-guard', `p-${port}`], {
    allowFailure: true,
  });
  return r.exitCode === 0;
}
