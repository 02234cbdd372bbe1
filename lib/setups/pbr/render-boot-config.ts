/**
 * The same policy routing as boot-time files, for hosts that prefer them (pure): CentOS
 * network-scripts route-DEV / rule-DEV (route6-/rule6- for IPv6, read by ifup-routes) or
 * Debian ifupdown post-up / pre-down lines for each uplink's stanza, plus the table names
 * file. The text around the lines comes from templates/pbr/<format>.tmpl. Every value filled in
 * is validated (networks-conf.ts) or, for the config path in the comments, shown escaped: no
 * value can start a line of its own (an ifupdown "post-up" runs as root).
 */
import { oneLine } from '../../errors.js';
import type { PbrConfig, PbrNetwork } from './networks-conf.js';

export type BootFormat = 'centos' | 'debian';

export interface RenderedFile {
  path: string;
  text: string;
}

export function renderBootConfig(cfg: PbrConfig, format: BootFormat, template: string): RenderedFile[] {
  const files: RenderedFile[] = [
    {
      path: '/etc/iproute2/rt_tables.d/ctnet.conf',
      text: cfg.networks.map((n) => `${n.table}\t${n.name}`).join('\n') + '\n',
    },
  ];
  const devices = [...new Set(cfg.networks.map((n) => n.uplink))];
  for (const dev of devices) {
    const nets = cfg.networks.filter((n) => n.uplink === dev);
    if (format === 'debian') {
      const lines = nets.flatMap((n) => debianLines(n));
      files.push({
        path: `/etc/network/interfaces (iface ${dev})`,
        text: fill(template, { path: '', device: dev, networks: nets, config: cfg.file, lines }),
      });
      continue;
    }
    const dir = '/etc/sysconfig/network-scripts';
    for (const fam of [4, 6] as const) {
      const sfx = fam === 6 ? '6' : '';
      const routes = nets.flatMap((n) => routeArgs(n, fam));
      const rules = nets.flatMap((n) => ruleArgs(n, fam));
      for (const [kind, lines] of [
        ['route', routes],
        ['rule', rules],
      ] as const) {
        if (lines.length === 0) continue;
        const path = `${dir}/${kind}${sfx}-${dev}`;
        files.push({ path, text: fill(template, { path, device: dev, networks: nets, config: cfg.file, lines }) });
      }
    }
  }
  return files;
}

/** `ip route add` arguments for the network's table (seed 000's route-vmbr0 lines). */
function routeArgs(n: PbrNetwork, fam: 4 | 6): string[] {
  const out = n.prefixes
    .filter((p) => p.family === fam)
    .map((p) => `${p.address}/${p.prefix} dev ${n.uplink} table ${n.name}`);
  const gw = fam === 4 ? n.gateway : n.gateway6;
  if (gw) out.push(`default via ${gw.address} dev ${n.uplink} table ${n.name}`);
  return out;
}

/** `ip rule add` arguments, explicit priorities so file order does not matter. */
function ruleArgs(n: PbrNetwork, fam: 4 | 6): string[] {
  return n.prefixes
    .filter((p) => p.family === fam)
    .flatMap((p, k) => {
      const net = `${p.address}/${p.prefix}`;
      const prio = n.priority + 2 * k;
      return [
        `from ${net} to ${net} iif ${n.iif} lookup main priority ${prio}`,
        `from ${net} iif ${n.iif} lookup ${n.name} priority ${prio + 1}`,
      ];
    });
}

function debianLines(n: PbrNetwork): string[] {
  const out: string[] = [];
  for (const fam of [4, 6] as const) {
    const ip = fam === 6 ? 'ip -6' : 'ip';
    for (const r of routeArgs(n, fam))
      out.push(`    post-up ${ip} route replace ${r}`, `    pre-down ${ip} route del ${r} || true`);
    for (const r of ruleArgs(n, fam))
      out.push(`    post-up ${ip} rule add ${r}`, `    pre-down ${ip} rule del ${r} || true`);
  }
  return out;
}

function fill(
  template: string,
  v: { path: string; device: string; networks: PbrNetwork[]; config: string; lines: string[] },
): string {
  const values: Record<string, string> = {
    path: v.path,
    device: v.device,
    config: oneLine(v.config),
    networks: v.networks.map((n) => n.name).join(', '),
    lines: v.lines.join('\n'),
  };
  return template.replace(/\{\{(\w+)\}\}/g, (m, k: string) => values[k] ?? m);
}
