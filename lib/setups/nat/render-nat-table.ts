/**
 * ctnet's whole nftables table from the NAT state (pure). The script replaces only
 * `table inet ctnet`, in one transaction: create-if-missing, delete, re-create with every
 * owner's rules. No other table, chain or rule is named, so nothing else can be touched.
 * Every owner and entry is checked (check-nat-entry.ts) before it becomes text, and comments
 * keep only plain characters, so no value can end a statement or a string.
 */
import { CtnetError } from '../../errors.js';
import { checkNatEntry, checkNatOwner } from './check-nat-entry.js';
import { describeNat, type ForwardEntry, type MasqueradeEntry } from './nat-entry.js';
import type { NatState } from './nat-state.js';

export const NAT_TABLE = 'ctnet';

export function renderNatTable(s: NatState): string {
  const pre: string[] = [];
  const post: string[] = [];
  for (const owner of Object.keys(s.owners).sort()) {
    const entries = s.owners[owner];
    const bad =
      checkNatOwner(owner) ??
      (Array.isArray(entries)
        ? entries.map(checkNatEntry).find((w) => w)
        : `entries of ${JSON.stringify(owner)} are not a list`);
    if (bad)
      throw new CtnetError(`NAT state: ${bad}; not written into the ruleset`, {
        code: 'E_STATE',
        hint: 'run "ctnet nat flush" and bring the containers up again',
      });
    for (const e of entries!) {
      const c = ` comment "${nftCommentText(`${owner}: ${describeNat(e)}`)}"`;
      if (e.type === 'forward') pre.push(forwardRule(e) + c);
      else post.push(masqueradeRule(e) + c);
    }
  }
  const head = `table inet ${NAT_TABLE}\ndelete table inet ${NAT_TABLE}\n`;
  if (pre.length === 0 && post.length === 0) return head;
  const chain = (name: string, hook: string, prio: string, rules: string[]) =>
    `  chain ${name} {\n    type nat hook ${hook} priority ${prio}; policy accept;\n${rules.map((r) => `    ${r}\n`).join('')}  }\n`;
  return `${head}table inet ${NAT_TABLE} {\n${chain('prerouting', 'prerouting', 'dstnat', pre)}${chain('output', 'output', '-100', pre)}${chain('postrouting', 'postrouting', 'srcnat', post)}}\n`;
}

/** Packets addressed to the host itself on the port go to the container. */
function forwardRule(e: ForwardEntry): string {
  const fam = e.family === 6 ? 'ip6' : 'ip';
  const to = e.family === 6 ? `[${e.to}]:${e.toPort}` : `${e.to}:${e.toPort}`;
  return `meta nfproto ${e.family === 6 ? 'ipv6' : 'ipv4'} fib daddr type local ${e.proto} dport ${e.hostPort} dnat ${fam} to ${to}`;
}

/** lxc-net's `-s NET ! -d NET -j MASQUERADE`. */
function masqueradeRule(e: MasqueradeEntry): string {
  const fam = e.family === 6 ? 'ip6' : 'ip';
  const oif = e.oif ? ` oifname ${JSON.stringify(e.oif)}` : '';
  return `meta nfproto ${e.family === 6 ? 'ipv6' : 'ipv4'} ${fam} saddr ${e.network} ${fam} daddr != ${e.network}${oif} masquerade`;
}

/** Comment text inside nft's double quotes (which have no escapes): plain characters only. */
export function nftCommentText(text: string): string {
  return text.replace(/[^A-Za-z0-9 _.:/@>[\]-]/g, '?').slice(0, 120);
}
