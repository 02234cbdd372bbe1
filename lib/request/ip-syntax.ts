/**
 * The textual IPv4/IPv6 address checks of node:net (`isIPv4`, `isIPv6`, `isIP`): the same
 * language as the patterns in Node's lib/internal/net.js, checked by hand, so that a hook
 * compiles none of those regular expressions (the IPv6 one is large) at start-up: compiled
 * regular expressions are in no code cache (docs/bench.md). test/request/ip-syntax.ts checks every
 * answer against node:net on a large random corpus.
 */

/** node:net's isIPv4: four decimal octets 0-255, no leading zeros. */
export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every(isOctet);
}

function isOctet(p: string): boolean {
  if (p.length === 0 || p.length > 3 || (p.length > 1 && p[0] === '0')) return false;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return Number(p) <= 255;
}

/**
 * node:net's isIPv6: eight groups of 1-4 hex digits, or six and a dotted quad; one `::`
 * standing for at least one zero group (so at most seven groups written, a dotted quad
 * counting two, the quad only last); then an optional `%zone` of [0-9a-zA-Z.:-].
 */
export function isIPv6(s: string): boolean {
  const pct = s.indexOf('%');
  if (pct >= 0 && !isZone(s.slice(pct + 1))) return false;
  const addr = pct >= 0 ? s.slice(0, pct) : s;
  const gap = addr.indexOf('::');
  if (gap < 0) return groupCount(addr, false) === 8;
  const left = addr.slice(0, gap);
  const right = addr.slice(gap + 2);
  if (right.includes('::')) return false;
  const l = left === '' ? 0 : groupCount(left, true);
  const r = right === '' ? 0 : groupCount(right, false);
  return l >= 0 && r >= 0 && l + r <= 7;
}

/** Groups in `a:b:c` (a dotted quad last counts two, unless `hexOnly`); -1 if malformed. */
function groupCount(text: string, hexOnly: boolean): number {
  const parts = text.split(':');
  const last = parts[parts.length - 1]!;
  const quad = !hexOnly && last.includes('.');
  if (quad && !isIPv4(last)) return -1;
  const hex = quad ? parts.slice(0, -1) : parts;
  return hex.every(isHexGroup) ? hex.length + (quad ? 2 : 0) : -1;
}

function isHexGroup(g: string): boolean {
  if (g.length === 0 || g.length > 4) return false;
  for (let i = 0; i < g.length; i++) {
    const c = g.charCodeAt(i) | 0x20; // fold A-F to a-f
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

function isZone(z: string): boolean {
  if (z.length === 0) return false;
  for (let i = 0; i < z.length; i++) {
    const c = z.charCodeAt(i);
    const ok = (c >= 48 && c <= 58) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46; // 0-9 : A-Z a-z - .
    if (!ok) return false;
  }
  return true;
}

/** node:net's isIP: 4, 6 or 0. */
export function isIP(s: string): 0 | 4 | 6 {
  return isIPv4(s) ? 4 : isIPv6(s) ? 6 : 0;
}
