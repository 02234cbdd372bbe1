/**
 * The nft scripts of one port's anti-spoofing chain (pure). Add: create ctnet's netdev table
 * if missing, the port's base chain on the veth's ingress (policy drop), flush it, write the
 * rules; one `nft -f -` transaction, so applying twice equals applying once. Remove: declare
 * the chain as a plain chain (a no-op when it exists, a create when it does not), flush and
 * delete it: exactly that chain goes, and a missing one is success without a "list" of anything.
 *
 * Every rule has a comment naming it, every drop rule a counter (tests and `ctnet check` read
 * them); the order matters: the DHCP/RA/NA guards come before the source accepts.
 * Every value was validated (guard-spec.ts) before it is written here: names match
 * [A-Za-z0-9_.-], MACs are hex, addresses are parsed, so no value can end a string or a statement.
 */
import { sha256Hex } from './sha256.js';
import { eui64LinkLocal, GUARD_TABLE, guardChainName, checkGuardSpec, ipv6Hex, type GuardSpec } from './guard-spec.js';

/** Priority of the port chains: before anything else on the device's ingress. */
export const GUARD_PRIORITY = -500;

/**
 * The rules of the port's chain, in order (pure; the same spec gives the same rules). Every
 * rule has a comment: its label. The last one also carries the chain's fingerprint (the rule
 * count and a hash of the labels before it), which lets `ctnet check` tell an intact chain
 * from one with rules added, removed or relabelled by reading that one chain.
 */
export function guardRules(spec: GuardSpec): string[] {
  const rules = labelledRules(spec);
  const labels = rules.map((r) => r.label);
  labels[labels.length - 1] = `${labels[labels.length - 1]} ${guardFingerprint(labels.slice(0, -1))}`;
  return rules.map((r, i) => `${r.body} comment "${labels[i]}"`);
}

/** `ctnet:<rules>:<hash>` for the labels of all rules but the last. */
export function guardFingerprint(labelsBeforeLast: readonly string[]): string {
  const hash = sha256Hex(labelsBeforeLast.join('\n')).slice(0, 12);
  return `ctnet:${labelsBeforeLast.length + 1}:${hash}`;
}

interface Rule {
  body: string;
  label: string;
}

function labelledRules(spec: GuardSpec): Rule[] {
  checkGuardSpec(spec, 'filter');
  const mac = spec.macFilter ? spec.mac : undefined;
  const v4 = spec.addresses.filter((a) => a.family === 4).map((a) => a.address);
  const v6 = spec.addresses.filter((a) => a.family === 6).map((a) => a.address);
  const ll = spec.mac ? eui64LinkLocal(spec.mac) : undefined;
  const r: Rule[] = [];
  const add = (body: string, label: string): void => void r.push({ body, label });
  if (mac) add(`ether saddr != ${mac} counter drop`, 'source mac');
  // ARP: the sender must be the container (0.0.0.0 is an RFC 5227 probe, which poisons no cache).
  if (mac) add(`ether type arp arp saddr ether != ${mac} counter drop`, 'arp sender mac');
  if (spec.ipFilter) add(`ether type arp arp saddr ip ${set([...v4, '0.0.0.0'])} accept`, 'arp own');
  else add('ether type arp accept', 'arp any');
  add('ether type arp counter drop', 'arp sender ip');
  // IPv4: no DHCP server answers; DHCP discovery only with DHCP; else only its own sources.
  add('ether type ip udp sport 67 counter drop', 'dhcp server');
  if (spec.ipFilter) {
    if (spec.dhcp)
      add('ether type ip ip saddr 0.0.0.0 ip daddr 255.255.255.255 udp sport 68 udp dport 67 accept', 'dhcp discovery');
    if (v4.length) add(`ether type ip ip saddr ${set(v4)} accept`, 'ipv4 own');
  } else add('ether type ip accept', 'ipv4 any');
  add('ether type ip counter drop', 'ipv4 source');
  // IPv6: no router advertisements, no DHCPv6 server answers, NAs only for its own addresses.
  add('ether type ip6 icmpv6 type nd-router-advert counter drop', 'router advertisement');
  add('ether type ip6 udp sport 547 counter drop', 'dhcpv6 server');
  if (spec.ipFilter) {
    v6.forEach((a, i) =>
      add(`ether type ip6 icmpv6 type nd-neighbor-advert @th,64,128 ${ipv6Hex(a)} accept`, `na own ${i + 1}`),
    );
    if (ll && mac)
      add(`ether type ip6 icmpv6 type nd-neighbor-advert @th,64,128 ${ipv6Hex(ll)} accept`, 'na link-local');
    else add('ether type ip6 icmpv6 type nd-neighbor-advert @th,64,64 0xfe80000000000000 accept', 'na link-local');
    add('ether type ip6 icmpv6 type nd-neighbor-advert counter drop', 'neighbour advertisement');
    add(`ether type ip6 ip6 saddr ${set([...v6, ...(ll && mac ? [ll] : ['fe80::/64'])])} accept`, 'ipv6 own');
    // Duplicate address detection and its MLD report are sent from the unspecified address.
    add('ether type ip6 ip6 saddr :: icmpv6 type { nd-neighbor-solicit, mld2-listener-report } accept', 'ipv6 dad');
  } else add('ether type ip6 accept', 'ipv6 any');
  add('ether type ip6 counter drop', 'ipv6 source');
  add('counter drop', 'other ethertype');
  return r;
}

/** The one transaction that (re)writes the port's chain. */
export function renderGuardAdd(spec: GuardSpec): string {
  const rules = guardRules(spec);
  const chain = guardChainName(spec.port);
  const at = `netdev ${GUARD_TABLE} ${chain}`;
  return (
    [
      `add table netdev ${GUARD_TABLE}`,
      `add chain ${at} { type filter hook ingress device "${spec.port}" priority ${GUARD_PRIORITY}; policy drop; }`,
      `flush chain ${at}`,
      ...rules.map((b) => `add rule ${at} ${b}`),
    ].join('\n') + '\n'
  );
}

/** The one transaction that removes exactly the port's chain (idempotent). */
export function renderGuardRemove(port: string): string {
  const at = `netdev ${GUARD_TABLE} ${guardChainName(port)}`;
  return (
    [`add table netdev ${GUARD_TABLE}`, `add chain ${at}`, `flush chain ${at}`, `delete chain ${at}`].join('\n') + '\n'
  );
}

function set(items: string[]): string {
  return items.length === 1 ? items[0]! : `{ ${items.join(', ')} }`;
}
