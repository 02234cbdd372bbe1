/**
 * One link in detail, with one `ip -j -d addr show dev NAME` (kind, mode, lower device,
 * alias, addresses); undefined when it does not exist. For ensure/remove of shared host links.
 */
import { CtnetError } from '../errors.js';
import { run } from '../doors/exec.js';

export interface LinkDetail {
  name: string;
  kind?: string;
  /** macvlan mode (bridge, private, vepa, passthru). */
  mode?: string;
  /** Lower device (macvlan parent). */
  parent?: string;
  ifalias?: string;
  mac: string;
  mtu: number;
  up: boolean;
  /** "10.0.5.5/24", "fd00::5/64" (link-local IPv6 left out). */
  addresses: string[];
}

interface IpLinkJson {
  ifname: string;
  link?: string;
  ifalias?: string;
  address: string;
  mtu: number;
  flags: string[];
  linkinfo?: { info_kind?: string; info_data?: { mode?: string } };
  addr_info?: Array<{ family: string; local: string; prefixlen: number; scope?: string }>;
}

export async function readLinkDetail(name: string): Promise<LinkDetail | undefined> {
  const res = await run('ip', ['-j', '-d', 'addr', 'show', 'dev', name], { allowFailure: true });
  if (res.exitCode !== 0) {
    if (/does not exist/.test(res.stderr)) return undefined;
    throw new CtnetError(`cannot read link "${name}": ${res.stderr.trim() || `exit code ${res.exitCode}`}`, {
      code: 'E_EXEC',
      command: res.command,
    });
  }
  const j = (JSON.parse(res.stdout) as IpLinkJson[])[0];
  if (!j) return undefined;
  const d: LinkDetail = {
    name: j.ifname,
    mac: j.address,
    mtu: j.mtu,
    up: j.flags.includes('UP'),
    addresses: (j.addr_info ?? []).filter((a) => a.scope !== 'link').map((a) => `${a.local}/${a.prefixlen}`),
  };
  if (j.linkinfo?.info_kind) d.kind = j.linkinfo.info_kind;
  if (j.linkinfo?.info_data?.mode) d.mode = j.linkinfo.info_data.mode;
  if (j.link) d.parent = j.link;
  if (j.ifalias) d.ifalias = j.ifalias;
  return d;
}
