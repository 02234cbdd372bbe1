/**
 * The textual IPv4/IPv6 address checks of node:net (`isIPv4`, `isIPv6`, `isIP`), with the
 * same patterns as Node's lib/internal/net.js. Importing node:net loads its sockets and the
 * whole streams stack (~3 ms per hook start, docs/bench.md) just for two regular expressions;
 * test/net/ip-syntax.ts checks these give node:net's answer on a large random corpus.
 */
const V4_SEG = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const V4 = `(?:${V4_SEG}\\.){3}${V4_SEG}`;
const V6_SEG = '(?:[0-9a-fA-F]{1,4})';

const IPV4 = new RegExp(`^${V4}$`);
const IPV6 = new RegExp('^(?:' +
  `(?:${V6_SEG}:){7}(?:${V6_SEG}|:)|` +
  `(?:${V6_SEG}:){6}(?:${V4}|:${V6_SEG}|:)|` +
  `(?:${V6_SEG}:){5}(?::${V4}|(?::${V6_SEG}){1,2}|:)|` +
  `(?:${V6_SEG}:){4}(?:(?::${V6_SEG}){0,1}:${V4}|(?::${V6_SEG}){1,3}|:)|` +
  `(?:${V6_SEG}:){3}(?:(?::${V6_SEG}){0,2}:${V4}|(?::${V6_SEG}){1,4}|:)|` +
  `(?:${V6_SEG}:){2}(?:(?::${V6_SEG}){0,3}:${V4}|(?::${V6_SEG}){1,5}|:)|` +
  `(?:${V6_SEG}:){1}(?:(?::${V6_SEG}){0,4}:${V4}|(?::${V6_SEG}){1,6}|:)|` +
  `(?::(?:(?::${V6_SEG}){0,5}:${V4}|(?::${V6_SEG}){1,7}|:))` +
  ')(?:%[0-9a-zA-Z-.:]{1,})?$');

/** node:net's isIPv4: dotted quad, no leading zeros. */
export function isIPv4(s: string): boolean {
  return IPV4.test(s);
}

/** node:net's isIPv6: any IPv6 text form, an embedded IPv4 tail and a `%zone` allowed. */
export function isIPv6(s: string): boolean {
  return IPV6.test(s);
}

/** node:net's isIP: 4, 6 or 0. */
export function isIP(s: string): 0 | 4 | 6 {
  return isIPv4(s) ? 4 : isIPv6(s) ? 6 : 0;
}
